import { app } from '@azure/functions';
import { commentPostRequest } from '../../shared/api/contracts.js';
import { httpHandler, readJson, validate } from '../platform/http.js';
import { caller, numericId, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/**
 * POST /api/sessions/{id}/rows/{rowId}/comments {text, discussionId?}: the person's own comment on a row, posted in
 * Smartsheet by the app's account — a new thread, or a reply in one of the row's threads. 201 with its ids; 403 on a
 * sheet the app may only view; 404 for a row (or thread) not there; 503 when Smartsheet does not answer.
 */
export const rowCommentsPost = httpHandler(async (request) => {
  const rowId = validate(numericId, request.params.rowId, 'row id');
  const input = await readJson(request, commentPostRequest);
  const { userId, userDetails } = caller(request);
  return { status: 201, jsonBody: await getServices().comments.post(userId, sessionIdOf(request), rowId, input, userDetails) };
});

app.http('row-comments-post', { route: 'sessions/{id}/rows/{rowId}/comments', methods: ['POST'], authLevel: 'anonymous', handler: rowCommentsPost });
