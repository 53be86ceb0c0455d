import { app } from '@azure/functions';
import { rowsInsertRequest } from '../../shared/api/contracts.js';
import { httpHandler, ok, readJson, validate } from '../platform/http.js';
import { caller, numericId } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/**
 * POST /api/sheets/{sheetId}/rows {sessionId, version, count?, after? | before?}: the person inserts blank rows in
 * the grid — written at once (their act), as a change set whose revert is the undo. 400 for a row not in that version.
 */
export const rowsInsert = httpHandler(async (request) => {
  const { userId } = caller(request);
  const sheetId = validate(numericId, request.params.sheetId, 'sheet id');
  return ok(await getServices().rowEdits.insert(userId, sheetId, await readJson(request, rowsInsertRequest)));
});

app.http('rows-insert', { route: 'sheets/{sheetId}/rows', methods: ['POST'], authLevel: 'anonymous', handler: rowsInsert });
