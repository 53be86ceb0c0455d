import type { Sheet, SiblingGroup } from '../../shared/sheet/model.js';
import { columnByTitle, siblingGroups } from '../../shared/sheet/model.js';
import { plural } from '../../shared/util/plural.js';
import { SmartsheetError, type CellWrite, type SmartsheetPort, type WriteResult } from '../smartsheet/smartsheet.port.js';
import { reordersRows, type ChangeSet, type CommentWrite, type RowPlace } from './changeset.model.js';
import { moveLocation, placesOf } from './row-moves.js';
import { addCalls, locationOf } from './row-places.js';
import { writeTransfer } from './row-transfers.js';

/**
 * A change set's writes, through the port holding the sheet's write lock, against the sheet as read under it: cells,
 * added rows (an undo's where they stood), deleted rows, the column change, the sort or the order put back, the rows
 * moved (or put back where they stood).
 */
export async function writeChangeSet(smartsheet: SmartsheetPort, cs: ChangeSet, sheet: Sheet): Promise<WriteOutcome> {
  const run: WriteRun = { smartsheet, cs, sheet, version: sheet.version, failures: [] };
  if (cs.cells.length) collect(run, await smartsheet.updateRows(cs.sheetId, byRow(cs), sheet.columns));
  const addedRowIds = await addRowsOf(run);
  if (cs.deletedRows.length) run.version = Math.max(run.version, (await smartsheet.deleteRows(cs.sheetId, cs.deletedRows.map((r) => r.rowId!))).version);
  const createdColumnId = await columnOpOf(run);
  // The order before a sort (or a sort's undo) is kept, for its revert; a revert moves each group of rows under one parent back in order.
  const orderBefore = reordersRows(cs) ? siblingGroups(sheet.rows) : undefined;
  if (cs.sort) run.version = (await smartsheet.sortSheet(cs.sheetId, cs.sort.map((s) => ({ columnId: s.columnId, direction: s.direction })))).version;
  for (const group of cs.reorder ?? []) {
    if (group.rowIds.length > 1) collect(run, await smartsheet.moveRows(cs.sheetId, group.rowIds, group.parentId !== undefined ? { parentId: group.parentId } : { toTop: true }));
  }
  // Where moved rows stood is kept, for the revert to put them back.
  const placesBefore = cs.moves?.length ? placesOf(sheet, cs.moves) : undefined;
  const present = cs.moves?.length ? new Set(sheet.rows.map((r) => r.id)) : undefined; // moves add and delete no row
  for (const move of cs.moves ?? []) collect(run, await smartsheet.moveRows(cs.sheetId, move.rowIds, moveLocation(move, present!)));
  const comments = cs.comments?.length ? await writeComments(run) : undefined;
  const sent = cs.transfer ? await writeTransfer(smartsheet, cs, sheet) : undefined;
  if (sent) {
    run.version = Math.max(run.version, sent.version);
    run.failures.push(...sent.failures.map((message) => ({ message })));
  }
  return { version: run.version, addedRowIds, ...(sent?.rowMap ? { rowMap: sent.rowMap } : {}), ...(comments ? { comments } : {}), failures: run.failures, ...(createdColumnId ? { createdColumnId } : {}), ...(orderBefore ? { orderBefore } : {}), ...(placesBefore ? { placesBefore } : {}) };
}

/**
 * The change set's comments: deleted (one gone already is fine), or posted — one Smartsheet refuses is a failure and
 * the others go on, so the comments posted are always recorded (their undo deletes them).
 */
async function writeComments(run: WriteRun): Promise<CommentWrite[]> {
  const written: CommentWrite[] = [];
  for (const comment of run.cs.comments ?? []) {
    if (comment.remove) {
      await run.smartsheet.deleteComment(run.cs.sheetId, comment.commentId!);
      continue;
    }
    try {
      const { commentId } = await run.smartsheet.addComment(run.cs.sheetId, comment.rowId, comment.text);
      written.push({ ...comment, commentId });
    } catch (error) {
      if (!(error instanceof SmartsheetError)) throw error;
      run.failures.push({ rowId: comment.rowId, message: error.status === 404 ? `Row ${comment.rowNumber} is no longer in the sheet, so it was not commented on.` : `Row ${comment.rowNumber} was not commented on: ${error.message}` });
    }
  }
  return written;
}

