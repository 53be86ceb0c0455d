import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Broker, type BrokerOptions, type SendInput } from './broker.js';

/**
 * The broker behind an HTTP endpoint that speaks Service Bus's REST send API:
 * `POST /{topic}/messages` with a `BrokerProperties` header (`MessageId`, `SessionId`),
 * or a batch (`application/vnd.microsoft.servicebus.json`, `[{Body, BrokerProperties}]`),
 * authorised by a SAS token signed with the namespace key. `GET /$admin/stats` and
 * `GET /$admin/{topic}/subscriptions/{name}/deadletters` show its state.
 */
export interface BrokerServer {
  broker: Broker;
  url: string;
  connectionString: string;
  stop(): Promise<void>;
}

export const LOCAL_KEY_NAME = 'RootManageSharedAccessKey';

/** Checks `SharedAccessSignature sr=…&sig=…&se=…&skn=…` against the key. */
export function verifySas(header: string | undefined, keyName: string, key: string, nowSeconds = Math.floor(Date.now() / 1000)): string | undefined {
  if (!header?.startsWith('SharedAccessSignature ')) return 'missing SharedAccessSignature authorization';
  const fields = new URLSearchParams(header.slice('SharedAccessSignature '.length));
  const sr = fields.get('sr');
  const sig = fields.get('sig');
  const se = Number(fields.get('se'));
  if (!sr || !sig || !Number.isFinite(se)) return 'malformed SharedAccessSignature';
  if (fields.get('skn') !== keyName) return 'unknown key name';
  if (se < nowSeconds) return 'token expired';
  const expected = createHmac('sha256', key).update(`${encodeURIComponent(sr)}\n${se}`).digest();
  const given = Buffer.from(sig, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : 'signature mismatch';
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
}

interface RestProperties {
  MessageId?: string;
  SessionId?: string;
}

function toInput(body: string, properties: RestProperties, contentType: string | undefined, userProperties?: Record<string, string | number | boolean>): SendInput {
  if (!properties.MessageId) throw new Error('BrokerProperties.MessageId is required (duplicate detection is on).');
  return {
    messageId: properties.MessageId,
    body,
    ...(properties.SessionId ? { sessionId: properties.SessionId } : {}),
    ...(contentType ? { contentType } : {}),
    ...(userProperties ? { applicationProperties: userProperties } : {}),
  };
}

export async function startBrokerServer(options: BrokerOptions & { port?: number; key?: string; host?: string } = {}): Promise<BrokerServer> {
  const broker = new Broker(options);
  const key = options.key ?? 'local-servicebus-key';
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => reply(res, 400, { error: { code: 'BadRequest', message: (error as Error).message } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://broker');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (req.method === 'GET' && parts[0] === '$admin') {
      if (parts[1] === 'stats') return reply(res, 200, broker.stats());
      if (parts.length === 5 && parts[2] === 'subscriptions' && parts[4] === 'deadletters') return reply(res, 200, broker.deadLetters(parts[1]!, parts[3]!));
      return reply(res, 404, { error: { code: 'NotFound', message: 'Unknown admin path.' } });
    }
    if (req.method !== 'POST' || parts.length !== 2 || parts[1] !== 'messages') return reply(res, 404, { error: { code: 'NotFound', message: 'POST /{topic}/messages' } });
    const denied = verifySas(req.headers.authorization, LOCAL_KEY_NAME, key);
    if (denied) return reply(res, 401, { error: { code: 'Unauthorized', message: denied } });
    const topic = parts[0]!;
    if (!broker.hasTopic(topic)) return reply(res, 404, { error: { code: 'NotFound', message: `Topic "${topic}" has no subscriptions.` } });
    const body = await readBody(req);
    const contentType = req.headers['content-type'];
    const inputs: SendInput[] = /servicebus\.json/i.test(contentType ?? '')
      ? (JSON.parse(body) as { Body: string; BrokerProperties?: RestProperties; UserProperties?: Record<string, string> }[]).map((m) =>
          toInput(m.Body, m.BrokerProperties ?? {}, 'application/json', m.UserProperties),
        )
      : [toInput(body, JSON.parse(String(req.headers.brokerproperties ?? '{}')) as RestProperties, contentType)];
    const outcome = broker.send(topic, inputs);
    reply(res, 201, outcome);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8084, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  return {
    broker,
    url,
    connectionString: `Endpoint=${url}/;SharedAccessKeyName=${LOCAL_KEY_NAME};SharedAccessKey=${key};UseDevelopmentBroker=true`,
    async stop() {
      await broker.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
