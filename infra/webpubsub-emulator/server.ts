import { createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * An emulator of Azure Web PubSub for local runs and tests: the REST calls
 * `@azure/web-pubsub` makes (send to all / group / user, group membership, close)
 * with HS256 JWTs, and the client WebSocket at `/client/hubs/{hub}` speaking
 * `json.webpubsub.azure.v1` and `json.reliable.webpubsub.azure.v1` (acks, join/leave
 * with role checks, sequence ids and acks, recovery with the reconnection token),
 * enough for `@azure/web-pubsub-client` with auto-reconnect and auto-rejoin.
 */
const RELIABLE = 'json.reliable.webpubsub.azure.v1';
const SIMPLE = 'json.webpubsub.azure.v1';
const RECOVERY_GRACE_MS = 30_000;

interface Connection {
  id: string;
  hub: string;
  userId?: string;
  roles: string[];
  groups: Set<string>;
  reliable: boolean;
  ws?: WebSocket;
  sequence: number;
  unacked: Map<number, string>;
  reconnectionToken: string;
  grace?: NodeJS.Timeout;
}

export interface WebPubSubEmulator {
  url: string;
  connectionString: string;
  /** Drops every live socket without closing the connections (as a network blip does). */
  dropSockets(): void;
  connections(): { id: string; hub: string; userId?: string; groups: string[] }[];
  stop(): Promise<void>;
}

type Payload = { dataType: 'json' | 'text' | 'binary'; data: unknown };

function toPayload(body: Buffer, contentType: string | undefined): Payload {
  if (/json/i.test(contentType ?? '')) return { dataType: 'json', data: JSON.parse(body.toString('utf8') || 'null') };
  if (/^text\//i.test(contentType ?? '')) return { dataType: 'text', data: body.toString('utf8') };
  return { dataType: 'binary', data: body.toString('base64') };
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

function allowed(roles: string[], action: 'joinLeaveGroup' | 'sendToGroup', group: string): boolean {
  return roles.includes(`webpubsub.${action}`) || roles.includes(`webpubsub.${action}.${group}`);
}

export async function startWebPubSubEmulator(options: { port?: number; accessKey?: string } = {}): Promise<WebPubSubEmulator> {
  const accessKey = options.accessKey ?? randomBytes(32).toString('base64');
  // A key object made once: given the key as a string, jsonwebtoken tries it as a public key first (a failed parse
  // and a thrown error on every request, ~1 ms of CPU) before treating it as the HMAC secret it is.
  const verificationKey = createSecretKey(Buffer.from(accessKey, 'utf8'));
  const connections = new Map<string, Connection>();

  const deliver = (conn: Connection, message: Record<string, unknown>) => {
    const full = conn.reliable ? { ...message, sequenceId: ++conn.sequence } : message;
    const text = JSON.stringify(full);
    if (conn.reliable) conn.unacked.set(conn.sequence, text);
    if (conn.ws?.readyState === 1) conn.ws.send(text);
  };
  const inHub = (hub: string) => [...connections.values()].filter((c) => c.hub === hub);
  const remove = (conn: Connection) => {
    clearTimeout(conn.grace);
    connections.delete(conn.id);
    conn.ws?.close(1000);
  };

  function verify(token: string | undefined, audienceSuffix: string): jwt.JwtPayload {
    if (!token) throw Object.assign(new Error('Missing access token.'), { status: 401 });
    try {
      const payload = jwt.verify(token, verificationKey, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      const aud = String(Array.isArray(payload.aud) ? payload.aud[0] : payload.aud ?? '');
      if (!aud.replace(/\/+$/, '').toLowerCase().endsWith(audienceSuffix.toLowerCase())) throw new Error(`audience ${aud} is not for ${audienceSuffix}`);
      return payload;
    } catch (error) {
      throw Object.assign(new Error(`Invalid access token: ${(error as Error).message}`), { status: 401 });
    }
  }

  async function rest(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const match = /^\/api\/hubs\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!match) return void response.writeHead(404).end();
    const hub = decodeURIComponent(match[1]!).toLowerCase();
    const rest = match[2] ?? '';
    // REST tokens: the SDK signs one per request (audience = the request URL); signature and expiry are what matter.
    verify(request.headers.authorization?.replace(/^Bearer\s+/i, ''), '');
    const chunks: Buffer[] = [];
    for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const method = request.method ?? 'GET';
    let m: RegExpExecArray | null;
    const ok = (status = 202) => void response.writeHead(status).end();
    if (rest === '/:send' && method === 'POST') {
      const payload = toPayload(body, request.headers['content-type']);
      for (const conn of inHub(hub)) deliver(conn, { type: 'message', from: 'server', ...payload });
      return ok();
    }
    if ((m = /^\/groups\/([^/]+)\/:send$/.exec(rest)) && method === 'POST') {
      const group = decodeURIComponent(m[1]!);
      const payload = toPayload(body, request.headers['content-type']);
      for (const conn of inHub(hub).filter((c) => c.groups.has(group))) deliver(conn, { type: 'message', from: 'group', group, ...payload });
      return ok();
    }
    if ((m = /^\/users\/([^/]+)\/:send$/.exec(rest)) && method === 'POST') {
      const user = decodeURIComponent(m[1]!);
      const payload = toPayload(body, request.headers['content-type']);
      for (const conn of inHub(hub).filter((c) => c.userId === user)) deliver(conn, { type: 'message', from: 'server', ...payload });
      return ok();
    }
    if ((m = /^\/users\/([^/]+)\/groups\/([^/]+)$/.exec(rest))) {
      const [user, group] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)];
      for (const conn of inHub(hub).filter((c) => c.userId === user)) (method === 'PUT' ? conn.groups.add(group) : conn.groups.delete(group));
      return ok(200);
    }
    if ((m = /^\/groups\/([^/]+)\/connections\/([^/]+)$/.exec(rest))) {
      const conn = connections.get(decodeURIComponent(m[2]!));
      if (conn) method === 'PUT' ? conn.groups.add(decodeURIComponent(m[1]!)) : conn.groups.delete(decodeURIComponent(m[1]!));
      return ok(conn ? 200 : 404);
    }
    if ((m = /^\/connections\/([^/]+)$/.exec(rest)) && method === 'DELETE') {
      const conn = connections.get(decodeURIComponent(m[1]!));
      if (conn) remove(conn);
      return ok(204);
    }
    if ((m = /^\/(groups|users|connections)\/([^/]+)$/.exec(rest)) && method === 'HEAD') {
      const key = decodeURIComponent(m[2]!);
      const exists = inHub(hub).some((c) => (m![1] === 'groups' ? c.groups.has(key) : m![1] === 'users' ? c.userId === key : c.id === key));
      return ok(exists ? 200 : 404);
    }
    response.writeHead(404).end();
  }

  // Admin (tests, local runs): `POST /$admin/outage {"ms": N}` answers every REST call 503 for N ms;
  // `POST /$admin/drop` drops every socket (a network blip); `GET /$admin/connections` lists them.
  let outageUntil = 0;
  async function admin(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    if (!url.pathname.startsWith('/$admin/')) return false;
    const chunks: Buffer[] = [];
    for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
    const send = (body: unknown) => void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/$admin/outage' && request.method === 'POST') {
      const ms = Number((JSON.parse(Buffer.concat(chunks).toString() || '{}') as { ms?: number }).ms ?? 0);
      outageUntil = Date.now() + ms;
      send({ until: new Date(outageUntil).toISOString() });
    } else if (url.pathname === '/$admin/drop' && request.method === 'POST') {
      for (const conn of connections.values()) conn.ws?.terminate();
      send({ dropped: connections.size });
    } else if (url.pathname === '/$admin/connections') {
      send([...connections.values()].map((c) => ({ id: c.id, hub: c.hub, userId: c.userId, groups: [...c.groups] })));
    } else response.writeHead(404).end();
    return true;
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const handle = async () => {
      if (await admin(request, response, url)) return;
      if (Date.now() < outageUntil) throw Object.assign(new Error('Service unavailable (simulated outage).'), { status: 503 });
      await rest(request, response, url);
    };
    handle().catch((error: { status?: number; message?: string }) => {
      if (!response.headersSent) response.writeHead(error.status ?? 500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: error.status === 401 ? 'Unauthorized' : 'Error', message: error.message }));
    });
  });

  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has(RELIABLE) ? RELIABLE : protocols.has(SIMPLE) ? SIMPLE : false) });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const hubMatch = /^\/client\/hubs\/([^/]+)$/.exec(url.pathname);
    const reject = (status: number) => {
      socket.write(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Not Found'}\r\n\r\n`);
      socket.destroy();
    };
    if (!hubMatch) return reject(404);
    const hub = decodeURIComponent(hubMatch[1]!).toLowerCase();
    const recoverId = url.searchParams.get('awps_connection_id');
    let conn: Connection | undefined;
    if (recoverId) {
      conn = connections.get(recoverId);
      if (!conn || conn.reconnectionToken !== url.searchParams.get('awps_reconnection_token')) return reject(404);
    } else {
      let claims: jwt.JwtPayload;
      try {
        claims = verify(url.searchParams.get('access_token') ?? request.headers.authorization?.replace(/^Bearer\s+/i, ''), `/client/hubs/${hub}`);
      } catch {
        return reject(401);
      }
      conn = {
        id: randomUUID(),
        hub,
        ...(claims.sub ? { userId: claims.sub } : {}),
        roles: list(claims.role),
        groups: new Set(list(claims['webpubsub.group'])),
        reliable: false,
        sequence: 0,
        unacked: new Map(),
        reconnectionToken: randomBytes(16).toString('hex'),
      };
    }
    const attached = conn;
    wss.handleUpgrade(request, socket, head, (ws) => {
      clearTimeout(attached.grace);
      attached.ws = ws;
      attached.reliable = ws.protocol === RELIABLE;
      if (recoverId) {
        for (const text of [...attached.unacked.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t)) ws.send(text);
      } else {
        connections.set(attached.id, attached);
        ws.send(JSON.stringify({ type: 'system', event: 'connected', userId: attached.userId ?? null, connectionId: attached.id, ...(attached.reliable ? { reconnectionToken: attached.reconnectionToken } : {}) }));
      }
      ws.on('message', (raw) => {
        let message: { type?: string; group?: string; ackId?: number; sequenceId?: number; noEcho?: boolean; dataType?: string; data?: unknown };
        try {
          message = JSON.parse(String(raw));
        } catch {
          return;
        }
        const ack = (success: boolean, error?: { name: string; message: string }) => {
          if (message.ackId !== undefined) ws.send(JSON.stringify({ type: 'ack', ackId: message.ackId, success, ...(error ? { error } : {}) }));
        };
        const group = message.group ?? '';
        switch (message.type) {
          case 'sequenceAck':
            for (const id of [...attached.unacked.keys()]) if (id <= (message.sequenceId ?? 0)) attached.unacked.delete(id);
            return;
          case 'joinGroup':
          case 'leaveGroup':
            if (!allowed(attached.roles, 'joinLeaveGroup', group)) return ack(false, { name: 'Forbidden', message: `Not allowed to ${message.type === 'joinGroup' ? 'join' : 'leave'} group ${group}.` });
            if (message.type === 'joinGroup') attached.groups.add(group);
            else attached.groups.delete(group);
            return ack(true);
          case 'sendToGroup':
            if (!allowed(attached.roles, 'sendToGroup', group)) return ack(false, { name: 'Forbidden', message: `Not allowed to send to group ${group}.` });
            for (const other of inHub(attached.hub).filter((c) => c.groups.has(group) && !(message.noEcho && c === attached))) {
              deliver(other, { type: 'message', from: 'group', group, fromUserId: attached.userId ?? null, dataType: message.dataType ?? 'json', data: message.data });
            }
            return ack(true);
          default:
            return ack(true);
        }
      });
      ws.on('close', () => {
        if (attached.ws !== ws) return;
        attached.ws = undefined;
        // A reliable connection waits for its client to recover it; a simple one is gone.
        if (attached.reliable && connections.has(attached.id)) attached.grace = setTimeout(() => remove(attached), RECOVERY_GRACE_MS);
        else connections.delete(attached.id);
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, '127.0.0.1', resolve);
  });
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    url,
    connectionString: `Endpoint=${url};AccessKey=${accessKey};Version=1.0;`,
    dropSockets() {
      for (const conn of connections.values()) conn.ws?.terminate();
    },
    connections: () => [...connections.values()].map((c) => ({ id: c.id, hub: c.hub, ...(c.userId ? { userId: c.userId } : {}), groups: [...c.groups] })),
    async stop() {
      for (const conn of connections.values()) remove(conn);
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
