/**
 * What the offline model knows of a sheet: the columns the system prompt's schema block lists (titles, types,
 * options or common values), and which of them hold the owner and the due date — so the same words work on any sheet.
 */
import { readShownNote, type ShownExample } from '../../shared/sheet/shown.js';
import { DUE_TITLE } from '../../shared/tools/suggestions.js';

export interface SchemaColumn {
  title: string;
  type: string;
  /** Picklist options, or the most common values (without their counts). */
  values: string[];
  /** A column of numbers (the schema gives its range). */
  numeric?: boolean;
  /** How Smartsheet shows its numbers, when formatted (the schema's "shown": "0.35 shows as 35%"). */
  shown?: ShownExample;
}


/** The columns the system prompt's schema block lists, one JSON object per line. */
export function schemaColumns(system: string): SchemaColumn[] {
  const columns: SchemaColumn[] = [];
  for (const line of system.split('\n')) {
    if (!line.startsWith('{"title"')) continue;
    try {
      const c = JSON.parse(line) as { title: string; type: string; options?: string[]; top?: string[]; min?: unknown; shown?: string };
      const shown = readShownNote(c.shown);
      columns.push({
        title: c.title,
        type: c.type,
        values: c.options ?? (c.top ?? []).map((t) => t.replace(/\s\(\d+\)$/, '')),
        ...(typeof c.min === 'number' ? { numeric: true } : {}),
        ...(shown ? { shown } : {}),
      });
    } catch {
      // not a column line
    }
  }
  return columns;
}

export const isDate = (c: SchemaColumn) => /DATE/.test(c.type);
export const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Does `text` hold `phrase` as whole words? */
export const hasPhrase = (text: string, phrase: string) => new RegExp(`(?:^|[^\\p{L}\\p{N}])${escape(phrase)}(?=$|[^\\p{L}\\p{N}])`, 'iu').test(text);

/** The date a sheet's work is due by: a due/deadline/end/close date, else the last date column. */
export function dueColumn(columns: SchemaColumn[]): SchemaColumn | undefined {
  return deadlineColumn(columns) ?? columns.filter(isDate).at(-1);
}

/** The date column titled as when work is due (due, deadline, end, close, finish) — what "late" is measured against; none on a sheet of other dates. */
export const deadlineColumn = (columns: SchemaColumn[]) => columns.filter(isDate).find((c) => DUE_TITLE.test(c.title));

/** The column of people a sheet's rows belong to: a contact column named owner, assignee, responsible or lead. */
export function ownerColumn(columns: SchemaColumn[]): SchemaColumn | undefined {
  const contacts = columns.filter((c) => c.type.startsWith('CONTACT') || c.type === 'MULTI_CONTACT_LIST');
  return contacts.find((c) => /owner|assign|responsible|lead/i.test(c.title)) ?? contacts[0] ?? columns.find((c) => /owner|assignee|assigned/i.test(c.title));
}

/** Whether `words` name someone the owner column holds, by full or first name ("Mei", "mei chen"). */
export const ownerSaid = (columns: SchemaColumn[], words: string): boolean => {
  const said = words.trim().toLowerCase();
  return Boolean(ownerColumn(columns)?.values.some((v) => [v, v.split(/\s+/)[0]].some((name) => name!.toLowerCase() === said)));
};

/** Columns of money: numbers titled budget, cost, amount, value, spend, revenue or sales — not figures per unit (Unit Cost). */
export const moneyColumns = (columns: SchemaColumn[]) => columns.filter((c) => c.numeric && /budget|cost|amount|value|spen[dt]|revenue|sales/i.test(c.title) && !/\b(?:unit|per|rate|price)\b/i.test(c.title));

/** What an amount said without a title is of ("deals over 100k", "entries over 10k"): the only column of numbers, else of money. */
export function amountColumn(columns: SchemaColumn[]): SchemaColumn | undefined {
  const numbers = columns.filter((c) => c.numeric);
  const money = moneyColumns(columns);
  return numbers.length === 1 ? numbers[0] : money.length === 1 ? money[0] : undefined;
}

/** The column things are ranked by when their size is money ("the biggest deal", "the most expensive task"). */
export const moneyColumn = (columns: SchemaColumn[]) => amountColumn(columns) ?? moneyColumns(columns)[0];

/** An option of a picklist said in words ("in progress", "Won"): its column and its own spelling. */
export function optionSaid(columns: SchemaColumn[], words: string): { column: string; value: string } | undefined {
  const said = words.trim().toLowerCase();
  for (const c of columns) {
    const value = c.type === 'PICKLIST' ? c.values.find((v) => v.toLowerCase() === said) : undefined;
    if (value !== undefined) return { column: c.title, value };
  }
  return undefined;
}

/**
 * A checkbox column said as a word, ticked or not: "done", "urgent", "a renewal" / "renewals" (true); "not done",
 * "not a renewal", "non-urgent" (false). Undefined when the words name no checkbox column.
 */
export function checkboxSaid(columns: SchemaColumn[], words: string): { column: string; value: boolean } | undefined {
  const m = /^(not\s+|non-?\s*)?(?:an?\s+)?(.+?)$/i.exec(words.trim())!;
  const said = m[2]!.toLowerCase();
  const column = columns.find((c) => c.type === 'CHECKBOX' && [c.title, `${c.title}s`].some((w) => w.toLowerCase() === said));
  return column && { column: column.title, value: !m[1] };
}

/** The column the words name by its title, in any case ("the" before it or not). */
export const columnTitled = (columns: SchemaColumn[], words: string) => {
  const wanted = words.trim().replace(/^the\s+/i, '').toLowerCase();
  return columns.find((c) => c.title.toLowerCase() === wanted);
};

/** What a plain total would answer wrongly ("how much more", "the difference", "how much is left"). */
export const DIFFERENCE = /\b(?:left|remaining|remains?|over|under|more|less|difference)\b/i;

/** Words that say "rows" of the sheet: "tasks", "deals", "entries", "the ones …". */
export const ROWS_SAID = /\b(?:tasks|rows|items|deals|projects|records|entries|ones)\b/i;
/** A row said by what it is, one or many: "task", "deals", "entry", "orders" (a regular expression's source). */
export const ROW_NOUN = String.raw`(?:rows?|tasks?|items?|deals?|projects?|records?|entries|entry|orders?|invoices?|purchases?|expenses?)`;
