/**
 * Plain questions for the offline model, beyond the command language: "Which tasks
 * owned by Dana are late, and what is their total budget?", "how many high priority
 * tasks are blocked", "what is the average Deal Value by Region". Deterministic and
 * schema-driven: the columns (titles, types, options) come from the schema block of
 * the system prompt, so the same words find the owner, due date and status columns
 * of any sheet (the conditions its words name: conditions.ts). Every number still comes
 * from the tools.
 */
import type { PlannedCall } from './commands.js';
import { DAYS_LATE, daysLate, LAST_CHANGED, term } from './arithmetic.js';
import { lateBy, unreadAmount } from './amounts.js';
import { asFilter, conditions } from './conditions.js';
import { descending, DIRECTION } from './filters.js';
import { deadlineColumn, DIFFERENCE, dueColumn, escape, hasPhrase, isDate, moneyColumn, moneyColumns, ownerColumn, ROWS_SAID, type SchemaColumn } from './schema.js';

const METRICS: Record<string, string> = { total: 'sum', sum: 'sum', average: 'avg', mean: 'avg', median: 'median', maximum: 'max', max: 'max', highest: 'max', largest: 'max', biggest: 'max', latest: 'max', minimum: 'min', min: 'min', lowest: 'min', smallest: 'min', earliest: 'min' };

/**
 * "compare Budget and Spent by Owner", "Budget vs Spent for Dana's tasks", "what's the total Spent vs Budget", "average
 * Budget and Spent": two columns of
 * numbers side by side — their totals (or the metric said), by a group if one is named. Undefined unless both are
 * columns of numbers the sheet has.
 */
function comparisonOf(text: string, columns: SchemaColumn[]): Record<string, unknown>[] | undefined {
  const numbers = columns.filter((c) => c.numeric).map((c) => c.title).sort((a, b) => b.length - a.length);
  if (numbers.length < 2) return undefined;
  const any = `(${numbers.map(escape).join('|')})`;
  // "Budget vs Spent", asked too: "what's the total Spent vs Budget", "show me Budget versus Spent by Owner".
  const asked = String.raw`(?:(?:what(?:'s|’s|\s+is|\s+are)|show(?:\s+me)?|give\s+me|tell\s+me)\s+)?`;
  const said = new RegExp(String.raw`^(?:compare\s+(?:the\s+)?(?:total\s+)?${any}\s+(?:and|with|to|against|vs\.?|versus)|${asked}(?:the\s+)?(?:total\s+)?${any}\s+(?:vs\.?|versus|against))\s+(?:the\s+)?(?:total\s+)?${any}\b`, 'i').exec(text);
  // "total Budget and Spent by Owner", "the average Budget and Spent": one metric of both, never of the first alone.
  const both = new RegExp(String.raw`\b(${Object.keys(METRICS).join('|')})\s+(?:of\s+)?(?:the\s+|their\s+)?${any}\s+(?:and|&)\s+(?:the\s+|their\s+)?${any}\b`, 'i').exec(text);
  const fn = both ? METRICS[both[1]!.toLowerCase()]! : 'sum';
  const [first, second] = said ? [said[1] ?? said[2], said[3]] : both ? [both[2], both[3]] : [];
  if (!first || !second) return undefined;
  const [a, b] = [first, second].map((w) => numbers.find((t) => t.toLowerCase() === w.toLowerCase())!);
  return a === b ? undefined : [{ fn, column: a }, { fn, column: b }];
}

/** Arithmetic in words between two columns: "Budget minus Spent", "Spent divided by Budget". */
const OPERATOR_WORDS: Record<string, string> = { minus: '-', plus: '+', times: '*', 'multiplied by': '*', 'divided by': '/' };

/**
 * "their total budget", "the average Deal Value": a metric over a column the sheet has — or over arithmetic between two
 * of them said in words ("total Budget minus Spent": Budget - Spent, a computed column), never over the first alone.
 */
function metricOf(text: string, columns: SchemaColumn[]): { fn: string; column: string; at: number } | undefined {
  const titles = columns.map((c) => c.title).sort((a, b) => b.length - a.length);
  const any = `(${titles.map(escape).join('|')})`;
  const words = new RegExp(String.raw`\b(${Object.keys(METRICS).join('|')})\s+(?:of\s+)?(?:the\s+|their\s+|its\s+)?${any}\b(?:\s+(${Object.keys(OPERATOR_WORDS).join('|')})\s+(?:the\s+)?${any}\b)?`, 'i');
  const m = titles.length ? words.exec(text) : null;
  if (!m) return undefined;
  const title = (said: string) => titles.find((t) => t.toLowerCase() === said.toLowerCase())!;
  const column = m[3] ? `${term(title(m[2]!))} ${OPERATOR_WORDS[m[3].toLowerCase()]} ${term(title(m[4]!))}` : title(m[2]!);
  return { fn: METRICS[m[1]!.toLowerCase()]!, column, at: m.index };
}

