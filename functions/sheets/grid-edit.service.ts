import { lockedForDelete, type Row, type Sheet } from '../../shared/sheet/model.js';
import type { ColumnEdit, RowsEdited } from '../../shared/api/grid-edits.js';
import { buildProposal, type Proposal } from '../changesets/changeset.builder.js';
import { describeConflicts } from '../changesets/changeset.diff.js';
import type { ChangeSetsService } from '../changesets/changesets.service.js';
import { lockedInSmartsheet, mayChangeColumns, ProposalError, writableSession } from '../changesets/write-targets.js';
import { AppError, ConflictError, ForbiddenError, ValidationError } from '../platform/errors.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import type { SnapshotStore } from '../storage/stores.port.js';

/**
 * Rows the person adds, deletes, indents or moves in the grid, and columns they add, rename or delete: their own act,
 * so no approval (as a cell they type in), but built, checked and recorded as a change set — the rows they saw must
 * still be as they saw them (a row someone changed meanwhile is not deleted: 409, nothing written), a deleted row or
 * column keeps its content, and the change set's revert is the grid's undo (deleted rows come back with their values
 * where they stood, added rows go while still blank, moved rows go back where they stood).
 */
export class GridEditService {
  constructor(private readonly deps: { sessions: SessionsService; snapshots: SnapshotStore; changeSets: ChangeSetsService; now?: () => Date }) {}

  /** `count` blank rows just below (`after`) or above (`before`) a row, at its level; at the end of the sheet without either. */
  insert(userId: string, sheetId: number, input: { sessionId: string; version: number; count: number; after?: number | undefined; before?: number | undefined }): Promise<RowsEdited> {
    const args = { rows: Array.from({ length: input.count }, () => ({})), ...(input.after !== undefined ? { after: input.after } : {}), ...(input.before !== undefined ? { before: input.before } : {}) };
    return this.#apply(userId, sheetId, input, (sheet, today) => buildProposal('add_rows', args, sheet, today), 'added');
  }

  /** These rows and the rows indented under them (Smartsheet deletes those with them; undo brings them all back). */
  delete(userId: string, sheetId: number, input: { sessionId: string; version: number; rowIds: number[] }): Promise<RowsEdited> {
    return this.#apply(userId, sheetId, input, (sheet, today) => {
      // Locked rows (or rows with a locked row under them) stop the whole deletion: the person chose every row.
      const locked = lockedForDelete(sheet.rows);
      chosenRows(sheet, input.rowIds, (row) => locked.has(row.id), (row) => `Row ${row.rowNumber}${row.locked ? '' : ' has a row under it that'}`);
      return buildProposal('delete_rows', { rowIds: input.rowIds }, sheet, today);
    }, 'deleted');
  }

  /** These rows one level in or out (each with the rows under it), as Smartsheet's Indent and Outdent; undo puts them back. */
  indent(userId: string, sheetId: number, input: { sessionId: string; version: number; rowIds: number[]; direction: 'indent' | 'outdent' }): Promise<RowsEdited> {
    return this.#move(userId, sheetId, input, { [input.direction]: true });
  }

  /** These rows (each with the rows under it) just below or above a row, at its level — dragged there; undo puts them back. */
  move(userId: string, sheetId: number, input: { sessionId: string; version: number; rowIds: number[]; after?: number | undefined; before?: number | undefined }): Promise<RowsEdited> {
    return this.#move(userId, sheetId, input, input.after !== undefined ? { after: input.after } : { before: input.before });
  }

  #move(userId: string, sheetId: number, input: { sessionId: string; version: number; rowIds: number[] }, to: object): Promise<RowsEdited> {
    return this.#apply(userId, sheetId, input, (sheet, today) => {
      chosenRows(sheet, input.rowIds, (row) => row.locked, (row) => `Row ${row.rowNumber}`);
      return buildProposal('move_rows', { rowIds: input.rowIds, ...to }, sheet, today);
    }, 'moved');
  }

  /**
   * A column added, renamed or deleted from its header: the sheet as the grid showed it, as the chat's add_column,
   * update_column and delete_column propose it (a deleted column keeps its values; undo brings them back). 403 where
   * the app's Smartsheet account is not an Admin of the sheet.
   */
  column(userId: string, sheetId: number, input: ColumnEdit): Promise<RowsEdited> {
    return this.#apply(userId, sheetId, input, (sheet, today, access) => {
      mayChangeColumns(access);
      if (input.op === 'add') return buildProposal('add_column', { title: input.title, type: input.type, index: input.index }, sheet, today);
      const column = sheet.columns.find((c) => c.id === input.columnId);
      if (!column) throw new ValidationError(`No column ${input.columnId} in version ${sheet.version} of the sheet.`);
      return input.op === 'rename' ? buildProposal('update_column', { column: column.title, title: input.title }, sheet, today) : buildProposal('delete_column', { column: column.title }, sheet, today);
    }, 'changed');
  }

  async #apply(userId: string, sheetId: number, input: { sessionId: string; version: number; rowIds?: number[] }, propose: (sheet: Sheet, today: string, access: string | undefined) => Proposal, done: 'added' | 'deleted' | 'moved' | 'changed'): Promise<RowsEdited> {
    const { session, sheet: latest } = await writableSession(this.deps.sessions, userId, input.sessionId, sheetId);
    // The rows as the grid showed them: the change is checked against that version, so a row changed since it was
    // shown is a conflict, not a blind write.
    const sheet = input.version === latest.version ? latest : await this.deps.snapshots.get(sheetId, input.version);
    if (!sheet) throw new ConflictError('The sheet has changed since the grid showed it; look at it again and retry.', { version: latest.version });
    const today = (this.deps.now?.() ?? new Date()).toISOString().slice(0, 10);
    let proposal: Proposal;
    try {
      proposal = propose(sheet, today, session.access);
    } catch (error) {
      throw error instanceof ProposalError ? new ValidationError(error.message) : error;
    }
    const cs = await this.deps.changeSets.applyNow({ sessionId: session.id, userId, sheet, proposal });
    if (cs.status === 'conflict') throw new ConflictError(`The sheet changed meanwhile (${describeConflicts(cs.conflicts ?? [])}), so nothing was ${done}.`, { conflicts: cs.conflicts });
    if (cs.status !== 'applied') throw new AppError('DEPENDENCY_FAILED', cs.error ?? `Smartsheet did not take the change, so nothing was ${done}.`, 502);
    const moved = new Set(cs.moves?.flatMap((m) => m.rowIds));
    const rowIds = done === 'added' ? (cs.addedRowIds ?? []) : done === 'deleted' ? cs.deletedRows.map((r) => r.rowId!) : (input.rowIds ?? []).filter((id) => moved.has(id));
    return { changeSetId: cs.id, version: cs.appliedVersion!, rowIds, summary: cs.summary };
  }
}

/** The rows the person chose, all in this version of the sheet (400 otherwise); one `stops` refuses the whole act (403). */
function chosenRows(sheet: Sheet, rowIds: readonly number[], stops: (row: Row) => boolean | undefined, named: (row: Row) => string): void {
  const present = new Set(sheet.rows.map((r) => r.id));
  const missing = rowIds.filter((id) => !present.has(id));
  if (missing.length) throw new ValidationError(`No row ${missing[0]} in version ${sheet.version} of the sheet.`);
  const chosen = new Set(rowIds);
  const stopped = sheet.rows.find((r) => chosen.has(r.id) && stops(r));
  if (stopped) throw new ForbiddenError(lockedInSmartsheet(named(stopped)));
}
