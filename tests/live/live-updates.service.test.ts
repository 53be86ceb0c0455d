import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetChanged, SheetEventsPublisher } from '../../functions/events/sheet-events.port.js';
import { LiveUpdatesService } from '../../functions/live/live-updates.service.js';
import { labellingUnreachable, SheetReachability } from '../../functions/live/sheet-reachability.js';
import { WebhookUpkeepService } from '../../functions/live/webhook-upkeep.service.js';
import type { RealtimePort } from '../../functions/realtime/realtime.port.js';
import { KeyVaultSecretStore } from '../../functions/secrets/keyvault-secrets.adapter.js';
import { webhookSecretName } from '../../functions/secrets/secret-store.port.js';
import { newSession, markReady } from '../../functions/sessions/session.model.js';
import { sortableId } from '../../functions/storage/ids.js';
import { basisDigests, citedStamps, columnsRead } from '../../functions/chat/staleness.js';
import { SessionsService } from '../../functions/sessions/sessions.service.js';
import { InProcessWriteLock } from '../../functions/smartsheet/sheet-write-lock.js';
import { SmartsheetAdapter } from '../../functions/smartsheet/smartsheet.adapter.js';
import { MemoryMessageStore, MemorySessionStore, MemorySheetStateStore, MemorySnapshotStore, MemoryWebhookStore } from '../../functions/storage/memory-stores.js';
import type { RealtimeEvent } from '../../shared/realtime/events.js';
import { smallSheet, TOKEN, useEmulator } from '../support/smartsheet.js';
import { startReceiver } from '../support/webhook-receiver.js';
import { startKeyVaultEmulator, type KeyVaultEmulator } from '../../infra/keyvault-emulator/server.js';

/**
 * The live-updates service against the Smartsheet emulator and the Key Vault emulator,
 * with in-memory stores and port doubles for the push and the channel: upkeep,
 * reconciliation, the processor.
 */
const ctx = useEmulator();
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let vault: KeyVaultEmulator;
beforeAll(async () => {
  receiver = await startReceiver();
  vault = await startKeyVaultEmulator();
});
afterAll(async () => {
  await receiver?.close();
  await vault?.stop();
});

function setup(now = () => new Date()) {
  const smartsheet = new SmartsheetAdapter({ baseUrl: `${ctx.emulator.url.replace('localhost', '127.0.0.1')}/2.0/`, accessToken: TOKEN, changeAgent: 'chatsheetai', lock: new InProcessWriteLock(), maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20, timeoutMs: 5000, breakerThreshold: 50, halfOpenAfterMs: 100 });
  const stores = { sessionStore: new MemorySessionStore(), snapshots: new MemorySnapshotStore(), messages: new MemoryMessageStore(), sheetStates: new MemorySheetStateStore(), webhooks: new MemoryWebhookStore(), secrets: new KeyVaultSecretStore(vault.url.replace('localhost', '127.0.0.1')) };
  const pushes: { to: string; event: RealtimeEvent }[] = [];
  const realtime: RealtimePort = {
    clientAccessUrl: async () => 'ws://unused',
    sendToGroup: async (group, event) => void pushes.push({ to: group, event }),
    sendToUser: async (user, event) => void pushes.push({ to: `user ${user}`, event }),
  };
  const notices: SheetChanged[] = [];
  const publisher: SheetEventsPublisher = { publishSheetChanged: async (event) => void notices.push(event) };
  const sessions = new SessionsService({ sessions: stores.sessionStore, messages: stores.messages, snapshots: stores.snapshots, smartsheet, idleMinutes: 60, now });
  const live = new LiveUpdatesService({ ...stores, smartsheet, sessions, realtime, publisher, changeAgent: 'chatsheetai', idleMinutes: 60, now });
  const upkeep = new WebhookUpkeepService({ ...stores, smartsheet, publisher, changeAgent: 'chatsheetai', callbackUrl: () => receiver.url, idleMinutes: 60, now });
  return { live, upkeep, smartsheet, stores, pushes, notices };
}

async function sheetWithSession(s: ReturnType<typeof setup>, lastActiveAt: string, name = smallSheet.name) {
  const created = await ctx.admin<{ id: number }>('/sheets', 'POST', { ...smallSheet, name });
  const sheet = await s.smartsheet.getSheet(created.id);
  await s.stores.snapshots.put(sheet);
  const session = { ...markReady(newSession(`s${created.id}`, 'dana', created.id, lastActiveAt), sheet.version, sheet.name), lastActiveAt };
  await s.stores.sessionStore.create(session);
  return { sheet, session };
}

