import { WebPubSubClient } from '@azure/web-pubsub-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetChangedEvent } from '../../shared/realtime/events.js';
import { WebPubSubRealtime } from '../../functions/realtime/webpubsub.adapter.js';
import { startWebPubSubEmulator, type WebPubSubEmulator } from '../../infra/webpubsub-emulator/server.js';

const changed: SheetChangedEvent = { type: 'sheet.changed', sheetId: 7, version: 3, previousVersion: 2, changedRows: [], rowsOmitted: false, changedRowIds: [], deletedRowIds: [5], columnsChanged: false, source: 'webhook', at: '2026-12-06T18:00:00.000Z' };
let emulator: WebPubSubEmulator;
let connectionString: string;
const clients: WebPubSubClient[] = [];

beforeAll(async () => {
  emulator = await startWebPubSubEmulator({ port: 0 });
  connectionString = emulator.connectionString.replace('localhost', '127.0.0.1');
});
afterAll(async () => {
  for (const client of clients) client.stop();
  await emulator?.stop();
});

async function connect(realtime: WebPubSubRealtime, userId: string, groups: string[]) {
  const client = new WebPubSubClient({ getClientAccessUrl: () => realtime.clientAccessUrl(userId, groups) });
  clients.push(client);
  const received: unknown[] = [];
  client.on('group-message', (e) => received.push(e.message.data));
  client.on('server-message', (e) => received.push(e.message.data));
  await client.start();
  for (const group of groups) await client.joinGroup(group);
  return received;
}

describe('the Web PubSub adapter, on a connection string', () => {
  it('signs client access and pushes with the access key: a client joins its group and gets group and user pushes', async () => {
    const realtime = new WebPubSubRealtime({ hub: 'sheets', connectionString });
    const received = await connect(realtime, 'dana', ['sheet:7']);
    await realtime.sendToGroup('sheet:7', changed);
    await realtime.sendToUser('dana', { type: 'chat.messages', sessionId: 's1', conversation: 0, messageIds: ['m1'] });
    await expect.poll(() => received).toEqual([
      changed,
      { type: 'chat.messages', sessionId: 's1', conversation: 0, messageIds: ['m1'] },
    ]);
  });

  it('reads Port= and a host without a scheme the way the SDK does', async () => {
    const { hostname, port } = new URL(/Endpoint=([^;]+)/.exec(connectionString)![1]!);
    const accessKey = /AccessKey=([^;]+)/.exec(connectionString)![1]!;
    // No scheme means https, so the emulator (plain http) is only reachable through the scheme given: check the port.
    const realtime = new WebPubSubRealtime({ hub: 'sheets', connectionString: `Endpoint=http://${hostname};AccessKey=${accessKey};Version=1.0;Port=${port};` });
    const received = await connect(realtime, 'mei', []);
    await realtime.sendToUser('mei', { type: 'chat.messages', sessionId: 's2', conversation: 1, messageIds: [] });
    await expect.poll(() => received).toEqual([{ type: 'chat.messages', sessionId: 's2', conversation: 1, messageIds: [] }]);
    expect(await new WebPubSubRealtime({ hub: 'sheets', connectionString: `Endpoint=${hostname};AccessKey=${accessKey}` }).clientAccessUrl('x', [])).toMatch(/^wss:\/\//);
  });

  it('a push signed with the wrong key is refused, and says so', async () => {
    const realtime = new WebPubSubRealtime({ hub: 'sheets', connectionString: connectionString.replace(/AccessKey=[^;]+/, 'AccessKey=d3Jvbmc=') });
    await expect(realtime.sendToUser('dana', { type: 'chat.messages', sessionId: 's1', conversation: 0, messageIds: [] })).rejects.toMatchObject({ code: 'DEPENDENCY_FAILED' });
  });

  it('a connection string without an endpoint or a key is a clear error', () => {
    expect(() => new WebPubSubRealtime({ hub: 'sheets', connectionString: 'Endpoint=http://127.0.0.1:1;Version=1.0;' })).toThrow(/needs Endpoint= and AccessKey=/);
    expect(() => new WebPubSubRealtime({ hub: 'sheets', connectionString: 'AccessKey=abc;' })).toThrow(/needs Endpoint= and AccessKey=/);
  });
});
