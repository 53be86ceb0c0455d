import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HISTORY_KEEP } from '../../functions/chat/chat.service.js';
import { sortableId } from '../../functions/storage/ids.js';
import { TableSessionStore } from '../../functions/storage/table-stores.adapter.js';
import { TableMessageStore } from '../../functions/storage/table-messages.adapter.js';
import { SEED_SHEETS } from '../../infra/smartsheet-emulator/seed.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';

/**
 * A long conversation over the real stack (the dev host on the test run's Azurite, so the test can write a long
 * history straight into the message table): a turn reads only the newest part of it, and the newest still reach
 * the model.
 */
let host: DevHostProcess;
const storage = inject('storageConnectionString');
const who = principal('long-chat-lee');
const api = (path: string, init: RequestInit = {}) => fetch(`${host.functionsUrl}/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...who, ...(init.headers as object) } });

beforeAll(async () => {
  host = await startDevHostProcess([], { AzureWebJobsStorage: storage });
}, 60_000);
afterAll(() => host?.stop());

describe('a long conversation', () => {
  it('turns read from the newest messages on (the session keeps where), and follow-ups still see the newest question', async () => {
    const { sessionId } = (await (await api('/sessions', { method: 'POST', body: JSON.stringify({ sheetId: SEED_SHEETS.projectTracker }) })).json()) as { sessionId: string };
    for (let i = 0; i < 200; i++) {
      const view = (await (await api(`/sessions/${sessionId}`)).json()) as { state: { status: string; sheetVersion?: number } };
      if (view.state.status === 'ready') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // 450 earlier messages: chatter, then the newest question and its answer.
    const messages = new TableMessageStore(storage);
    const ids: string[] = [];
    for (let i = 0; i < 450; i++) {
      const user = i % 2 === 0;
      const text = i === 448 ? 'show rows where Status is not Complete sorted by Budget desc' : user ? `note ${i}` : `ok ${i}`;
      const id = sortableId();
      ids.push(id);
      await messages.append({ id, sessionId, conversation: 1, role: user ? 'user' : 'assistant', text, createdAt: new Date().toISOString() });
    }

    const turn = await api(`/sessions/${sessionId}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: 'long-1', text: 'now only Q3 2026' }) });
    expect(turn.status).toBe(200);
    const body = (await turn.json()) as { reply: { extra: { steps: { args: { filter: { and: unknown[] } }; ok: boolean }[] } } };
    expect(body.reply.extra.steps[0]!.args.filter.and[1]).toEqual({ column: 'Due Date', op: 'in_period', value: 'Q3_2026' });

    // More than twice HISTORY_KEEP earlier messages: the session now starts its reads at the newest HISTORY_KEEP.
    const session = (await new TableSessionStore(storage).get(sessionId))!.value;
    expect(session.historyAfter).toBe(ids[ids.length - HISTORY_KEEP - 1]);

    // The next turn reads from there and still refines the newest question.
    const next = await api(`/sessions/${sessionId}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: 'long-2', text: 'now only Q4 2026' }) });
    expect(next.status).toBe(200);
    const refined = ((await next.json()) as typeof body).reply.extra.steps[0]!;
    expect(refined).toMatchObject({ ok: true, args: { filter: { and: [expect.anything(), { column: 'Due Date', op: 'in_period', value: 'Q4_2026' }] } } });
    // Fewer than twice HISTORY_KEEP messages after the start: it stays where it was.
    expect((await new TableSessionStore(storage).get(sessionId))!.value.historyAfter).toBe(session.historyAfter);

    // What the chat shows: the newest messages (the last answer included), then more as the reader asks.
    const shown = async (query: string) => (await (await api(`/sessions/${sessionId}/messages?${query}`)).json()) as { messages: { id: string; text: string }[]; earlier?: boolean };
    const all = [...ids, ...(await shown('last=1000')).messages.slice(450).map((m) => m.id)];
    expect(all).toHaveLength(454);
    const newest = await shown('last=100');
    expect(newest.messages.map((m) => m.id)).toEqual(all.slice(-100));
    expect(newest.messages.at(-2)!.text).toBe('now only Q4 2026');
    expect(newest.earlier).toBe(true);
    // Beyond the session's skip point (HISTORY_KEEP + 4 after it): read from the conversation's start.
    expect((await shown('last=300')).messages.map((m) => m.id)).toEqual(all.slice(-300));
    expect(await shown('last=1000&conversation=1')).toMatchObject({ earlier: false, messages: expect.objectContaining({ length: 454 }) });
    expect(await shown('last=5&conversation=2')).toEqual({ messages: [], next: null, earlier: false });
    // The forward pages are unchanged; mixing the two is a clear 400.
    expect((await shown(`after=${all[449]}&limit=2`)).messages.map((m) => m.text)).toEqual(['now only Q3 2026', expect.any(String)]);
    // A new chat after the long one: its messages only, none earlier (the skip point lies in the one before).
    expect((await api(`/sessions/${sessionId}/new-chat`, { method: 'POST' })).status).toBe(200);
    expect((await api(`/sessions/${sessionId}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: 'long-3', text: 'count by Status' }) })).status).toBe(200);
    const fresh = await shown('last=100');
    expect([fresh.messages.map((m) => m.text)[0], fresh.messages.length, fresh.earlier]).toEqual(['count by Status', 2, false]);
    const mixed = await api(`/sessions/${sessionId}/messages?last=5&after=${all[0]}`);
    expect(mixed.status).toBe(400);
    expect(((await mixed.json()) as { error: { message: string } }).error.message).toMatch(/"after".*or "last".*not both/);
  }, 60_000);
});
