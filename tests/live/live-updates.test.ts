import { createHmac } from 'node:crypto';
import { WebPubSubClient } from '@azure/web-pubsub-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevBrokerChannel } from '../../functions/events/dev-broker-channel.adapter.js';
import { SEED_SHEETS } from '../../infra/smartsheet-emulator/seed.js';
import type { SheetChangedEvent } from '../../shared/realtime/events.js';
import { SheetMirror } from '../../shared/realtime/sheet-mirror.js';
import type { Sheet } from '../../shared/sheet/model.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';
import { until } from '../support/until.js';

/**
 * Live updates over the real local stack: Smartsheet emulator webhooks → our
 * webhook function → the local Service Bus broker → the processor → the Web PubSub
 * emulator → `@azure/web-pubsub-client` in this process.
 */
let host: DevHostProcess;
const dana = principal('live-dana');
const ravi = principal('live-ravi');
const tracker = SEED_SHEETS.projectTracker;
const pipeline = SEED_SHEETS.crm;
let sessionId: string;
const clients: WebPubSubClient[] = [];

const api = (path: string, init: RequestInit = {}, who = dana) => fetch(`${host.functionsUrl}/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...who, ...(init.headers as object) } });
const json = async <T = any>(res: Response): Promise<T> => (await res.json()) as T;
const origin = () => new URL(host.smartsheetUrl!).origin;
async function admin<T = any>(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> {
  const res = await fetch(`${origin()}/admin${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await res.json()) as T;
}
const brokerStats = async () => (await (await fetch(`${host.brokerUrl}/$admin/stats`)).json()) as { delivered: number; pending: number; deadLettered: number }[];
const delivered = async () => (await brokerStats()).reduce((n, s) => n + s.delivered, 0);
const invoke = (name: string) => fetch(`${host.functionsUrl}/admin/functions/${name}`, { method: 'POST', headers: { 'x-functions-key': 'local-master-key', 'content-type': 'application/json' }, body: '{}' });
const ourWebhook = async (sheetId: number) => (await admin<any[]>('/webhooks')).find((w) => w.scopeObjectId === sheetId && w.name.startsWith('chatsheetai-live-'));
const emulatorSheet = () => admin(`/sheets/${tracker}`);
const rowIds = async () => (await emulatorSheet()).rows.map((r: any) => r.id) as number[];
const externalEdit = (rowId: number, cells: Record<string, unknown>, sheetId = tracker) => admin<{ version: number }>(`/sheets/${sheetId}/external-edit`, { rowId, cells });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


async function readySession(sheetId: number, who = dana): Promise<string> {
  const created = await json(await api('/sessions', { method: 'POST', body: JSON.stringify({ sheetId }) }, who));
  await until(async () => (await json(await api(`/sessions/${created.sessionId}`, {}, who))).state.status, (s) => s === 'ready', 'the session to be ready');
  return created.sessionId;
}

interface Listener {
  client: WebPubSubClient;
  changes: SheetChangedEvent[];
  server: any[];
  connects: number;
}

async function listen(who = dana, joins = [`sheet:${tracker}`], retries?: number): Promise<Listener> {
  const client = new WebPubSubClient(
    { getClientAccessUrl: async () => (await json(await api('/negotiate', { method: 'POST' }, who))).url.replace('localhost', '127.0.0.1') },
    retries === undefined ? {} : { messageRetryOptions: { maxRetries: retries } },
  );
  clients.push(client);
  const listener: Listener = { client, changes: [], server: [], connects: 0 };
  client.on('group-message', (e) => {
    const data = e.message.data as SheetChangedEvent;
    if (data.type === 'sheet.changed') listener.changes.push(data);
  });
  client.on('server-message', (e) => listener.server.push(e.message.data));
  client.on('connected', () => listener.connects++);
  await client.start();
  for (const group of joins) await client.joinGroup(group);
  return listener;
}

