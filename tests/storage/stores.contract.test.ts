import { describe, expect, inject, it } from 'vitest';
import { MemoryMessageStore, MemoryPostedCommentStore, MemorySessionStore, MemorySheetStateStore, MemorySnapshotStore, MemoryWebhookStore } from '../../functions/storage/memory-stores.js';
import { BlobSnapshotStore } from '../../functions/storage/snapshot-blobs.adapter.js';
import { TablePostedCommentStore, TableSessionStore, TableSheetStateStore, TableWebhookStore } from '../../functions/storage/table-stores.adapter.js';
import { TableMessageStore } from '../../functions/storage/table-messages.adapter.js';
import { postedCommentId, type MessageStore, type PostedCommentStore, type SessionStore, type SheetStateStore, type SnapshotStore, type WebhookStore } from '../../functions/storage/stores.port.js';
import { sortableId } from '../../functions/storage/ids.js';
import { newSession, markReady } from '../../functions/sessions/session.model.js';
import { totalRows } from '../../infra/smartsheet-emulator/sheet-store.js';
import { largeSheet } from '../../infra/smartsheet-emulator/seed.js';
import { toSheet, type Sheet } from '../../shared/sheet/model.js';

interface Stores {
  sessions: SessionStore;
  messages: MessageStore;
  snapshots: SnapshotStore;
  webhooks: WebhookStore;
  sheetStates: SheetStateStore;
  posted: PostedCommentStore;
}

