import { app } from '@azure/functions';
import { httpHandler, ok, validate } from '../platform/http.js';
import { caller, numericId, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/**
 * DELETE /api/sessions/{id}/comments/{commentId}: deletes a comment the caller posted from the grid (Smartsheet names
 * the app's account as its author, so only our record says it is theirs). `{deleted: false}` when it was gone already;
 * 404 for a comment that is not theirs, or not there; 403 on a sheet the app may only view; 503 when Smartsheet does
 * not answer.
 */
export const commentsDelete = httpHandler(async (request) => {
  const commentId = validate(numericId, request.params.commentId, 'comment id');
  return ok(await getServices().comments.delete(caller(request).userId, sessionIdOf(request), commentId));
});

app.http('comments-delete', { route: 'sessions/{id}/comments/{commentId}', methods: ['DELETE'], authLevel: 'anonymous', handler: commentsDelete });