/** "by", "per", "for each" as a grouping says them — not "sorted by", "ordered by". */
const BY = String.raw`(?<!\b(?:sorted|ordered|sort|order|ranked)\s+)\b(?:by|per|for each)`;

/** "sorted by Budget desc", "ordered by Due Date, latest first": how a plain question wants its rows ordered. */
function sortOf(text: string, columns: SchemaColumn[]): { column: string; direction: string }[] | undefined {
  const titles = columns.map((c) => c.title).sort((a, b) => b.length - a.length);
  const m = new RegExp(String.raw`\b(?:sorted|ordered|sort|order|ranked)\s+by\s+(?:the\s+)?(${titles.map(escape).join('|')})\b(?:,?\s+${DIRECTION})?`, 'i').exec(text);
  if (!m) return undefined;
  const column = titles.find((t) => t.toLowerCase() === m[1]!.toLowerCase())!;
  return [{ column, direction: descending(m[2]) ? 'desc' : 'asc' }];
}

/**
 * "by Owner", "per Region", "for each Stage", "in each Status", "each Owner's": a grouping column the sheet has. Not
 * the first column by "each" ("each task" is every row, not a group of rows).
 */
export function groupOf(text: string, columns: SchemaColumn[]): string | undefined {
  for (const c of [...columns].sort((a, b) => b.title.length - a.title.length)) {
    if (new RegExp(`${BY}\\s+(?:the\\s+)?${escape(c.title)}\\b`, 'i').test(text)) return c.title;
    if (c !== columns[0] && new RegExp(`\\b(?:each|every)\\s+${escape(c.title)}(?:'s|’s|s'?)?(?=$|[^\\p{L}\\p{N}])`, 'iu').test(text)) return c.title;
  }
  // "each person", "per person", "by person": the people the rows belong to.
  return new RegExp(`(?:${BY}|\\beach|\\bevery)\\s+(?:person|member)\\b`, 'i').test(text) ? ownerColumn(columns)?.title : undefined;
}

type Grouping = string | { column: string; bucket: string };

/**
 * A grouping a question names: a column (groupOf), or a date column by period — "by month of Delivered", "per quarter
 * of Close Date", "by month" (of the due date, unless the sheet has a Month column).
 */
function groupingOf(text: string, columns: SchemaColumn[]): Grouping | undefined {
  const dates = columns.filter(isDate).map((c) => c.title).sort((a, b) => b.length - a.length);
  const by = new RegExp(String.raw`(?:${BY}|\beach)\s+(day|week|month|quarter|year)\b(?:\s+of\s+(?:the\s+)?(${dates.map(escape).join('|')})\b)?`, 'i').exec(text);
  // "by month" on a sheet with a Month column is by that column.
  const own = by && !by[2] && columns.some((c) => c.title.toLowerCase() === by[1]!.toLowerCase());
  const column = by && !own ? (by[2] ? dates.find((d) => d.toLowerCase() === by[2]!.toLowerCase()) : dueColumn(columns)?.title) : undefined;
  return by && column ? { column, bucket: by[1]!.toLowerCase() } : groupOf(text, columns);
}

const MOST = /^(most|highest|largest|biggest|greatest|top)$/i;
/** Groups a ranking question shows. */
const RANKED = 10;
/**
 * Words for money said where a column's title would be: "the most spend", "total revenue by Stage", "average deal size",
 * "the total pipeline value by stage" (a pipeline's worth is its deals' money).
 */
const MONEY_WORD = new RegExp(String.raw`\b(${[...Object.keys(METRICS), 'most', 'least', 'fewest'].join('|')})\s+(?:of\s+)?(?:the\s+|their\s+)?(?:pipeline\s+)?(spend(?:ing)?|money|revenue|sales|costs?|value|amount|pipeline|(?:deal|order)\s+size)\b`, 'gi');

/**
 * A word for money in place of a title, as the sheet's column of money: the one it starts like ("spend" is Spent), else
 * the sheet's only one ("the most spend" on a ledger is its Amount). Left as said when that is a title, or ambiguous
 * ("total cost" beside Budget and Spent).
 */
