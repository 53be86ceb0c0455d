import { app } from '@azure/functions';
import { httpHandler, ok } from '../platform/http.js';
import { caller, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/**
 * GET /api/sessions/{id}: the session and its state (loading, ready, failed, expired), and whether Smartsheet is
 * answering for its sheet (while it is not, the session is read-only on its last snapshot).
 */
export const sessionsGet = httpHandler(async (request) => {
  const { sessions, reachability } = getServices();
  const stored = await sessions.get(caller(request).userId, sessionIdOf(request));
  const unreachable = await reachability.status(stored.value.sheetId);
  const view = sessions.view(stored.value);
  return ok(unreachable ? { ...view, smartsheet: { unreachableSince: unreachable.since, reason: unreachable.reason } } : view, { 'cache-control': 'no-store' });
});

app.http('sessions-get', { route: 'sessions/{id}', methods: ['GET'], authLevel: 'anonymous', handler: sessionsGet });
