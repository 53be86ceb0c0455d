/**
 * When, for the offline model: the periods and spans of days a question names, of the due or start date, of a date
 * column it names, or of when rows last changed (MODIFIED()) — "due next month", "started in the last 3 months",
 * "Delivered in Q3 2026", "what changed this week", "total Spent this quarter" (of the due date).
 */
import { LAST_CHANGED } from './arithmetic.js';
import type { Condition } from './conditions.js';
import { dueColumn, escape, isDate, type SchemaColumn } from './schema.js';

const PERIOD_WORDS = String.raw`(today|yesterday|tomorrow|this week|next week|last week|this month|next month|last month|this quarter|next quarter|last quarter|this year|next year|(?:in\s+)?q[1-4](?:\s+\d{4})?)\b`;
/** "due next month", "closing this quarter", "ending in Q3": a period of the due date. */
export const PERIOD = new RegExp(String.raw`\b(?:due|closing|closes|ending|ends|finishing|finishes)\s+` + PERIOD_WORDS, 'i');
/** "starting next week", "started last month": a period of the start date. */
const STARTING = new RegExp(String.raw`\b(?:starting|starts|started|beginning|begins|began)\s+` + PERIOD_WORDS, 'i');

/**
 * "due in the next 2 weeks", "within the next 10 days", "due within 30 days", "started in the last 3 months": a span of
 * days from today forward or back (of the start date when it says started or created, else of the due date).
 */
const SPAN = /\b(?:(start(?:s|ed|ing)?|creat(?:ed|ing)|open(?:ed|ing))\s+)?(?:\w+\s+)?(?:(?:in|within)\s+(?:the\s+)?|(?:over|during)\s+the\s+(?=next|coming|last|past|previous))(?:(next|coming|last|past|previous)\s+)?(\d+)\s+(day|week|month|year)s?\b/i;

const CHANGED = /\b(?:changed|updated|modified|edited)\b/i;

const DAY = String.raw`(\d{4}-\d{2}-\d{2})`;
const DUE = String.raw`\b(?:due|closing|closes|ending|ends)\s+`;
/** "due between 2026-09-01 and 2026-09-30", "due before 2026-12-01", "closing after 2026-10-15": days of the due date. */
const DUE_RANGE = new RegExp(`${DUE}between\\s+${DAY}\\s+and\\s+${DAY}`, 'i');
const DUE_BOUND = new RegExp(`${DUE}(before|after|by|on or before|on or after)\\s+${DAY}`, 'i');
/** "due before the end of the year", "by the end of this month": before the next period starts — overdue ones too. */
const BY_END = /\b(?:before|by)\s+the\s+end\s+of\s+(?:the|this)\s+(week|month|quarter|year)\b/i;

/** The due date's days a question bounds: a range, a day before or after, or the end of this period. */
function dueDays(text: string, due: string): Condition | undefined {
  const range = DUE_RANGE.exec(text);
  if (range) return { column: due, op: 'between', values: [range[1], range[2]].sort() };
  const bound = DUE_BOUND.exec(text);
  const op: Record<string, string> = { before: 'lt', after: 'gt', by: 'lte', 'on or before': 'lte', 'on or after': 'gte' };
  if (bound) return { column: due, op: op[bound[1]!.toLowerCase()]!, value: bound[2] };
  const end = BY_END.exec(text);
  return end ? { or: [{ column: due, op: 'lt', value: 'today' }, { column: due, op: 'in_period', value: `this_${end[1]!.toLowerCase()}` }] } : undefined;
}

/**
 * "what changed this week", "rows updated in the last 3 days", "edited since yesterday", "recently modified": when rows
 * last changed — in the period said, else in the last 7 days. Not on a sheet with a column of that name.
 */
