// @vitest-environment jsdom
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Sheet } from '../../shared/sheet/model';
import { commentCountsKey, jobKey, jobsKey, messagesKey, Realtime, threadsKey, sessionKey, sheetKey, type PushClient } from './realtime';

/** A stand-in for @azure/web-pubsub-client: records joins, lets the test emit events. */
class FakeClient implements PushClient {
  listeners = new Map<string, ((e: any) => void)[]>();
  joined: string[] = [];
  refuse = new Set<string>();
  starts = 0;
  on(event: string, listener: (e: any) => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  emit(event: string, e: unknown = {}): void {
    for (const l of this.listeners.get(event) ?? []) l(e);
  }
  async start(): Promise<void> {
    this.starts++;
    this.emit('connected');
  }
  stop(): void {
    this.emit('stopped');
  }
  async joinGroup(group: string): Promise<unknown> {
    if (this.refuse.has(group)) throw new Error('Forbidden');
    this.joined.push(group);
    return {};
  }
}

const sheet = (version: number, rows: [number, string][]): Sheet => ({
  id: 9,
  name: 'S',
  version,
  permalink: '',
  modifiedAt: '',
  columns: [{ id: 1, index: 0, title: 'Task', type: 'TEXT_NUMBER', primary: true, hidden: false, readOnly: false }],
  rows: rows.map(([id, task], i) => ({ id, rowNumber: i + 1, modifiedAt: '', values: [task] })),
});
const changed = (version: number, previousVersion: number, rows: [number, string][]) => ({
  type: 'sheet.changed',
  sheetId: 9,
  version,
  previousVersion,
  changedRows: rows.map(([id, task]) => ({ id, rowNumber: id, modifiedAt: '', values: [task] })),
  rowsOmitted: false,
  changedRowIds: rows.map(([id]) => id),
  deletedRowIds: [],
  columnsChanged: false,
  source: 'webhook',
  at: '',
});
const flush = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const client = new FakeClient();
  const queries = new QueryClient();
  const realtime = new Realtime(client, queries, () => 1000);
  return { client, queries, realtime };
}