/** The cells to write, row by row (a formula an undo puts back is written as the formula). */
const byRow = (cs: ChangeSet) => {
  const rows = new Map<number, CellWrite[]>();
  for (const cell of cs.cells) rows.set(cell.rowId, [...(rows.get(cell.rowId) ?? []), { columnId: cell.columnId, value: cell.new, ...(cell.newFormula ? { formula: cell.newFormula } : {}) }]);
  return [...rows].map(([id, cells]) => ({ id, cells }));
};

export interface WriteOutcome {
  version: number;
  addedRowIds: number[];
  failures: { rowId?: number; message: string }[];
  createdColumnId?: number;
  orderBefore?: SiblingGroup[];
  placesBefore?: RowPlace[];
  /** Rows sent to another sheet: each one's id there. */
  rowMap?: { from: number; to: number }[];
  /** The comments as written: each posted one with its id. */
  comments?: CommentWrite[];
}

/** One change set being written: the newest version seen and the rows Smartsheet refused. */
interface WriteRun {
  smartsheet: SmartsheetPort;
  cs: ChangeSet;
  /** The sheet as read under the write lock, before any of these writes. */
  sheet: Sheet;
  version: number;
  failures: { rowId?: number; message: string }[];
}

function collect(run: WriteRun, result: WriteResult): WriteResult {
  run.version = Math.max(run.version, result.version);
  for (const o of result.outcomes) if (!o.ok) run.failures.push({ rowId: o.rowId, message: o.error.message });
  return result;
}

/** The change set's added rows, call by call (rows an undo brings back go where they stood); their new ids. */
async function addRowsOf(run: WriteRun): Promise<number[]> {
  const { smartsheet, cs, sheet } = run;
  const addedRowIds: number[] = [];
  // Rows an undo adds back get new ids; a row placed after one of them is placed after its new id.
  const present = new Set(sheet.rows.map((r) => r.id));
  const readded = new Map<number, number>();
  const idNow = (rowId: number) => readded.get(rowId) ?? (present.has(rowId) ? rowId : undefined);
  const gone = new Set<string>();
  for (const call of addCalls(cs.addedRows)) {
    const rows = call.rows.map((r) => ({
      cells: Object.entries(r.values).flatMap(([title, value]): CellWrite[] => {
        const column = columnByTitle(sheet, title);
        if (!column) gone.add(title);
        // Smartsheet works out calculated columns (formulas, auto-numbers, created dates) itself: they are not written.
        if (!column || column.readOnly) return [];
        const formula = r.formulas?.[title];
        return formula ? [{ columnId: column.id, value, formula }] : value === null ? [] : [{ columnId: column.id, value }];
      }),
    }));
    for (const o of collect(run, await smartsheet.addRows(cs.sheetId, rows, sheet.columns, locationOf(call, idNow))).outcomes) {
      if (!o.ok) continue;
      addedRowIds.push(o.rowId);
      const restores = call.rows[o.index]?.restores;
      if (restores !== undefined) readded.set(restores, o.rowId);
    }
  }
  for (const title of gone) run.failures.push({ message: `The sheet has no column "${title}" any more, so its values in the added rows were not written.` });
  return addedRowIds;
}

/** The change set's column change; the id of a column it adds (a deleted column coming back gets its cells again). */
async function columnOpOf(run: WriteRun): Promise<number | undefined> {
  const { smartsheet, cs, sheet } = run;
  const op = cs.columnOp;
  if (op?.kind === 'update') run.version = (await smartsheet.updateColumn(cs.sheetId, op.columnId, { ...(op.title ? { title: op.title } : {}), ...(op.options ? { options: op.options } : {}) })).version;
  if (op?.kind === 'delete') run.version = (await smartsheet.deleteColumn(cs.sheetId, op.columnId)).version;
  if (op?.kind !== 'add') return undefined;
  const added = await smartsheet.addColumns(cs.sheetId, [{ title: op.title, type: op.type, index: op.index, ...(op.options ? { options: op.options } : {}) }]);
  run.version = added.version;
  const column = added.columns[0];
  if (!column || !op.values?.length) return column?.id;
  const present = new Set(sheet.rows.map((r) => r.id));
  const [kept, lost] = [op.values.filter((c) => present.has(c.rowId)), op.values.filter((c) => !present.has(c.rowId))];
  const cells = kept.map((c) => ({ id: c.rowId, cells: [{ columnId: column.id, value: c.value, ...(c.formula ? { formula: c.formula } : {}) }] }));
  if (cells.length) collect(run, await smartsheet.updateRows(cs.sheetId, cells, [...sheet.columns, column]));
  if (lost.length) run.failures.push({ message: `The column's values on ${plural(lost.length, 'row')} deleted since could not be brought back.` });
  return column.id;
}
