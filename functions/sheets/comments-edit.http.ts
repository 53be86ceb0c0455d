import { app } from '@azure/functions';
import { commentEditRequest } from '../../shared/api/contracts.js';
import { httpHandler, ok, readJson, validate } from '../platform/http.js';
import { caller, numericId, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/**
 * PATCH /api/sessions/{id}/comments/{commentId} {text}: a new text for a comment the caller posted from the grid,
 * signed again as when posted. 404 for a comment that is not theirs, or gone from Smartsheet; 400 for bad text; 403 on
 * a sheet the app may only view; 503 when Smartsheet does not answer.
 */
export const commentsEdit = httpHandler(async (request) => {
  const commentId = validate(numericId, request.params.commentId, 'comment id');
  const input = await readJson(request, commentEditRequest);
  const { userId, userDetails } = caller(request);
  return ok(await getServices().comments.edit(userId, sessionIdOf(request), commentId, input, userDetails));
});

app.http('comments-edit', { route: 'sessions/{id}/comments/{commentId}', methods: ['PATCH'], authLevel: 'anonymous', handler: commentsEdit });
