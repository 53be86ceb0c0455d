import { app } from '@azure/functions';
import { httpHandler, ok, validate } from '../platform/http.js';
import { caller, numericId, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/**
 * GET /api/sessions/{id}/rows/{rowId}/comments: a row's threads of comments, oldest first, read from Smartsheet when
 * asked. 404 for a row the session's version of the sheet does not have; 503 when Smartsheet does not answer.
 */
export const rowCommentsGet = httpHandler(async (request) => {
  const rowId = validate(numericId, request.params.rowId, 'row id');
  return ok(await getServices().comments.threads(caller(request).userId, sessionIdOf(request), rowId), { 'cache-control': 'no-store' });
});

app.http('row-comments-get', { route: 'sessions/{id}/rows/{rowId}/comments', methods: ['GET'], authLevel: 'anonymous', handler: rowCommentsGet });
