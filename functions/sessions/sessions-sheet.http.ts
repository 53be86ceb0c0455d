import { app } from '@azure/functions';
import { httpHandler, ok } from '../platform/http.js';
import { caller, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/** GET /api/sessions/{id}/sheet: the snapshot the session reads (for the grid); 409 with the state unless ready. */
export const sessionsSheet = httpHandler(async (request) => {
  const { sheet } = await getServices().sessions.requireReady(caller(request).userId, sessionIdOf(request));
  return ok(sheet, { 'x-sheet-version': String(sheet.version), 'cache-control': 'private, no-cache' });
});

app.http('sessions-sheet', { route: 'sessions/{id}/sheet', methods: ['GET'], authLevel: 'anonymous', handler: sessionsSheet });
