import { MAX_ROWS_INSERTED, type RowsEdited } from '../../shared/api/contracts';
import { withRowsUnder, type Row, type Sheet } from '../../shared/sheet/model';
import { numberRanges } from '../../shared/util/number-ranges';
import { plural } from '../../shared/util/plural';
import type { Indent } from '../../shared/sheet/row-moves';
import { api } from './api';

/**
 * Rows the person inserts, deletes, indents or moves in the grid: written at once (their act), each as a change set
 * whose revert is the undo. What to do again on a redo: the same insertion, indent or move (a move keeps rows' ids), or
 * the deletion of the rows an undo brought back.
 */
export type RowsOp = { insert: { count: number; after?: number; before?: number } } | { delete: number[] } | { indent: { rowIds: number[]; direction: Indent } } | { move: { rowIds: number[]; after?: number; before?: number } };

/** One insertion, deletion, indent or move on the sheet as the grid shows it (its `version`: a row changed since is a conflict). */
export function runRows(sheet: Sheet, sessionId: string, op: RowsOp): Promise<RowsEdited> {
  const basis = { sessionId, version: sheet.version };
  if ('insert' in op) return api.insertRows(sheet.id, { ...basis, ...op.insert });
  if ('move' in op) return api.moveRows(sheet.id, { ...basis, ...op.move });
  return 'delete' in op ? api.deleteRows(sheet.id, { ...basis, rowIds: op.delete }) : api.indentRows(sheet.id, { ...basis, ...op.indent });
}

/** "insertion of a row below row 5", "deletion of rows 3-5", "indent of row 4", "move of row 2": what the undo tooltip names. */
export function describedRows(sheet: Sheet, op: RowsOp): string {
  const numbers = new Map(sheet.rows.map((r) => [r.id, r.rowNumber]));
  if ('insert' in op) {
    const { after, before } = op.insert;
    const next = after !== undefined ? numbers.get(after) : before !== undefined ? numbers.get(before) : undefined;
    return `insertion of ${op.insert.count === 1 ? 'a row' : plural(op.insert.count, 'row')} ${next === undefined ? 'at the end' : `${after !== undefined ? 'below' : 'above'} row ${next}`}`;
  }
  const [what, rowIds] = 'delete' in op ? ['deletion', op.delete] : 'move' in op ? ['move', op.move.rowIds] : [op.indent.direction, op.indent.rowIds];
  const chosen = rowIds.flatMap((id) => (numbers.has(id) ? [numbers.get(id)!] : []));
  return `${what} of ${chosen.length === 1 ? 'row' : 'rows'} ${numberRanges(chosen)}`;
}

/** "Delete rows 3-5 and the 2 rows under them?": what the person confirms. */
export function deletionQuestion(sheet: Sheet, rows: readonly Row[]): string {
  const under = withRowsUnder(sheet.rows, rows).under.length;
  return `Delete ${rows.length === 1 ? 'row' : 'rows'} ${numberRanges(rows.map((r) => r.rowNumber))}${under ? ` and the ${plural(under, 'row')} under ${rows.length === 1 ? 'it' : 'them'}` : ''}?`;
}

/** Blank rows an insertion next to these rows makes, as in a spreadsheet: as many as there are (2 to 50), else one. */
export const insertCount = (rows: readonly unknown[]): number => (rows.length > 1 && rows.length <= MAX_ROWS_INSERTED ? rows.length : 1);
