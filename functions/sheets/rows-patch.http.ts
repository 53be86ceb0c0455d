import { app } from '@azure/functions';
import { cellEditRequest } from '../../shared/api/contracts.js';
import { httpHandler, ok, readJson, validate } from '../platform/http.js';
import { caller, numericId } from '../platform/request.js';
import { getServices } from '../platform/services.js';

const body = cellEditRequest;

/**
 * PATCH /api/sheets/{sheetId}/rows/{rowId} {sessionId, columnId, value, expected}: the
 * person's own inline edit of one cell. 409 `{details:{current, version}}` when the cell
 * no longer holds `expected`; 400 when the value does not fit the column.
 */
export const rowsPatch = httpHandler(async (request) => {
  const { userId } = caller(request);
  const sheetId = validate(numericId, request.params.sheetId, 'sheet id');
  const rowId = validate(numericId, request.params.rowId, 'row id');
  const edit = await readJson(request, body);
  return ok(await getServices().cellEdits.edit(userId, sheetId, rowId, edit));
});

app.http('rows-patch', { route: 'sheets/{sheetId}/rows/{rowId}', methods: ['PATCH'], authLevel: 'anonymous', handler: rowsPatch });
