/**
 * Azure Functions (ASP.NET-style) route templates: literal segments, `{name}`,
 * optional `{name?}`, defaults `{name=value}`, catch-all `{*rest}` and inline
 * constraints such as `{id:int}`, `{id:guid}`, `{name:alpha}`, `{n:int:min(1)}`,
 * `{code:regex(^[a-z]{{2}}$)}`. Literals match case-insensitively, as in Azure.
 */
export interface CompiledRoute {
  template: string;
  /** Lower ranks win when two templates match the same path. */
  rank: number[];
  match(path: string): Record<string, string> | undefined;
}

interface Part {
  kind: 'literal' | 'param' | 'catchAll';
  text: string;
  optional: boolean;
  defaultValue?: string;
  constraints: Constraint[];
}

type Constraint = (value: string) => boolean;

const number = (value: string): number => Number(value);
const isInteger = (min: bigint, max: bigint) => (value: string) =>
  /^-?\d+$/.test(value) && BigInt(value) >= min && BigInt(value) <= max;

const constraintFactories: Record<string, (args: string[]) => Constraint> = {
  int: () => isInteger(-(2n ** 31n), 2n ** 31n - 1n),
  long: () => isInteger(-(2n ** 63n), 2n ** 63n - 1n),
  guid: () => (value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value),
  alpha: () => (value) => /^[a-z]+$/i.test(value),
  bool: () => (value) => /^(true|false)$/i.test(value),
  double: () => (value) => value.trim() !== '' && Number.isFinite(number(value)),
  float: () => (value) => value.trim() !== '' && Number.isFinite(number(value)),
  decimal: () => (value) => value.trim() !== '' && Number.isFinite(number(value)),
  datetime: () => (value) => !Number.isNaN(Date.parse(value)),
  minlength: ([n]) => (value) => value.length >= number(n ?? '0'),
  maxlength: ([n]) => (value) => value.length <= number(n ?? '0'),
  length: ([a, b]) => (value) => (b === undefined ? value.length === number(a ?? '0') : value.length >= number(a ?? '0') && value.length <= number(b)),
  min: ([n]) => (value) => Number.isFinite(number(value)) && number(value) >= number(n ?? '0'),
  max: ([n]) => (value) => Number.isFinite(number(value)) && number(value) <= number(n ?? '0'),
  range: ([a, b]) => (value) => Number.isFinite(number(value)) && number(value) >= number(a ?? '0') && number(value) <= number(b ?? '0'),
  regex: ([pattern]) => {
    const expression = new RegExp(pattern ?? '', 'i');
    return (value) => expression.test(value);
  },
};

/** Splits on `sep` outside parentheses (a regex constraint may contain ':' or ','). */
function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === sep && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

function parseConstraint(spec: string, template: string): Constraint {
  const match = /^([a-z]+)(?:\((.*)\))?$/is.exec(spec);
  const factory = match && constraintFactories[match[1]!.toLowerCase()];
  if (!match || !factory) throw new Error(`Route "${template}": unknown constraint "${spec}".`);
  const rawArgs = match[2];
  const args = rawArgs === undefined ? [] : match[1]!.toLowerCase() === 'regex' ? [rawArgs.replace(/\{\{/g, '{').replace(/\}\}/g, '}')] : splitTopLevel(rawArgs, ',');
  return factory(args.map((arg) => arg.trim()));
}

function parseSegment(segment: string, template: string): Part {
  const param = /^\{(.+)\}$/s.exec(segment);
  if (!param) {
    if (/[{}]/.test(segment.replace(/\{\{|\}\}/g, ''))) throw new Error(`Route "${template}": a parameter must fill its whole segment ("${segment}").`);
    return { kind: 'literal', text: segment.replace(/\{\{/g, '{').replace(/\}\}/g, '}'), optional: false, constraints: [] };
  }
  let body = param[1]!;
  const catchAll = body.startsWith('*');
  if (catchAll) body = body.replace(/^\*+/, '');
  let optional = false;
  let defaultValue: string | undefined;
  const [nameAndConstraints, ...defaults] = splitTopLevel(body, '=');
  let spec = nameAndConstraints!;
  if (defaults.length) defaultValue = defaults.join('=');
  if (spec.endsWith('?')) {
    optional = true;
    spec = spec.slice(0, -1);
  }
  const [name, ...constraintSpecs] = splitTopLevel(spec, ':');
  if (!name || !/^[a-z_][\w]*$/i.test(name)) throw new Error(`Route "${template}": bad parameter name in "${segment}".`);
  return {
    kind: catchAll ? 'catchAll' : 'param',
    text: name,
    optional: optional || catchAll || defaultValue !== undefined,
    defaultValue,
    constraints: constraintSpecs.map((s) => parseConstraint(s, template)),
  };
}

function partRank(part: Part): number {
  if (part.kind === 'literal') return 1;
  if (part.kind === 'catchAll') return 5;
  if (part.optional) return 4;
  return part.constraints.length ? 2 : 3;
}

export function compileRoute(template: string): CompiledRoute {
  const trimmed = template.replace(/^\/+|\/+$/g, '');
  const parts = trimmed === '' ? [] : trimmed.split('/').map((segment) => parseSegment(segment, template));
  parts.forEach((part, index) => {
    if (part.kind === 'catchAll' && index !== parts.length - 1) throw new Error(`Route "${template}": a catch-all must be the last segment.`);
    if (part.optional && parts.slice(index + 1).some((p) => !p.optional)) {
      throw new Error(`Route "${template}": an optional parameter must not be followed by a required segment.`);
    }
  });
  return {
    template,
    rank: parts.map(partRank),
    match(path) {
      const segments = path.replace(/^\/+|\/+$/g, '').split('/').filter((s, i, all) => !(s === '' && all.length === 1));
      const params: Record<string, string> = {};
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i]!;
        if (part.kind === 'catchAll') {
          const rest = segments.slice(i).map(decodeURIComponent).join('/');
          if (rest !== '') params[part.text] = rest;
          else if (part.defaultValue !== undefined) params[part.text] = part.defaultValue;
          return params;
        }
        const raw = segments[i];
        if (raw === undefined) {
          if (!part.optional) return undefined;
          if (part.defaultValue !== undefined) params[part.text] = part.defaultValue;
          continue;
        }
        let value: string;
        try {
          value = decodeURIComponent(raw);
        } catch {
          return undefined;
        }
        if (part.kind === 'literal') {
          if (value.toLowerCase() !== part.text.toLowerCase()) return undefined;
          continue;
        }
        if (value === '' || !part.constraints.every((check) => check(value))) return undefined;
        params[part.text] = value;
      }
      return segments.length <= parts.length ? params : undefined;
    },
  };
}

/** Orders templates most specific first (literals before parameters before catch-alls). */
export function compareRoutes(a: CompiledRoute, b: CompiledRoute): number {
  for (let i = 0; i < Math.max(a.rank.length, b.rank.length); i++) {
    const diff = (a.rank[i] ?? 0) - (b.rank[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
