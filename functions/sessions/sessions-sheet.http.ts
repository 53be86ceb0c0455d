import { app } from '@azure/functions';
import { httpHandler, ok } from '../platform/http.js';
import { caller, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/**
 * GET /api/sessions/{id}/sheet: the snapshot the session reads (for the grid); 409 with
 * the state unless ready. The ETag is the version: `If-None-Match` with it answers 304,
 * which is how a reconnecting client checks cheaply whether it missed a change.
 */
export const sessionsSheet = httpHandler(async (request) => {
  const { sheet } = await getServices().sessions.requireReady(caller(request).userId, sessionIdOf(request));
  const etag = `"v${sheet.version}"`;
  const headers = { etag, 'x-sheet-version': String(sheet.version), 'cache-control': 'private, no-cache' };
  if (request.headers.get('if-none-match') === etag) return { status: 304, headers };
  return ok(sheet, headers);
});

app.http('sessions-sheet', { route: 'sessions/{id}/sheet', methods: ['GET'], authLevel: 'anonymous', handler: sessionsSheet });
