import { rowsUnder, type Sheet } from '../../shared/sheet/model.js';
import { ConflictError } from '../platform/errors.js';
import { sameValue } from './changeset.builder.js';
import type { ChangeSet, Conflict } from './changeset.model.js';
import { restoredRows } from './row-places.js';

/**
 * A change set against a sheet: what conflicts with applying or reverting it, and the
 * diff that undoes it. Pure; the service writes.
 */
/**
 * Touched cells whose current value is not what the change set expects (`old` before applying, `new` before
 * reverting); before applying, also what chose the changed rows (their basis, against the snapshot) and deleted rows' content.
 */
export function findConflicts(cs: ChangeSet, current: Sheet, expect: 'old' | 'new', base?: Sheet): Conflict[] {
  const rows = new Map(current.rows.map((r) => [r.id, r]));
  const conflicts: Conflict[] = [];
  for (const cell of cs.cells) {
    const expected = expect === 'old' ? cell.old : cell.new;
    const row = rows.get(cell.rowId);
    if (!row) {
      conflicts.push({ rowId: cell.rowId, column: cell.column, expected, actual: 'row deleted' });
      continue;
    }
    const column = current.columns.find((c) => c.id === cell.columnId);
    const actual = column ? (row.values[column.index] ?? null) : null;
    // Already the target value: an earlier attempt of this apply wrote it (activities run at least once), or someone
    // made the same change; either way nothing is lost by writing it.
    const target = expect === 'old' ? cell.new : cell.old;
    if (!sameValue(actual, expected) && !sameValue(actual, target)) conflicts.push({ rowId: cell.rowId, column: cell.column, expected, actual });
  }
  if (expect === 'old') {
    conflicts.push(...basisConflicts(cs, current, base));
    // Rows to add under a row someone deleted meanwhile have nowhere to go.
    for (const parentId of new Set(cs.addedRows.flatMap((r) => (r.parentId !== undefined ? [r.parentId] : [])))) {
      if (!rows.has(parentId)) conflicts.push({ rowId: parentId, column: '(row)', expected: 'the row to add rows under', actual: 'row deleted' });
    }
    // A row indented under a deleted one since the proposal would be deleted with it, unseen: the diff must be asked again.
    const listed = new Set(cs.deletedRows.map((r) => r.rowId!));
    for (const row of rowsUnder(current.rows, listed)) conflicts.push({ rowId: row.id, column: '(row)', expected: 'not under a row being deleted', actual: 'indented under a row being deleted' });
    for (const deleted of cs.deletedRows) {
      const row = rows.get(deleted.rowId!);
      if (!row) continue;
      for (const column of current.columns) {
        const before = deleted.values[column.title];
        if (before !== undefined && !sameValue(before, row.values[column.index] ?? null)) {
          conflicts.push({ rowId: deleted.rowId!, column: column.title, expected: before, actual: row.values[column.index] ?? null });
        }
      }
    }
  }
  return conflicts;
}

/**
 * The changed rows whose basis columns no longer hold what the snapshot (`base`) had: they may not be the rows
 * meant now. Without the snapshot this cannot be told, and nothing is written unseen.
 */
function basisConflicts(cs: ChangeSet, current: Sheet, base: Sheet | undefined): Conflict[] {
  if (!cs.basisColumnIds?.length) return [];
  if (!base) throw new ConflictError('The snapshot this change was proposed on is no longer kept, so whether its rows still match cannot be checked; nothing was written. Ask for the change again.');
  const [was, now] = [new Map(base.rows.map((r) => [r.id, r])), new Map(current.rows.map((r) => [r.id, r]))];
  const conflicts: Conflict[] = [];
  for (const rowId of new Set(cs.cells.map((c) => c.rowId))) {
    const [before, after] = [was.get(rowId), now.get(rowId)];
    if (!before || !after) continue; // a deleted row is reported with its cells
    for (const columnId of cs.basisColumnIds) {
      const [column, still] = [base.columns.find((c) => c.id === columnId), current.columns.find((c) => c.id === columnId)];
      if (!column) continue;
      const [expected, actual] = [before.values[column.index] ?? null, still ? (after.values[still.index] ?? null) : null];
      if (!sameValue(expected, actual)) conflicts.push({ rowId, column: column.title, expected, actual });
    }
  }
  return conflicts;
}

/**
 * The diff that undoes an applied change set: new values back to old, deleted rows added again where they stood, added
 * rows deleted, the column change inverted.
 */
export function inverseOf(cs: ChangeSet): Pick<ChangeSet, 'cells' | 'addedRows' | 'deletedRows' | 'columnOp'> {
  return {
    cells: cs.cells.map(({ oldFormula, newFormula: _written, ...c }) => ({ ...c, old: c.new, new: c.old, ...(oldFormula ? { newFormula: oldFormula } : {}) })),
    addedRows: restoredRows(cs.deletedRows),
    deletedRows: (cs.addedRowIds ?? []).map((rowId) => ({ rowId, values: {} })),
    columnOp: inverseColumnOp(cs),
  };
}

function inverseColumnOp(cs: ChangeSet): ChangeSet['columnOp'] {
  const op = cs.columnOp;
  if (!op) return undefined;
  if (op.kind === 'add') {
    if (!op.createdColumnId) throw new ConflictError('The added column is unknown; it cannot be removed automatically.');
    return { kind: 'delete', columnId: op.createdColumnId, column: op.title, type: op.type, index: op.index, values: [] };
  }
  if (op.kind === 'update') return { kind: 'update', columnId: op.columnId, column: op.title ?? op.column, title: op.old.title, ...(op.old.options ? { options: op.old.options } : {}), old: { title: op.title ?? op.column } };
  return { kind: 'add', title: op.column, type: op.type, index: op.index, ...(op.options ? { options: op.options } : {}) };
}

