/**
 * Moving rows in the offline model's language: "move row 9 to the top", "move Design review to the bottom of the
 * sheet", "indent rows 6-7", "outdent Plan SSO login" (move_rows at once); "move row 9 under Phase 1", "move Build
 * after row 3", "indent row 6 under row 4" (the row to go beside found first, then move_rows with its id).
 */
import type { PlannedCall } from './commands.js';
import { rowsPointedAt } from './conditions.js';
import { parseFilter } from './filters.js';
import { rowRef } from './row-numbers.js';
import { optionSaid, ownerSaid, type SchemaColumn } from './schema.js';

/** Where rows go beside a row: indented under it, or just below or above it at its level (add_rows' and move_rows' own words). */
export type Placement = 'under' | 'after' | 'before';
export const PLACEMENT: Record<string, Placement> = { under: 'under', beneath: 'under', into: 'under', after: 'after', below: 'after', before: 'before', above: 'before' };

/** The rows named: by number ("row 5", "rows 3-4"), else the first column's value. */
const rowsNamed = (said: string, primary: string) => rowRef(said.replace(/^the\s+(?=rows?\s)/i, ''), primary);

/** "move row 9 to the top", "indent rows 6-7", "outdent Plan SSO login": the call, or undefined for other text. */
export function planMove(t: string, columns: SchemaColumn[]): PlannedCall | undefined {
  const primary = columns[0]?.title;
  if (!primary) return undefined;
  const ends = /^move\s+(.+?)\s+to\s+the\s+(top|bottom|end|start|beginning)(?:\s+of\s+the\s+(?:sheet|list))?$/i.exec(t);
  if (ends) return { name: 'move_rows', args: { ...rowsNamed(ends[1]!, primary), to: /^(top|start|beginning)$/i.test(ends[2]!) ? 'top' : 'bottom' } };
  // "move the done tasks to Archive", "copy rows where Status is Complete to the Archive sheet": to another sheet.
  const sent = /^(move|copy)\s+(.+?)\s+(?:to|into)\s+(?:the\s+)?(?:sheet\s+)?["“]?(.+?)["”]?(?:\s+sheet)?$/i.exec(t);
  // Not "move row 5 to Mei" or "… to Blocked": to a person the owner column holds, or to an option, is an edit.
  if (sent && !ownerSaid(columns, sent[3]!) && !optionSaid(columns, sent[3]!)) {
    const where = /^(?:the\s+)?(?:rows|tasks|items)\s+where\s+(.+)$/i.exec(sent[2]!);
    const rows = where ? { filter: parseFilter(where[1]) } : rowsPointedAt(sent[2]!, columns, primary);
    return { name: 'move_rows', args: { ...rows, toSheet: sent[3]!.trim(), ...(/^copy$/i.test(sent[1]!) ? { copy: true } : {}) } };
  }
  const level = /^(indent|outdent|unindent)\s+(.+?)(?:\s+(?:one|a)\s+level)?$/i.exec(t);
  if (level && !/\s(?:under|beneath|into)\s/i.test(` ${level[2]} `)) return { name: 'move_rows', args: { ...rowsNamed(level[2]!, primary), [/^indent$/i.test(level[1]!) ? 'indent' : 'outdent']: true } };
  return undefined;
}

/**
 * "move row 9 under Phase 1", "move Build after row 3", "indent row 6 under row 4": the rows to move, where, and the
 * row they go beside (named by its first column's value or its number) — found first, as for rows added beside one.
 */
export function movePlaced(t: string, columns: SchemaColumn[]): { move: Record<string, unknown>; how: Placement; primary: string; name: string } | undefined {
  const primary = columns[0]?.title;
  const m = /^(?:move|indent)\s+(.+?)\s+(under|beneath|into|after|below|before|above)\s+(.+)$/i.exec(t);
  if (!m || !primary) return undefined;
  return { move: rowsNamed(m[1]!, primary), how: PLACEMENT[m[2]!.toLowerCase()]!, primary, name: m[3]!.trim() };
}