describe('live updates service', () => {
  it('upkeep keeps one enabled webhook per active sheet and deletes ours on idle sheets, leaving others alone', async () => {
    const s = setup();
    const active = await sheetWithSession(s, new Date().toISOString(), 'Active');
    const idle = await sheetWithSession(s, new Date(Date.now() - 3 * 3600_000).toISOString(), 'Idle');
    const stale = await s.smartsheet.createWebhook({ name: s.upkeep.webhookName(idle.sheet.id), callbackUrl: receiver.url, sheetId: idle.sheet.id });
    const foreign = await s.smartsheet.createWebhook({ name: 'someone-else', callbackUrl: receiver.url, sheetId: idle.sheet.id });

    const first = await s.upkeep.upkeep();
    expect(first).toMatchObject({ sheets: 1, created: [expect.any(Number)], deleted: [stale.id], failed: [] });
    const hooks = await s.smartsheet.listWebhooks();
    expect(hooks.filter((w) => w.sheetId === active.sheet.id)).toMatchObject([{ enabled: true, status: 'ENABLED', callbackUrl: receiver.url }]);
    expect(hooks.map((w) => w.id)).toContain(foreign.id);
    expect(hooks.map((w) => w.id)).not.toContain(stale.id);
    expect((await s.stores.webhooks.list()).map((w) => w.sheetId)).toEqual([active.sheet.id]);
    // The shared secret is in Key Vault, not in the record; the deleted webhook's secret is gone with it.
    const created = first.created[0]!;
    const remote = (await ctx.admin<{ id: number; sharedSecret: string }[]>('/webhooks')).find((w) => w.id === created)!;
    expect(await s.stores.secrets.get(webhookSecretName(created))).toBe(remote.sharedSecret);
    expect(JSON.stringify(await s.stores.webhooks.list())).not.toContain(remote.sharedSecret);
    expect(await s.stores.secrets.get(webhookSecretName(stale.id))).toBeUndefined();

    // Idempotent: nothing to do the second time.
    expect(await s.upkeep.upkeep()).toMatchObject({ created: [], enabled: [], deleted: [] });
  });

  it('upkeep re-enables a disabled webhook and points a moved one back at our callback URL', async () => {
    const s = setup();
    const { sheet } = await sheetWithSession(s, new Date().toISOString(), 'Repoint');
    const { webhookId } = await s.upkeep.ensureWebhook(sheet.id);
    await ctx.admin(`/webhooks/${webhookId}/disable`, 'POST', { status: 'DISABLED_CALLBACK_FAILED' });
    expect((await s.upkeep.upkeep()).enabled).toEqual([webhookId]);
    expect((await s.smartsheet.listWebhooks()).find((w) => w.id === webhookId)).toMatchObject({ enabled: true, status: 'ENABLED' });

    const elsewhere = await startReceiver();
    try {
      await ctx.api(`/webhooks/${webhookId}`, { method: 'PUT', body: JSON.stringify({ callbackUrl: elsewhere.url, enabled: true }) });
      expect((await s.upkeep.upkeep()).enabled).toEqual([webhookId]);
      expect((await s.smartsheet.listWebhooks()).find((w) => w.id === webhookId)?.callbackUrl).toBe(receiver.url);
    } finally {
      await elsewhere.close();
    }
  });

  it('a webhook whose secret the vault no longer has is replaced by a new one with a stored secret', async () => {
    const s = setup();
    const { sheet } = await sheetWithSession(s, new Date().toISOString(), 'Lost secret');
    const { webhookId } = await s.upkeep.ensureWebhook(sheet.id);
    await s.stores.secrets.delete(webhookSecretName(webhookId));
    const outcome = await s.upkeep.upkeep();
    expect(outcome.created).toHaveLength(1);
    expect(outcome.created[0]).not.toBe(webhookId);
    expect((await s.smartsheet.listWebhooks()).map((w) => w.id)).not.toContain(webhookId);
    expect(await s.stores.webhooks.get(String(webhookId))).toBeUndefined();
    const remote = (await ctx.admin<{ id: number; sharedSecret: string }[]>('/webhooks')).find((w) => w.id === outcome.created[0])!;
    expect(await s.stores.secrets.get(webhookSecretName(remote.id))).toBe(remote.sharedSecret);
  });

  it('the processor pushes each version once, diffed from the last push, and the session moves to it', async () => {
    const s = setup();
    const { sheet, session } = await sheetWithSession(s, new Date().toISOString(), 'Processor');
    const rowId = sheet.rows[0]!.id;
    const { version } = await ctx.admin<{ version: number }>(`/sheets/${sheet.id}/external-edit`, 'POST', { rowId, cells: { Status: 'Blocked' } });
    const notice: SheetChanged = { type: 'sheet.changed', sheetId: sheet.id, changedRowIds: [rowId], deletedRowIds: [], columnsChanged: false, source: 'webhook' };
    expect(await s.live.process(notice)).toMatchObject({ pushed: true, version });
    expect(await s.live.process(notice)).toMatchObject({ pushed: false, reason: 'unchanged' });
    expect(await s.live.process({ ...notice, source: 'app', version })).toMatchObject({ pushed: false, reason: 'seen' });
    expect(s.pushes).toHaveLength(1);
    expect(s.pushes[0]).toMatchObject({ to: `sheet:${sheet.id}`, event: { type: 'sheet.changed', version, previousVersion: sheet.version, changedRowIds: [rowId], rowsOmitted: false } });
    expect((await s.stores.sessionStore.get(session.id))?.value.state).toEqual({ status: 'ready', sheetVersion: version });
  });

  it('an answer citing a changed row is pushed as stale however far into a long conversation it is', async () => {
    const s = setup();
    const { sheet, session } = await sheetWithSession(s, new Date().toISOString(), 'Long talk');
    const rowId = sheet.rows[0]!.id;
    let newest = '';
    for (let i = 0; i < 600; i++) {
      newest = sortableId();
      await s.stores.messages.append({ id: newest, sessionId: session.id, conversation: 1, role: i % 2 ? 'assistant' : 'user', text: `m${i}`, createdAt: new Date().toISOString(), sheetVersion: sheet.version, ...(i % 2 ? { citedRowIds: [rowId] } : {}) });
    }
    await ctx.admin(`/sheets/${sheet.id}/external-edit`, 'POST', { rowId, cells: { Status: 'Blocked' } });
    expect(await s.live.process({ type: 'sheet.changed', sheetId: sheet.id, changedRowIds: [rowId], deletedRowIds: [], columnsChanged: false, source: 'webhook' })).toMatchObject({ pushed: true });
    const stale = s.pushes.find((p) => p.event.type === 'answer.stale')?.event as { messageIds: string[] } | undefined;
    expect(stale?.messageIds).toContain(newest);
    expect(stale?.messageIds).toHaveLength(250); // the newest 500 messages: 250 answers
  });

  it('an answer worked out from a column is pushed stale when that column changes in a row it does not cite — once, not again at the next change', async () => {
    const s = setup();
    const { sheet, session } = await sheetWithSession(s, new Date().toISOString(), 'Counted');
    const [cited, other] = sheet.rows;
    const steps = [{ tool: 'aggregate', args: { metrics: [{ fn: 'count' }], filter: { column: 'Status', op: 'eq', value: 'Blocked' } }, ok: true, detail: '' }];
    const id = sortableId();
    const read = columnsRead(steps, sheet);
    await s.stores.messages.append({ id, sessionId: session.id, conversation: 1, role: 'assistant', text: 'n', createdAt: new Date().toISOString(), sheetVersion: sheet.version, citedRowIds: [cited!.id], citedRowStamps: citedStamps(sheet, [cited!.id], read), ...(read ? { citedColumnIds: read } : {}), basisDigests: basisDigests(steps, sheet)! });
    const change = (rowId: number, cells: object) => ctx.admin(`/sheets/${sheet.id}/external-edit`, 'POST', { rowId, cells }).then(() => s.live.process({ type: 'sheet.changed', sheetId: sheet.id, changedRowIds: [rowId], deletedRowIds: [], columnsChanged: false, source: 'webhook' }));
    const pushedStale = () => s.pushes.filter((p) => p.event.type === 'answer.stale').flatMap((p) => (p.event as { messageIds: string[] }).messageIds);
    await change(other!.id, { Budget: 999 }); // a column the count was not worked out from
    expect(pushedStale()).toEqual([]);
    await change(other!.id, { Status: other!.values[1] === 'Blocked' ? 'Open' : 'Blocked' });
    expect(pushedStale()).toEqual([id]);
    await change(other!.id, { Budget: 1000 }); // already stale: not pushed again
    expect(pushedStale()).toEqual([id]);
  });

  it('our own first write to a sheet is pushed, although the writer already stored its new version as the newest snapshot', async () => {
    const s = setup();
    const { sheet, session } = await sheetWithSession(s, new Date().toISOString(), 'First write');
    const row = sheet.rows[0]!;
    const status = sheet.columns.find((c) => c.title === 'Status')!;
    const { version } = await s.smartsheet.updateRows(sheet.id, [{ id: row.id, cells: [{ columnId: status.id, value: 'Done' }] }], sheet.columns);
    // As the change-set apply does: the session adopts the new version (its snapshot stored) before the notice goes out.
    await new SessionsService({ sessions: s.stores.sessionStore, messages: s.stores.messages, snapshots: s.stores.snapshots, smartsheet: s.smartsheet, idleMinutes: 60 }).adopt(session.id, await s.smartsheet.getSheet(sheet.id));
    expect(await s.live.process({ type: 'sheet.changed', sheetId: sheet.id, version, changedRowIds: [row.id], deletedRowIds: [], columnsChanged: false, structural: false, source: 'app' })).toMatchObject({ pushed: true, version });
    expect(s.pushes).toHaveLength(1);
    expect(s.pushes[0]!.event).toMatchObject({ type: 'sheet.changed', previousVersion: sheet.version, version, changedRowIds: [row.id] });
  });

  it('a failed push records nothing, so the redelivery pushes the same change', async () => {
    const s = setup();
    const { sheet } = await sheetWithSession(s, new Date().toISOString(), 'Retry');
    const rowId = sheet.rows[1]!.id;
    const { version } = await ctx.admin<{ version: number }>(`/sheets/${sheet.id}/external-edit`, 'POST', { rowId, cells: { Status: 'Done' } });
    const notice: SheetChanged = { type: 'sheet.changed', sheetId: sheet.id, changedRowIds: [rowId], deletedRowIds: [], columnsChanged: false, source: 'webhook' };
    const realtime = (s.live as unknown as { deps: { realtime: RealtimePort } }).deps.realtime;
    const send = realtime.sendToGroup;
    realtime.sendToGroup = async () => {
      throw new Error('Web PubSub is down');
    };
    await expect(s.live.process(notice)).rejects.toThrow(/down/);
    realtime.sendToGroup = send;
    expect(await s.live.process(notice)).toMatchObject({ pushed: true, version });
    expect(s.pushes[0]!.event).toMatchObject({ previousVersion: sheet.version, version, changedRowIds: [rowId] });
  });

  it('callbacks: challenges only for our webhooks; a signed status callback is recorded; events become one notice', async () => {
    const s = setup();
    const { sheet } = await sheetWithSession(s, new Date().toISOString(), 'Callbacks');
    const { webhookId } = await s.upkeep.ensureWebhook(sheet.id);
    const secret = (await s.stores.secrets.get(webhookSecretName(webhookId)))!;
    const sign = (body: object) => {
      const text = JSON.stringify(body);
      return [text, createHmac('sha256', secret).update(text).digest('hex')] as const;
    };
    expect(await s.live.receiveCallback(JSON.stringify({ challenge: 'c1', webhookId }), undefined, 'c1')).toEqual({ kind: 'challenge', challenge: 'c1' });
    await expect(s.live.receiveCallback(JSON.stringify({ challenge: 'c2', webhookId: 1 }), undefined, 'c2')).rejects.toMatchObject({ status: 401 });
    const [status, statusSig] = sign({ nonce: 'n1', webhookId, newWebhookStatus: 'DISABLED_SCOPE_INACCESSIBLE' });
    expect(await s.live.receiveCallback(status, statusSig, undefined)).toMatchObject({ kind: 'status', status: 'DISABLED_SCOPE_INACCESSIBLE' });
    expect((await s.stores.webhooks.get(String(webhookId)))!.value.status).toBe('DISABLED_SCOPE_INACCESSIBLE');
    const [body, sig] = sign({
      nonce: 'n2',
      webhookId,
      scopeObjectId: sheet.id,
      events: [
        { objectType: 'cell', eventType: 'updated', rowId: 11, columnId: 1, changeAgent: 'chatsheetai' },
        { objectType: 'row', eventType: 'deleted', id: 12, changeAgent: 'other,chatsheetai' },
        { objectType: 'column', eventType: 'created', id: 5, changeAgent: 'chatsheetai' },
      ],
    });
    expect(await s.live.receiveCallback(body, sig, undefined)).toMatchObject({
      kind: 'enqueued',
      messageId: `webhook:${webhookId}:n2`,
      notice: { sheetId: sheet.id, changedRowIds: [11], deletedRowIds: [12], columnsChanged: true, source: 'webhook', ours: true },
    });
    expect(s.notices).toHaveLength(1);
    await expect(s.live.receiveCallback(body, sig.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')), undefined)).rejects.toMatchObject({ status: 401 });
    expect(s.notices).toHaveLength(1);
  });

  it('comments: a callback of comment events is a comments notice; processing it pushes comments.changed with the counts, read once, and reads nothing else — unless it is our own echo', async () => {
    const s = setup();
    const { sheet } = await sheetWithSession(s, new Date().toISOString(), 'Commented');
    const { webhookId } = await s.upkeep.ensureWebhook(sheet.id);
    const secret = (await s.stores.secrets.get(webhookSecretName(webhookId)))!;
    const callback = (nonce: string, changeAgent?: string) => {
      const text = JSON.stringify({ nonce, webhookId, scopeObjectId: sheet.id, events: [{ objectType: 'discussion', eventType: 'created', id: 7, ...(changeAgent ? { changeAgent } : {}) }, { objectType: 'comment', eventType: 'created', id: 8, ...(changeAgent ? { changeAgent } : {}) }] });
      return s.live.receiveCallback(text, createHmac('sha256', secret).update(text).digest('hex'), undefined);
    };
    const theirs = await callback('c1');
    expect(theirs).toMatchObject({ kind: 'enqueued', notice: { sheetId: sheet.id, changedRowIds: [], deletedRowIds: [], columnsChanged: false, comments: true, ours: false } });
    await ctx.admin(`/sheets/${sheet.id}/comments`, 'POST', { rowId: sheet.rows[1]!.id, text: 'Looks right.' });
    // The counts are read, once, and pushed; nothing else of the sheet is read (any read of it would fail here).
    await ctx.admin('/faults', 'POST', { match: `^GET /sheets/${sheet.id}(/version)?$`, status: 500, errorCode: 4000 });
    try {
      expect(await s.live.process((theirs as { notice: SheetChanged }).notice)).toEqual({ pushed: false, reason: 'comments', commentsPushed: true });
    } finally {
      await ctx.admin('/faults', 'DELETE');
    }
    const counts = { rows: [{ rowId: sheet.rows[1]!.id, comments: 1, lastAt: expect.any(String) }], onSheet: 0 };
    expect(s.pushes).toEqual([{ to: `sheet:${sheet.id}`, event: { type: 'comments.changed', sheetId: sheet.id, at: expect.any(String), counts } }]);
    // Our own comment was pushed when we published it: its webhook echo pushes nothing more.
    const echo = await callback('c2', 'chatsheetai');
    expect(await s.live.process((echo as { notice: SheetChanged }).notice)).toMatchObject({ pushed: false, reason: 'ours' });
    expect(s.pushes).toHaveLength(1);
    // Cells and comments in one callback: the comments are pushed and the sheet is read as ever.
    const mixed = { ...(theirs as { notice: SheetChanged }).notice, changedRowIds: [sheet.rows[0]!.id] };
    expect(await s.live.process(mixed)).toMatchObject({ pushed: false, reason: 'unchanged' });
    expect(s.pushes.map((p) => p.event.type)).toEqual(['comments.changed', 'comments.changed']);
    // Counts Smartsheet will not give: the push goes without them (the grids read them).
    await ctx.admin('/faults', 'POST', { match: `^GET /sheets/${sheet.id}/discussions`, status: 500, errorCode: 4000 });
    try {
      await s.live.process((theirs as { notice: SheetChanged }).notice);
    } finally {
      await ctx.admin('/faults', 'DELETE');
    }
    expect(s.pushes.at(-1)!.event).toEqual({ type: 'comments.changed', sheetId: sheet.id, at: expect.any(String) });
  });

  it('reconciliation publishes a notice only for sheets whose version moved past the last push', async () => {
    const s = setup();
    const { sheet } = await sheetWithSession(s, new Date().toISOString(), 'Reconcile');
    expect((await s.upkeep.reconcile()).notices).toEqual([]);
    const { version } = await ctx.admin<{ version: number }>(`/sheets/${sheet.id}/external-edit`, 'POST', { rowId: sheet.rows[0]!.id, cells: { Status: 'Open' } });
    expect((await s.upkeep.reconcile()).notices).toEqual([{ sheetId: sheet.id, version }]);
    expect(s.notices).toMatchObject([{ sheetId: sheet.id, version, source: 'reconciliation' }]);
  });

  it('reconciliation labels a sheet Smartsheet does not answer for, goes on with the others (a deleted one is skipped), and unlabels it on the first answer', async () => {
    const s = setup();
    const down = await sheetWithSession(s, new Date().toISOString(), 'Down');
    const up = await sheetWithSession(s, new Date().toISOString(), 'Up');
    // A sheet deleted meanwhile (Smartsheet says 404) is skipped, not a reason to stop.
    await s.stores.snapshots.put({ ...up.sheet, id: 999_999 });
    await s.stores.sessionStore.create({ ...markReady(newSession('s-gone', 'dana', 999_999, new Date().toISOString()), up.sheet.version, 'Gone'), lastActiveAt: new Date().toISOString() });
    await ctx.admin('/faults', 'POST', { match: `^GET /sheets/${down.sheet.id}/version$`, status: 503, errorCode: 4001 });
    const { version } = await ctx.admin<{ version: number }>(`/sheets/${up.sheet.id}/external-edit`, 'POST', { rowId: up.sheet.rows[0]!.id, cells: { Status: 'Open' } });
    const first = await s.upkeep.reconcile();
    expect(first).toMatchObject({ unreachable: [down.sheet.id], notices: [{ sheetId: up.sheet.id, version }] });
    const label = (await s.stores.sheetStates.get(String(down.sheet.id)))?.value.unreachable;
    expect(label).toEqual({ since: expect.any(String), reason: expect.stringMatching(/4001|maintenance/i) });
    expect((await s.stores.sheetStates.get(String(up.sheet.id)))?.value.unreachable).toBeUndefined();
    // Still down: the label keeps the time it started.
    await s.upkeep.reconcile();
    expect((await s.stores.sheetStates.get(String(down.sheet.id)))?.value.unreachable).toEqual(label);
    await ctx.admin('/faults', 'DELETE');
    expect((await s.upkeep.reconcile()).unreachable).toEqual([]);
    expect((await s.stores.sheetStates.get(String(down.sheet.id)))?.value.unreachable).toBeUndefined();
  });

  it('any call for a sheet that fails as unreachable labels it, whoever made it; a refusal or a rate limit does not', async () => {
    const s = setup();
    const { sheet } = await sheetWithSession(s, new Date().toISOString(), 'Labels');
    const reachability = new SheetReachability({ sheetStates: s.stores.sheetStates });
    const port = labellingUnreachable(s.smartsheet, reachability);
    const fault = (body: object) => ctx.admin('/faults', 'POST', { match: `^GET /sheets/${sheet.id}$`, ...body });
    await fault({ status: 429, errorCode: 4003 });
    await expect(port.getSheet(sheet.id)).rejects.toThrow();
    await ctx.admin('/faults', 'DELETE');
    await expect(port.getSheet(999_999)).rejects.toThrow();
    expect(await reachability.status(sheet.id)).toBeUndefined();
    expect(await reachability.status(999_999)).toBeUndefined();
    await fault({ drop: true });
    await expect(port.getSheet(sheet.id)).rejects.toThrow();
    expect(await reachability.status(sheet.id)).toEqual({ since: expect.any(String), reason: expect.any(String) });
    await ctx.admin('/faults', 'DELETE');
    expect((await port.getSheet(sheet.id)).id).toBe(sheet.id);
    expect(await reachability.status(sheet.id)).toBeUndefined();
  });
});

