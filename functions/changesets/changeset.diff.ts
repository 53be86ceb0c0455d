import { columnByTitle, rowsUnder, type Sheet, type SiblingGroup } from '../../shared/sheet/model.js';
import { ConflictError } from '../platform/errors.js';
import { sameValue } from './write-targets.js';
import { reordersRows, type ChangeSet, type ColumnCell, type Conflict, type RowValues } from './changeset.model.js';
import { restoredRows } from './row-places.js';
import { moveConflicts, movesBack } from './row-moves.js';
import { transferConflicts } from './row-transfers.js';

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
  conflicts.push(...columnConflicts(cs, current, expect));
  // Putting a sorted sheet back in order: the rows under each parent must be the ones that were sorted.
  const order = expect === 'old' ? cs.reorder : reordersRows(cs) ? cs.orderBefore : undefined;
  if (order) conflicts.push(...orderConflicts(order, current));
  conflicts.push(...moveConflicts(cs, current, expect));
  if (expect === 'old') {
    conflicts.push(...basisConflicts(cs, current, base));
    // Rows to add under (or next to) a row someone deleted meanwhile have nowhere to go.
    for (const parentId of new Set(cs.addedRows.flatMap((r) => (r.parentId !== undefined ? [r.parentId] : [])))) {
      if (!rows.has(parentId)) conflicts.push({ rowId: parentId, column: '(row)', expected: 'the row to add rows under', actual: 'row deleted' });
    }
    for (const siblingId of new Set(cs.addedRows.flatMap((r) => (r.nextTo ? [r.nextTo.siblingId] : [])))) {
      if (!rows.has(siblingId)) conflicts.push({ rowId: siblingId, column: '(row)', expected: 'the row to add rows next to', actual: 'row deleted' });
    }
    conflicts.push(...deletionConflicts(cs.deletedRows, current));
    // Rows to send to another sheet: still here, as shown (an undo's are in the other sheet: checked there).
    if (cs.transfer && !cs.transfer.back) conflicts.push(...transferConflicts(cs.transfer.rows, current, `a row to ${cs.transfer.mode}`));
    // A row to comment on deleted meanwhile (a comment to delete that is gone already is no conflict).
    for (const c of cs.comments ?? []) if (!c.remove && !rows.has(c.rowId)) conflicts.push({ rowId: c.rowId, rowNumber: c.rowNumber, column: '(row)', expected: 'a row to comment on', actual: 'row deleted' });
  } else if (cs.addedContent) {
    // Reverting an add deletes the rows it added: not once people have worked in them.
    conflicts.push(...deletionConflicts(cs.addedContent, current));
  }
  return conflicts;
}

/**
 * Rows not where an order to restore has them: added since, deleted, or moved under another parent. Any of these and
 * the old order cannot be put back as it was.
 */
function orderConflicts(order: readonly SiblingGroup[], current: Sheet): Conflict[] {
  const parentOf = new Map(order.flatMap((g) => g.rowIds.map((id) => [id, g.parentId] as const)));
  const now = new Map(current.rows.map((r) => [r.id, r]));
  const conflicts: Conflict[] = [];
  for (const row of current.rows) {
    if (!parentOf.has(row.id)) conflicts.push({ rowId: row.id, rowNumber: row.rowNumber, column: '(row)', expected: 'a row that was sorted', actual: 'added since' });
    else if (parentOf.get(row.id) !== row.parentId) conflicts.push({ rowId: row.id, rowNumber: row.rowNumber, column: '(row)', expected: 'under the same row as when sorted', actual: 'moved' });
  }
  for (const id of parentOf.keys()) if (!now.has(id)) conflicts.push({ rowId: id, column: '(row)', expected: 'a row that was sorted', actual: 'row deleted' });
  return conflicts;
}

/**
 * Rows about to be deleted that are not as recorded: a cell edited since (calculated columns aside: Smartsheet changes
 * those), or a row indented under one since — it would be deleted with it, unseen. Rows already gone are not counted.
 */
export function deletionConflicts(deleting: readonly RowValues[], current: Sheet): Conflict[] {
  const rows = new Map(current.rows.map((r) => [r.id, r]));
  const listed = new Set(deleting.map((r) => r.rowId!));
  const conflicts: Conflict[] = rowsUnder(current.rows, listed).map((row) => ({ rowId: row.id, rowNumber: row.rowNumber, column: '(row)', expected: 'not under a row being deleted', actual: 'indented under a row being deleted' }));
  for (const deleted of deleting) {
    const row = rows.get(deleted.rowId!);
    if (!row) continue;
    for (const column of current.columns) {
      const before = deleted.values[column.title];
      if (before !== undefined && !column.readOnly && !sameValue(before, row.values[column.index] ?? null)) {
        conflicts.push({ rowId: deleted.rowId!, rowNumber: row.rowNumber, column: column.title, expected: before, actual: row.values[column.index] ?? null });
      }
    }
  }
  return conflicts;
}

/**
 * A column change's conflicts. Before it is applied the column must be as the diff showed it: not renamed or given
 * other options, its cells not edited (a delete keeps them for undo), no other column with the new title. Before it is
 * reverted, as the change left it: an added column still empty (removing it would lose what people wrote there), a
 * renamed one not renamed again, and no column with a deleted column's title in its way.
 */
