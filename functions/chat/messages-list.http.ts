import { app } from '@azure/functions';
import { z } from 'zod';
import { httpHandler, ok, validate } from '../platform/http.js';
import { conversationTail } from './conversation-tail.js';
import { markStale, withoutStamps } from './staleness.js';
import { asNumber, caller, sessionIdOf, wholeNumber } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/** The most of a conversation's newest messages one read returns (the web app shows more a hundred at a time). */
const MAX_LAST = 1000;

const query = z
  .object({
    after: z.string().max(64).optional(),
    limit: asNumber(wholeNumber().min(1).max(200)).default(50),
    conversation: asNumber(wholeNumber().min(1)).optional(),
    last: asNumber(wholeNumber().min(1).max(MAX_LAST)).optional(),
  })
  .strict()
  .refine((q) => q.last === undefined || q.after === undefined, { message: 'give "after" (forward from a message) or "last" (the newest), not both', path: ['last'] });

/**
 * GET /api/sessions/{id}/messages: the history, oldest first. `?after=&limit=` pages forward (`next`);
 * `?last=N&conversation=` gives the newest N of a conversation (the current one by default) and `earlier` (whether
 * older ones exist). Answers whose cited rows changed since carry `stale: true`.
 */
export const messagesList = httpHandler(async (request) => {
  const { sessions, messages, snapshots } = getServices();
  const { value: session } = await sessions.get(caller(request).userId, sessionIdOf(request));
  const options = validate(query, Object.fromEntries(request.query.entries()), 'query');
  const stale = async (page: Awaited<ReturnType<typeof messages.list>>) => {
    const current = await sessions.requireReady(session.userId, session.id).catch(() => undefined);
    return current ? markStale(page, current.sheet, snapshots) : page.map(withoutStamps);
  };
  if (options.last !== undefined) {
    const conversation = options.conversation ?? session.conversation;
    const startAfter = conversation === session.conversation ? session.historyAfter : undefined;
    const tail = await conversationTail(messages, session.id, { conversation, last: options.last, ...(startAfter ? { startAfter } : {}) });
    return ok({ messages: await stale(tail.messages), next: null, earlier: tail.earlier }, { 'cache-control': 'no-store' });
  }
  const page = await messages.list(session.id, options);
  return ok({ messages: await stale(page), next: page.length === options.limit ? page.at(-1)!.id : null }, { 'cache-control': 'no-store' });
});

app.http('messages-list', { route: 'sessions/{id}/messages', methods: ['GET'], authLevel: 'anonymous', handler: messagesList });
