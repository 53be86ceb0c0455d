import { app } from '@azure/functions';
import { rowsDeleteRequest } from '../../shared/api/contracts.js';
import { httpHandler, ok, readJson, validate } from '../platform/http.js';
import { caller, numericId } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/**
 * POST /api/sheets/{sheetId}/rows/delete {sessionId, version, rowIds}: the person deletes rows in the grid, with the
 * rows under them — at once, never a row changed since the grid showed it (409 `{details:{conflicts}}`, nothing
 * deleted); 403 for a locked row. The change set it answers with is the undo (its revert brings the rows back).
 */
export const rowsDelete = httpHandler(async (request) => {
  const { userId } = caller(request);
  const sheetId = validate(numericId, request.params.sheetId, 'sheet id');
  return ok(await getServices().rowEdits.delete(userId, sheetId, await readJson(request, rowsDeleteRequest)));
});

app.http('rows-delete', { route: 'sheets/{sheetId}/rows/delete', methods: ['POST'], authLevel: 'anonymous', handler: rowsDelete });