function columnConflicts(cs: ChangeSet, current: Sheet, expect: 'old' | 'new'): Conflict[] {
  const op = cs.columnOp;
  if (!op) return [];
  const byId = (id: number | undefined) => current.columns.find((c) => c.id === id);
  const titled = (title: string) => columnByTitle(current, title);
  const gone = (title: string): Conflict[] => [{ column: title, expected: `column "${title}"`, actual: 'column deleted' }];
  const inTheWay = (title: string): Conflict[] => (titled(title) ? [{ column: title, expected: `no column "${title}"`, actual: `column "${titled(title)!.title}"` }] : []);
  const shape = (title: string, options?: readonly string[]) => `"${title}"${options ? ` (options: ${options.join(', ')})` : ''}`;
  if (op.kind === 'update') {
    const column = byId(op.columnId);
    const [title, options] = expect === 'old' ? [op.old.title, op.old.options] : [op.title ?? op.old.title, op.options ?? op.old.options];
    if (!column) return gone(title);
    const same = column.title === title && (column.options ?? []).join('\u0000') === (options ?? []).join('\u0000');
    return same ? [] : [{ column: title, expected: shape(title, options), actual: shape(column.title, column.options) }];
  }
  if (op.kind === 'add') {
    if (expect === 'old') return inTheWay(op.title);
    const column = byId(op.createdColumnId);
    return column ? cellConflicts(current, column, []) : gone(op.title);
  }
  if (expect === 'new') return inTheWay(op.column);
  const column = byId(op.columnId);
  return column ? cellConflicts(current, column, op.values) : gone(op.column);
}

/** The cells of `column` that do not hold what `expected` says (a row it does not name: empty); rows gone are not counted. */
function cellConflicts(current: Sheet, column: Sheet['columns'][number], expected: readonly ColumnCell[]): Conflict[] {
  const was = new Map(expected.map((c) => [c.rowId, c.value]));
  return current.rows.flatMap((row) => {
    const [before, now] = [was.get(row.id) ?? null, row.values[column.index] ?? null];
    return sameValue(before, now) ? [] : [{ rowId: row.id, rowNumber: row.rowNumber, column: column.title, expected: before, actual: now }];
  });
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
 * rows deleted, the column change inverted, a sorted sheet put back in the order it had, moved rows put back where
 * they stood (`rowNumber`: a row's number now, for the undo's diff).
 */
export function inverseOf(cs: ChangeSet, rowNumber: (rowId: number) => number | undefined = () => undefined): Pick<ChangeSet, 'cells' | 'addedRows' | 'deletedRows' | 'columnOp' | 'sort' | 'reorder' | 'moves' | 'transfer' | 'comments'> {
  if (cs.comments?.some((c) => !c.remove && !c.commentId)) throw new ConflictError('Which comments were posted was not recorded, so they cannot be deleted automatically.');
  if (cs.moves?.length && !cs.placesBefore) throw new ConflictError('Where the moved rows stood before was not kept, so they cannot be put back automatically.');
  if (cs.transfer?.back) throw new ConflictError(`Bringing rows back from "${cs.transfer.sheetName}" cannot itself be undone; ask to ${cs.transfer.mode} them there again.`);
  if (cs.transfer && !cs.transfer.rowMap) throw new ConflictError('Where the rows went in the other sheet was not recorded, so they cannot be brought back automatically.');
  return {
    transfer: cs.transfer && { ...cs.transfer, back: true },
    // Posted comments are deleted; deleted ones (an undo's) are posted again, as new comments.
    comments: cs.comments?.map(({ commentId, remove, ...c }) => (remove ? { ...c, rowNumber: rowNumber(c.rowId) ?? c.rowNumber } : { ...c, commentId: commentId!, remove: true as const })),
    sort: undefined,
    reorder: cs.orderBefore,
    moves: cs.placesBefore && movesBack(cs.placesBefore, cs.moves ?? [], rowNumber),
    cells: cs.cells.map(({ oldFormula, newFormula: _written, ...c }) => ({ ...c, old: c.new, new: c.old, ...(oldFormula ? { newFormula: oldFormula } : {}) })),
    addedRows: restoredRows(cs.deletedRows),
    deletedRows: cs.addedContent ?? (cs.addedRowIds ?? []).map((rowId) => ({ rowId, values: {} })),
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
  return { kind: 'add', title: op.column, type: op.type, index: op.index, ...(op.options ? { options: op.options } : {}), ...(op.values.length ? { values: op.values } : {}) };
}

/** Conflicts in a sentence, for the model and the person: the first few, and how many more. */
export function describeConflicts(conflicts: readonly Conflict[], shown = 3): string {
  const text = (v: Conflict['actual']) => (v === 'row deleted' ? v : JSON.stringify(v));
  const one = (c: Conflict) => `${c.rowNumber !== undefined ? `row ${c.rowNumber}` : c.rowId !== undefined ? `row id ${c.rowId}` : 'the column'}${c.column ? ` ${c.column}` : ''} is ${text(c.actual)}, not ${text(c.expected)}`;
  const more = conflicts.length - shown;
  return `${conflicts.slice(0, shown).map(one).join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}
