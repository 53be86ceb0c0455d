import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Key Vault for secrets, speaking the REST shape `@azure/keyvault-secrets`
 * uses: `PUT /secrets/{name}` (a new version), `GET /secrets/{name}[/{version}]`,
 * `DELETE /secrets/{name}` (soft delete; `GET /deletedsecrets/{name}` shows it; a
 * deleted name cannot be set again until purged, as in Azure) and
 * `DELETE /deletedsecrets/{name}` (purge). Like Key Vault it answers a request
 * without a token with a 401 bearer challenge, and accepts only its own token
 * afterwards. In memory; `GET /$admin/secrets` lists current names (for tests).
 */
export const LOCAL_KEYVAULT_TOKEN = 'local-keyvault-token';

export interface KeyVaultEmulator {
  url: string;
  stop(): Promise<void>;
}

interface Version {
  version: string;
  value: string;
  contentType?: string;
  tags?: Record<string, string>;
  created: number;
}

const NAME = /^[0-9a-zA-Z-]{1,127}$/;
const CHALLENGE = 'Bearer authorization="https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000", resource="https://vault.azure.net"';

function reply(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(body === undefined ? '' : JSON.stringify(body));
}

const error = (res: ServerResponse, status: number, code: string, message: string, headers?: Record<string, string>) => reply(res, status, { error: { code, message } }, headers);

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export async function startKeyVaultEmulator(options: { port?: number; host?: string; token?: string } = {}): Promise<KeyVaultEmulator> {
  const token = options.token ?? LOCAL_KEYVAULT_TOKEN;
  const secrets = new Map<string, Version[]>();
  const deleted = new Map<string, { versions: Version[]; deletedDate: number }>();
  let base = '';

  const bundle = (name: string, v: Version) => ({
    value: v.value,
    id: `${base}/secrets/${name}/${v.version}`,
    ...(v.contentType ? { contentType: v.contentType } : {}),
    ...(v.tags ? { tags: v.tags } : {}),
    attributes: { enabled: true, created: v.created, updated: v.created, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 },
  });
  const deletedBundle = (name: string, entry: { versions: Version[]; deletedDate: number }) => ({
    ...bundle(name, entry.versions.at(-1)!),
    recoveryId: `${base}/deletedsecrets/${name}`,
    deletedDate: entry.deletedDate,
    scheduledPurgeDate: entry.deletedDate + 90 * 86_400,
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://vault');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === '$admin' && parts[1] === 'secrets' && req.method === 'GET') return reply(res, 200, [...secrets.keys()].sort());
    const auth = req.headers.authorization;
    if (!auth) return error(res, 401, 'Unauthorized', 'AKV10000: Request is missing a Bearer or PoP token.', { 'www-authenticate': CHALLENGE });
    if (auth !== `Bearer ${token}`) return error(res, 401, 'Unauthorized', 'AKV10022: Invalid audience or token.', { 'www-authenticate': CHALLENGE });
    if (!url.searchParams.get('api-version')) return error(res, 400, 'BadParameter', 'The api-version query parameter is required.');
    const [collection, name, version] = parts;
    if ((collection !== 'secrets' && collection !== 'deletedsecrets') || !name || parts.length > 3) return error(res, 404, 'NotFound', 'Unknown path.');
    if (!NAME.test(name)) return error(res, 400, 'BadParameter', "The secret name must be 1-127 characters: letters, digits and '-'.");
    const now = Math.floor(Date.now() / 1000);

    if (collection === 'deletedsecrets') {
      const entry = deleted.get(name);
      if (!entry) return error(res, 404, 'SecretNotFound', `Deleted Secret not found: ${name}`);
      if (req.method === 'GET') return reply(res, 200, deletedBundle(name, entry));
      if (req.method === 'DELETE') {
        deleted.delete(name);
        return reply(res, 204);
      }
      return error(res, 405, 'MethodNotAllowed', 'GET or DELETE');
    }
    if (req.method === 'PUT' && !version) {
      if (deleted.has(name)) return error(res, 409, 'Conflict', `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.`);
      const body = (await readJson(req)) as { value?: unknown; contentType?: unknown; tags?: unknown } | undefined;
      if (typeof body?.value !== 'string') return error(res, 400, 'BadParameter', 'The request body must have a string "value".');
      const v: Version = {
        version: randomBytes(16).toString('hex'),
        value: body.value,
        created: now,
        ...(typeof body.contentType === 'string' ? { contentType: body.contentType } : {}),
        ...(body.tags && typeof body.tags === 'object' ? { tags: body.tags as Record<string, string> } : {}),
      };
      secrets.set(name, [...(secrets.get(name) ?? []), v]);
      return reply(res, 200, bundle(name, v));
    }
    const versions = secrets.get(name);
    if (req.method === 'GET') {
      const found = version ? versions?.find((v) => v.version === version) : versions?.at(-1);
      if (!found) return error(res, 404, 'SecretNotFound', `A secret with (name/id) ${name}${version ? `/${version}` : ''} was not found in this key vault.`);
      return reply(res, 200, bundle(name, found));
    }
    if (req.method === 'DELETE' && !version) {
      if (!versions) return error(res, 404, 'SecretNotFound', `A secret with (name/id) ${name} was not found in this key vault.`);
      secrets.delete(name);
      const entry = { versions, deletedDate: now };
      deleted.set(name, entry);
      return reply(res, 200, deletedBundle(name, entry));
    }
    return error(res, 405, 'MethodNotAllowed', 'Unsupported method.');
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch((thrown: unknown) => error(res, 400, 'BadParameter', thrown instanceof SyntaxError ? 'The request body is not JSON.' : String((thrown as Error)?.message ?? thrown)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  base = `http://localhost:${port}`;
  return {
    url: base,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
