import type { Column, Row, Sheet } from '../../shared/sheet/model.js';
import type { SheetValue } from '../../shared/sheet/values.js';
import { asWritten, lockedInSmartsheet, ProposalError, sameValue, typed, unwritable, writableSession } from '../changesets/write-targets.js';
import type { SheetEventsPublisher } from '../events/sheet-events.port.js';
import { ConflictError, ForbiddenError, ValidationError } from '../platform/errors.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import { withRowsChangedSince } from '../smartsheet/rows-changed-since.js';
import { LOCKED_ROW_CODE, type SmartsheetPort } from '../smartsheet/smartsheet.port.js';

/**
 * A person's own edits in the grid — one cell typed in, or a block pasted, or either undone: no approval (it is
 * their act), but never a blind overwrite — each value they started from must still be its cell's value in
 * Smartsheet, else 409 with the current values and nothing written. One write to Smartsheet for all the cells; it
 * publishes the same sheet-changed notice as every other write.
 */
export interface CellWrite {
  rowId: number;
  columnId: number;
  value: unknown;
  /** The value the person started from. */
  expected: unknown;
  /** A formula typed ("=SUM(CHILDREN())"), written instead of `value`: Smartsheet works the value out. */
  formula?: string | undefined;
}

export interface CellEdit extends Omit<CellWrite, 'rowId'> {
  sessionId: string;
}

export interface CellsWritten {
  version: number;
  /** The cells written, each with its value as Smartsheet holds it ("Mei" typed is the contact Mei Chen). */
  cells: { rowId: number; columnId: number; value: SheetValue }[];
  /** Cells Smartsheet refused (a row locked since the session's snapshot, a value it would not take): not written. */
  refused: { rowId: number; columnId: number; message: string }[];
}

/** A cell Smartsheet no longer holds as the person saw it. */
interface Moved {
  rowId: number;
  columnId: number;
  current: SheetValue;
  deleted?: true;
}

export class CellEditService {
  constructor(private readonly deps: { sessions: SessionsService; smartsheet: SmartsheetPort; publisher: SheetEventsPublisher }) {}

  /** One cell (the inline editor): its refusal is the request's error. */
  async edit(userId: string, sheetId: number, rowId: number, edit: CellEdit): Promise<{ version: number; rowId: number; columnId: number; value: SheetValue }> {
    const { sessionId, ...write } = edit;
    const written = await this.editCells(userId, sheetId, sessionId, [{ rowId, ...write }]);
    return { version: written.version, ...written.cells[0]! };
  }

