import { DUE_TITLE } from '../../shared/tools/suggestions.js';
import type { PlannedCall } from './commands.js';
import { DAYS_LATE, daysLate, OVER_BUDGET, overBudget } from './arithmetic.js';

/**
 * Plain questions for the offline model, beyond the command language: "Which tasks
 * owned by Dana are late, and what is their total budget?", "how many high priority
 * tasks are blocked", "what is the average Deal Value by Region". Deterministic and
 * schema-driven: the columns (titles, types, options) come from the schema block of
 * the system prompt, so the same words find the owner, due date and status columns
 * of any sheet. Every number still comes from the tools.
 */
export interface SchemaColumn {
  title: string;
  type: string;
  /** Picklist options, or the most common values (without their counts). */
  values: string[];
  /** A column of numbers (the schema gives its range). */
  numeric?: boolean;
}

export type Condition = Record<string, unknown>;

/** The columns the system prompt's schema block lists, one JSON object per line. */
export function schemaColumns(system: string): SchemaColumn[] {
  const columns: SchemaColumn[] = [];
  for (const line of system.split('\n')) {
    if (!line.startsWith('{"title"')) continue;
    try {
      const c = JSON.parse(line) as { title: string; type: string; options?: string[]; top?: string[]; min?: unknown };
      columns.push({ title: c.title, type: c.type, values: c.options ?? (c.top ?? []).map((t) => t.replace(/\s\(\d+\)$/, '')), ...(typeof c.min === 'number' ? { numeric: true } : {}) });
    } catch {
      // not a column line
    }
  }
  return columns;
}

export const isDate = (c: SchemaColumn) => /DATE/.test(c.type);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Does `text` hold `phrase` as whole words? */
export const hasPhrase = (text: string, phrase: string) => new RegExp(`(?:^|[^\\p{L}\\p{N}])${escape(phrase)}(?=$|[^\\p{L}\\p{N}])`, 'iu').test(text);

/** The date a sheet's work is due by: a due/deadline/end/close date, else the last date column. */
export function dueColumn(columns: SchemaColumn[]): SchemaColumn | undefined {
  const dates = columns.filter(isDate);
  return dates.find((c) => DUE_TITLE.test(c.title)) ?? dates.at(-1);
}