function changedWhen(text: string, columns: SchemaColumn[]): Condition | undefined {
  const said = CHANGED.exec(text);
  if (!said || columns.some((c) => c.title.toLowerCase() === LAST_CHANGED.toLowerCase())) return undefined;
  const after = text.slice(said.index + said[0].length);
  const period = new RegExp(String.raw`^\s+(?:in\s+)?` + PERIOD_WORDS, 'i').exec(after);
  if (period) return { column: LAST_CHANGED, op: 'in_period', value: periodValue(period[1]!) };
  const span = /^\s+(?:in|within|over)\s+the\s+(?:last|past)\s+(\d+)\s+(day|week|month|year)s?\b/i.exec(after);
  if (span) return { column: LAST_CHANGED, op: 'within_last', amount: Number(span[1]), unit: span[2]!.toLowerCase() };
  return { column: LAST_CHANGED, op: 'within_last', amount: /^\s+since\s+yesterday\b/i.test(after) ? 1 : 7, unit: 'day' };
}

/** Is `words` a period and nothing else ("Q3 2026", "in next month", "this week")? */
export const isPeriod = (words: string) => new RegExp(String.raw`^(?:in\s+|during\s+)?` + PERIOD_WORDS + '$', 'i').test(words.trim());

/** "next month" → next_month, "in Q3 2026" → q3_2026 (the query engine's period names). */
export const periodValue = (words: string) => words.replace(/^in\s+/i, '').toLowerCase().replace(/\s+/g, '_');

/**
 * The date conditions a question names, beside those `found` already (a late row's due date): its periods and spans;
 * `mention`, where it quotes text ("updated" there is no time); `late`, whether it asks about late rows (a period then
 * is not of the due date).
 */
export function dateConditions(text: string, columns: SchemaColumn[], found: readonly Condition[], mention: RegExpExecArray | null, late: boolean): Condition[] {
  const due = dueColumn(columns);
  const dates: Condition[] = [];
  const has = (column: string) => [...found, ...dates].some((f) => f.column === column);
  const period = PERIOD.exec(text);
  if (period && due) dates.push({ column: due.title, op: 'in_period', value: periodValue(period[1]!) });
  const bounded = due && !period ? dueDays(text, due.title) : undefined;
  if (bounded) dates.push(bounded);
  const starting = STARTING.exec(text);
  const start = columns.filter(isDate).find((c) => /start|begin|open|created/i.test(c.title));
  if (starting && start) dates.push({ column: start.title, op: 'in_period', value: periodValue(starting[1]!) });
  // "what changed this week": its period is when rows changed, not a due date's ("updated mentions" is text).
  const said = CHANGED.exec(text);
  const changed = said && (!mention || said.index < mention.index) ? changedWhen(text, columns) : undefined;
  if (changed) dates.push(changed);
  const span = changed ? null : SPAN.exec(text);
  const spanned = span && (span[1] ? start : due);
  // No way said ("within 30 days"): ahead for a due or start date, back for one something was created or opened on.
  if (span && spanned && !has(spanned.title)) {
    const back = /^(last|past|previous)$/i.test(span[2] ?? '') || (!span[2] && Boolean(span[1]) && !/^start/i.test(span[1]!));
    dates.push({ column: spanned.title, op: back ? 'within_last' : 'within_next', amount: Number(span[3]), unit: span[4]!.toLowerCase() });
  }
  // "closing soon", "due soon": the next two weeks of the due date (the reading says so).
  if (!changed && !span && due && !has(due.title) && /\b(?:due|closing|ending|finishing)\s+soon\b/i.test(text)) dates.push({ column: due.title, op: 'within_next', amount: 2, unit: 'week' });
  // A date column named with a period: "ordered last month", "Delivered in Q3 2026".
  for (const c of columns.filter(isDate)) {
    if (has(c.title)) continue;
    const named = new RegExp(String.raw`\b${escape(c.title)}\s+` + PERIOD_WORDS, 'i').exec(text);
    if (named) dates.push({ column: c.title, op: 'in_period', value: periodValue(named[1]!) });
  }
  // A period said of no date ("total Spent this quarter", "blocked tasks this week"): of the due date — said so in the reading.
  const bare = new RegExp(String.raw`\b(?:in\s+|during\s+|for\s+)?` + PERIOD_WORDS, 'i').exec(text);
  if (bare && due && !late && !bounded && ![...found, ...dates].some((f) => columns.some((c) => c.title === f.column && isDate(c)) || f.column === LAST_CHANGED)) dates.push({ column: due.title, op: 'in_period', value: periodValue(bare[1]!) });
  return dates;
}
