/**
 * Rows named by the numbers the grid shows: "row 5", "rows 3, 4 and 7", "rows 7-9", "rows 10 to 12". The offline
 * model passes them as `rowNumbers`; the tools resolve them against the turn's snapshot.
 */
import { numberRanges } from '../../shared/util/number-ranges.js';
import type { PlannedCall } from './commands.js';

/** At most this many numbers from one range ("rows 1-100000" is not a request anyone means). */
const MAX_RANGE = 500;

/** "row 5", "rows 3, 4 and 7", "rows 7-9", "rows 10 to 12" (a regular expression's source, to build on). */
export const ROW_LIST = String.raw`(?:the\s+)?rows?\s+#?\d+(?:\s*(?:,|and|&|-|–|to|through|thru)\s*#?\d+)*`;

/** The numbers in "row 5" / "rows 3, 4 and 7" / "rows 7-9"; undefined when the text is not just that. */
export function rowNumberList(text: string): number[] | undefined {
  if (!new RegExp(`^${ROW_LIST}$`, 'i').test(text.trim())) return undefined;
  const m = /\d.*$/.exec(text.trim())!;
  const numbers: number[] = [];
  for (const part of m[0].split(/\s*(?:,|\band\b|&)\s*/i)) {
    const range = /^#?(\d+)\s*(?:-|–|to|through|thru)\s*#?(\d+)$/i.exec(part.trim());
    if (!range) {
      numbers.push(Number(part.replace('#', '')));
      continue;
    }
    const [from, to] = [Number(range[1]), Number(range[2])].sort((a, b) => a - b) as [number, number];
    for (let n = from; n <= Math.min(to, from + MAX_RANGE - 1); n++) numbers.push(n);
  }
  return [...new Set(numbers)].filter((n) => n >= 1);
}

/** Rows a person names: "row 5" / "rows 3 and 4" by number, anything else as the primary column's value. */
export function rowRef(name: string, primary: string): { rowNumbers: number[] } | { filter: { column: string; op: 'eq'; value: string } } {
  const rowNumbers = rowNumberList(name);
  return rowNumbers?.length ? { rowNumbers } : { filter: { column: primary, op: 'eq', value: name.trim().replace(/^["“']|["”']$/g, '') } };
}

/** "delete row 7", "show rows 3-5", "what's in row 12", "row 12": the calls, or undefined for other text. */
export function rowNumberCommand(t: string): PlannedCall | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^(?:delete|remove)\s+(.+)$/i.exec(t))) {
    const rowNumbers = rowNumberList(m[1]!);
    return rowNumbers?.length ? { name: 'delete_rows', args: { rowNumbers } } : undefined;
  }
  m = /^(?:(?:show|list|get|open|display)(?:\s+me)?|what(?:'s|’s| is)\s+in)?\s*(.+)$/i.exec(t);
  const rowNumbers = m && rowNumberList(m[1]!);
  return rowNumbers?.length ? { name: 'get_rows', args: { rowNumbers: rowNumbers.slice(0, 100) } } : undefined;
}

/** The questions that can be asked of some rows alone (`rowNumbers`). */
const ASKED_OF_ROWS = new Set(['query_rows', 'aggregate']);

/**
 * A question about some rows by number ("total Budget of rows 3-6", "how many of rows 3-6 are Blocked" — a grid
 * selection's "these" reads so): the calls `read` makes of the question without them, asked of those rows alone.
 * Undefined when the rest is no such question ("what is the Status of row 12" is a lookup).
 */
export function askedOfRows(text: string, read: (rest: string) => PlannedCall[] | undefined): PlannedCall[] | undefined {
  const m = new RegExp(String.raw`\s+(?:of|for|in|among|across|on|from|over)\s+(${ROW_LIST})(?=\s|[?.!]|$)`, 'i').exec(text);
  const rowNumbers = m ? rowNumberList(m[1]!) : undefined;
  const asked = m && rowNumbers?.length ? read(`${text.slice(0, m.index)}${text.slice(m.index + m[0].length)}`.trim()) : undefined;
  return asked?.every((call) => ASKED_OF_ROWS.has(call.name)) ? asked.map((call) => ({ ...call, args: { ...call.args, rowNumbers } })) : undefined;
}

/** Which rows a call reads, as its reading says it: "rows 3-6 where Status is "Blocked"", or the filter alone. */
export function rowsRead(args: Record<string, unknown>, describe: (filter: unknown) => string): string {
  const among = args.rowNumbers as number[] | undefined;
  return among ? `rows ${numberRanges(among)}${args.filter ? ` where ${describe(args.filter)}` : ''}` : describe(args.filter);
}
