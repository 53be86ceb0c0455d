import type { SmartsheetCell, SmartsheetCellHistory, SmartsheetRow } from '../../shared/sheet/smartsheet-json.js';
import type { Route } from './api-routes.js';
import { errors } from './errors.js';
import { paged, sheetFor } from './route-helpers.js';
import { sheetColumn, type ChangeSummary, type StoredSheet } from './sheet-store.js';

/**
 * Each cell's past values, as Smartsheet keeps them: every value written — through the API by the token's user, or
 * "in Smartsheet" (the admin API's external edits) by whoever made it — with who wrote it and when. Get cell history
 * (GET /sheets/{id}/rows/{rowId}/columns/{columnId}/history) answers them newest first, paged, and counts as 10
 * requests against the rate limit (server.ts). A deleted row's history goes with it.
 */
export interface StoredCellChange extends Pick<SmartsheetCell, 'value' | 'displayValue' | 'objectValue'> {
  modifiedAt: string;
  modifiedBy: { name?: string; email?: string };
}

const keyOf = (rowId: number, columnId: number) => `${rowId}:${columnId}`;

/** A request that counts as this many against the rate limit (Smartsheet's heavier reads). */
export const requestWeight = (path: string) => (/\/columns\/\d+\/history$/.test(path) ? 10 : 1);

/** Records what a change wrote (its cells; every filled cell of the rows it created) and forgets deleted rows' cells. */
export function recordHistory(stored: StoredSheet, change: Partial<ChangeSummary> & { created?: boolean }, by: StoredCellChange['modifiedBy']): void {
  if (change.deletedRowIds?.length && stored.cellHistory) {
    const gone = new Set(change.deletedRowIds.map(String));
    for (const key of Object.keys(stored.cellHistory)) if (gone.has(key.split(':')[0]!)) delete stored.cellHistory[key];
  }
  const written = change.cells?.length ? change.cells : change.created ? (change.rowIds ?? []).map((rowId) => ({ rowId, columnId: undefined })) : [];
  if (!written.length) return;
  const rows = new Map(stored.rows.map((r) => [r.id, r]));
  for (const { rowId, columnId } of written) {
    const row = rows.get(rowId);
    if (row) record(stored, row, columnId, by, row.modifiedAt, change.created);
  }
}

/** A seeded sheet's history: each filled cell as its first value, written by `by` when its row was created. */
export function seedHistory(stored: StoredSheet, by: StoredCellChange['modifiedBy']): void {
  for (const row of stored.rows) record(stored, row, undefined, by, row.createdAt, true);
}

/** A row's cell as written now (every cell, with no `columnId`); `filledOnly`: an empty one is no change (a new row's). */
function record(stored: StoredSheet, row: SmartsheetRow, columnId: number | undefined, by: StoredCellChange['modifiedBy'], at: string, filledOnly = false): void {
  for (const cell of row.cells) {
    if ((columnId !== undefined && cell.columnId !== columnId) || (filledOnly && cell.value === undefined)) continue;
    const { value, displayValue, objectValue } = cell;
    const entry = { ...(value !== undefined ? { value } : {}), ...(displayValue !== undefined ? { displayValue } : {}), ...(objectValue !== undefined ? { objectValue } : {}), modifiedAt: at, modifiedBy: by };
    ((stored.cellHistory ??= {})[keyOf(row.id, cell.columnId)] ??= []).push(entry);
  }
}

/** A cell's history as Get cell history answers it: newest first. */
export function historyOf(stored: StoredSheet, rowId: number, columnId: number): SmartsheetCellHistory[] {
  const type = stored.sheet.columns.find((c) => c.id === columnId)?.type;
  return [...(stored.cellHistory?.[keyOf(rowId, columnId)] ?? [])].reverse().map((e) => ({ columnId, ...e, ...(type ? { columnType: type } : {}) }));
}

export const cellHistoryRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/sheets\/(\d+)\/rows\/(\d+)\/columns\/(\d+)\/history$/,
    handler: (ctx, req) => {
      const stored = sheetFor(ctx, req, req.params[0]);
      const rowId = Number(req.params[1]);
      if (!stored.rows.some((r) => r.id === rowId)) throw errors.notFound(`Row not found: ${rowId}`);
      const column = sheetColumn(stored, Number(req.params[2]));
      return paged(historyOf(stored, rowId, column.id), req.query);
    },
  },
];
