import { app } from '@azure/functions';
import { commentPostRequest } from '../../shared/api/contracts.js';
import { httpHandler, readJson } from '../platform/http.js';
import { caller, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/**
 * POST /api/sessions/{id}/conversations {text, discussionId?}: the person's own comment on the sheet itself (not on a
 * row), posted in Smartsheet by the app's account — a new thread, or a reply in one of the sheet's own threads. As a
 * row's comment: 201 with its ids, 403 as Viewer, 404 for a thread not the sheet's own, 503 when Smartsheet does not answer.
 */
export const conversationsPost = httpHandler(async (request) => {
  const input = await readJson(request, commentPostRequest);
  const { userId, userDetails } = caller(request);
  return { status: 201, jsonBody: await getServices().comments.post(userId, sessionIdOf(request), undefined, input, userDetails) };
});

app.http('conversations-post', { route: 'sessions/{id}/conversations', methods: ['POST'], authLevel: 'anonymous', handler: conversationsPost });