/** A callback exactly as Smartsheet signs it, for posting by hand. */
function signed(secret: string, body: object): { body: string; signature: string } {
  const text = JSON.stringify(body);
  return { body: text, signature: createHmac('sha256', secret).update(text).digest('hex') };
}
const postCallback = (body: string, headers: Record<string, string> = {}) => fetch(`${host.functionsUrl}/api/webhooks/smartsheet`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

beforeAll(async () => {
  host = await startDevHostProcess([], { SMARTSHEET_RETRY_DELAY_MS: '20' });
  sessionId = await readySession(tracker);
  await until(async () => (await ourWebhook(tracker))?.status, (s) => s === 'ENABLED', 'the webhook to be enabled');
}, 60_000);
afterAll(async () => {
  for (const client of clients) client.stop();
  await host?.stop();
});

describe('live updates: Smartsheet → webhook → event channel → Web PubSub → client', () => {
  // First on purpose: the sheet has had no push yet, and the writer's session already holds the new version.
  it('our own write is pushed once, although its webhook callback arrives too — the first write to a sheet included', async () => {
    const listener = await listen();
    const reply = await json(await api(`/sessions/${sessionId}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: `own-${Date.now()}`, text: 'set Priority to Low where Status is Blocked' }) }));
    const [changeSetId] = reply.reply.extra.changeSetIds as string[];
    expect((await api(`/change-sets/${changeSetId}/approve`, { method: 'POST' })).status).toBeLessThan(300);
    await expect.poll(async () => (await json(await api(`/change-sets/${changeSetId}`))).status, { timeout: 10_000 }).toBe('applied');
    const version = (await json(await api(`/change-sets/${changeSetId}`))).appliedVersion as number;
    await expect.poll(() => listener.changes.filter((c) => c.version >= version).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await sleep(500);
    expect(listener.changes.filter((c) => c.version === version)).toHaveLength(1);
  });

  it('an external edit reaches a client in sheet:<id> with the new version and the changed row', async () => {
    const listener = await listen();
    const [rowId] = await rowIds();
    const { version } = await externalEdit(rowId!, { Status: 'Blocked', Notes: 'changed live' });
    await expect.poll(() => listener.changes.map((c) => c.version), { timeout: 10_000 }).toContain(version);
    const event = listener.changes.find((c) => c.version === version)!;
    expect(event).toMatchObject({ sheetId: tracker, source: 'webhook', rowsOmitted: false, deletedRowIds: [], columnsChanged: false });
    expect(event.changedRowIds).toEqual([rowId]);
    const sheet = await json<Sheet>(await api(`/sessions/${sessionId}/sheet`));
    const status = sheet.columns.findIndex((c) => c.title === 'Status');
    expect(event.changedRows[0]!.values[status]).toBe('Blocked');
    // The session reads the new version too.
    expect(sheet.version).toBe(version);
  });

  it('a forged or missing signature is 401 and enqueues nothing', async () => {
    const webhook = await ourWebhook(tracker);
    const before = await delivered();
    const callback = { nonce: 'forged-1', timestamp: new Date().toISOString(), webhookId: webhook.id, scope: 'sheet', scopeObjectId: tracker, events: [{ objectType: 'sheet', eventType: 'updated', id: tracker }] };
    const forged = signed('not-the-secret', callback);
    const res = await postCallback(forged.body, { 'Smartsheet-Hmac-SHA256': forged.signature });
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe('UNAUTHORIZED');
    expect((await postCallback(forged.body)).status).toBe(401);
    const unknown = signed('x', { ...callback, webhookId: 12345 });
    expect((await postCallback(unknown.body, { 'Smartsheet-Hmac-SHA256': unknown.signature })).status).toBe(401);
    expect((await postCallback('not json', { 'Smartsheet-Hmac-SHA256': 'ab' })).status).toBe(400);
    await sleep(300);
    expect(await delivered()).toBe(before);
    expect((await brokerStats()).every((s) => s.pending === 0)).toBe(true);
  });

  it('the same callback twice is one event; upkeep re-enables a webhook Smartsheet disabled', async () => {
    const listener = await listen();
    const webhook = await ourWebhook(tracker);
    await admin(`/webhooks/${webhook.id}/disable`, { status: 'DISABLED_CALLBACK_FAILED' });
    const [, rowId] = await rowIds();
    const { version } = await externalEdit(rowId!, { Status: 'Complete' });
    const callback = signed(webhook.sharedSecret, {
      nonce: `dup-${Date.now()}`,
      timestamp: new Date().toISOString(),
      webhookId: webhook.id,
      scope: 'sheet',
      scopeObjectId: tracker,
      events: [{ objectType: 'cell', eventType: 'updated', rowId, columnId: 1, userId: 2, timestamp: new Date().toISOString() }],
    });
    const first = await postCallback(callback.body, { 'Smartsheet-Hmac-SHA256': callback.signature });
    const second = await postCallback(callback.body, { 'Smartsheet-Hmac-SHA256': callback.signature });
    expect([first.status, second.status]).toEqual([200, 200]);
    await expect.poll(() => listener.changes.filter((c) => c.version === version).length, { timeout: 10_000 }).toBe(1);
    await sleep(300);
    expect(listener.changes.filter((c) => c.version === version)).toHaveLength(1);

    expect((await invoke('webhook-upkeep')).status).toBe(202);
    await expect.poll(async () => (await ourWebhook(tracker)).status, { timeout: 10_000 }).toBe('ENABLED');
    const next = await externalEdit(rowId!, { Status: 'In Progress' });
    await expect.poll(() => listener.changes.map((c) => c.version), { timeout: 10_000 }).toContain(next.version);
  });

  it('notices arriving out of order leave the right final snapshot, and a seen version is skipped', async () => {
    const webhook = await ourWebhook(tracker);
    await admin(`/webhooks/${webhook.id}/disable`, { status: 'DISABLED_BY_OWNER' });
    const ids = await rowIds();
    const versions: number[] = [];
    for (const [i, id] of ids.slice(0, 3).entries()) versions.push((await externalEdit(id, { Notes: `out of order ${i}` })).version);
    const channel = new DevBrokerChannel(`Endpoint=${host.brokerUrl}/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=local-servicebus-key;UseDevelopmentBroker=true`, 'sheet-events');
    const notice = (version: number) => ({ type: 'sheet.changed' as const, sheetId: tracker, version, changedRowIds: [], deletedRowIds: [], columnsChanged: false, source: 'app' as const });
    await channel.publishSheetChanged(notice(versions[2]!));
    await channel.publishSheetChanged(notice(versions[0]!));
    await channel.publishSheetChanged(notice(versions[1]!));
    await expect.poll(async () => (await json<Sheet>(await api(`/sessions/${sessionId}/sheet`))).version, { timeout: 10_000 }).toBe(versions[2]);
    const sheet = await json<Sheet>(await api(`/sessions/${sessionId}/sheet`));
    const truth = await emulatorSheet();
    const notes = sheet.columns.findIndex((c) => c.title === 'Notes');
    const notesId = truth.columns.find((c: any) => c.title === 'Notes').id;
    for (const id of ids.slice(0, 3)) {
      expect(sheet.rows.find((r) => r.id === id)!.values[notes]).toBe(truth.rows.find((r: any) => r.id === id).cells.find((c: any) => c.columnId === notesId).value);
    }
    await invoke('webhook-upkeep');
    await expect.poll(async () => (await ourWebhook(tracker)).status, { timeout: 10_000 }).toBe('ENABLED');
  });

  it('a client that was away catches up on reconnect (version check), then follows events', async () => {
    const fetchSheet = async (known?: number) => {
      const res = await api(`/sessions/${sessionId}/sheet`, known === undefined ? {} : { headers: { 'if-none-match': `"v${known}"` } });
      return res.status === 304 ? undefined : json<Sheet>(res);
    };
    const mirror = new SheetMirror(fetchSheet);
    await mirror.refresh();
    const listener = await listen();
    listener.client.on('group-message', (e) => void mirror.receive(e.message.data as SheetChangedEvent));
    listener.client.on('connected', () => void mirror.refresh());

    listener.client.stop();
    const [rowId] = await rowIds();
    const { version } = await externalEdit(rowId!, { Notes: 'while you were away' });
    await expect.poll(async () => (await json<Sheet>(await api(`/sessions/${sessionId}/sheet`))).version, { timeout: 10_000 }).toBe(version);
    expect(mirror.version).toBeLessThan(version);

    await listener.client.start();
    await listener.client.joinGroup(`sheet:${tracker}`);
    await expect.poll(() => mirror.version, { timeout: 10_000 }).toBe(version);
    const again = await externalEdit(rowId!, { Notes: 'and after' });
    await expect.poll(() => mirror.version, { timeout: 10_000 }).toBe(again.version);
    const server = await json<Sheet>(await api(`/sessions/${sessionId}/sheet`));
    expect(mirror.sheet!.rows).toEqual(server.rows);
  });

  it('Web PubSub down: the webhook is still acknowledged, the push is retried, nothing is lost', async () => {
    const listener = await listen();
    await fetch(`${host.webPubSubUrl}/$admin/outage`, { method: 'POST', body: JSON.stringify({ ms: 1500 }) });
    const [rowId] = await rowIds();
    const { version } = await externalEdit(rowId!, { Notes: 'during an outage' });
    await sleep(500);
    const webhook = await ourWebhook(tracker);
    expect(webhook.status).toBe('ENABLED');
    expect(webhook.stats.lastSuccessfulCallback).toBeDefined();
    expect(listener.changes.map((c) => c.version)).not.toContain(version);
    await expect.poll(() => listener.changes.map((c) => c.version), { timeout: 15_000 }).toContain(version);
    expect((await brokerStats()).every((s) => s.deadLettered === 0)).toBe(true);
  });

  it('answers citing rows that changed are pushed as stale and listed as stale', async () => {
    const listener = await listen();
    const asked = await json(await api(`/sessions/${sessionId}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: `stale-${Date.now()}`, text: 'show rows where Status is Complete' }) }));
    const answer = asked.reply;
    expect(answer.citedRowIds.length).toBeGreaterThan(0);
    await externalEdit(answer.citedRowIds[0], { Notes: 'makes the answer stale' });
    await expect.poll(() => listener.server.filter((m) => m.type === 'answer.stale').flatMap((m) => m.messageIds), { timeout: 10_000 }).toContain(answer.id);
    const history = await json(await api(`/sessions/${sessionId}/messages?limit=200`));
    expect(history.messages.find((m: any) => m.id === answer.id).stale).toBe(true);
  });

  it('an answer goes stale only when a column it read changes: a Budget total is not made stale by an edit to Notes', async () => {
    const listener = await listen();
    const asked = await json(await api(`/sessions/${sessionId}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: `total-${Date.now()}`, text: 'total Budget by Owner' }) }));
    const total = asked.reply;
    const [a, b] = total.citedRowIds as number[];
    const staleAt = (version: number) => listener.server.filter((m) => m.type === 'answer.stale' && m.sheetVersion === version).flatMap((m) => m.messageIds);
    const listed = async () => (await json(await api(`/sessions/${sessionId}/messages?limit=200`))).messages.find((m: any) => m.id === total.id);
    const notes = await externalEdit(a!, { Notes: 'a colleague’s note, not a number the total read' });
    await expect.poll(async () => (await json(await api(`/sessions/${sessionId}`))).state.sheetVersion, { timeout: 10_000 }).toBe(notes.version);
    expect((await listed()).stale).toBeUndefined();
    const budget = await externalEdit(b!, { Budget: 424242 });
    await expect.poll(() => staleAt(budget.version), { timeout: 10_000 }).toContain(total.id);
    expect(staleAt(notes.version)).not.toContain(total.id); // pushed per version, in order: the Notes edit came first
    expect((await listed()).stale).toBe(true);
  });

  it('negotiate: only the caller’s sheets and own user group are joinable; no principal is 401', async () => {
    expect((await fetch(`${host.functionsUrl}/api/negotiate`, { method: 'POST' })).status).toBe(401);
    const negotiated = await json(await api('/negotiate', { method: 'POST' }));
    expect(negotiated.groups).toEqual([`sheet:${tracker}`, 'user:live-dana']);
    await readySession(pipeline, ravi);
    const listener = await listen(dana, [], 0); // the SDK retries a refused join 3 times (~1 s apart) by default
    await expect(listener.client.joinGroup(`sheet:${pipeline}`)).rejects.toMatchObject({ errorDetail: { name: 'Forbidden' } });
    await expect(listener.client.joinGroup('user:live-ravi')).rejects.toMatchObject({ errorDetail: { name: 'Forbidden' } });
    await listener.client.joinGroup('user:live-dana');
  });
});
