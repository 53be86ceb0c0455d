import type { OutlinePlace, SiblingGroup } from '../../shared/sheet/model.js';
import type { ColumnType } from '../../shared/sheet/smartsheet-json.js';
import type { RowLocation } from '../smartsheet/smartsheet.port.js';
import type { SheetValue } from '../../shared/sheet/values.js';

/**
 * A change set is a proposed diff against one snapshot version. Nothing is
 * written until its owner approves; applying checks the touched rows did not
 * change meanwhile; an applied change set can be reverted.
 */
export type ChangeSetStatus = 'awaiting_approval' | 'applying' | 'applied' | 'reverting' | 'rejected' | 'expired' | 'conflict' | 'failed' | 'reverted';

export interface CellChange {
  rowId: number;
  rowNumber: number;
  columnId: number;
  column: string;
  old: SheetValue;
  new: SheetValue;
  /** The formula the cell held (`old` is the value it showed): undo writes the formula back. */
  oldFormula?: string;
  /** Written as the cell's formula (an undo putting one back); `new` is the value it showed then. */
  newFormula?: string;
}

export interface RowValues {
  rowId?: number;
  rowNumber?: number;
  /** An added row goes indented under this row (Smartsheet's parentId), after the rows under it already. */
  parentId?: number;
  /** An added row goes just below (or, `above`, just above) this row, at its level (Smartsheet's siblingId). */
  nextTo?: { siblingId: number; above?: true };
  /** A deleted row: where it stood, for undo to put it back there. */
  place?: OutlinePlace;
  /** A row an undo adds back: the deleted row it brings back (the id other rows' places name). */
  restores?: number;
  /** Cells that held a formula of their own, by column title: undo writes the formula, not the value it showed. */
  formulas?: Record<string, string>;
  values: Record<string, SheetValue>;
}

/**
 * Rows moved to one place, each with the rows indented under it, in this order: `to` a place named by row ids (a
 * move_rows proposal), or `back` where they stood before a move (its undo: resolved when written, as a deleted row's
 * place is — a row beside it since deleted, the rows go first or last under their parent).
 */
export interface RowMove {
  rowIds: number[];
  /** The rows' numbers when proposed, and (a proposal) where the move puts them: for the diff. */
  rowNumbers: number[];
  rowNumbersAfter?: number[];
  to?: RowLocation;
  back?: OutlinePlace;
}

/** A moved row and where it stood. */
export interface RowPlace {
  rowId: number;
  place: OutlinePlace;
}

/**
 * Rows sent to another sheet (move_rows with toSheet): moved out of this one, or copied. `back`: the undo of that — a
 * copy's rows deleted from the other sheet; a move's moved back here and put where they stood.
 */
export interface RowTransfer {
  mode: 'move' | 'copy';
  /** The other sheet. */
  sheetId: number;
  sheetName: string;
  /** The rows as they stood here, top to bottom, each with the rows under it: the card's list, what approval checks, and where undo puts them. */
  rows: RowValues[];
  /** Columns the other sheet lacks, which Smartsheet adds to it. */
  addsColumns?: string[];
  /** Once applied: each row's id in the other sheet, by its id here. */
  rowMap?: { from: number; to: number }[];
  back?: true;
}

/** A comment to post on a row (a new thread) or, `remove`, to delete (an undo); `commentId` once posted. */
export interface CommentWrite {
  rowId: number;
  rowNumber: number;
  text: string;
  commentId?: number;
  remove?: true;
}

/** A non-empty cell of a column, and the formula it held if it had one. */
export interface ColumnCell {
  rowId: number;
  value: SheetValue;
  formula?: string;
}

/**
 * `add` with `values`: an undo bringing a deleted column back fills its cells again. `delete`: the column's cells, for
 * that undo (`calculated`: Smartsheet worked them out — a column formula or a system column — and undo brings back
 * the values, not the calculation).
 */
export type ColumnOp =
  | { kind: 'add'; title: string; type: ColumnType; options?: string[]; index: number; createdColumnId?: number; values?: ColumnCell[] }
  | { kind: 'update'; columnId: number; column: string; title?: string; options?: string[]; old: { title: string; options?: string[] } }
  | { kind: 'delete'; columnId: number; column: string; type: ColumnType; options?: string[]; index: number; values: ColumnCell[]; calculated?: true };

/** A cell (or, with no row, a whole column) that no longer holds what the change expects. */
export interface Conflict {
  rowId?: number;
  rowNumber?: number;
  column?: string;
  expected: SheetValue;
  actual: SheetValue | 'row deleted';
}

