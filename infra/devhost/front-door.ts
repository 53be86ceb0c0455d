import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/**
 * Stands in for Static Web Apps locally: serves the built web app with a
 * navigation fallback, and supplies the signed-in user the way SWA does
 * (`x-ms-client-principal`, `/.auth/me`) — a local user, clearly marked.
 */
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface LocalPrincipal {
  identityProvider: 'devhost';
  userId: string;
  userDetails: string;
  userRoles: string[];
  claims: { typ: string; val: string }[];
}

export function localPrincipal(user: string): LocalPrincipal {
  const userId = createHash('sha256').update(user).digest('hex').slice(0, 32);
  return { identityProvider: 'devhost', userId, userDetails: user, userRoles: ['anonymous', 'authenticated'], claims: [] };
}

export function principalHeader(principal: LocalPrincipal): string {
  return Buffer.from(JSON.stringify(principal)).toString('base64');
}

export function serveAuthMe(principal: LocalPrincipal, response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify({ clientPrincipal: principal }));
}

/** Serves a file from the web root; unknown paths without an extension get index.html. */
export function serveStatic(webRoot: string, request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
  } catch {
    response.writeHead(400).end();
    return;
  }
  let file = join(webRoot, relative);
  if (!file.startsWith(normalize(webRoot) + sep) && file !== normalize(webRoot)) {
    response.writeHead(403).end();
    return;
  }
  const isFile = existsSync(file) && statSync(file).isFile();
  if (!isFile) {
    if (extname(relative)) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    file = join(webRoot, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The web app is not built yet: run `npm run build`.');
      return;
    }
  }
  const immutable = relative.startsWith('assets/');
  response.writeHead(200, {
    'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(file).pipe(response);
}
