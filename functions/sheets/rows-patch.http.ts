import { app } from '@azure/functions';
import { z } from 'zod';
import { cellEditRequest } from '../../shared/api/contracts.js';
import { httpHandler, ok, readJson, validate } from '../platform/http.js';
import { caller } from '../platform/request.js';
import { getServices } from '../platform/services.js';

const body = cellEditRequest;
const id = z.coerce.number().int().positive();

/**
 * PATCH /api/sheets/{sheetId}/rows/{rowId} {sessionId, columnId, value, expected}: the
 * person's own inline edit of one cell. 409 `{details:{current, version}}` when the cell
 * no longer holds `expected`; 400 when the value does not fit the column.
 */
export const rowsPatch = httpHandler(async (request) => {
  const { userId } = caller(request);
  const sheetId = validate(id, request.params.sheetId, 'sheet id');
  const rowId = validate(id, request.params.rowId, 'row id');
  const edit = await readJson(request, body);
  return ok(await getServices().cellEdits.edit(userId, sheetId, rowId, edit));
});

app.http('rows-patch', { route: 'sheets/{sheetId}/rows/{rowId}', methods: ['PATCH'], authLevel: 'anonymous', handler: rowsPatch });
