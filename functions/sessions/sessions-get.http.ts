import { app } from '@azure/functions';
import { httpHandler, ok } from '../platform/http.js';
import { caller, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/** GET /api/sessions/{id}: the session and its state (loading, ready, failed, expired). */
export const sessionsGet = httpHandler(async (request) => {
  const { sessions } = getServices();
  const stored = await sessions.get(caller(request).userId, sessionIdOf(request));
  return ok(sessions.view(stored.value), { 'cache-control': 'no-store' });
});

app.http('sessions-get', { route: 'sessions/{id}', methods: ['GET'], authLevel: 'anonymous', handler: sessionsGet });
