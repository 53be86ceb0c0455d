import { app } from '@azure/functions';
import { httpHandler, ok } from '../platform/http.js';
import { caller, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/**
 * GET /api/sessions/{id}/conversations: every thread of comments on the session's sheet — on its rows and on the sheet
 * itself — the one with the newest comment first (the grid's Comments panel). Read from Smartsheet when asked; 503 when
 * it does not answer.
 */
export const conversationsGet = httpHandler(async (request) => ok(await getServices().comments.conversations(caller(request).userId, sessionIdOf(request)), { 'cache-control': 'no-store' }));

app.http('conversations-get', { route: 'sessions/{id}/conversations', methods: ['GET'], authLevel: 'anonymous', handler: conversationsGet });
