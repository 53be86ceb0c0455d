import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegisteredFunction } from './core-api.js';
import type { RpcHttpCookie, RpcHttpData, RpcTypedData } from './core-types.js';
import type { FunctionRuntime } from './function-runtime.js';
import { compareRoutes, compileRoute, type CompiledRoute } from './route-template.js';

export interface HttpRoute {
  fn: RegisteredFunction;
  route: CompiledRoute;
  methods: string[];
  authLevel: 'anonymous' | 'function' | 'admin';
}

export interface HostKeys {
  /** Accepted for authLevel "function". */
  functionKey: string;
  /** Accepted for every auth level. */
  masterKey: string;
}

const MAX_BODY_BYTES = 100 * 1024 * 1024;

export function isHttpTrigger(fn: RegisteredFunction): boolean {
  return fn.trigger.type.toLowerCase() === 'httptrigger';
}

/** Every HTTP-triggered function with its compiled route, most specific first. */
export function buildHttpRoutes(functions: RegisteredFunction[]): HttpRoute[] {
  return functions
    .filter(isHttpTrigger)
    .map((fn) => {
      const methods = (fn.trigger.methods as string[] | undefined)?.map((m) => m.toUpperCase()) ?? ['GET', 'POST'];
      const authLevel = String(fn.trigger.authLevel ?? 'function').toLowerCase() as HttpRoute['authLevel'];
      return { fn, route: compileRoute(String(fn.trigger.route ?? fn.name)), methods, authLevel };
    })
    .sort((a, b) => compareRoutes(a.route, b.route));
}

export function sameSecret(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function authorised(route: HttpRoute, request: IncomingMessage, url: URL, keys: HostKeys): boolean {
  if (route.authLevel === 'anonymous') return true;
  const given = (request.headers['x-functions-key'] as string | undefined) ?? url.searchParams.get('code');
  if (sameSecret(given, keys.masterKey)) return true;
  return route.authLevel === 'function' && sameSecret(given, keys.functionKey);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('Request body too large'), { status: 413 });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function headerRecord(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function typedDataToBuffer(data: RpcTypedData | null | undefined): Buffer | undefined {
  if (!data) return undefined;
  if (data.bytes) return Buffer.from(data.bytes);
  if (data.stream) return Buffer.from(data.stream);
  if (typeof data.string === 'string') return Buffer.from(data.string);
  if (typeof data.json === 'string') return Buffer.from(data.json);
  if (typeof data.int === 'number') return Buffer.from(String(data.int));
  if (typeof data.double === 'number') return Buffer.from(String(data.double));
  return undefined;
}

function serialiseCookie(cookie: RpcHttpCookie): string {
  const parts = [`${cookie.name}=${encodeURIComponent(cookie.value ?? '')}`];
  if (cookie.domain?.value) parts.push(`Domain=${cookie.domain.value}`);
  if (cookie.path?.value) parts.push(`Path=${cookie.path.value}`);
  if (cookie.expires?.value?.seconds !== undefined) parts.push(`Expires=${new Date(cookie.expires.value.seconds * 1000).toUTCString()}`);
  if (cookie.maxAge?.value !== undefined) parts.push(`Max-Age=${cookie.maxAge.value}`);
  if (cookie.secure?.value) parts.push('Secure');
  if (cookie.httpOnly?.value) parts.push('HttpOnly');
  const sameSite = { lax: 'Lax', strict: 'Strict', explicitNone: 'None' }[cookie.sameSite as string];
  if (sameSite) parts.push(`SameSite=${sameSite}`);
  return parts.join('; ');
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, code: string, message: string, headers?: Record<string, string>): void {
  sendJson(response, status, { error: { code, message } }, headers);
}

function writeHttpResult(response: ServerResponse, result: RpcTypedData | null | undefined): void {
  const http: RpcHttpData | undefined = result?.http ?? undefined;
  if (!http) {
    response.writeHead(204).end();
    return;
  }
  const status = Number(http.statusCode ?? 200) || 200;
  for (const [name, value] of Object.entries(http.headers ?? {})) response.setHeader(name, value);
  const cookies = (http.cookies ?? []).map(serialiseCookie);
  if (cookies.length) response.setHeader('set-cookie', cookies);
  const body = typedDataToBuffer(http.body);
  response.writeHead(status);
  response.end(body && body.length ? body : undefined);
}

export interface HttpDispatchOptions {
  runtime: FunctionRuntime;
  routes: HttpRoute[];
  routePrefix: string;
  keys: HostKeys;
  /** Headers the front door adds (e.g. the local user's principal); they replace client-sent ones. */
  injectHeaders?: Record<string, string>;
}

/**
 * Serves one request to an HTTP trigger: route match (404/405), key check (401),
 * RPC conversion through the app's own programming model, and the response.
 * Returns false when the path is outside the route prefix.
 */
export async function dispatchHttp(options: HttpDispatchOptions, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const host = request.headers.host ?? 'localhost';
  const url = new URL(request.url ?? '/', `http://${host}`);
  const prefix = options.routePrefix ? `/${options.routePrefix}` : '';
  if (prefix && url.pathname !== prefix && !url.pathname.toLowerCase().startsWith(prefix.toLowerCase() + '/')) return false;
  const path = url.pathname.slice(prefix.length);
  const method = (request.method ?? 'GET').toUpperCase();

  const matches = options.routes.map((route) => ({ route, params: route.route.match(path) })).filter((m) => m.params);
  if (matches.length === 0) {
    sendError(response, 404, 'NOT_FOUND', `No function serves ${url.pathname}.`);
    return true;
  }
  const hit = matches.find((m) => m.route.methods.includes(method));
  if (!hit) {
    const allow = [...new Set(matches.flatMap((m) => m.route.methods))].join(', ');
    sendError(response, 405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}.`, { allow });
    return true;
  }
  if (!authorised(hit.route, request, url, options.keys)) {
    sendError(response, 401, 'UNAUTHORIZED', 'A valid function key is required (x-functions-key header or ?code=).');
    return true;
  }

  let body: Buffer;
  try {
    body = await readBody(request);
  } catch (error) {
    sendError(response, (error as { status?: number }).status ?? 400, 'BAD_REQUEST', (error as Error).message);
    return true;
  }
  const headers = { ...headerRecord(request), ...options.injectHeaders };
  const http: RpcHttpData = { method, url: url.href, headers, params: hit.params, identities: [] };
  if (body.length) http.body = { bytes: body };

  const invocationId = randomUUID();
  try {
    const result = await options.runtime.invoke(hit.route.fn, { data: { http }, traceParent: headers.traceparent, invocationId });
    writeHttpResult(response, result.returnValue);
  } catch (error) {
    options.runtime.logger.log('error', `Function "${hit.route.fn.name}" failed: ${(error as Error)?.stack ?? String(error)}`, {
      function: hit.route.fn.name,
      invocationId,
    });
    if (!response.headersSent) {
      sendError(response, 500, 'INTERNAL', `The function failed; the host log has the details (invocation ${invocationId}).`);
    } else response.end();
  }
  return true;
}
