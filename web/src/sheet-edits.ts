import { MAX_ROWS_INSERTED, type ColumnEdit, type RowsEdited } from '../../shared/api/grid-edits';
import { withRowsUnder, type Row, type Sheet } from '../../shared/sheet/model';
import type { Indent } from '../../shared/sheet/row-moves';
import type { ColumnType } from '../../shared/sheet/smartsheet-json';
import { numberRanges } from '../../shared/util/number-ranges';
import { plural } from '../../shared/util/plural';
import { api } from './api';

/**
 * Rows the person inserts, deletes, indents or moves in the grid, and columns they insert, rename or delete: written at
 * once (their act), each as a change set whose revert is the undo. What to do again on a redo: the same operation (a
 * move keeps rows' ids), the deletion of the rows an undo brought back, or of the column it brought back.
 */
export type SheetOp = { insert: { count: number; after?: number; before?: number } } | { delete: number[] } | { indent: { rowIds: number[]; direction: Indent } } | { move: { rowIds: number[]; after?: number; before?: number } } | { column: ColumnChange };

/** A column added, renamed or deleted from its header; a deletion names the column too (its undo brings it back with a new id). */
export type ColumnChange = { op: 'add'; title: string; type: ColumnType; index: number } | { op: 'rename'; columnId: number; title: string; was: string } | { op: 'delete'; columnId: number; title: string };

/** One of those on the sheet as the grid shows it (its `version`: a row changed since is a conflict). */
export function runSheetOp(sheet: Sheet, sessionId: string, op: SheetOp): Promise<RowsEdited> {
  const basis = { sessionId, version: sheet.version };
  if ('insert' in op) return api.insertRows(sheet.id, { ...basis, ...op.insert });
  if ('move' in op) return api.moveRows(sheet.id, { ...basis, ...op.move });
  if ('column' in op) return api.editColumn(sheet.id, columnEdit(sheet, op.column, basis));
  return 'delete' in op ? api.deleteRows(sheet.id, { ...basis, rowIds: op.delete }) : api.indentRows(sheet.id, { ...basis, ...op.indent });
}

/** "insertion of a row below row 5", "deletion of rows 3-5", "indent of row 4", "move of row 2", "deletion of column Budget": what the undo tooltip names. */
export function describedOp(sheet: Sheet, op: SheetOp): string {
  const numbers = new Map(sheet.rows.map((r) => [r.id, r.rowNumber]));
  if ('insert' in op) {
    const { after, before } = op.insert;
    const next = after !== undefined ? numbers.get(after) : before !== undefined ? numbers.get(before) : undefined;
    return `insertion of ${op.insert.count === 1 ? 'a row' : plural(op.insert.count, 'row')} ${next === undefined ? 'at the end' : `${after !== undefined ? 'below' : 'above'} row ${next}`}`;
  }
  if ('column' in op) return columnChanged(op.column);
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

/** The request for a column change; a deletion redone after its undo names the column come back (a new id) by its title. */
function columnEdit(sheet: Sheet, change: ColumnChange, basis: { sessionId: string; version: number }): ColumnEdit {
  if (change.op === 'add') return { ...basis, op: 'add', title: change.title, type: change.type, index: change.index };
  const columnId = sheet.columns.some((c) => c.id === change.columnId) ? change.columnId : (sheet.columns.find((c) => c.title === (change.op === 'rename' ? change.was : change.title))?.id ?? change.columnId);
  return change.op === 'rename' ? { ...basis, op: 'rename', columnId, title: change.title } : { ...basis, op: 'delete', columnId };
}

/** "insertion of column Notes", "renaming of column Notes to Remarks", "deletion of column Budget". */
function columnChanged(change: ColumnChange): string {
  if (change.op === 'rename') return `renaming of column ${change.was} to ${change.title}`;
  return `${change.op === 'add' ? 'insertion' : 'deletion'} of column ${change.title}`;
}
