import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminRoute } from './admin-routes.js';
import { apiRoutes, changeEvents, RawJson, type ApiContext, type ApiRequest } from './api-routes.js';
import { EmulatorState } from './emulator-state.js';
import { ApiError, errors } from './errors.js';
import { WebhookHub } from './webhooks.js';
import { recordHistory, requestWeight } from './cell-history.js';

/**
 * An emulator of the Smartsheet API 2.0 subset the app uses, faithful enough
 * that the official `smartsheet` SDK works against it unchanged (baseUrl
 * `http://host:port/2.0/`). See README "Smartsheet emulator".
 */
export interface SmartsheetEmulator {
  url: string;
  /** What the SDK takes as baseUrl (with the trailing slash). */
  baseUrl: string;
  state: EmulatorState;
  hooks: WebhookHub;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  port?: number;
  host?: string;
  persistFile?: string;
}

const MAX_BODY = 50 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw errors.invalidRequest('Request body too large.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw errors.parse('The body is not valid JSON.');
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  response.end(body instanceof RawJson ? body.text : JSON.stringify(body));
}

export async function startSmartsheetEmulator(options: EmulatorOptions = {}): Promise<SmartsheetEmulator> {
  const state = new EmulatorState(options.persistFile);
  state.load();
  const hooks = new WebhookHub(state);
  const ctx: ApiContext = {
    state,
    hooks,
    recordChange(req, path, sheetId, change) {
      state.writeLog.push({
        at: new Date().toISOString(),
        method: req.method,
        path,
        sheetId,
        userId: req.grant.userId,
        changeAgent: req.changeAgent,
        ...(req.integrationSource ? { integrationSource: req.integrationSource } : {}),
        rowIds: change.rowIds ?? change.deletedRowIds ?? [],
        body: Array.isArray(req.body) && req.body.length > 1000 ? `[${req.body.length} rows]` : req.body,
      });
      const stored = state.sheets.get(sheetId);
      if (stored) recordHistory(stored, change, { name: req.grant.name, email: req.grant.email });
      hooks.notify(sheetId, changeEvents(sheetId, change, req.grant.userId, req.changeAgent));
      state.changed();
    },
  };

  async function serveApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const method = request.method ?? 'GET';
    const path = url.pathname.slice('/2.0'.length).replace(/\/+$/, '') || '/';
    const fault = state.takeFault(method, path);
    if (fault?.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
    if (fault?.drop) {
      request.socket.destroy();
      return;
    }
    if (fault?.errorCode || fault?.status) {
      const code = fault.errorCode ?? 4000;
      throw new ApiError(fault.status ?? (code === 4003 ? 429 : code === 4001 ? 503 : 500), code, `Injected fault (${code}).`);
    }
    const auth = request.headers.authorization;
    if (!auth || !/^Bearer\s+\S+/i.test(auth)) throw errors.missingToken();
    const token = auth.replace(/^Bearer\s+/i, '').trim();
    const grant = state.tokens.get(token);
    if (!grant) throw errors.invalidToken();
    if (!state.allowRequest(token, Date.now(), requestWeight(path))) throw errors.rateLimited();

    for (const route of apiRoutes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(path);
      if (!match) continue;
      const req: ApiRequest = {
        method,
        params: match.slice(1),
        query: url.searchParams,
        body: await readBody(request),
        grant,
        changeAgent: (request.headers['smartsheet-change-agent'] as string | undefined) ?? undefined,
        integrationSource: (request.headers['smartsheet-integration-source'] as string | undefined) ?? undefined,
      };
      if (!route.write) return send(response, 200, await route.handler(ctx, req, path));
      const sheetId = Number(req.params[0]);
      if (state.busySheets.has(sheetId)) throw errors.concurrentUpdate();
      state.busySheets.add(sheetId);
      try {
        const result = await route.handler(ctx, req, path);
        if (state.config.writeLatencyMs > 0) await new Promise((r) => setTimeout(r, state.config.writeLatencyMs));
        return send(response, 200, result);
      } finally {
        state.busySheets.delete(sheetId);
      }
    }
    throw errors.notFound(`Not Found: ${method} /2.0${path}`);
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const work = url.pathname.startsWith('/admin/')
      ? readBody(request).then((body) => send(response, 200, adminRoute(ctx, { method: request.method ?? 'GET', path: url.pathname.replace(/\/+$/, ''), query: url.searchParams, body })))
      : url.pathname.startsWith('/2.0/')
        ? serveApi(request, response, url)
        : Promise.reject(errors.notFound(`Not Found: ${url.pathname}`));
    work.catch((error: unknown) => {
      const apiError = error instanceof ApiError ? error : errors.unexpected();
      send(response, apiError.status, apiError.toJSON());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8082, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  return {
    url,
    baseUrl: `${url}/2.0/`,
    state,
    hooks,
    async stop() {
      await hooks.stop();
      state.flush();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