/** "with no owner", "without a Due Date", "missing Notes": a column left empty (the words up to the next clause). */
const EMPTY = /\b(?:with\s+no|without|missing|lacking|(?:has|have)\s+no)\s+(?:an?\s+|the\s+|any\s+)?(.+?)(?=$|[,?.!]|\s+(?:and|that|which|who|sorted|by|where|due|in)\b)/i;
/** "mention vendor", "that say 'legal'": text any text column holds. */
const MENTION = /\b(?:mentions?|mentioning|that\s+says?|saying)\s+["“']?(.+?)["”']?$/i;
const FINISHED = /^(complete|completed|done|closed|cancell?ed|finished|resolved|won|lost)$/i;
export const LATE = /\b(late|overdue|past due|behind schedule)\b/i;
const OWNED = /\b(?:owned by|assigned to|belonging to|led by|run by|handled by)\s+(.+?)(?=\s+(?:that|which|who|are|is|were|was|and|with|where|due|in|sorted)\b|[,?.!]|$)/i;
const METRICS: Record<string, string> = { total: 'sum', sum: 'sum', average: 'avg', mean: 'avg', median: 'median', maximum: 'max', max: 'max', highest: 'max', minimum: 'min', min: 'min', lowest: 'min' };
const PERIOD_WORDS = String.raw`(today|tomorrow|this week|next week|last week|this month|next month|last month|this quarter|next quarter|last quarter|this year|next year|(?:in\s+)?q[1-4](?:\s+\d{4})?)\b`;
/** "due next month", "closing this quarter", "ending in Q3": a period of the due date. */
const PERIOD = new RegExp(String.raw`\b(?:due|closing|closes|ending|ends|finishing|finishes)\s+` + PERIOD_WORDS, 'i');
/** "starting next week", "started last month": a period of the start date. */
const STARTING = new RegExp(String.raw`\b(?:starting|starts|started|beginning|begins|began)\s+` + PERIOD_WORDS, 'i');
const COMPARE: [RegExp, string][] = [
  [/(?:over|above|more than|greater than|at least)/, 'gt'],
  [/(?:under|below|less than|at most)/, 'lt'],
];

/** "next month" → next_month, "in Q3 2026" → q3_2026 (the query engine's period names). */
const periodValue = (words: string) => words.replace(/^in\s+/i, '').toLowerCase().replace(/\s+/g, '_');

export function ownerColumn(columns: SchemaColumn[]): SchemaColumn | undefined {
  const contacts = columns.filter((c) => c.type.startsWith('CONTACT') || c.type === 'MULTI_CONTACT_LIST');
  return contacts.find((c) => /owner|assign|responsible|lead/i.test(c.title)) ?? contacts[0] ?? columns.find((c) => /owner|assignee|assigned/i.test(c.title));
}

/** The owner the question names: one of the column's common values in full, else its first name (whole words). */
function namedPerson(text: string, owner: SchemaColumn): string | undefined {
  const names = [...owner.values].filter((v) => !v.includes('@')).sort((a, b) => b.length - a.length);
  const full = names.find((name) => hasPhrase(text, name));
  if (full) return full;
  const first = names.map((name) => name.split(/\s+/)[0]!).find((name) => name.length >= 3 && hasPhrase(text, name));
  return first;
}

/** Rows still open: the status column is not a finished value (or a "done" checkbox is unticked). */
function stillOpen(columns: SchemaColumn[]): Condition | undefined {
  const status = columns.find((c) => /status|stage|state/i.test(c.title) && c.values.some((v) => FINISHED.test(v)));
  if (status) return { column: status.title, op: 'not_in', values: status.values.filter((v) => FINISHED.test(v)) };
  const done = columns.find((c) => c.type === 'CHECKBOX' && /done|complete|finished/i.test(c.title));
  return done ? { column: done.title, op: 'eq', value: false } : undefined;
}

/** The conditions the question's words name. */
export function conditions(text: string, columns: SchemaColumn[]): Condition[] {
  const found: Condition[] = [];
  const owned = OWNED.exec(text);
  const owner = ownerColumn(columns);
  if (owned && owner) found.push({ column: owner.title, op: 'contains', value: owned[1]!.trim().replace(/^["']|["']$/g, '') });
  else if (owner) {
    // "how many tasks does Dana have", "Mei Chen's blocked tasks": a person the owner column names, in full or by first name.
    const person = namedPerson(text, owner);
    if (person) found.push({ column: owner.title, op: 'contains', value: person });
  }
  const due = dueColumn(columns);
  if (LATE.test(text) && due) found.push({ column: due.title, op: 'lt', value: 'today' }, ...[stillOpen(columns)].filter((c): c is Condition => Boolean(c)));
  // "over budget": spent above budget, worked out per row (a computed column).
  const over = OVER_BUDGET.test(text) ? overBudget(columns) : undefined;
  if (over) found.push(over);
  const period = PERIOD.exec(text);
  if (period && due) found.push({ column: due.title, op: 'in_period', value: periodValue(period[1]!) });
  const starting = STARTING.exec(text);
  const start = columns.filter(isDate).find((c) => /start|begin|open|created/i.test(c.title));
  if (starting && start) found.push({ column: start.title, op: 'in_period', value: periodValue(starting[1]!) });
  // A date column named with a period: "ordered last month", "Delivered in Q3 2026".
  for (const c of columns.filter(isDate)) {
    if (found.some((f) => f.column === c.title)) continue;
    const named = new RegExp(String.raw`\b${escape(c.title)}\s+` + PERIOD_WORDS, 'i').exec(text);
    if (named) found.push({ column: c.title, op: 'in_period', value: periodValue(named[1]!) });
  }
  // A column left empty: its title, or what the owner and due date columns are called in words.
  const empty = EMPTY.exec(text);
  const blank = empty && (columns.find((c) => c.title.toLowerCase() === empty[1]!.toLowerCase()) ?? (/^(?:owner|assignee|one)$/i.test(empty[1]!) ? owner : /^(?:due date|deadline)$/i.test(empty[1]!) ? due : undefined));
  if (blank) found.push({ column: blank.title, op: 'is_empty' });
  // Text any text column holds.
  const mention = MENTION.exec(text);
  const texts = columns.filter((c) => c.type === 'TEXT_NUMBER' && !c.numeric);
  if (mention && texts.length) {
    const each = texts.map((c) => ({ column: c.title, op: 'contains', value: mention[1]!.trim() }));
    found.push(each.length === 1 ? each[0]! : { or: each });
  }
  // Option words: "blocked tasks", "high priority", "not complete". The longest options first, so "In Progress" wins over "Progress".
  const named = owned?.[1] ?? '';
  const options = columns.filter((c) => c.type === 'PICKLIST').flatMap((c) => c.values.map((value) => ({ column: c.title, value })));
  const taken = new Set<string>();
  for (const { column, value } of options.sort((a, b) => b.value.length - a.value.length)) {
    if (value.length < 3 || taken.has(column) || !hasPhrase(text, value) || hasPhrase(named, value)) continue;
    const negated = new RegExp(`\\bnot\\s+(?:yet\\s+)?${escape(value)}\\b`, 'i').test(text);
    found.push({ column, op: negated ? 'ne' : 'eq', value });
    taken.add(column);
  }
  // "Budget over 5,000", "Deal Value under $20k" (numbers only; k and m understood).
  for (const c of columns.filter((x) => x.type === 'TEXT_NUMBER')) {
    for (const [words, op] of COMPARE) {
      const m = new RegExp(`\\b${escape(c.title)}\\s+(?:is\\s+)?${words.source}\\s+\\$?([\\d,.]+)\\s*(k|m)?\\b`, 'i').exec(text);
      if (m) found.push({ column: c.title, op, value: Number(m[1]!.replace(/,/g, '')) * (m[2] ? (m[2].toLowerCase() === 'k' ? 1e3 : 1e6) : 1) });
    }
  }
  return found;
}

export const asFilter = (found: Condition[]) => (found.length === 1 ? found[0]! : { and: found });

/** The filter a phrase names ("high priority", "late", "owned by Dana"); undefined when it names none. */
export function questionFilter(text: string, columns: SchemaColumn[]): Condition | undefined {
  const found = conditions(text, columns);
  return found.length ? asFilter(found) : undefined;
}

/** "their total budget", "the average Deal Value": a metric over a column the sheet has. */
function metricOf(text: string, columns: SchemaColumn[]): { fn: string; column: string; at: number } | undefined {
  const titles = columns.map((c) => c.title).sort((a, b) => b.length - a.length);
  const words = new RegExp(`\\b(${Object.keys(METRICS).join('|')})\\s+(?:of\\s+)?(?:the\\s+|their\\s+|its\\s+)?(${titles.map(escape).join('|')})\\b`, 'i');
  const m = titles.length ? words.exec(text) : null;
  if (!m) return undefined;
  return { fn: METRICS[m[1]!.toLowerCase()]!, column: titles.find((t) => t.toLowerCase() === m[2]!.toLowerCase())!, at: m.index };
}

/**
 * "by Owner", "per Region", "for each Stage", "in each Status", "each Owner's": a grouping column the sheet has. Not
 * the first column by "each" ("each task" is every row, not a group of rows).
 */
export function groupOf(text: string, columns: SchemaColumn[]): string | undefined {
  for (const c of [...columns].sort((a, b) => b.title.length - a.title.length)) {
    if (new RegExp(`\\b(?:by|per|for each)\\s+(?:the\\s+)?${escape(c.title)}\\b`, 'i').test(text)) return c.title;
    if (c !== columns[0] && new RegExp(`\\b(?:each|every)\\s+${escape(c.title)}(?:'s|’s|s'?)?(?=$|[^\\p{L}\\p{N}])`, 'iu').test(text)) return c.title;
  }
  return undefined;
}

const MOST = /^(most|highest|largest|biggest|greatest|top)$/i;
/** A count of every row: "how many rows are there", "number of tasks", "count deals". */
const COUNT_ALL = /^(?:how many|(?:the\s+)?number of|count)(?:\s+(?:the\s+)?(?:rows|tasks|items|deals|projects|records|entries))?(?:\s+(?:are there|do we have|(?:are )?in (?:the|this) sheet|in total|total))?$/i;
/** Questions that name no rows but ask which ones something holds for: "what's overdue", "is anything blocked". */
const ABOUT_ROWS = /^(?:what(?:'s|’s|\s+is|\s+are)|(?:is\s+)?anything|(?:is\s+)?something|are\s+there\s+any)\b/i;

/**
 * Questions that rank: "which Owner has the most blocked tasks", "who has the fewest rows" (groups counted, or
 * summed with "the highest total Budget", ordered); "top 5 by Budget", "the 3 lowest Spent" (rows ordered).
 */
function rankingOf(text: string, columns: SchemaColumn[]): { kind: 'groups' | 'rows'; args: Record<string, unknown> } | undefined {
  const titles = columns.map((c) => c.title).sort((a, b) => b.length - a.length);
  if (!titles.length) return undefined;
  const anyTitle = titles.map(escape).join('|');
  const which = new RegExp(String.raw`^(?:which\s+(${anyTitle})|who)\s+(?:has|have|had|owns|holds|gets?)\s+the\s+(most|fewest|least|highest|lowest|largest|smallest|biggest)\b`, 'i').exec(text);
  if (which) {
    const group = which[1] ? titles.find((t) => t.toLowerCase() === which[1]!.toLowerCase()) : ownerColumn(columns)?.title;
    if (!group) return undefined;
    const metric = metricOf(text.slice(which.index + which[0].length - which[2]!.length), columns);
    const fn = metric && !/^(most|fewest|least)$/i.test(which[2]!) ? `${metric.fn}(${metric.column})` : undefined;
    const direction = MOST.test(which[2]!) ? 'desc' : 'asc';
    return { kind: 'groups', args: { groupBy: [group], metrics: fn ? [{ fn: metric!.fn, column: metric!.column }] : [{ fn: 'count' }], sort: { by: fn ?? 'count', direction } } };
  }
  const top = new RegExp(String.raw`\b(?:top|(?:the\s+)?(\d+)\s+(highest|largest|biggest|most|lowest|smallest|least))\s*(\d+)?\s+(?:(?:rows|tasks|items|records|deals|entries)\s+)?(?:by\s+)?(${anyTitle})\b`, 'i').exec(text);
  if (!top) return undefined;
  const count = Number(top[1] ?? top[3] ?? 10);
  const column = titles.find((t) => t.toLowerCase() === top[4]!.toLowerCase())!;
  const direction = top[2] && !MOST.test(top[2]) ? 'asc' : 'desc';
  return { kind: 'rows', args: { limit: Math.min(count, 100), sort: [{ column, direction }] } };
}

/**
 * Plans the tool calls for a plain question; undefined when it is not one. "How
 * many …" counts; "which / show / list …" lists the rows; a metric ("their total
 * budget") aggregates — a question asking for rows and a metric gets both.
 */
export function planQuestion(text: string, columns: SchemaColumn[]): PlannedCall[] | undefined {
  if (!columns.length) return undefined;
  const t = text.trim().replace(/[?.!]+$/, '');
  const found = conditions(t, columns);
  const filter = found.length === 0 ? {} : { filter: asFilter(found) };
  const ranked = rankingOf(t, columns);
  if (ranked) return [ranked.kind === 'groups' ? { name: 'aggregate', args: { ...ranked.args, ...filter } } : { name: 'query_rows', args: { ...ranked.args, ...filter } }];
  // "How many days late …" asks how late, not how many; "average days late by Owner" works the days out per row.
  const askedLate = DAYS_LATE.test(t);
  const due = askedLate ? dueColumn(columns) : undefined;
  const late = due && daysLate(due.title);
  const metric = metricOf(t, late ? [...columns, { title: late.name, type: 'TEXT_NUMBER', values: [], numeric: true }] : columns);
  const groupBy = groupOf(t, columns);
  const counting = !askedLate && /\bhow many\b|\bnumber of\b|^count\b/i.test(t);
  // "How many deals did we win" with no word it can read as a condition: counting every row would answer another question.
  if (counting && !found.length && !metric && !groupBy && !COUNT_ALL.test(t)) return undefined;
  const asked = /^(?:which|show|list|find|give me|get)\b|^what\s+(?:are\s+the\s+)?(?:tasks|rows|items|deals|projects|records|entries)\b/i.test(t);
  // A phrase that names rows and what they are ("deals closing next month", "Mei Chen's late tasks") lists them too.
  // So does a question about rows by what holds for them: "what's overdue", "anything due this week", "is anything blocked".
  const described = !asked && found.length > 0 && !counting && !metric && (/\b(?:tasks|rows|items|deals|projects|records|entries|ones)\b/i.test(t) || ABOUT_ROWS.test(t));
  const listing = (asked && (!metric || (metric.at > 0 && !/^what\s+(?:is|are|was)\b/i.test(t)))) || described || (askedLate && found.length > 0 && !metric);
  const calls: PlannedCall[] = [];
  // "How late are the overdue tasks": each listed row's days past its due date, the latest first.
  const lateness = late ? { computed: [late], sort: [{ column: late.name, direction: 'desc' }] } : {};
  if (listing && !groupBy) calls.push({ name: 'query_rows', args: { limit: 20, ...filter, ...lateness } });
  if (counting || metric || (listing && groupBy)) {
    const metrics = [...(counting || !metric ? [{ fn: 'count' }] : []), ...(metric ? [{ fn: metric.fn, column: metric.column }] : [])];
    const first = metric ? `${metric.fn}(${metric.column})` : 'count';
    const computed = late && metric?.column === late.name ? { computed: [late] } : {};
    calls.push({ name: 'aggregate', args: { metrics, ...(groupBy ? { groupBy: [groupBy], sort: { by: first, direction: 'desc' } } : { groupBy: [] }), ...filter, ...computed } });
  }
  return calls.length && (found.length || metric || groupBy || counting) ? calls : undefined;
}

/**
 * "What about Mei?", "and for Europe?", "what about next month?": the previous question
 * again with one condition swapped — an option of a picklist column replaces that column's
 * condition, a period the due date's, anything else is a name for the owner column.
 * Added when the previous question had none.
 */
export function retarget(calls: PlannedCall[], subject: string, columns: SchemaColumn[]): PlannedCall[] | undefined {
  const value = subject.trim().replace(/^["']|["']$/g, '');
  const option = columns.filter((c) => c.type === 'PICKLIST').find((c) => c.values.some((v) => v.toLowerCase() === value.toLowerCase()));
  const period = PERIOD.exec(`due ${value.replace(/^due\s+/i, '')}`);
  const due = period && period[0].length === `due ${value.replace(/^due\s+/i, '')}`.length ? dueColumn(columns) : undefined;
  const column = option?.title ?? due?.title ?? ownerColumn(columns)?.title;
  if (!column) return undefined;
  const condition: Condition = option
    ? { column, op: 'eq', value: option.values.find((v) => v.toLowerCase() === value.toLowerCase()) }
    : due
      ? { column, op: 'in_period', value: periodValue(period![1]!) }
      : { column, op: 'contains', value };
  const same = (c: unknown) => typeof c === 'object' && c !== null && (c as Condition).column === column && ['eq', 'contains', 'in_period'].includes(String((c as Condition).op));
  const swap = (filter: unknown): unknown => {
    if (!filter) return condition;
    if (same(filter)) return condition;
    const group = filter as { and?: unknown[] };
    if (group.and) return group.and.some(same) ? { and: group.and.map((c) => (same(c) ? condition : c)) } : { and: [...group.and, condition] };
    return { and: [filter, condition] };
  };
  return calls.map((call) => ({ name: call.name, args: { ...call.args, filter: swap(call.args.filter) } }));
}

/** A filter in words, to say how a plain question was read. */
export function describeFilter(filter: unknown): string {
  if (!filter || typeof filter !== 'object') return 'all rows';
  const f = filter as { and?: unknown[]; or?: unknown[]; column?: string; op?: string; value?: unknown; values?: unknown[] };
  if (f.and) return f.and.map(describeFilter).join(', ');
  if (f.or) return `(${f.or.map(describeFilter).join(' or ')})`;
  const value = f.value === 'today' ? 'today' : JSON.stringify(f.value);
  const words: Record<string, string> = {
    eq: `is ${value}`,
    ne: `is not ${value}`,
    lt: f.value === 'today' ? 'is before today' : `< ${value}`,
    gt: `> ${value}`,
    contains: `contains ${value}`,
    not_in: `is not ${(f.values ?? []).join(' or ')}`,
    in_period: `is in ${String(f.value).replace(/_/g, ' ')}`,
    is_empty: 'is empty',
  };
  return `${f.column} ${words[f.op ?? ''] ?? `${f.op} ${value}`}`;
}
