import { app } from '@azure/functions';
import { httpHandler, ok } from '../platform/http.js';
import { caller, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/** POST /api/sessions/{id}/new-chat: a fresh conversation on the same sheet; earlier messages stay for the record. */
export const sessionsNewChat = httpHandler(async (request) => ok(await getServices().chat.newChat(caller(request).userId, sessionIdOf(request))));

app.http('sessions-new-chat', { route: 'sessions/{id}/new-chat', methods: ['POST'], authLevel: 'anonymous', handler: sessionsNewChat });
