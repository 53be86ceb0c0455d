import type { Sheet } from '../../shared/sheet/model.js';
import { ConflictError } from '../platform/errors.js';
import type { SmartsheetPort } from '../smartsheet/smartsheet.port.js';
import type { Proposal } from './changeset.builder.js';
import { describeConflicts, findConflicts, inverseOf } from './changeset.diff.js';
import { reordersRows, type ChangeSet, type Conflict } from './changeset.model.js';
import type { ChangeSetsDeps } from './changesets.service.js';
import { ProposalError } from './write-targets.js';
import { rowsThere, transferConflicts } from './row-transfers.js';

/**
 * A chat "undo" (revert_change_set): the proposal that undoes an applied change set of the session — the one named,
 * or the newest — refused, in words the model reads, when the sheet changed since or it cannot be undone.
 */
export async function revertProposal(deps: Pick<ChangeSetsDeps, 'changeSets' | 'smartsheet'>, sessionId: string, args: unknown, sheet: Sheet): Promise<Proposal> {
  const wanted = (args as { changeSetId?: string } | undefined)?.changeSetId;
  const target = wanted
    ? (await deps.changeSets.get(wanted))?.value
    : // The newest applied change that is not itself an undo: "undo" twice steps back twice, never redoes; not one made in the grid (undone there).
      (await deps.changeSets.listBySession(sessionId)).filter((c) => c.status === 'applied' && !c.revertOf && c.origin !== 'grid').at(-1);
  if (!target || target.sessionId !== sessionId) throw new ProposalError(wanted ? `No change set ${wanted} in this session.` : 'There is no applied change to undo in this session.');
  if (target.status !== 'applied') throw new ProposalError(`Change set ${target.id} is ${target.status}; only an applied change set can be undone.`);
  if (reordersRows(target) && !target.orderBefore) throw new ProposalError(`This ${target.sort ? 'sort' : 'change of row order'} cannot be undone: the order the rows were in before it was not kept.`);
  // As Revert: an undo must not write over what people did since the change (the apply re-checks only what moves after this).
  const changed = findConflicts(target, sheet, 'new');
  if (changed.length) throw new ProposalError(`Change set ${target.id} cannot be undone: the sheet changed since it was applied (${describeConflicts(changed)}). Propose the edit you want instead.`);
  const rowNumber = new Map(sheet.rows.map((r) => [r.id, r.rowNumber]));
  let undo: ReturnType<typeof inverseOf>;
  try {
    undo = inverseOf(target, (rowId) => rowNumber.get(rowId));
  } catch (error) {
    if (error instanceof ConflictError) throw new ProposalError(`Change set ${target.id} cannot be undone: ${error.message}`);
    throw error;
  }
  const there = undo.transfer ? await thereConflicts(deps.smartsheet, undo) : [];
  if (there.length) throw new ProposalError(`Change set ${target.id} cannot be undone: the rows in "${undo.transfer!.sheetName}" changed since (${describeConflicts(there)}). Propose the edit you want instead.`);
  return {
    tool: 'revert_change_set',
    revertOf: target.id,
    ...(undo.transfer ? { transfer: undo.transfer } : {}),
    ...(undo.comments ? { comments: undo.comments } : {}),
    summary: `Undo: ${target.summary}`,
    ...(undo.reorder ? { reorder: undo.reorder } : {}),
    ...(undo.moves ? { moves: undo.moves } : {}),
    ...(undo.columnOp ? { columnOp: undo.columnOp } : {}),
    cells: undo.cells.map((c) => ({ ...c, rowNumber: rowNumber.get(c.rowId) ?? c.rowNumber })),
    addedRows: undo.addedRows,
    deletedRows: undo.deletedRows.filter((r) => rowNumber.has(r.rowId!)).map((r) => ({ ...r, rowNumber: rowNumber.get(r.rowId!)! })),
  };
}

/** An undo of rows sent to another sheet: the rows there must still be there, as they arrived. */
export async function thereConflicts(smartsheet: SmartsheetPort, cs: Pick<ChangeSet, 'transfer'>): Promise<Conflict[]> {
  if (!cs.transfer?.back) return [];
  return transferConflicts(rowsThere(cs.transfer), await smartsheet.getSheet(cs.transfer.sheetId), `a row in "${cs.transfer.sheetName}"`);
}