const unique = () => `T${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;

const adapters: [string, () => Stores][] = [
  ['in-memory', () => ({ sessions: new MemorySessionStore(), messages: new MemoryMessageStore(), snapshots: new MemorySnapshotStore(), webhooks: new MemoryWebhookStore(), sheetStates: new MemorySheetStateStore(), posted: new MemoryPostedCommentStore() })],
  [
    'Azurite (Table + Blob Storage)',
    () => {
      const conn = inject('storageConnectionString');
      const name = unique();
      return {
        sessions: new TableSessionStore(conn, `${name}Sessions`),
        messages: new TableMessageStore(conn, `${name}Messages`),
        snapshots: new BlobSnapshotStore(conn, { snapshots: `${name}Snapshots`, snapshotContainer: name.toLowerCase() }),
        webhooks: new TableWebhookStore(conn, `${name}Webhooks`),
        sheetStates: new TableSheetStateStore(conn, `${name}SheetStates`),
        posted: new TablePostedCommentStore(conn, `${name}PostedComments`),
      };
    },
  ],
];

const sheetOf = (version: number, rows = 3): Sheet => ({ ...toSheet(totalRows(largeSheet(rows))), version });

describe.each(adapters)('storage contract: %s', (_name, make) => {
  it('sessions: create, get, update with the current ETag, refuse a stale one', async () => {
    const { sessions } = make();
    const session = newSession(sortableId(), 'user-1', 42, new Date().toISOString());
    const created = await sessions.create(session);
    expect((await sessions.get(session.id))?.value).toEqual(session);
    await expect(sessions.create(session)).rejects.toMatchObject({ status: 409 });
    const ready = await sessions.update(markReady(session, 7, 'Sheet'), created.etag);
    expect(ready.value.state).toEqual({ status: 'ready', sheetVersion: 7 });
    await expect(sessions.update(markReady(session, 8, 'Sheet'), created.etag)).rejects.toMatchObject({ status: 409, code: 'CONFLICT' });
    expect((await sessions.get(session.id))?.value.state).toEqual({ status: 'ready', sheetVersion: 7 });
    expect((await sessions.listByUser('user-1')).map((s) => s.id)).toEqual([session.id]);
    expect(await sessions.listByUser('someone-else')).toEqual([]);
    expect((await sessions.listBySheet(42)).map((s) => s.id)).toEqual([session.id]);
    expect(await sessions.listBySheet(43)).toEqual([]);
    expect((await sessions.listActiveSince(new Date(Date.now() - 60_000).toISOString())).map((s) => s.id)).toContain(session.id);
    expect((await sessions.listActiveSince(new Date(Date.now() + 60_000).toISOString())).map((s) => s.id)).not.toContain(session.id);
    await sessions.delete(session.id);
    expect(await sessions.get(session.id)).toBeUndefined();
  });

  it('webhook and sheet-state records: create, list, ETag update, delete', async () => {
    const { webhooks, sheetStates } = make();
    const record = { id: '901', webhookId: 901, sheetId: 42, callbackUrl: 'https://x/api/webhooks/smartsheet', status: 'ENABLED', updatedAt: new Date().toISOString() };
    const created = await webhooks.create(record);
    expect((await webhooks.list()).map((w) => w.webhookId)).toEqual([901]);
    await webhooks.update({ ...record, status: 'DISABLED_CALLBACK_FAILED' }, created.etag);
    await expect(webhooks.update(record, created.etag)).rejects.toMatchObject({ status: 409 });
    expect((await webhooks.get('901'))?.value.status).toBe('DISABLED_CALLBACK_FAILED');
    await webhooks.delete('901');
    expect(await webhooks.list()).toEqual([]);
    await sheetStates.create({ id: '42', sheetId: 42, broadcastVersion: 3, updatedAt: new Date().toISOString() });
    expect((await sheetStates.get('42'))?.value.broadcastVersion).toBe(3);
  });

  it('posted comments: by id, listed by sheet and author (no one else\'s, no other sheet\'s), deleted', async () => {
    const { posted } = make();
    const at = new Date().toISOString();
    for (const [sheetId, commentId, userId] of [[42, 1, 'dana'], [42, 2, 'ravi'], [43, 3, 'dana'], [42, 4, 'dana']] as const) await posted.create({ id: postedCommentId(sheetId, commentId), sheetId, commentId, userId, postedAt: at });
    expect((await posted.get(postedCommentId(42, 2)))?.value.userId).toBe('ravi');
    expect((await posted.listByAuthor(42, 'dana')).map((c) => c.commentId).sort()).toEqual([1, 4]);
    await posted.delete(postedCommentId(42, 1));
    expect((await posted.listByAuthor(42, 'dana')).map((c) => c.commentId)).toEqual([4]);
    expect(await posted.get(postedCommentId(42, 1))).toBeUndefined();
  });

  it('messages: appended in order, paged, found by client id, filtered by conversation', async () => {
    const { messages } = make();
    const sessionId = sortableId();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = sortableId();
      ids.push(id);
      await messages.append({ id, sessionId, conversation: i < 3 ? 1 : 2, role: i % 2 ? 'assistant' : 'user', text: `m${i}`, createdAt: new Date().toISOString(), ...(i === 2 ? { clientMessageId: 'c-2' } : {}) });
    }
    expect((await messages.list(sessionId)).map((m) => m.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect((await messages.list(sessionId, { after: ids[1], limit: 2 })).map((m) => m.text)).toEqual(['m2', 'm3']);
    expect((await messages.list(sessionId, { conversation: 2 })).map((m) => m.text)).toEqual(['m3', 'm4']);
    expect((await messages.findByClientId(sessionId, 'c-2'))?.text).toBe('m2');
    expect(await messages.findByClientId(sessionId, 'nope')).toBeUndefined();
    await expect(messages.append({ id: sortableId(), sessionId, conversation: 1, role: 'user', text: 'again', createdAt: new Date().toISOString(), clientMessageId: 'c-2' })).rejects.toMatchObject({ status: 409 });
    const long = 'x'.repeat(100_000);
    const id = sortableId();
    await messages.append({ id, sessionId, conversation: 2, role: 'assistant', text: long, createdAt: new Date().toISOString() });
    expect((await messages.list(sessionId, { after: ids[4] }))[0]!.text).toHaveLength(100_000);
    await messages.deleteSession(sessionId);
    expect(await messages.list(sessionId)).toEqual([]);
  });

  it('messages: a page holds up to `limit` of the conversation asked for, however they interleave with others', async () => {
    const { messages } = make();
    const sessionId = sortableId();
    const texts = Array.from({ length: 9 }, (_, i) => `m${i}`);
    for (const [i, text] of texts.entries()) {
      await messages.append({ id: sortableId(), sessionId, conversation: i % 3 === 0 ? 1 : 2, role: 'user', text, createdAt: new Date().toISOString(), clientMessageId: `c-${i}` });
    }
    const first = await messages.list(sessionId, { conversation: 2, limit: 4 });
    expect(first.map((m) => m.text)).toEqual(['m1', 'm2', 'm4', 'm5']);
    expect((await messages.list(sessionId, { conversation: 2, limit: 4, after: first.at(-1)!.id })).map((m) => m.text)).toEqual(['m7', 'm8']);
    expect((await messages.list(sessionId, { conversation: 1, limit: 1 })).map((m) => m.text)).toEqual(['m0']);
    expect((await messages.list(sessionId, { limit: 1000 })).map((m) => m.text)).toEqual(texts);
  });

  it('messages: revised in place; withdrawn with their client id, which can then be sent again', async () => {
    const { messages } = make();
    const sessionId = `s-${sortableId()}`;
    const sent = await messages.append({ id: sortableId(), sessionId, conversation: 1, role: 'user', text: 'hello', createdAt: new Date().toISOString(), clientMessageId: 'c-1', sheetVersion: 3 });
    await messages.revise({ ...sent, conversation: 2, sheetVersion: 4 });
    expect(await messages.list(sessionId, { conversation: 1 })).toEqual([]);
    expect(await messages.list(sessionId, { conversation: 2 })).toEqual([{ ...sent, conversation: 2, sheetVersion: 4 }]);
    expect(await messages.findByClientId(sessionId, 'c-1')).toMatchObject({ id: sent.id, conversation: 2 });
    await expect(messages.revise({ ...sent, id: sortableId() })).rejects.toMatchObject({ status: 404 });

    await messages.withdraw(sent);
    expect(await messages.list(sessionId)).toEqual([]);
    expect(await messages.findByClientId(sessionId, 'c-1')).toBeUndefined();
    await messages.withdraw(sent); // gone already: fine
    const again = await messages.append({ ...sent, id: sortableId() });
    expect(await messages.findByClientId(sessionId, 'c-1')).toEqual(again);
  });

  it('snapshots: keyed by (sheetId, version), idempotent, large sheets round-trip', async () => {
    const { snapshots } = make();
    const v3 = sheetOf(3, 5000);
    const info = await snapshots.put(v3);
    expect(info).toMatchObject({ sheetId: v3.id, version: 3, rows: 5000 });
    expect(await snapshots.put(v3)).toEqual(info);
    await snapshots.put(sheetOf(5));
    expect(await snapshots.get(v3.id, 3)).toEqual(v3);
    expect(await snapshots.get(v3.id, 4)).toBeUndefined();
    expect((await snapshots.latest(v3.id))?.version).toBe(5);
    expect((await snapshots.list(v3.id)).map((s) => s.version)).toEqual([3, 5]);
    await snapshots.delete(v3.id, 3);
    expect(await snapshots.get(v3.id, 3)).toBeUndefined();
  });
});
