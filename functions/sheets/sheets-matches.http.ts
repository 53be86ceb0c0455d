import { app } from '@azure/functions';
import { httpHandler } from '../platform/http.js';
import { caller } from '../platform/request.js';
import { sheetQuery } from './sheet-query.js';

/**
 * GET /api/sheets/{id}/matches?filter=<json>&sort=<json>&computed=<json>: the ids of the rows a query matches, in its
 * order, from the caller's ready session on that sheet — every row an answer found, where it showed a few
 * (the chat's "Show all N in the grid").
 */
export const sheetsMatches = httpHandler(async (request) => {
  const { sheet, rows } = await sheetQuery(caller(request).userId, request.params.id, Object.fromEntries(request.query.entries()));
  return { status: 200, jsonBody: { sheetVersion: sheet.version, total: rows.length, rowIds: rows.map((r) => r.id) }, headers: { 'x-sheet-version': String(sheet.version) } };
});

app.http('sheets-matches', { route: 'sheets/{id}/matches', methods: ['GET'], authLevel: 'anonymous', handler: sheetsMatches });