describe('realtime module', () => {
  it('joins the sheet group of a watched session, and again after a reconnect', async () => {
    const { client, realtime } = setup();
    await realtime.start();
    realtime.watch('s1', 9);
    await flush();
    expect(client.joined).toEqual(['sheet:9']);
    expect(realtime.status).toBe('connected');
    client.emit('disconnected');
    expect(realtime.status).toBe('reconnecting');
    client.emit('connected');
    await flush();
    expect(client.joined).toEqual(['sheet:9', 'sheet:9']);
  });

  it('after a new connection reads again what pushes sent meanwhile would have brought: sheet, session, conversation, jobs, comments', async () => {
    const { client, queries, realtime } = setup();
    realtime.watch('s1', 9);
    const keys = [sheetKey('s1'), sessionKey('s1'), [...messagesKey('s1'), 3], jobsKey('s1'), commentCountsKey('s1')];
    for (const key of keys) queries.setQueryData(key, {});
    await realtime.start(); // the first connection: nothing was missed
    await flush();
    expect(keys.map((key) => queries.getQueryState(key)?.isInvalidated)).toEqual([false, false, false, false, false]);
    client.emit('disconnected');
    client.emit('connected');
    await flush();
    expect(keys.map((key) => queries.getQueryState(key)?.isInvalidated)).toEqual([true, true, true, true, true]);
  });

  it('comments.changed has the comments of every session on that sheet read again (counts and rows), and no other', async () => {
    const { client, queries, realtime } = setup();
    await realtime.start();
    realtime.watch('s1', 9);
    realtime.watch('s2', 10);
    const keys = [commentCountsKey('s1'), [...threadsKey('s1'), 4], commentCountsKey('s2'), sheetKey('s1')];
    for (const key of keys) queries.setQueryData(key, {});
    client.emit('group-message', { message: { data: { type: 'comments.changed', sheetId: 9, at: '' } } });
    expect(keys.map((key) => queries.getQueryState(key)?.isInvalidated)).toEqual([true, true, false, false]);
  });

  it('comments.changed with the counts puts them in place (no read) and has the open rows\' threads read again', async () => {
    const { client, queries, realtime } = setup();
    await realtime.start();
    realtime.watch('s1', 9);
    queries.setQueryData(commentCountsKey('s1'), { rows: [], onSheet: 0 });
    queries.setQueryData([...threadsKey('s1'), 4], { rowId: 4, threads: [] });
    const counts = { rows: [{ rowId: 4, comments: 2, lastAt: '2026-12-01T10:00:00Z' }], onSheet: 1 };
    client.emit('group-message', { message: { data: { type: 'comments.changed', sheetId: 9, at: '', counts } } });
    expect(queries.getQueryData(commentCountsKey('s1'))).toEqual(counts);
    expect(queries.getQueryState(commentCountsKey('s1'))?.isInvalidated).toBe(false);
    expect(queries.getQueryState([...threadsKey('s1'), 4])?.isInvalidated).toBe(true);
  });

  it('a sheet change that brings rows (a move back gives them new ids) or takes some has the comments read again; an edit does not', async () => {
    const { client, queries, realtime } = setup();
    await realtime.start();
    realtime.watch('s1', 9);
    const counts = commentCountsKey('s1');
    const invalidated = () => queries.getQueryState(counts)?.isInvalidated;
    queries.setQueryData(sheetKey('s1'), sheet(3, [[1, 'a'], [2, 'b']]));
    queries.setQueryData(counts, {});
    client.emit('group-message', { message: { data: changed(4, 3, [[2, 'B']]) } });
    expect(invalidated()).toBe(false);
    client.emit('group-message', { message: { data: changed(5, 4, [[3, 'new']]) } });
    expect(invalidated()).toBe(true);
    queries.setQueryData(counts, {});
    client.emit('group-message', { message: { data: { ...changed(6, 5, []), deletedRowIds: [1] } } });
    expect(invalidated()).toBe(true);
  });

  it('applies a sheet.changed that follows on, ignores a seen one, refetches after a gap', async () => {
    const { client, queries, realtime } = setup();
    await realtime.start();
    realtime.watch('s1', 9);
    queries.setQueryData(sheetKey('s1'), sheet(3, [[1, 'a'], [2, 'b']]));
    client.emit('group-message', { message: { data: changed(4, 3, [[2, 'B']]) } });
    expect(queries.getQueryData<Sheet>(sheetKey('s1'))).toMatchObject({ version: 4, rows: [{ values: ['a'] }, { values: ['B'] }] });
    expect(realtime.flashes.get(2)).toBe(2500);
    client.emit('group-message', { message: { data: changed(4, 3, [[2, 'X']]) } });
    expect(queries.getQueryData<Sheet>(sheetKey('s1'))!.rows[1]!.values).toEqual(['B']);
    client.emit('group-message', { message: { data: changed(7, 6, [[1, 'Z']]) } });
    expect(queries.getQueryState(sheetKey('s1'))?.isInvalidated).toBe(true);
    expect(queries.getQueryData<Sheet>(sheetKey('s1'))!.version).toBe(4);
  });

  it('ignores pushes that do not match the contract, and sheets nobody watches', async () => {
    const { client, queries, realtime } = setup();
    await realtime.start();
    realtime.watch('s1', 9);
    queries.setQueryData(sheetKey('s1'), sheet(3, [[1, 'a']]));
    client.emit('group-message', { message: { data: { type: 'sheet.changed', version: 'nope' } } });
    client.emit('group-message', { message: { data: { ...changed(4, 3, [[1, 'b']]), sheetId: 10 } } });
    expect(queries.getQueryData<Sheet>(sheetKey('s1'))!.version).toBe(3);
  });

  it('marks stale answers and updates job progress from per-user pushes', async () => {
    const { client, queries, realtime } = setup();
    await realtime.start();
    queries.setQueryData([...messagesKey('s1'), 1], { messages: [{ id: 'a1', role: 'assistant', text: 'x' }, { id: 'a2', role: 'assistant', text: 'y' }] });
    client.emit('server-message', { message: { data: { type: 'answer.stale', sessionId: 's1', messageIds: ['a2'], sheetVersion: 5 } } });
    expect((queries.getQueryData([...messagesKey('s1'), 1]) as any).messages.map((m: any) => m.stale ?? false)).toEqual([false, true]);
    queries.setQueryData(jobKey('j1'), { id: 'j1', status: 'running', progress: { phase: 'running', done: 0, total: 10, failed: 0 } });
    client.emit('server-message', { message: { data: { type: 'job.progress', jobId: 'j1', sessionId: 's1', status: 'running', progress: { phase: 'running', done: 5, total: 10, failed: 1, conflicts: 2 } } } });
    expect(queries.getQueryData(jobKey('j1'))).toMatchObject({ progress: { done: 5, failed: 1, conflicts: 2 } });
  });

  it('a turn sent from another tab reads the conversation again; one this tab already shows does not', async () => {
    const { client, queries, realtime } = setup();
    await realtime.start();
    // As the chat keys it: session, conversation, how many of the newest it shows.
    const key = [...messagesKey('s1'), 2, 100];
    queries.setQueryData(key, { messages: [{ id: 'u1', role: 'user', text: 'q' }, { id: 'a1', role: 'assistant', text: 'x' }] });
    const stale = () => queries.getQueryState(key)!.isInvalidated;
    client.emit('server-message', { message: { data: { type: 'chat.messages', sessionId: 's1', conversation: 2, messageIds: ['u1', 'a1'] } } });
    expect(stale()).toBe(false);
    client.emit('server-message', { message: { data: { type: 'chat.messages', sessionId: 's1', conversation: 1, messageIds: ['u0', 'a0'] } } });
    expect(stale()).toBe(false); // another conversation of the session
    client.emit('server-message', { message: { data: { type: 'chat.messages', sessionId: 's1', conversation: 2, messageIds: ['u2', 'a2'] } } });
    expect(stale()).toBe(true);
  });

  it('a new chat begun in another tab moves this tab’s session to it', async () => {
    const { client, queries, realtime } = setup();
    await realtime.start();
    queries.setQueryData(sessionKey('s1'), { sessionId: 's1', conversation: 2 });
    client.emit('server-message', { message: { data: { type: 'chat.messages', sessionId: 's1', conversation: 2, messageIds: [] } } });
    expect(queries.getQueryState(sessionKey('s1'))!.isInvalidated).toBe(false);
    client.emit('server-message', { message: { data: { type: 'chat.messages', sessionId: 's1', conversation: 3, messageIds: [] } } });
    expect(queries.getQueryState(sessionKey('s1'))!.isInvalidated).toBe(true);
  });

  it('reconnects with a fresh token when a new sheet’s group is refused', async () => {
    const { client, realtime } = setup();
    await realtime.start();
    client.refuse.add('sheet:11');
    realtime.watch('s2', 11);
    await flush();
    await flush();
    expect(client.starts).toBe(2);
    expect(realtime.status).toBe('connected');
  });
});
