/**
 * Conditions in the offline model's command language: "Status is Blocked", "Budget > 1000", "Due Date is before
 * 2026-12-01", "Status in (Open, Done)", "Due Date in Q3 2026", joined by "and" and "or"; values typed as people write them.
 */
type Condition = Record<string, unknown>;

const OPERATORS: [RegExp, (v: string) => Partial<Condition>][] = [
  [/^is not empty$/i, () => ({ op: 'not_empty' })],
  [/^is empty$/i, () => ({ op: 'is_empty' })],
  [/^(?:is not|isn't|!=|≠)$/i, (v) => ({ op: 'ne', value: parseValue(v) })],
  [/^(?:is on or before|<=|≤)$/i, (v) => ({ op: 'lte', value: parseValue(v) })],
  [/^(?:is on or after|>=|≥)$/i, (v) => ({ op: 'gte', value: parseValue(v) })],
  [/^(?:is before|before|is less than|<)$/i, (v) => ({ op: 'lt', value: parseValue(v) })],
  [/^(?:is after|after|is more than|is greater than|>)$/i, (v) => ({ op: 'gt', value: parseValue(v) })],
  [/^contains$/i, (v) => ({ op: 'contains', value: parseValue(v) })],
  [/^starts with$/i, (v) => ({ op: 'starts_with', value: parseValue(v) })],
  [/^(?:is in|in)$/i, (v) => (/^\(.*\)$/.test(v.trim()) ? { op: 'in', values: v.trim().slice(1, -1).split(',').map((x) => parseValue(x)) } : { op: 'in_period', value: v.trim().replace(/^the\s+/i, '').replace(/\s+/g, '_') })],
  [/^(?:is|=|==|equals)$/i, (v) => ({ op: 'eq', value: parseValue(v) })],
];

/** "in" only before a list or a period, so "Status is In Progress" stays an equality. */
const IN_WHAT = String.raw`(?=\s+(?:\(|q[1-4]\b|this\b|last\b|next\b|\d{4}\b|the\s+(?:last|next|this)\b|today\b|yesterday\b|tomorrow\b))`;
const OPERATOR_WORDS = `(is not empty|is empty|is not|isn't|is on or before|is on or after|is before|is after|is less than|is more than|is greater than|before|after|contains|starts with|is in${IN_WHAT}|in${IN_WHAT}|is|equals|!=|≠|<=|≤|>=|≥|==|=|<|>)`;

/** How an order is said after its column: "desc", "ascending", "latest first", "lowest first". */
export const DIRECTION = String.raw`(asc|ascending|desc|descending|(?:highest|largest|biggest|latest|newest|most recent|lowest|smallest|earliest|oldest) first)`;
/** Is the order said (DIRECTION) the largest or latest first? */
export const descending = (said: string | undefined) => /^(?:desc|highest|largest|biggest|latest|newest|most)/i.test(said ?? '');

export function parseValue(raw: string): string | number | boolean {
  const text = raw.trim().replace(/^["'“”](.*)["'“”]$/, '$1');
  if (/^(true|yes|checked)$/i.test(text)) return true;
  if (/^(false|no|unchecked)$/i.test(text)) return false;
  const numeric = text.replace(/[$,]/g, '');
  if (/^-?\d+(\.\d+)?$/.test(numeric) && !/^\d{4}-\d{2}/.test(text)) return Number(numeric);
  return text;
}

/** A column, an operator and perhaps a value: "Status is Blocked", "Budget > 1000", "Notes is empty". */
const CONDITION = new RegExp(`^(.+?)\\s*${OPERATOR_WORDS}(?:\\s+(.*))?$`, 'i');

export function parseCondition(text: string): Condition {
  const match = CONDITION.exec(text.trim());
  if (!match) throw new Error(`I could not read the condition "${text}". Write it like: Status is Blocked, Budget > 1000, Due Date is before 2026-12-01.`);
  const [, column, op, value = ''] = match;
  const rule = OPERATORS.find(([pattern]) => pattern.test(op!.trim()))!;
  return { column: column!.trim().replace(/^the\s+/i, ''), ...rule[1](value) };
}

/** "A and B", "A or B and C" → one condition, an and-group, or an or-group of them; quoted values may hold either word. */
export function parseFilter(text: string | undefined): Record<string, unknown> | undefined {
  if (!text || !text.trim()) return undefined;
  const alternatives = conditionsOr(text).map((alternative) => {
    const parts = splitOutsideQuotes(alternative, 'and').map(parseCondition);
    return parts.length === 1 ? parts[0]! : { and: parts };
  });
  return alternatives.length === 1 ? alternatives[0] : { or: alternatives };
}

/** Text split at a joining word ("and", "or") that is not inside a quoted value. */
const splitOutsideQuotes = (text: string, word: string) => text.split(new RegExp(`\\s+${word}\\s+(?=(?:[^"]*"[^"]*")*[^"]*$)`, 'i'));

/**
 * "Priority is High or Status is Blocked": alternatives, each its own conditions joined by "and" ("and" binds
 * tighter, as in logic). An "or" followed by another value, not a condition ("Status is Blocked or At Risk"), stays in
 * its condition's value (withOptionLists reads that one).
 */
function conditionsOr(text: string): string[] {
  const [first, ...rest] = splitOutsideQuotes(text, 'or');
  const alternatives = [first!];
  for (const piece of rest) {
    if (CONDITION.test(splitOutsideQuotes(piece, 'and')[0]!.trim())) alternatives.push(piece);
    else alternatives[alternatives.length - 1] += ` or ${piece}`;
  }
  return alternatives;
}

export function splitWhere(text: string): [string, string | undefined] {
  const at = text.search(/\s+where\s+/i);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at).replace(/^\s+where\s+/i, '')];
}

/**
 * "Status is Blocked or At Risk": an equality whose value is options of the column joined by "or" (each one the
 * picklist has) is any of them; a value that is one option, or not all options, stays as written.
 */
export function withOptionLists(filter: unknown, picklists: ReadonlyMap<string, readonly string[]>): unknown {
  if (!filter || typeof filter !== 'object') return filter;
  const f = filter as { and?: unknown[]; or?: unknown[]; not?: unknown; column?: string; op?: string; value?: unknown };
  if (f.and) return { and: f.and.map((x) => withOptionLists(x, picklists)) };
  if (f.or) return { or: f.or.map((x) => withOptionLists(x, picklists)) };
  if (f.not) return { not: withOptionLists(f.not, picklists) };
  const options = f.column && picklists.get(f.column.toLowerCase());
  if (!options || (f.op !== 'eq' && f.op !== 'ne') || typeof f.value !== 'string' || !/\sor\s/i.test(f.value)) return filter;
  const parts = f.value.split(/\s*,\s*|\s+or\s+/i).map((p) => options.find((o) => o.toLowerCase() === p.trim().toLowerCase()));
  return parts.every(Boolean) ? { column: f.column, op: f.op === 'eq' ? 'in' : 'not_in', values: parts } : filter;
}
