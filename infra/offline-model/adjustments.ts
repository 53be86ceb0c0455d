/**
 * A column changed by an amount, worked out per row (update_cells with setComputed): "increase Budget by 10% where
 * Priority is High", "cut Spent by 500 for Plan SSO login", "push Due Date out by 7 days for Mei's tasks", "delay Due
 * Date by 2 weeks on row 5", "push the due date of Dana's blocked tasks back by a week".
 */
import { term } from './arithmetic.js';
import type { PlannedCall } from './commands.js';
import { rowsPointedAt } from './conditions.js';
import { parseFilter } from './filters.js';
import type { SchemaColumn } from './schema.js';

const VERB = String.raw`(increase|raise|decrease|reduce|cut|lower|push|move|postpone|delay|bring\s+forward)`;
const AMOUNT = String.raw`by\s+([\d,.]+|an?|one|two|three|four)\s*(%|percent|days?|weeks?)?`;
/** The column, then the rows: "push Due Date out by 7 days for Mei's tasks", "raise Budget by 5% where …". */
const COLUMN_FIRST = new RegExp(String.raw`^${VERB}\s+(?:the\s+)?(.+?)\s+(?:out\s+|back\s+|forward\s+)?${AMOUNT}\s+(?:(where)\s+(.+)|(?:for|on|of)\s+(.+))$`, 'i');
/** The column of the rows, then the amount: "push the due date of Dana's blocked tasks back by a week". */
const ROWS_FIRST = new RegExp(String.raw`^${VERB}\s+(?:the\s+)?(.+?)\s+(?:of|for|on)\s+(.+?)\s+(?:out\s+|back\s+|forward\s+)?${AMOUNT}$`, 'i');
const WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4 };

export function planAdjustment(text: string, columns: SchemaColumn[]): PlannedCall | undefined {
  const first = COLUMN_FIRST.exec(text);
  const second = first ? null : ROWS_FIRST.exec(text);
  const said = first ? { verb: first[1]!, column: first[2]!, amount: first[3]!, unit: first[4], where: first[5] && first[6], rows: first[7] } : second && { verb: second[1]!, column: second[2]!, amount: second[4]!, unit: second[5], where: undefined, rows: second[3] };
  const column = said && columns.find((c) => c.title.toLowerCase() === said.column.trim().toLowerCase());
  if (!said || !column) return undefined;
  const weeks = /^weeks?$/i.test(said.unit ?? '');
  const amount = (WORDS[said.amount.toLowerCase()] ?? Number(said.amount.replace(/,/g, ''))) * (weeks ? 7 : 1);
  const down = /^(decrease|reduce|cut|lower|bring\s+forward)$/i.test(said.verb);
  const percent = /^(%|percent)$/i.test(said.unit ?? '');
  const dates = /DATE/.test(column.type);
  if (!Number.isFinite(amount) || (percent && dates) || (weeks && !dates)) return undefined;
  const factor = Number((down ? 1 - amount / 100 : 1 + amount / 100).toPrecision(12)); // 1 - 0.07 is 0.9299999999999999
  const expression = percent ? `${term(column.title)} * ${factor}` : `${term(column.title)} ${down ? '-' : '+'} ${amount}`;
  // "where …" as written; else rows by number, described in words ("Mei's tasks"), or by name.
  const rows = said.where ? { filter: parseFilter(said.where) } : rowsPointedAt(said.rows!, columns, columns[0]!.title);
  return { name: 'update_cells', args: { setComputed: { [column.title]: expression }, ...rows } };
}
