import { app } from '@azure/functions';
import { httpHandler, ok } from '../platform/http.js';
import { caller, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/**
 * GET /api/sessions/{id}/comments: how many comments each row of the session's sheet has (the grid's 💬 marks), and
 * the sheet itself. Read from Smartsheet when asked (one request); 503 when it does not answer.
 */
export const commentsCounts = httpHandler(async (request) => ok(await getServices().comments.counts(caller(request).userId, sessionIdOf(request)), { 'cache-control': 'no-store' }));

app.http('comments-counts', { route: 'sessions/{id}/comments', methods: ['GET'], authLevel: 'anonymous', handler: commentsCounts });
