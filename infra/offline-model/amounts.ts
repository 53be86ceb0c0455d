/**
 * Amounts compared in words, as the offline model reads them: "Budget over 5,000", "Deal Value under $20k", "Budget
 * between 10k and 20k", "deals over 100k" (of the sheet's column of money), "at least 2 weeks overdue", and an amount
 * said that no condition holds (so the question is not answered as if exactly).
 */
import { toAmount } from '../../shared/query/compare.js';
import type { Condition } from './conditions.js';
import { amountColumn, escape, hasPhrase, ROW_NOUN, type SchemaColumn } from './schema.js';

const COMPARE: [RegExp, string][] = [
  [/(?:at least|no less than)/, 'gte'],
  [/(?:at most|no more than)/, 'lte'],
  // "no more than 500" is at most 500, not also more than 500.
  [/(?<!\bno\s+)(?:over|above|more than|greater than)/, 'gt'],
  [/(?<!\bno\s+)(?:under|below|less than|fewer than)/, 'lt'],
];

/** An amount: "5,000", "$20k", "1.5m". */
const AMOUNT = String.raw`\$?([\d,.]+)\s*(k|m)?\b`;
const amountOf = (digits: string, scale: string | undefined) => toAmount(`${digits}${scale ?? ''}`) ?? NaN;
/**
 * An amount said of a column by its title, a percentage too ("Win Chance over 50%"): given as said ("50%"), for the
 * query to read as the column shows its numbers (0.5 where it shows percentages) — as a command's would be.
 */
const TITLED = String.raw`${AMOUNT}(\s*%)?`;
const titledAmount = (digits: string, scale: string | undefined, percent: string | undefined) => (percent ? `${digits}%` : amountOf(digits, scale));
/** After an amount: not a span of time or a percentage ("over 3 days", "over 10%"). */
const NOT_SPAN = String.raw`(?!\s*(?:%|(?:days?|weeks?|months?|years?|percent)\b))`;

/** Text that ends by saying rows ("… Hardware entries", "deals"): what an amount said next is of. */
const ENDS_WITH_ROWS = new RegExp(String.raw`\b(?:${ROW_NOUN}|ones)\s*$`, 'i');
/** Rows said to be something, then "and" just before the amount: "items are not approved and over 10000". */
const ROWS_ARE_AND = new RegExp(String.raw`\b(?:${ROW_NOUN}|ones)\s+(?:that\s+|which\s+)?(?:are|is|were|was)\b.*\band\s*$`, 'i');

/** The conditions on amounts the words name. */
export function amountConditions(text: string, columns: SchemaColumn[]): Condition[] {
  // "Budget over 5,000", "Deal Value under $20k", "Budget between 10k and 20k" (numbers only; k and m understood); an
  // amount with no title ("deals over 100k", "entries over 10k") is of the sheet's column of money, when no title is said.
  const own: Condition[] = [];
  for (const c of columns.filter((x) => x.type === 'TEXT_NUMBER')) {
    const between = new RegExp(String.raw`\b${escape(c.title)}\s+(?:is\s+)?between\s+${TITLED}\s+and\s+${TITLED}`, 'i').exec(text);
    if (between) {
      const ends = [titledAmount(between[1]!, between[2], between[3]), titledAmount(between[4]!, between[5], between[6])];
      own.push({ column: c.title, op: 'between', values: ends.every((e) => typeof e === 'number') ? (ends as number[]).sort((a, b) => a - b) : ends });
    }
    for (const [words, op] of COMPARE) {
      const m = new RegExp(String.raw`\b${escape(c.title)}\s+(?:is\s+)?${words.source}\s+${TITLED}`, 'i').exec(text);
      if (m) own.push({ column: c.title, op, value: titledAmount(m[1]!, m[2], m[3]) });
    }
  }
  const money = own.length === 0 ? amountColumn(columns) : undefined;
  // Not when another column of numbers is named ("Rating over 4" is no amount of money).
  const amount = money && !columns.some((c) => c.numeric && c !== money && hasPhrase(text, c.title)) ? money : undefined;
  for (const [words, op] of amount ? COMPARE : []) {
    const m = new RegExp(String.raw`\b${words.source}\s+${AMOUNT}${NOT_SPAN}`, 'i').exec(text);
    // Said of the rows ("deals over 100k", "entries over 500") or as money ("over $500", "over 10k") — not of some
    // other word ("Rating over 4" on a sheet without a Rating column is no amount of money).
    const ofRows = m && (/\$|\d\s*[km]\b/i.test(m[0]) || ENDS_WITH_ROWS.test(text.slice(0, m.index)) || ROWS_ARE_AND.test(text.slice(0, m.index)));
    if (m && ofRows) own.push({ column: amount!.title, op, value: amountOf(m[1]!, m[2]) });
  }
  return own;
}

/**
 * "more than 10 days late", "at least 2 weeks overdue": how late rows are, as a condition on the days each is late
 * (`column`, worked out per row); undefined when the question says no such span.
 */
export function lateBy(text: string, column: string): Condition | undefined {
  for (const [words, op] of COMPARE) {
    const m = new RegExp(String.raw`\b${words.source}\s+(\d{1,4})\s+(days?|weeks?)\s+(?:late|overdue|past due|behind)\b`, 'i').exec(text);
    if (m) return { column, op, value: Number(m[1]) * (/^week/i.test(m[2]!) ? 7 : 1) };
  }
  return undefined;
}

/** Any amount compared ("over 10000", "under $500"), not a span of time or a percentage. */
const COMPARED_AMOUNT = new RegExp(String.raw`\b(?:${COMPARE.map(([words]) => words.source).join('|')})\s+${AMOUNT}${NOT_SPAN}`, 'gi');

/**
 * An amount the question compares ("over 10000", "under $500", "more than 3") that no condition it read holds: the
 * words as said and the amount, else undefined. Answering without it would answer a wider question as if exactly.
 */
export function unreadAmount(text: string, found: Condition[]): { said: string; amount: number } | undefined {
  const read = new Set(found.flatMap((c) => [c.value, ...((c.values as unknown[] | undefined) ?? [])]));
  const unread = [...text.matchAll(COMPARED_AMOUNT)].find((m) => !read.has(amountOf(m[1]!, m[2])));
  return unread && { said: unread[0].trim(), amount: amountOf(unread[1]!, unread[2]) };
}
