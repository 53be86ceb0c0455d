/**
 * The conditions a plain question's words name, for the offline model: people the owner column lists ("Dana's",
 * "owned by Mei"), late and open rows, periods and spans of days (periods.ts), empty columns, picklist options,
 * numbers over or under an amount (amounts.ts), text mentioned — and the same in words, to say how a question was read.
 */
import { amountConditions } from './amounts.js';
import type { PlannedCall } from './commands.js';
import { OVER_BUDGET, overBudget, term } from './arithmetic.js';
import { dateConditions, PERIOD, periodValue } from './periods.js';
import { rowNumberList, rowRef } from './row-numbers.js';
import { deadlineColumn, dueColumn, escape, hasPhrase, isDate, optionSaid, ownerColumn, ROWS_SAID, type SchemaColumn } from './schema.js';

export type Condition = Record<string, unknown>;

/** "with no owner", "without a Due Date", "missing Notes", "with empty Notes": a column left empty (the words up to the next clause). */
const EMPTY = /\b(?:with\s+no|without|missing|lacking|(?:has|have)\s+no|(?:with|has|have)\s+(?:an?\s+)?(?:empty|blank))\s+(?:an?\s+|the\s+|any\s+)?(.+?)(?=$|[,?.!]|\s+(?:and|that|which|who|sorted|by|where|due|in)\b)/i;
/** "mention vendor", "that say 'legal'", "whose Notes say legal", "notes containing vendor": text any text column holds. */
const MENTION = /\b(?:mentions?|mentioning|(?:that\s+)?says?|saying|containing)\s+["“']?(.+?)["”']?$/i;
/** "still open", "open deals", "the ones not yet closed"; "what is Dana working on", "what's on Mei's plate" (her open tasks). */
const OPEN = /\b(?:still\s+)?open\b(?!\s+(?:date|ed))|\bnot\s+(?:yet\s+)?(?:closed|finished)\b|\b(?:working|busy)\s+(?:on|with)\s*$|\bon\s+\w+(?:'s|’s)\s+plate\s*$/i;
const FINISHED = /^(complete|completed|done|closed|cancell?ed|finished|resolved|won|lost)$/i;
export const LATE = /\b(late|overdue|past due|behind schedule)\b/i;
const OWNED = /\b(?:owned by|assigned to|belonging to|led by|run by|handled by)\s+(.+?)(?=\s+(?:that|which|who|are|is|were|was|and|with|where|due|in|sorted)\b|[,?.!]|$)/i;
/**
 * The owners the question names, each as it names them — one of the column's common values in full, else its first
 * name (whole words) — with the full names each stands for: "Dana's and Mei Chen's tasks".
 */
function namedPeople(text: string, owner: SchemaColumn): { said: string; names: string[] }[] {
  const names = [...owner.values].filter((v) => !v.includes('@'));
  const said = new Map<string, string[]>();
  for (const name of names) {
    const first = name.split(/\s+/)[0]!;
    const word = hasPhrase(text, name) ? name : first.length >= 3 && hasPhrase(text, first) ? first : undefined;
    if (word) said.set(word, [...(said.get(word) ?? []), name]);
  }
  // A first name said as part of a full name said ("Mei Chen") is not a second person.
  const people = [...said].filter(([word]) => ![...said.keys()].some((other) => other !== word && other.toLowerCase().startsWith(`${word.toLowerCase()} `)));
  return people.map(([word, full]) => ({ said: word, names: full }));
}

/** The owner condition a question names: one person (as said, contained), or several (any of their full names). */
function ownerCondition(text: string, owner: SchemaColumn, owned: string | undefined): Condition | undefined {
  const people = namedPeople(text, owner);
  if (people.length > 1) return { column: owner.title, op: 'in', values: people.flatMap((p) => p.names) };
  const value = owned ?? people[0]?.said;
  return value === undefined ? undefined : { column: owner.title, op: 'contains', value };
}

const statusColumn = (columns: SchemaColumn[]) => columns.find((c) => /status|stage|state/i.test(c.title) && c.values.some((v) => FINISHED.test(v)));
const doneColumn = (columns: SchemaColumn[]) => columns.find((c) => c.type === 'CHECKBOX' && /done|complete|finished/i.test(c.title));

/** Rows still open: the status column is not a finished value (or a "done" checkbox is unticked). */
function stillOpen(columns: SchemaColumn[]): Condition | undefined {
  const status = statusColumn(columns);
  if (status) return { column: status.title, op: 'not_in', values: status.values.filter((v) => FINISHED.test(v)) };
  const done = doneColumn(columns);
  return done ? { column: done.title, op: 'eq', value: false } : undefined;
}

/** Rows done: the status column's completed value (Complete, Done, Closed, Won — not Cancelled or Lost), or a ticked "done" box. */
export function completed(columns: SchemaColumn[]): { condition: Condition; name: string } | undefined {
  const status = statusColumn(columns);
  const value = status?.values.find((v) => /^(complete|completed|done|closed|finished|resolved|won)$/i.test(v));
  if (status && value) return { condition: { column: status.title, op: 'eq', value }, name: value };
  const done = doneColumn(columns);
  return done && { condition: { column: done.title, op: 'eq', value: true }, name: done.title };
}

/** Deals won, among those decided: the status column's Won value, out of its Won and Lost rows. */
export function won(columns: SchemaColumn[]): { condition: Condition; name: string; among: Condition } | undefined {
  const status = statusColumn(columns);
  const win = status?.values.find((v) => /^won$/i.test(v));
  const loss = status?.values.find((v) => /^lost$/i.test(v));
  return status && win && loss ? { condition: { column: status.title, op: 'eq', value: win }, name: win, among: { column: status.title, op: 'in', values: [win, loss] } } : undefined;
}

/**
 * Option words: "blocked tasks", "high priority", "not complete"; several of one column are any of them ("high or
 * medium priority", "blocked or at risk") or none ("not complete and not cancelled"). The longest options first, and a
 * phrase read once: "In Progress" is not also "Progress". Words inside a name ("owned by …") are not options.
 */
function optionConditions(text: string, columns: SchemaColumn[], named: string): Condition[] {
  const options = columns.filter((c) => c.type === 'PICKLIST').flatMap((c) => c.values.map((value) => ({ column: c.title, value })));
  const said = new Map<string, { value: string; negated: boolean }[]>();
  // "How many deals did we lose", "deals we win": the verb said of the outcome (Won, Lost) — not "win rate".
  let rest = text.replace(/(?<!\bwill\s+)\b(did|do|does|we|they|you)(\s+(?:not\s+|\w+\s+)?)(win|lose)\b/gi, (_, who: string, between: string, verb: string) => `${who}${between}${/win/i.test(verb) ? 'won' : 'lost'}`);
  for (const { column, value } of options.sort((a, b) => b.value.length - a.value.length)) {
    // As said, or an option ending in e said with -d ("completed tasks" are Complete; "opened" is not Open).
    const word = [value, ...(/e$/i.test(value) ? [`${value}d`] : [])].find((w) => hasPhrase(rest, w));
    if (value.length < 3 || !word || hasPhrase(named, value)) continue;
    const negated = new RegExp(`\\b(?:not|excluding|except|other than)\\s+(?:yet\\s+|the\\s+)?${escape(word)}\\b`, 'i').test(rest);
    said.set(column, [...(said.get(column) ?? []), { value, negated }]);
    rest = rest.replace(new RegExp(`(^|[^\\p{L}\\p{N}])${escape(word)}(?=$|[^\\p{L}\\p{N}])`, 'giu'), '$1 ');
  }
  // In the order said; one value is eq (ne), several are in (not_in).
  const at = (value: string) => text.toLowerCase().indexOf(value.toLowerCase());
  return [...said].flatMap(([column, values]) =>
    [false, true].flatMap((negated): Condition[] => {
      const these = values.filter((v) => v.negated === negated).map((v) => v.value).sort((a, b) => at(a) - at(b));
      if (!these.length) return [];
      return [these.length === 1 ? { column, op: negated ? 'ne' : 'eq', value: these[0] } : { column, op: negated ? 'not_in' : 'in', values: these }];
    }),
  );
}

/**
 * A checkbox column named as what rows are: "renewals", "urgent items" (ticked), "not urgent", "non-renewals" (not) —
 * unless an option or a condition already read that word.
 */
function checkboxConditions(text: string, columns: SchemaColumn[], found: readonly Condition[]): Condition[] {
  const options = new Set(columns.filter((c) => c.type === 'PICKLIST').flatMap((c) => c.values.map((v) => v.toLowerCase())));
  return columns
    .filter((c) => c.type === 'CHECKBOX' && !options.has(c.title.toLowerCase()) && !found.some((f) => f.column === c.title))
    .flatMap((c) => {
      const word = [c.title, `${c.title}s`].find((w) => hasPhrase(text, w));
      if (!word) return [];
      const negated = new RegExp(`\\b(?:not|non|excluding|except|without)[\\s-]+(?:the\\s+)?${escape(word)}\\b`, 'i').test(text);
      return [{ column: c.title, op: 'eq', value: !negated }];
    });
}

/** Why "late" is not read on a sheet without a due date, with a question over its dates that can be asked instead. */
function notLate(dates: string[]): string {
  const [first, last] = [dates[0]!, dates.at(-1)!];
  const example = dates.length > 1 ? `rows where ${term(last)} - ${term(first)} > 14` : `rows where ${first} is before 2026-12-01`;
  return `I cannot tell which rows are late: this sheet has no due date (a date column titled due, deadline, end, close or finish). Ask about its dates instead, like \`${example}\`.`;
}

/** The conditions the question's words name. */
export function conditions(text: string, columns: SchemaColumn[]): Condition[] {
  const found: Condition[] = [];
  const owned = OWNED.exec(text);
  const owner = ownerColumn(columns);
  // "owned by Dana", "how many tasks does Dana have", "Mei Chen's blocked tasks", "Dana's and Mei's tasks".
  const person = owner && ownerCondition(text, owner, owned?.[1]!.trim().replace(/^["']|["']$/g, ''));
  if (person) found.push(person);
  const due = deadlineColumn(columns);
  const open = stillOpen(columns);
  // "Delivered late" on a sheet of order and delivery dates: late against what? Not read (nor left out: that would
  // answer, or change, more rows than asked about).
  const mention = MENTION.exec(text);
  if (!due && LATE.test(mention ? text.slice(0, mention.index) : text) && columns.some(isDate)) throw new Error(notLate(columns.filter(isDate).map((c) => c.title)));
  if (LATE.test(text) && due) found.push({ column: due.title, op: 'lt', value: 'today' }, ...(open ? [open] : []));
  // "still open", "open deals": not finished — unless the sheet has an option called Open (read below as that option).
  // "the total pipeline", "deals in the pipeline": a pipeline is the deals still open (not Won or Lost).
  else if ((OPEN.test(text) || /\bpipeline\b/i.test(text)) && open && !columns.some((c) => c.type === 'PICKLIST' && c.values.some((v) => /^open$/i.test(v)))) found.push(open);
  // "what did Ravi finish", "tasks finished": done (the status's completed value, or a ticked done box) — not "not finished".
  const done = /(?<!\bnot\s+(?:yet\s+)?)\bfinish(?:ed)?\b/i.test(text) ? completed(columns) : undefined;
  if (done) found.push(done.condition);
  // "over budget": spent above budget, worked out per row (a computed column).
  const over = OVER_BUDGET.test(text) ? overBudget(columns) : undefined;
  if (over) found.push(over);
  found.push(...dateConditions(text, columns, found, mention, LATE.test(text)));
  // A column left empty: its title, or what the owner and due date columns are called in words.
  const empty = EMPTY.exec(text);
  const blank = empty && (columns.find((c) => c.title.toLowerCase() === empty[1]!.toLowerCase()) ?? (/^(?:owner|assignee|one)$/i.test(empty[1]!) ? owner : /^(?:due date|deadline)$/i.test(empty[1]!) ? due : undefined));
  if (blank) found.push({ column: blank.title, op: 'is_empty' });
  // "not delivered", "undelivered", "yet to be shipped": a date column named for what happened (Delivered, Shipped) empty.
  for (const c of blank ? [] : columns.filter((x) => isDate(x) && /ed$/i.test(x.title) && !found.some((f) => f.column === x.title))) {
    if (new RegExp(String.raw`\b(?:not(?:\s+yet)?(?:\s+been)?\s+|never\s+(?:been\s+)?|yet\s+to\s+be\s+|un)${escape(c.title)}\b`, 'i').test(text)) found.push({ column: c.title, op: 'is_empty' });
  }
  // "tasks with notes", "how many have a Summary": a column that holds something (not a checkbox: "with Done" is no value).
  const filled = blank ? undefined : columns.filter((c) => c.type !== 'CHECKBOX').find((c) => new RegExp(String.raw`\b(?:with|has|have)\s+(?:an?\s+|any\s+|some\s+)?${escape(c.title)}(?=$|[,?.!]|\s+(?:and|that|which|sorted|where|due)\b)`, 'i').test(text));
  if (filled) found.push({ column: filled.title, op: 'not_empty' });
  // Text any text column holds — or the one named just before ("notes mentioning vendor", "Notes that say legal").
  const all = columns.filter((c) => c.type === 'TEXT_NUMBER' && !c.numeric);
  const before = mention ? text.slice(0, mention.index).trim() : '';
  const named = all.filter((c) => new RegExp(String.raw`\b${escape(c.title)}$`, 'i').test(before));
  const texts = named.length ? named : all;
  if (mention && texts.length) {
    const each = texts.map((c) => ({ column: c.title, op: 'contains', value: mention[1]!.trim() }));
    found.push(each.length === 1 ? each[0]! : { or: each });
  }
  found.push(...optionConditions(text, columns, owned?.[1] ?? ''));
  found.push(...checkboxConditions(text, columns, found));
  found.push(...amountConditions(text, columns));
  return found;
}

export const asFilter = (found: Condition[]) => (found.length === 1 ? found[0]! : { and: found });

/** Rows described rather than named: "Dana's blocked tasks", "all overdue tasks", "the tasks due this week". */
const DESCRIBED = new RegExp(`${ROWS_SAID.source}|^(?:all|every)\\b`, 'i');

/** The filter of rows described in words (DESCRIBED, with conditions its words name); undefined for anything else — a row's name. */
export const describedRows = (words: string, columns: SchemaColumn[]) => (DESCRIBED.test(words.trim()) ? questionFilter(words, columns) : undefined);

/** The filter a phrase names ("high priority", "late", "owned by Dana"); undefined when it names none. */
export function questionFilter(text: string, columns: SchemaColumn[]): Condition | undefined {
  const found = conditions(text, columns);
  return found.length ? asFilter(found) : undefined;
}

/**
 * "What about Mei?", "and for Europe?", "what about next month?": the previous question
 * again with one condition swapped — an option of a picklist column replaces that column's
 * condition, a period the due date's, anything else is a name for the owner column.
 * Added when the previous question had none.
 */
export function retarget(calls: PlannedCall[], subject: string, columns: SchemaColumn[]): PlannedCall[] | undefined {
  const value = subject.trim().replace(/^["']|["']$/g, '');
  const option = optionSaid(columns, value);
  const period = PERIOD.exec(`due ${value.replace(/^due\s+/i, '')}`);
  const due = period && period[0].length === `due ${value.replace(/^due\s+/i, '')}`.length ? dueColumn(columns) : undefined;
  const column = option?.column ?? due?.title ?? ownerColumn(columns)?.title;
  if (!column) return undefined;
  const condition: Condition = option
    ? { column, op: 'eq', value: option.value }
    : due
      ? { column, op: 'in_period', value: periodValue(period![1]!) }
      : { column, op: 'contains', value };
  const same = (c: unknown) => typeof c === 'object' && c !== null && (c as Condition).column === column && ['eq', 'contains', 'in', 'in_period'].includes(String((c as Condition).op));
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
  const f = filter as { and?: unknown[]; or?: unknown[]; column?: string; op?: string; value?: unknown; values?: unknown[]; amount?: number; unit?: string };
  if (f.and) return f.and.map(describeFilter).join(', ');
  if (f.or) return `(${f.or.map(describeFilter).join(' or ')})`;
  // A day is said as one: "is before today", "is on or before 2026-12-01".
  const day = f.value === 'today' || /^\d{4}-\d{2}-\d{2}$/.test(String(f.value));
  const value = day ? String(f.value) : JSON.stringify(f.value);
  const words: Record<string, string> = {
    eq: `is ${value}`,
    ne: `is not ${value}`,
    lt: day ? `is before ${value}` : `< ${value}`,
    gt: day ? `is after ${value}` : `> ${value}`,
    lte: day ? `is on or before ${value}` : `<= ${value}`,
    gte: day ? `is on or after ${value}` : `>= ${value}`,
    contains: `contains ${value}`,
    in: `is ${(f.values ?? []).join(' or ')}`,
    between: `is between ${(f.values ?? []).join(' and ')}`,
    within_next: `is within the next ${f.amount} ${f.unit}${f.amount === 1 ? '' : 's'}`,
    within_last: `is within the last ${f.amount} ${f.unit}${f.amount === 1 ? '' : 's'}`,
    not_in: `is not ${(f.values ?? []).join(' or ')}`,
    in_period: `is ${/^(today|yesterday|tomorrow)$/.test(String(f.value)) ? '' : 'in '}${String(f.value).replace(/_/g, ' ')}`,
    is_empty: 'is empty',
    not_empty: 'is not empty',
    not_contains: `does not contain ${value}`,
    starts_with: `starts with ${value}`,
  };
  return `${f.column} ${words[f.op ?? ''] ?? `${f.op} ${value}`}`;
}

/**
 * The rows a person points at: by number ("row 5", "rows 3 and 4"), by what holds for them when they are described
 * ("Dana's blocked tasks": the conditions its words name), else by name (the first column's value).
 */
export function rowsPointedAt(name: string, columns: SchemaColumn[], primary: string): Record<string, unknown> {
  const described = rowNumberList(name) ? undefined : describedRows(name, columns);
  return described ? { filter: described } : rowRef(name, primary);
}
