import type { Sheet } from '../../shared/sheet/model.js';
import type { SheetValue } from '../../shared/sheet/values.js';
import { asWritten, lockedInSmartsheet, mustBeWritable, ProposalError, sameValue, typed, unwritable } from '../changesets/write-targets.js';
import type { SheetEventsPublisher } from '../events/sheet-events.port.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import { LOCKED_ROW_CODE, type SmartsheetPort } from '../smartsheet/smartsheet.port.js';

/**
 * A person's own edit of one cell in the grid: no approval (it is their act), but
 * never a blind overwrite — the value they started from must still be the cell's
 * value in Smartsheet, else 409 with the current value. The write publishes the
 * same sheet-changed notice as every other write.
 */
export interface CellEdit {
  sessionId: string;
  columnId: number;
  value: unknown;
  /** The value the person started from. */
  expected: unknown;
}

export class CellEditService {
  constructor(private readonly deps: { sessions: SessionsService; smartsheet: SmartsheetPort; publisher: SheetEventsPublisher }) {}

  async edit(userId: string, sheetId: number, rowId: number, edit: CellEdit): Promise<{ version: number; rowId: number; columnId: number; value: SheetValue }> {
    const { session, sheet } = await this.deps.sessions.requireReady(userId, edit.sessionId);
    if (session.sheetId !== sheetId) throw new NotFoundError('No such sheet in this session.');
    mustBeWritable(session.access);
    const column = sheet.columns.find((c) => c.id === edit.columnId);
    if (!column) throw new ValidationError(`No column ${edit.columnId} in this sheet.`);
    if (column.readOnly) throw new ValidationError(`Column "${column.title}" is calculated and cannot be edited.`);
    if (column.locked) throw new ForbiddenError(unwritable(column)!);
    const edited = sheet.rows.find((r) => r.id === rowId);
    const lockedRow = lockedInSmartsheet(`Row ${edited?.rowNumber ?? rowId}`);
    if (edited?.locked) throw new ForbiddenError(lockedRow);
    let value: SheetValue;
    let expected: SheetValue;
    try {
      // "Mei" typed in an Owner cell is the Mei Chen the column holds, "$12,000" in Budget the number: as in Smartsheet's own grid.
      value = asWritten(sheet, column, edit.value);
      // What the cell held, as the client saw it: parsed for the column's type, never respelled as an option
      // ("complete" in a Status cell stays "complete", or the check below could never pass).
      expected = typed({ ...column, options: undefined }, edit.expected);
    } catch (error) {
      if (error instanceof ProposalError) throw new ValidationError(error.message);
      throw error;
    }
    // Check and write under the sheet's write lock: two of our writers cannot both pass the check.
    const result = await this.deps.sessions.written(session.id, () => this.deps.smartsheet.exclusive(sheetId, async (smartsheet) => {
      // The truth is Smartsheet's current version; it is read only when it moved past the session's.
      const current: Sheet = (await smartsheet.getSheetIfChanged(sheetId, sheet.version)) ?? sheet;
      const row = current.rows.find((r) => r.id === rowId);
      const currentColumn = current.columns.find((c) => c.id === column.id);
      if (!row || !currentColumn) throw new ConflictError('The row or column was deleted meanwhile.', { current: null, version: current.version, deleted: true });
      const actual = row.values[currentColumn.index] ?? null;
      if (!sameValue(actual, expected)) throw new ConflictError(`"${column.title}" changed meanwhile.`, { current: actual, version: current.version });
      return smartsheet.updateRows(sheetId, [{ id: rowId, cells: [{ columnId: column.id, value }] }], current.columns);
    }));
    const outcome = result.outcomes[0];
    // Locked since the session's snapshot: Smartsheet refuses the row alone (1050).
    if (outcome && !outcome.ok && outcome.error.code === LOCKED_ROW_CODE) throw new ForbiddenError(lockedRow);
    if (!outcome?.ok) throw new ValidationError(outcome && !outcome.ok ? `Smartsheet refused the value: ${outcome.error.message}` : 'Smartsheet did not confirm the write.');
    await this.deps.publisher.publishSheetChanged({ type: 'sheet.changed', sheetId, version: result.version, changedRowIds: [rowId], deletedRowIds: [], columnsChanged: false, structural: false, source: 'app' });
    return { version: result.version, rowId, columnId: column.id, value };
  }
}