export interface ChangeSet {
  id: string;
  sessionId: string;
  userId: string;
  sheetId: number;
  baseVersion: number;
  tool: string;
  summary: string;
  status: ChangeSetStatus;
  cells: CellChange[];
  /**
   * What chose an update's rows and is not written — its filter's columns, or for rows chosen by id every other
   * editable column: at approval each changed row must still hold the snapshot's values there too, or it may no
   * longer be a row the person meant ("where Status is Blocked", "those rows").
   */
  basisColumnIds?: number[];
  addedRows: RowValues[];
  deletedRows: RowValues[];
  /** What the person should know before approving, e.g. a picklist value that is not one of its options. */
  notes?: string[];
  columnOp?: ColumnOp;
  sort?: { columnId: number; column: string; direction: 'ASCENDING' | 'DESCENDING' }[];
  /** An applied sort: the rows' order just before it, sibling group by sibling group — what its revert puts back. */
  orderBefore?: SiblingGroup[];
  /** Puts rows in this order, sibling group by sibling group (the undo of a sort). */
  reorder?: SiblingGroup[];
  /** Rows to move (move_rows, or the undo of a move), one place after another. */
  moves?: RowMove[];
  /** An applied move: where each moved row stood just before it, top to bottom — what its revert puts back. */
  placesBefore?: RowPlace[];
  /** Rows sent to another sheet, or (`back`) the undo of that. */
  transfer?: RowTransfer;
  /** Comments to post on rows (add_comment), or to delete (its undo). */
  comments?: CommentWrite[];
  createdAt: string;
  expiresAt: string;
  decidedAt?: string;
  appliedVersion?: number;
  addedRowIds?: number[];
  /** The added rows as read back after writing (every column): undoing the add deletes them only while they still are. */
  addedContent?: RowValues[];
  conflicts?: Conflict[];
  failures?: { rowId?: number; message: string }[];
  error?: string;
  revertedVersion?: number;
  /** When a revert claimed it (one revert at a time; a claim older than REVERT_CLAIM_MS, left by a crash, is given back with a warning). */
  revertingSince?: string;
  /** Who holds the claim: a revert request, or the id of the chat "undo" change set being applied. */
  revertingBy?: string;
  /** The request that proposed it (its trace id): carried into the notice and the push. */
  correlationId?: string;
  /** The request span (W3C traceparent) the apply and the notice continue. */
  traceParent?: string;
  /** A change set that undoes another carries its id. */
  revertOf?: string;
  /** Made by the person in the grid (rows added or deleted there): applied at once, undone there, not by the chat's "undo". */
  origin?: 'grid';
  /** A reverted deletion: the ids the rows came back with (their old ids are gone), in the order of `deletedRows`'s restore. */
  restoredRowIds?: number[];
}

export const TERMINAL: readonly ChangeSetStatus[] = ['applied', 'rejected', 'expired', 'conflict', 'failed', 'reverted'];

/** A sort, or the undo of one: applying it keeps the order before it (`orderBefore`), which its revert puts back. */
export const reordersRows = (cs: Pick<ChangeSet, 'sort' | 'reorder'>): boolean => Boolean(cs.sort?.length || cs.reorder?.length);

/** Row ids a change set touches (for citations and live updates). */
export function touchedRowIds(cs: ChangeSet): number[] {
  return [...new Set([...cs.cells.map((c) => c.rowId), ...cs.deletedRows.map((r) => r.rowId!), ...(cs.addedRowIds ?? []), ...(cs.moves ?? []).flatMap((m) => m.rowIds), ...(cs.transfer?.rows ?? []).map((r) => r.rowId!), ...(cs.comments ?? []).map((c) => c.rowId)])];
}

/** A change set as its owner is shown it: without the bulky records kept only for undoing it (a sorted sheet's order). */
export function changeSetView(cs: ChangeSet): Omit<ChangeSet, 'orderBefore' | 'reorder' | 'placesBefore' | 'transfer'> & { orderKept?: true; transfer?: Omit<RowTransfer, 'rowMap'> } {
  const { orderBefore, reorder: _reorder, placesBefore: _places, transfer, ...view } = cs;
  const { rowMap: _map, ...sent } = transfer ?? {};
  return { ...view, ...(orderBefore ? { orderKept: true as const } : {}), ...(transfer ? { transfer: { ...(sent as Omit<RowTransfer, 'rowMap'>), rows: transfer.rows.map(({ place: _p, formulas: _f, ...r }) => r) } } : {}) };
}
