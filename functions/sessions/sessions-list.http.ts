import { app } from '@azure/functions';
import { httpHandler, ok } from '../platform/http.js';
import { caller } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/** GET /api/sessions: the caller's sessions, most recently active first. */
export const sessionsList = httpHandler(async (request) => ok(await getServices().sessions.list(caller(request).userId), { 'cache-control': 'no-store' }));

app.http('sessions-list', { route: 'sessions', methods: ['GET'], authLevel: 'anonymous', handler: sessionsList });
