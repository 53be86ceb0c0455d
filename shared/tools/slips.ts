import { BUCKETS, OPERATORS, UNITS } from '../query/query-types.js';

/** Each word as itself (said in capitals, "DESC", it is still the word), and in the plural. */
const words = (list: readonly string[]) => Object.fromEntries(list.map((w) => [w, w]));
const plurals = (list: readonly string[]) => Object.fromEntries(list.map((w) => [`${w}s`, w]));

/**
 * Spellings a model uses now and then for the tools' enumerated words — `"op": ">="` or `"le"`, `"unit": "weeks"`,
 * `"direction": "descending"`, a word in capitals — read as the word meant in a call's conditions, sorts and buckets. Each is unambiguous, and
 * taking it saves the model a refused call and a round trip (seconds with a reasoning model); anything else is left
 * for the schema to refuse with what it takes.
 */
const MEANT: Record<string, Record<string, string>> = {
  op: { ...words(OPERATORS), '=': 'eq', '==': 'eq', equals: 'eq', '!=': 'ne', '<>': 'ne', not_equals: 'ne', '>': 'gt', '>=': 'gte', ge: 'gte', '<': 'lt', '<=': 'lte', le: 'lte' },
  unit: { ...words(UNITS), ...plurals(UNITS) },
  bucket: { ...words(BUCKETS), ...plurals(BUCKETS) },
  direction: { asc: 'asc', desc: 'desc', ascending: 'asc', descending: 'desc' },
};

/**
 * The arguments with those words read as meant — only in what names a column (a condition, a sort, a date bucket: an
 * object with a `column`), never in values to write, where "weeks" under a column titled "unit" is data.
 */
export function withUsualSlips(args: unknown): unknown {
  if (Array.isArray(args)) return args.map(withUsualSlips);
  if (!args || typeof args !== 'object') return args;
  const namesColumn = typeof (args as { column?: unknown }).column === 'string';
  return Object.fromEntries(
    Object.entries(args).map(([key, value]) => {
      const meant = namesColumn && typeof value === 'string' ? MEANT[key]?.[value.trim().toLowerCase()] : undefined;
      return [key, meant ?? withUsualSlips(value)];
    }),
  );
}