  /**
   * Several cells at once, all checked before any is written. Refused whole (4xx, nothing written) when a cell
   * cannot be edited (calculated, locked, a value that does not fit) or changed meanwhile; when Smartsheet refuses
   * some rows, the others are written and the answer names the cells it refused; when it refuses them all, 4xx.
   */
  async editCells(userId: string, sheetId: number, sessionId: string, writes: CellWrite[]): Promise<CellsWritten> {
    const { session, sheet } = await writableSession(this.deps.sessions, userId, sessionId, sheetId);
    const several = writes.length > 1;
    const seen = new Set<string>();
    const rowsOf = (of: Sheet) => new Map(of.rows.map((r) => [r.id, r]));
    const rows = rowsOf(sheet);
    const cells = writes.map((write) => {
      const key = `${write.rowId}:${write.columnId}`;
      if (seen.has(key)) throw new ValidationError(`Row ${write.rowId}, column ${write.columnId} is given twice.`);
      seen.add(key);
      return { ...write, ...checked(sheet, rows.get(write.rowId), write, several) };
    });
    // Check and write under the sheet's write lock: two of our writers cannot both pass the check.
    const { result, current, moved } = await this.deps.sessions.written(session.id, () => this.deps.smartsheet.exclusive(sheetId, async (smartsheet) => {
      // The truth is Smartsheet's current version; it is read only when it moved past the session's.
      const current: Sheet = (await smartsheet.getSheetIfChanged(sheetId, sheet.version)) ?? sheet;
      const now = current === sheet ? rows : rowsOf(current);
      const moved = cells.flatMap((cell): Moved[] => {
        const row = now.get(cell.rowId);
        const column = current.columns.find((c) => c.id === cell.column.id);
        if (!row || !column) return [{ rowId: cell.rowId, columnId: cell.column.id, current: null, deleted: true }];
        const actual = row.values[column.index] ?? null;
        // Changed meanwhile to just what the person writes is no conflict: the cell ends as they want it.
        return sameValue(actual, cell.expected) || (!cell.formula && sameValue(actual, cell.written)) ? [] : [{ rowId: cell.rowId, columnId: cell.column.id, current: actual }];
      });
      if (moved.length) return { current, moved };
      const byRow = new Map<number, { columnId: number; value: SheetValue }[]>();
      for (const cell of cells) byRow.set(cell.rowId, [...(byRow.get(cell.rowId) ?? []), { columnId: cell.column.id, value: cell.written, ...(cell.formula ? { formula: cell.formula } : {}) }]);
      return { result: await smartsheet.updateRows(sheetId, [...byRow].map(([id, rowCells]) => ({ id, cells: rowCells })), current.columns), current, moved };
    }));
    if (!result) {
      // The sheet as just read becomes the session's, as a change set's conflict does: the grid, refetching after the
      // 409, shows what the cells hold now, not the version before the colleague's notice has gone round.
      if (current !== sheet) await this.deps.sessions.adopt(session.id, current).catch(() => undefined);
      throw conflict(sheet, moved, current.version, several);
    }
    const rowIds = [...new Set(cells.map((c) => c.rowId))];
    const refusedRows = new Map<number, { code: number; message: string }>();
    for (const outcome of result.outcomes) if (!outcome.ok) refusedRows.set(rowIds[outcome.index] ?? outcome.rowId ?? -1, outcome.error);
    const confirmed = new Set(result.outcomes.flatMap((o) => (o.ok ? [rowIds[o.index] ?? o.rowId] : [])));
    const written = cells.filter((c) => confirmed.has(c.rowId) && !refusedRows.has(c.rowId));
    if (!written.length) {
      const locked = [...refusedRows].find(([, error]) => error.code === LOCKED_ROW_CODE);
      if (locked) throw new ForbiddenError(lockedInSmartsheet(`Row ${rows.get(locked[0])?.rowNumber ?? locked[0]}`));
      const error = [...refusedRows.values()][0];
      throw new ValidationError(error ? `Smartsheet refused the value: ${error.message}` : 'Smartsheet did not confirm the write.');
    }
    const done = new Set(written);
    const refused = cells.filter((c) => !done.has(c)).map((c) => {
      const error = refusedRows.get(c.rowId);
      const message = error?.code === LOCKED_ROW_CODE ? lockedInSmartsheet(`Row ${rows.get(c.rowId)?.rowNumber ?? c.rowId}`) : `Smartsheet refused the value: ${error?.message ?? 'not confirmed'}`;
      return { rowId: c.rowId, columnId: c.column.id, message };
    });
    const changedRowIds = [...new Set(written.map((c) => c.rowId))];
    // The person's next question reads what they just wrote: the session takes the new version now (the rows written
    // read alone), not when the notice has gone round the event channel. Best effort: that notice catches up anyway.
    const fresh = await withRowsChangedSince(this.deps.smartsheet, current).catch(() => undefined);
    if (fresh) await this.deps.sessions.adopt(session.id, fresh).catch(() => undefined);
    await this.deps.publisher.publishSheetChanged({ type: 'sheet.changed', sheetId, version: result.version, changedRowIds, deletedRowIds: [], columnsChanged: false, structural: false, source: 'app' });
    // A formula's value is Smartsheet's to work out: as the rows just read hold it (unknown, null, if they could not be read).
    const worked = fresh && written.some((c) => c.formula) ? new Map(fresh.rows.map((r) => [r.id, r])) : undefined;
    const valueOf = (c: (typeof written)[number]) => (c.formula ? (worked?.get(c.rowId)?.values[c.column.index] ?? null) : c.written);
    return { version: result.version, cells: written.map((c) => ({ rowId: c.rowId, columnId: c.column.id, value: valueOf(c) })), refused };
  }
}

const rowNumber = (sheet: Sheet, rowId: number) => sheet.rows.find((r) => r.id === rowId)?.rowNumber ?? rowId;

/** A cell the person may write, and its value as it will be written: else the error saying why not. */
function checked(sheet: Sheet, row: Row | undefined, write: CellWrite, several: boolean): { column: Column; written: SheetValue; expected: SheetValue } {
  const column = sheet.columns.find((c) => c.id === write.columnId);
  if (!column) throw new ValidationError(`No column ${write.columnId} in this sheet.`);
  if (column.readOnly) throw new ValidationError(`Column "${column.title}" is calculated and cannot be edited.`);
  if (column.locked) throw new ForbiddenError(unwritable(column)!);
  if (row?.locked) throw new ForbiddenError(lockedInSmartsheet(`Row ${row.rowNumber}`));
  try {
    return {
      column,
      // "Mei" typed in an Owner cell is the Mei Chen the column holds, "$12,000" in Budget the number: as in Smartsheet's own grid.
      written: write.formula ? null : asWritten(sheet, column, write.value),
      // What the cell held, as the client saw it: parsed for the column's type, never respelled as an option
      // ("complete" in a Status cell stays "complete", or the check could never pass).
      expected: typed({ ...column, options: undefined }, write.expected),
    };
  } catch (error) {
    if (error instanceof ProposalError) throw new ValidationError(several ? `Row ${row?.rowNumber ?? write.rowId}: ${error.message}` : error.message);
    throw error;
  }
}

/** 409: what each cell holds now (`conflicts`; `current` is the first's); nothing was written. */
function conflict(sheet: Sheet, moved: Moved[], version: number, several: boolean): ConflictError {
  const first = moved[0]!;
  const title = sheet.columns.find((c) => c.id === first.columnId)?.title ?? 'A cell';
  const message = first.deleted
    ? several ? 'A row or column was deleted meanwhile; nothing was written.' : 'The row or column was deleted meanwhile.'
    : several ? `${moved.length === 1 ? `"${title}" in row ${rowNumber(sheet, first.rowId)}` : `${moved.length} cells`} changed meanwhile; nothing was written.` : `"${title}" changed meanwhile.`;
  return new ConflictError(message, { current: first.current, version, ...(first.deleted ? { deleted: true } : {}), conflicts: moved });
}
