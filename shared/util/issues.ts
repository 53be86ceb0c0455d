import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/**
 * What was wrong with a value, one "path: message" per problem (the value itself: `root`, or nothing when empty). A union no option matched (a filter, a job) is
 * described by the option that came closest — of the kind given (an object for an object), then the fewest problems, the
 * first among equals — not as "Invalid input":
 * `filter.op: Invalid option: expected one of "eq"|"ne"|…` tells the model (or a person) what to fix.
 */
export function describeIssues(issues: readonly Issue[], root: string): string {
  return closest(issues, [])
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : root ? `${root}: ${issue.message}` : issue.message))
    .join('; ');
}

function closest(issues: readonly Issue[], base: PropertyKey[]): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length) {
      // The schema's own words for what it takes, when it has them.
      if (issue.message !== 'Invalid input') return [{ path, message: issue.message }];
      const kinds = issue.errors.map((option) => (option.length === 1 && option[0]!.code === 'invalid_type' && option[0]!.path.length === 0 ? option[0]!.expected : undefined));
      // A value of the wrong kind for a union of kinds (string | number | boolean): every kind it may be, not the first.
      const got = /received (\w+)/.exec(issue.errors[0]![0]?.message ?? '')?.[1];
      if (kinds.every(Boolean) && got) return [{ path, message: `Invalid input: expected ${orList([...new Set(kinds as string[])])}, received ${got}` }];
      // An option of another kind (a string where an object was given) is never nearer than one of the same kind.
      const distance = (option: readonly Issue[]) => (option.some((i) => i.code === 'invalid_type' && i.path.length === 0) ? Infinity : option.length);
      const nearest = issue.errors.reduce((best, option) => (distance(option) < distance(best) ? option : best));
      return closest(nearest, path);
    }
    return [{ path, message: issue.message }];
  });
}

const orList = (words: string[]) => (words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : words[0]!);
