import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Session } from '../../functions/sessions/session.model.js';
import { BlobSnapshotStore } from '../../functions/storage/snapshot-blobs.adapter.js';
import { TableSessionStore } from '../../functions/storage/table-stores.adapter.js';
import { TableMessageStore } from '../../functions/storage/table-messages.adapter.js';
import { SEED_SHEETS } from '../../infra/smartsheet-emulator/seed.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';

/**
 * A turn stores the user message while it reads the session when the host has seen the session ready before.
 * These tests change the session behind the host's back — as another instance of the app would (new chat, a newer
 * sheet, a failed reload, cleanup) — by writing the test run's Azurite directly, and check that the message lands
 * where the session is now, or not at all.
 */
let host: DevHostProcess;
const storage = inject('storageConnectionString');
const who = principal('turn-basis-kim');
const sessions = new TableSessionStore(storage);
const messages = new TableMessageStore(storage);
const api = (path: string, init: RequestInit = {}) => fetch(`${host.functionsUrl}/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...who, ...(init.headers as object) } });

async function readySession(): Promise<string> {
  const { sessionId } = (await (await api('/sessions', { method: 'POST', body: JSON.stringify({ sheetId: SEED_SHEETS.projectTracker }) })).json()) as { sessionId: string };
  for (let i = 0; i < 200; i++) {
    const view = (await (await api(`/sessions/${sessionId}`)).json()) as { state: { status: string } };
    if (view.state.status === 'ready') return sessionId;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('session not ready');
}

async function ask(sessionId: string, clientMessageId: string, text: string) {
  const res = await api(`/sessions/${sessionId}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId, text }) });
  return { status: res.status, body: (await res.json()) as any };
}

/** Another instance's write: the stored session, changed. */
async function elsewhere(sessionId: string, change: (s: Session) => Session): Promise<void> {
  const stored = (await sessions.get(sessionId))!;
  await sessions.update(change(stored.value), stored.etag);
}

beforeAll(async () => {
  host = await startDevHostProcess([], { AzureWebJobsStorage: storage });
}, 60_000);
afterAll(() => host?.stop());

describe('the user message follows the session as it is now', () => {
  it('a new chat started elsewhere: the message is in the new conversation and the old one is not its context', async () => {
    const sessionId = await readySession();
    expect((await ask(sessionId, 'b1', 'show rows where Status is not Complete sorted by Budget desc')).status).toBe(200);
    await elsewhere(sessionId, (s) => ({ ...s, conversation: s.conversation + 1 }));

    const { status, body } = await ask(sessionId, 'b2', 'now only Q3 2026');
    expect(status).toBe(200);
    expect(body.userMessage.conversation).toBe(2);
    expect(body.reply.conversation).toBe(2);
    // Nothing earlier in this conversation to refine: the offline model explains itself instead of running a tool.
    expect(body.reply.extra.steps).toEqual([]);
    const stored = (await messages.list(sessionId)).find((m) => m.clientMessageId === 'b2')!;
    expect(stored.conversation).toBe(2);
  });

  it('a newer sheet version adopted elsewhere: the turn and its message are on that version', async () => {
    const sessionId = await readySession();
    const first = await ask(sessionId, 'v1', 'how many rows where Status is Blocked');
    const version = first.body.reply.sheetVersion as number;
    // The newer snapshot: every row Blocked, so the answer shows which version the turn read.
    const snapshots = new BlobSnapshotStore(storage);
    const sheet = (await snapshots.get(SEED_SHEETS.projectTracker, version))!;
    const status = sheet.columns.findIndex((c) => c.title === 'Status');
    const newer = { ...sheet, version: version + 1, rows: sheet.rows.map((r) => ({ ...r, values: r.values.map((v, i) => (i === status ? 'Blocked' : v)) })) };
    await snapshots.put(newer);
    await elsewhere(sessionId, (s) => ({ ...s, state: { status: 'ready', sheetVersion: version + 1 } }));

    const { body } = await ask(sessionId, 'v2', 'how many rows where Status is Blocked');
    expect(body.reply.text).toContain(`**${newer.rows.length}** matching rows`);
    expect(body.userMessage.sheetVersion).toBe(version + 1);
    expect(body.reply.sheetVersion).toBe(version + 1);
    expect((await messages.list(sessionId)).find((m) => m.clientMessageId === 'v2')!.sheetVersion).toBe(version + 1);
  });

  it('a session no longer ready: 409 and no message left behind; the same id is a new turn once it is ready again', async () => {
    const sessionId = await readySession();
    expect((await ask(sessionId, 'f1', 'how many rows where Status is Blocked')).status).toBe(200);
    const before = (await sessions.get(sessionId))!.value;
    await elsewhere(sessionId, (s) => ({ ...s, state: { status: 'failed', reason: 'Loading failed: test', retryable: true } }));

    const refused = await ask(sessionId, 'f2', 'total Budget by Owner');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CONFLICT');
    expect((await messages.list(sessionId)).map((m) => m.text)).not.toContain('total Budget by Owner');
    expect(await messages.findByClientId(sessionId, 'f2')).toBeUndefined();

    await elsewhere(sessionId, (s) => ({ ...s, state: before.state }));
    const again = await ask(sessionId, 'f2', 'total Budget by Owner');
    expect(again.status).toBe(200);
    expect(again.body.reply.extra.steps).toEqual([expect.objectContaining({ tool: 'aggregate', ok: true })]);
    expect((await messages.list(sessionId)).filter((m) => m.text === 'total Budget by Owner')).toHaveLength(1);
  });

  it('a session deleted elsewhere: 404 and nothing written into its partition', async () => {
    const sessionId = await readySession();
    expect((await ask(sessionId, 'd1', 'how many rows where Status is Blocked')).status).toBe(200);
    await sessions.delete(sessionId);
    await messages.deleteSession(sessionId);

    const gone = await ask(sessionId, 'd2', 'total Budget by Owner');
    expect(gone.status).toBe(404);
    expect(await messages.list(sessionId)).toEqual([]);
    expect(await messages.findByClientId(sessionId, 'd2')).toBeUndefined();
  });
});
