import { afterEach, describe, expect, it } from 'vitest';
import { DevBrokerChannel, sasToken } from '../../functions/events/dev-broker-channel.adapter.js';
import { Broker, type BrokerMessage } from '../../infra/servicebus-broker/broker.js';
import { startBrokerServer, verifySas, type BrokerServer } from '../../infra/servicebus-broker/server.js';

const started: (Broker | BrokerServer)[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.stop();
});

function broker(options: ConstructorParameters<typeof Broker>[0] = {}): Broker {
  const b = new Broker({ redeliveryDelayMs: () => 5, ...options });
  started.push(b);
  return b;
}

const msg = (messageId: string, sessionId: string, body = messageId) => ({ messageId, sessionId, body });

describe('local Service Bus broker', () => {
  it('keeps order within a session while sessions run in parallel', async () => {
    const b = broker();
    const seen: string[] = [];
    let inFlightA = 0;
    let maxInFlightA = 0;
    b.subscribe('t', 's', {
      sessions: true,
      handler: async (m) => {
        if (m.sessionId === 'A') maxInFlightA = Math.max(maxInFlightA, ++inFlightA);
        await new Promise((r) => setTimeout(r, m.sessionId === 'A' ? 5 : 1));
        seen.push(m.body);
        if (m.sessionId === 'A') inFlightA--;
      },
    });
    b.send('t', [msg('a1', 'A'), msg('b1', 'B'), msg('a2', 'A'), msg('b2', 'B'), msg('a3', 'A')]);
    await b.idle();
    expect(seen.filter((x) => x.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(seen.filter((x) => x.startsWith('b'))).toEqual(['b1', 'b2']);
    expect(seen.indexOf('b2')).toBeLessThan(seen.indexOf('a3'));
    expect(maxInFlightA).toBe(1);
  });

  it('drops a messageId seen within the duplicate window', async () => {
    const b = broker({ duplicateWindowMs: 50 });
    const seen: string[] = [];
    b.subscribe('t', 's', { sessions: true, handler: async (m) => void seen.push(m.messageId) });
    expect(b.send('t', [msg('x', 'A'), msg('x', 'A')])).toEqual({ accepted: 1, duplicates: 1 });
    await b.idle();
    await new Promise((r) => setTimeout(r, 60));
    expect(b.send('t', [msg('x', 'A')])).toEqual({ accepted: 1, duplicates: 0 });
    await b.idle();
    expect(seen).toEqual(['x', 'x']);
  });

  it('redelivers a failed message with a growing delivery count, holding the session, then dead-letters it', async () => {
    const b = broker({ maxDeliveryCount: 3 });
    const deliveries: BrokerMessage[] = [];
    b.subscribe('t', 's', {
      sessions: true,
      handler: async (m) => {
        deliveries.push(m);
        if (m.messageId === 'poison') throw new Error('cannot process');
      },
    });
    b.send('t', [msg('poison', 'A'), msg('after', 'A')]);
    await b.idle();
    expect(deliveries.map((d) => `${d.messageId}#${d.deliveryCount}`)).toEqual(['poison#1', 'poison#2', 'poison#3', 'after#1']);
    expect(b.deadLetters('t', 's')).toMatchObject([{ messageId: 'poison', deadLetterReason: 'MaxDeliveryCountExceeded', deadLetterErrorDescription: expect.stringContaining('cannot process') }]);
    expect(b.stats()).toEqual([{ topic: 't', subscription: 's', pending: 0, delivered: 1, deadLettered: 1 }]);
  });

  it('a message that fails twice and then succeeds is delivered once more, not lost', async () => {
    const b = broker();
    let attempts = 0;
    b.subscribe('t', 's', {
      sessions: true,
      handler: async () => {
        if (++attempts < 3) throw new Error('dependency down');
      },
    });
    b.send('t', [msg('m', 'A')]);
    await b.idle();
    expect(attempts).toBe(3);
    expect(b.deadLetters('t', 's')).toEqual([]);
  });

  it('refuses a message without a session id on a session subscription, and an unknown topic', () => {
    const b = broker();
    b.subscribe('t', 's', { sessions: true });
    expect(() => b.send('t', [{ messageId: 'x', body: '{}' }])).toThrow(/requires sessions/);
    expect(() => b.send('nope', [msg('x', 'A')])).toThrow(/does not exist/);
  });

  it('over HTTP: the app adapter sends with SAS; a wrong key or no token is 401', async () => {
    const server = await startBrokerServer({ port: 0, key: 'right-key', redeliveryDelayMs: () => 5 });
    started.push(server);
    const received: BrokerMessage[] = [];
    server.broker.subscribe('sheet-events', 'live', { sessions: true, handler: async (m) => void received.push(m) });
    const connection = server.connectionString.replace('localhost', '127.0.0.1');
    await new DevBrokerChannel(connection, 'sheet-events').publishSheetChanged({ type: 'sheet.changed', sheetId: 7, version: 3, changedRowIds: [1], deletedRowIds: [], columnsChanged: false, source: 'app' });
    await server.broker.idle();
    expect(received).toMatchObject([{ messageId: 'app:7:3', sessionId: '7', contentType: 'application/json' }]);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ sheetId: 7, version: 3 });
    await expect(new DevBrokerChannel(connection.replace('right-key', 'wrong-key'), 'sheet-events').publishSheetChanged({ type: 'sheet.changed', sheetId: 7, version: 4, changedRowIds: [], deletedRowIds: [], columnsChanged: false, source: 'app' })).rejects.toThrow(/401/);
    const url = `${server.url.replace('localhost', '127.0.0.1')}/sheet-events/messages`;
    expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('SAS verification checks key name, expiry and signature', () => {
    const token = sasToken('http://x/t/messages', 'Root', 'k', 60);
    expect(verifySas(token, 'Root', 'k')).toBeUndefined();
    expect(verifySas(token, 'Other', 'k')).toMatch(/key name/);
    expect(verifySas(token, 'Root', 'other')).toMatch(/signature/);
    expect(verifySas(token, 'Root', 'k', Math.floor(Date.now() / 1000) + 3600)).toMatch(/expired/);
    expect(verifySas(undefined, 'Root', 'k')).toMatch(/missing/);
  });
});