function withMoneyTitles(text: string, columns: SchemaColumn[]): string {
  // Not a figure per unit ("Unit Cost"): "the most spend" is of the amounts themselves.
  const money = moneyColumns(columns);
  return text.replace(MONEY_WORD, (said, metric: string, word: string) => {
    if (columns.some((c) => c.title.toLowerCase() === word.toLowerCase())) return said;
    const like = money.filter((c) => c.title.toLowerCase().startsWith(word.slice(0, 4).toLowerCase()));
    const column = like.length === 1 ? like[0] : money.length === 1 ? money[0] : undefined;
    // "The total pipeline" is of the deals in the pipeline (still open): said so, for the conditions to read.
    return column ? `${metric} ${column.title}${/pipeline/i.test(said) ? ' in the pipeline' : ''}` : said;
  });
}
/** A count of every row: "how many rows are there", "number of tasks", "count deals". */
const COUNT_ALL = /^(?:how many|(?:the\s+)?number of|count)(?:\s+(?:the\s+)?(?:rows|tasks|items|deals|projects|records|entries))?(?:\s+(?:are there|do we have|(?:are )?in (?:the|this) sheet|in total|total))?$/i;
/** Questions that name no rows but ask which ones something holds for: "what's overdue", "is anything blocked". */
const ABOUT_ROWS = /^(?:what(?:'s|’s|\s+is|\s+are|\s+did|\s+has|\s+have)|(?:is\s+)?anything|(?:is\s+)?something|are\s+there\s+any)\b/i;

/**
 * Questions that rank: "which Owner has the most blocked tasks", "who has the fewest rows" (groups counted, or
 * summed with "the highest total Budget", ordered); "top 5 by Budget", "the 3 lowest Spent" (rows ordered).
 */
function rankingOf(text: string, columns: SchemaColumn[]): { kind: 'groups' | 'rows'; args: Record<string, unknown> } | undefined {
  const titles = columns.map((c) => c.title).sort((a, b) => b.length - a.length);
  if (!titles.length) return undefined;
  const anyTitle = titles.map(escape).join('|');
  // "which Vendor did we pay the most" / "… do we spend the most with": money paid, as "has the most spend".
  const which = new RegExp(String.raw`^(?:which\s+(${anyTitle})|who)\s+(?:has|have|had|owns|holds|gets?|(?:did|do)\s+we\s+(pay|spend))\s+the\s+(most|fewest|least|highest|lowest|largest|smallest|biggest)\b`, 'i').exec(text);
  if (which) {
    const group = which[1] ? titles.find((t) => t.toLowerCase() === which[1]!.toLowerCase()) : ownerColumn(columns)?.title;
    if (!group) return undefined;
    const said = text.slice(which.index + which[0].length - which[3]!.length);
    const direction = MOST.test(which[3]!) ? 'desc' : 'asc';
    // "the most budget": the largest total of a column of numbers; "the most tasks": the most rows.
    const amount = columns.find((c) => c.numeric && new RegExp(String.raw`^\w+\s+(?:total\s+)?${escape(c.title)}\b`, 'i').test(said))?.title;
    const paid = which[2] ? moneyColumn(columns)?.title : undefined;
    // "Who has the biggest pipeline": a pipeline's size is its open deals' total, not its largest deal.
    const worth = (m: ReturnType<typeof metricOf>) => (m && /\bpipeline\b/i.test(said) ? { ...m, fn: 'sum' } : m);
    const metric = worth(metricOf(said, columns)) ?? (paid ? { fn: 'sum', column: paid } : undefined) ?? (amount ? { fn: /^(most|fewest|least)$/i.test(which[3]!) ? 'sum' : direction === 'desc' ? 'max' : 'min', column: amount } : undefined);
    // "who has the biggest deal": the one row of the most money, and whose it is — not who has the most rows.
    const money = moneyColumn(columns)?.title;
    if (!metric && money && /^(biggest|largest|smallest)$/i.test(which[3]!)) return { kind: 'rows', args: { limit: 1, sort: [{ column: money, direction }] } };
    // "Which task has the highest Budget": rows, not groups of rows with the same name — the rows holding that value.
    if (group === columns[0]!.title) return metric ? { kind: 'groups', args: { groupBy: [], metrics: [{ fn: direction === 'desc' ? 'max' : 'min', column: metric.column }] } } : undefined;
    const fn = metric && (amount || paid || !/^(most|fewest|least)$/i.test(which[3]!)) ? `${metric.fn}(${metric.column})` : undefined;
    // The leaders: "which Vendor has the most spend" over 300 vendors shows the first ten, and says how many more.
    return { kind: 'groups', args: { groupBy: [group], metrics: fn ? [{ fn: metric!.fn, column: metric!.column }] : [{ fn: 'count' }], sort: { by: fn ?? 'count', direction }, limit: RANKED } };
  }
  // "the 3 most expensive blocked tasks", "the cheapest deal": rows ordered by the sheet's amount of money.
  const costly = /\b(?:the\s+)?(?:(\d+)\s+)?(most expensive|costliest|priciest|cheapest|least expensive)\s+(?:[\w'’-]+\s+){0,3}?(tasks|rows|items|records|deals|entries|task|row|item|record|deal|entry)\b/i.exec(text);
  // "the 5 biggest orders", "the smallest deal": things that are amounts of money, by size.
  const sized = /\b(?:the\s+)?(?:(\d+)\s+)?(biggest|largest|smallest)\s+(orders?|purchases?|expenses?|invoices?|payments?|transactions?|deals?|opportunit(?:y|ies)|sales?)\b/i.exec(text);
  const money = moneyColumn(columns)?.title;
  const ordered = costly ?? sized;
  if (ordered && money) {
    const count = Number(ordered[1] ?? (/(?:s|ies)$/i.test(ordered[3]!) ? 10 : 1));
    return { kind: 'rows', args: { limit: Math.min(count, 100), sort: [{ column: money, direction: /cheapest|least|smallest/i.test(ordered[2]!) ? 'asc' : 'desc' }] } };
  }
  // "top 5 vendors by total amount", "the top 3 owners by budget": groups (of a column that is no number), ranked.
  const kinds = columns.filter((c) => !c.numeric && c !== columns[0]);
  // A title said in the plural: "vendors", "categories", "statuses".
  const plural = (title: string) => (/[^aeiou]y$/i.test(title) ? `${escape(title.slice(0, -1))}(?:y|ies)` : `${escape(title)}(?:e?s)?`);
  const groups = new RegExp(String.raw`\btop\s+(\d+)\s+(${kinds.map((c) => plural(c.title)).join('|')})\s+by\s+(.+)$`, 'i').exec(text);
  if (groups) {
    const group = kinds.find((c) => new RegExp(`^${plural(c.title)}$`, 'i').test(groups[2]!))!.title;
    const by = groups[3]!.trim();
    const metric = metricOf(by, columns) ?? (() => {
      const column = columns.find((c) => c.numeric && c.title.toLowerCase() === by.replace(/^(?:the\s+)?/i, '').toLowerCase())?.title;
      return column ? { fn: 'sum', column } : undefined;
    })();
    const name = metric ? `${metric.fn}(${metric.column})` : 'count';
    if (metric || /^(?:count|number of \w+|\w+ count)$/i.test(by)) return { kind: 'groups', args: { groupBy: [group], metrics: [metric ? { fn: metric.fn, column: metric.column } : { fn: 'count' }], sort: { by: name, direction: 'desc' }, limit: Math.min(Number(groups[1]), 100) } };
  }
  // "top 5 by Budget", "the 3 lowest Spent", "top 3 blocked tasks by Budget" (what the rows are is read as conditions).
  const top = new RegExp(String.raw`\b(?:top|(?:the\s+)?(\d+)\s+(highest|largest|biggest|most|lowest|smallest|least))\s*(\d+)?\s+(?:(?:[\w'’-]+\s+){0,4}?(?:rows|tasks|items|records|deals|entries)\s+)?(?:by\s+)?(${anyTitle})\b`, 'i').exec(text);
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
  const t = withMoneyTitles(text.trim().replace(/[?.!]+$/, ''), columns);
  const found = conditions(t, columns);
  const unread = unreadAmount(t, found);
  if (unread) throw new Error(`I could not tell which column "${unread.said}" is about, so I have not answered: leaving it out would answer a wider question as if exactly. Name the column, like \`how many rows where ${columns.find((c) => c.numeric)?.title ?? 'Budget'} > ${unread.amount}\`.`);
  // "How many days late …" asks how late, not how many; "average days late by Owner" works the days out per row.
  // "More than 10 days late": a condition on those days, worked out per row wherever the filter goes.
  const due = deadlineColumn(columns);
  const late = due && daysLate(due.title);
  const spanLate = late && lateBy(t, late.name);
  const askedLate = late && (DAYS_LATE.test(t) || spanLate) ? late : undefined;
  const filter = found.length === 0 ? {} : { filter: asFilter(spanLate ? [...found, spanLate] : found), ...(spanLate ? { computed: [late] } : {}) };
  const compared = comparisonOf(t, columns);
  if (compared) {
    const groupBy = groupingOf(t, columns);
    return [{ name: 'aggregate', args: { metrics: compared, groupBy: groupBy ? [groupBy] : [], ...filter } }];
  }
  const ranked = rankingOf(t, columns);
  if (ranked) return [ranked.kind === 'groups' ? { name: 'aggregate', args: { ...ranked.args, ...filter } } : { name: 'query_rows', args: { ...ranked.args, ...filter } }];
  // "How much has been spent on high priority tasks": a total of the column of numbers it names, over the rows said —
  // the lookup's reading (lookups.ts), not a list of those rows. A difference ("how much budget is left") is not this.
  if (/^how\s+much\b/i.test(t) && !DIFFERENCE.test(t) && columns.some((c) => c.numeric && hasPhrase(t, c.title))) return undefined;
  const metric = metricOf(t, askedLate ? [...columns, { title: askedLate.name, type: 'TEXT_NUMBER', values: [], numeric: true }] : columns);
  const groupBy = groupingOf(t, columns);
  // "by Priority and Status": a second grouping inside the first.
  const inner = typeof groupBy === 'string' ? columns.find((c) => c.title !== groupBy && new RegExp(String.raw`\b${escape(groupBy)}\s+and\s+(?:by\s+)?(?:the\s+)?${escape(c.title)}\b`, 'i').test(t))?.title : undefined;
  const counting = (!askedLate || !!spanLate) && /\bhow many\b|\bnumber of\b|^count\b/i.test(t);
  // "How many deals did we close" with no word it can read as a condition: counting every row would answer another question.
  if (counting && !found.length && !metric && !groupBy && !COUNT_ALL.test(t)) return undefined;
  const asked = /^(?:which|show|list|find|give me|get)\b|^what\s+(?:are\s+the\s+)?(?:tasks|rows|items|deals|projects|records|entries)\b/i.test(t);
  // A phrase that names rows and what they are ("deals closing next month", "Mei Chen's late tasks") lists them too.
  // So does a question about rows by what holds for them: "what's overdue", "anything due this week", "is anything blocked".
  const described = !asked && found.length > 0 && !counting && !metric && (ROWS_SAID.test(t) || ABOUT_ROWS.test(t) || found.some((c) => c.column === LAST_CHANGED));
  const listing = (asked && (!metric || (metric.at > 0 && !/^what\s+(?:is|are|was)\b/i.test(t)))) || described || (askedLate && found.length > 0 && !metric && !counting);
  const calls: PlannedCall[] = [];
  // "How late are the overdue tasks": each listed row's days past its due date, the latest first.
  // The order asked for ("sorted by Budget desc"); "what changed this week", the latest change first.
  const sorted = sortOf(t, columns);
  const lateness = askedLate ? { computed: [askedLate], sort: sorted ?? [{ column: askedLate.name, direction: 'desc' }] } : sorted ? { sort: sorted } : found.some((c) => c.column === LAST_CHANGED) ? { sort: [{ column: LAST_CHANGED, direction: 'desc' }] } : {};
  if (listing && !groupBy) calls.push({ name: 'query_rows', args: { limit: 20, ...filter, ...lateness } });
  if (counting || metric || (listing && groupBy)) {
    const metrics = [...(counting || !metric ? [{ fn: 'count' }] : []), ...(metric ? [{ fn: metric.fn, column: metric.column }] : [])];
    const first = metric ? `${metric.fn}(${metric.column})` : 'count';
    const computed = askedLate && metric?.column === askedLate.name ? { computed: [askedLate] } : {};
    // Groups by one column lead with the largest; periods, and groups within groups, go in order.
    const order = typeof groupBy === 'string' && !inner ? { sort: { by: first, direction: 'desc' } } : {};
    calls.push({ name: 'aggregate', args: { metrics, ...(groupBy ? { groupBy: inner ? [groupBy, inner] : [groupBy], ...order } : { groupBy: [] }), ...filter, ...computed } });
  }
  return calls.length && (found.length || metric || groupBy || counting) ? calls : undefined;
}
