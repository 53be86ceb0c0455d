import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { WebPubSubClient } from '@azure/web-pubsub-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebPubSubEmulator, type WebPubSubEmulator } from '../../infra/webpubsub-emulator/server.js';

let emulator: WebPubSubEmulator;
let service: WebPubSubServiceClient;
const clients: WebPubSubClient[] = [];

beforeAll(async () => {
  emulator = await startWebPubSubEmulator({ port: 0 });
  service = new WebPubSubServiceClient(emulator.connectionString.replace('localhost', '127.0.0.1'), 'sheets', { allowInsecureConnection: true });
});
afterAll(async () => {
  for (const client of clients) client.stop();
  await emulator?.stop();
});

async function connect(userId: string, roles: string[]): Promise<{ client: WebPubSubClient; groupMessages: unknown[]; serverMessages: unknown[] }> {
  const client = new WebPubSubClient({ getClientAccessUrl: async () => (await service.getClientAccessToken({ userId, roles })).url });
  clients.push(client);
  const groupMessages: unknown[] = [];
  const serverMessages: unknown[] = [];
  client.on('group-message', (e) => groupMessages.push(e.message.data));
  client.on('server-message', (e) => serverMessages.push(e.message.data));
  await client.start();
  return { client, groupMessages, serverMessages };
}

describe('Web PubSub emulator with the official SDKs', () => {
  it('a client joins its allowed group and receives group messages sent over REST', async () => {
    const { client, groupMessages } = await connect('dana', ['webpubsub.joinLeaveGroup.sheet:1']);
    await client.joinGroup('sheet:1');
    await service.group('sheet:1').sendToAll({ type: 'sheet.changed', sheetId: 1, version: 5 });
    await expect.poll(() => groupMessages).toEqual([{ type: 'sheet.changed', sheetId: 1, version: 5 }]);
    expect(emulator.connections().find((c) => c.userId === 'dana')?.groups).toEqual(['sheet:1']);
  });

  it('joining a group the token does not allow is refused with Forbidden', async () => {
    const { client } = await connect('ravi', ['webpubsub.joinLeaveGroup.sheet:2']);
    await expect(client.joinGroup('sheet:1')).rejects.toMatchObject({ errorDetail: { name: 'Forbidden' } });
  });

  it('sends to a user and to everyone', async () => {
    const { serverMessages } = await connect('mei', []);
    await service.sendToUser('mei', { type: 'job.progress', done: 3 });
    await service.sendToAll('hello', { contentType: 'text/plain' });
    await expect.poll(() => serverMessages).toEqual([{ type: 'job.progress', done: 3 }, 'hello']);
  });

  it('a client that loses its socket recovers and gets what was sent meanwhile, in order', async () => {
    const { client, groupMessages } = await connect('lena', ['webpubsub.joinLeaveGroup']);
    await client.joinGroup('sheet:9');
    emulator.dropSockets();
    await service.group('sheet:9').sendToAll({ version: 1 });
    await service.group('sheet:9').sendToAll({ version: 2 });
    await expect.poll(() => groupMessages, { timeout: 10_000 }).toEqual([{ version: 1 }, { version: 2 }]);
  });

  it('rejects REST calls signed with the wrong key', async () => {
    const forged = new WebPubSubServiceClient(emulator.connectionString.replace('localhost', '127.0.0.1').replace(/AccessKey=[^;]+/, 'AccessKey=d3Jvbmc='), 'sheets', { allowInsecureConnection: true });
    await expect(forged.sendToAll({ a: 1 })).rejects.toMatchObject({ statusCode: 401 });
  });
});
