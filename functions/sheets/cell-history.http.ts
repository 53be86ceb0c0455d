import { app } from '@azure/functions';
import { z } from 'zod';
import type { CellHistory } from '../../shared/api/contracts.js';
import { NotFoundError } from '../platform/errors.js';
import { httpHandler, ok, validate } from '../platform/http.js';
import { caller, numericId, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';
import { liveRead } from '../smartsheet/live-read.js';

const query = z.object({ rowId: numericId, columnId: numericId }).strict();

/** The most changes of one cell the grid shows. */
const SHOWN = 50;

/**
 * GET /api/sessions/{id}/cell-history?rowId=&columnId=: who changed a cell of the session's sheet, to what and when,
 * newest first (the grid's "Cell history"). Read from Smartsheet when asked (it counts 10 requests there). 404 for a
 * row or column the session's version of the sheet does not have; 503 when Smartsheet does not answer.
 */
export const cellHistory = httpHandler(async (request) => {
  const { rowId, columnId } = validate(query, Object.fromEntries(request.query.entries()), 'query');
  const { sheet } = await getServices().sessions.requireReady(caller(request).userId, sessionIdOf(request));
  if (!sheet.rows.some((r) => r.id === rowId)) throw new NotFoundError(`Row ${rowId} is not in version ${sheet.version} of the sheet.`);
  if (!sheet.columns.some((c) => c.id === columnId)) throw new NotFoundError(`Column ${columnId} is not in version ${sheet.version} of the sheet.`);
  const changes = await liveRead(() => getServices().smartsheet.getCellHistory(sheet.id, rowId, columnId, SHOWN), 'Smartsheet no longer has that row or column.');
  return ok({ rowId, columnId, changes } satisfies CellHistory, { 'cache-control': 'no-store' });
});

app.http('cell-history', { route: 'sessions/{id}/cell-history', methods: ['GET'], authLevel: 'anonymous', handler: cellHistory });
