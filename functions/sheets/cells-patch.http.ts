import { app } from '@azure/functions';
import { cellsEditRequest } from '../../shared/api/contracts.js';
import { httpHandler, ok, readJson, validate } from '../platform/http.js';
import { caller, numericId } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/**
 * PATCH /api/sheets/{sheetId}/cells {sessionId, cells: [{rowId, columnId, value, expected}]}: the person's own
 * edit of several cells at once — a block pasted into the grid, or an edit undone or redone. All are checked first:
 * 409 `{details:{conflicts}}` when any cell no longer holds its `expected`, 400/403 when one cannot be edited;
 * nothing is written then. `refused` names cells Smartsheet itself would not take (the rest are written).
 */
export const cellsPatch = httpHandler(async (request) => {
  const { userId } = caller(request);
  const sheetId = validate(numericId, request.params.sheetId, 'sheet id');
  const { sessionId, cells } = await readJson(request, cellsEditRequest);
  return ok(await getServices().cellEdits.editCells(userId, sheetId, sessionId, cells));
});

app.http('cells-patch', { route: 'sheets/{sheetId}/cells', methods: ['PATCH'], authLevel: 'anonymous', handler: cellsPatch });
