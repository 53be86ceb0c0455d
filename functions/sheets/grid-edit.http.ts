import { app, type HttpHandler } from '@azure/functions';
import type { z } from 'zod';
import { columnEditRequest, rowsDeleteRequest, rowsIndentRequest, rowsInsertRequest, rowsMoveRequest, type RowsEdited } from '../../shared/api/grid-edits.js';
import { httpHandler, ok, readJson, validate } from '../platform/http.js';
import { caller, numericId } from '../platform/request.js';
import { getServices } from '../platform/services.js';
import type { GridEditService } from './grid-edit.service.js';

/**
 * The person's own row and column edits in the grid, each written at once (their act) as a change set whose revert is the undo,
 * checked against the sheet version the grid showed: a row changed since is a 409 `{details:{conflicts}}` and nothing
 * is written; a locked row is a 403; a row not in that version a 400.
 */
function gridEdit<S extends z.ZodType>(schema: S, act: (edits: GridEditService, userId: string, sheetId: number, body: z.infer<S>) => Promise<RowsEdited>): HttpHandler {
  return httpHandler(async (request) => {
    const { userId } = caller(request);
    const sheetId = validate(numericId, request.params.sheetId, 'sheet id');
    return ok(await act(getServices().gridEdits, userId, sheetId, await readJson(request, schema)));
  });
}

/** POST /api/sheets/{sheetId}/rows {sessionId, version, count?, after? | before?}: blank rows inserted. */
export const rowsInsert = gridEdit(rowsInsertRequest, (edits, userId, sheetId, body) => edits.insert(userId, sheetId, body));
/** POST /api/sheets/{sheetId}/rows/delete {sessionId, version, rowIds}: rows deleted, with the rows under them. */
export const rowsDelete = gridEdit(rowsDeleteRequest, (edits, userId, sheetId, body) => edits.delete(userId, sheetId, body));
/** POST /api/sheets/{sheetId}/rows/indent {sessionId, version, rowIds, direction}: rows indented or outdented one level. */
export const rowsIndent = gridEdit(rowsIndentRequest, (edits, userId, sheetId, body) => edits.indent(userId, sheetId, body));
/** POST /api/sheets/{sheetId}/rows/move {sessionId, version, rowIds, after | before}: rows dragged next to a row, at its level. */
export const rowsMove = gridEdit(rowsMoveRequest, (edits, userId, sheetId, body) => edits.move(userId, sheetId, body));
/** POST /api/sheets/{sheetId}/columns {sessionId, version, op: add | rename | delete, …}: a column changed from its header. */
export const columnEdit = gridEdit(columnEditRequest, (edits, userId, sheetId, body) => edits.column(userId, sheetId, body));

app.http('rows-insert', { route: 'sheets/{sheetId}/rows', methods: ['POST'], authLevel: 'anonymous', handler: rowsInsert });
app.http('rows-delete', { route: 'sheets/{sheetId}/rows/delete', methods: ['POST'], authLevel: 'anonymous', handler: rowsDelete });
app.http('rows-indent', { route: 'sheets/{sheetId}/rows/indent', methods: ['POST'], authLevel: 'anonymous', handler: rowsIndent });
app.http('rows-move', { route: 'sheets/{sheetId}/rows/move', methods: ['POST'], authLevel: 'anonymous', handler: rowsMove });
app.http('columns-edit', { route: 'sheets/{sheetId}/columns', methods: ['POST'], authLevel: 'anonymous', handler: columnEdit });
