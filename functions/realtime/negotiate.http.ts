import { app } from '@azure/functions';
import { sheetGroup, userGroup } from '../../shared/realtime/events.js';
import { httpHandler, ok } from '../platform/http.js';
import { caller } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/**
 * POST /api/negotiate: a Web PubSub client access URL for the caller. Its roles let
 * the client join `sheet:<id>` only for sheets of the caller's own sessions, and
 * `user:<userId>` for their own turn and job progress; nothing else is joinable.
 * Clients negotiate again on every reconnect, so a new session's sheet joins the list.
 */
export const negotiate = httpHandler(async (request) => {
  const { userId } = caller(request);
  const { sessionStore, realtime } = getServices();
  const sheets = [...new Set((await sessionStore.listByUser(userId)).map((s) => s.sheetId))].sort((a, b) => a - b);
  const groups = [...sheets.map(sheetGroup), userGroup(userId)];
  const url = await realtime.clientAccessUrl(userId, groups);
  return ok({ url, userId, groups }, { 'cache-control': 'no-store' });
});

app.http('negotiate', { route: 'negotiate', methods: ['POST'], authLevel: 'anonymous', handler: negotiate });
