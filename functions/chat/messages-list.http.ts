import { app } from '@azure/functions';
import { z } from 'zod';
import { httpHandler, ok, validate } from '../platform/http.js';
import { markStale } from './staleness.js';
import { caller, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

const query = z
  .object({
    after: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    conversation: z.coerce.number().int().min(1).optional(),
  })
  .strict();

/** GET /api/sessions/{id}/messages?after=&limit=&conversation=: the history, oldest first, paged; answers whose cited rows changed since carry `stale: true`. */
export const messagesList = httpHandler(async (request) => {
  const { sessions, messages, snapshots } = getServices();
  const { value: session } = await sessions.get(caller(request).userId, sessionIdOf(request));
  const options = validate(query, Object.fromEntries(request.query.entries()), 'query');
  const page = await messages.list(session.id, options);
  const current = await sessions.requireReady(session.userId, session.id).catch(() => undefined);
  return ok({ messages: current ? await markStale(page, current.sheet, snapshots) : page, next: page.length === options.limit ? page.at(-1)!.id : null }, { 'cache-control': 'no-store' });
});

app.http('messages-list', { route: 'sessions/{id}/messages', methods: ['GET'], authLevel: 'anonymous', handler: messagesList });
