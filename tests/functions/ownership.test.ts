import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SHEETS } from '../../infra/smartsheet-emulator/seed.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';
import { knownSecrets } from '../support/secrets.js';

/**
 * Every resource belongs to its user: for every owner-scoped route the app registers,
 * another user gets 404 and nobody without a principal gets in. Then a scan of
 * everything the host logged for tokens, keys and secrets.
 */
let host: DevHostProcess;
const owner = principal('owner-olga');
const other = principal('other-omar');
const ids = { session: '', changeSet: '', job: '', sheet: SEED_SHEETS.projectTracker, row: 0, comment: 0 };

const call = (method: string, path: string, who?: Record<string, string>, body?: unknown) =>
  fetch(`${host.functionsUrl}/api${path}`, { method, headers: { 'content-type': 'application/json', ...(who ?? {}) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const json = async (res: Response) => (await res.json()) as any;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Owner-scoped routes (method, route template as registered) and how to call them. */
const routes: [string, string, () => [string, unknown?]][] = [
  ['GET', 'sessions/{id}', () => [`/sessions/${ids.session}`]],
  ['POST', 'sessions/{id}/reload', () => [`/sessions/${ids.session}/reload`]],
  ['GET', 'sessions/{id}/sheet', () => [`/sessions/${ids.session}/sheet`]],
  ['POST', 'sessions/{id}/tools/{name}', () => [`/sessions/${ids.session}/tools/describe_sheet`, { args: {} }]],
  ['POST', 'sessions/{id}/new-chat', () => [`/sessions/${ids.session}/new-chat`]],
  ['GET', 'sessions/{id}/messages', () => [`/sessions/${ids.session}/messages`]],
  ['POST', 'sessions/{id}/messages', () => [`/sessions/${ids.session}/messages`, { clientMessageId: 'x1', text: 'count rows' }]],
  ['POST', 'sessions/{id}/messages/{clientMessageId}/stop', () => [`/sessions/${ids.session}/messages/own-1/stop`]],
  ['GET', 'change-sets/{id}', () => [`/change-sets/${ids.changeSet}`]],
  ['POST', 'change-sets/{id}/approve', () => [`/change-sets/${ids.changeSet}/approve`]],
  ['POST', 'change-sets/{id}/reject', () => [`/change-sets/${ids.changeSet}/reject`]],
  ['POST', 'change-sets/{id}/revert', () => [`/change-sets/${ids.changeSet}/revert`]],
  ['GET', 'sessions/{id}/jobs', () => [`/sessions/${ids.session}/jobs`]],
  ['POST', 'sessions/{id}/jobs', () => [`/sessions/${ids.session}/jobs`, { kind: 'update', set: { Budget: 1 } }]],
  ['GET', 'jobs/{id}', () => [`/jobs/${ids.job}`]],
  ['POST', 'jobs/{id}/approve', () => [`/jobs/${ids.job}/approve`]],
  ['POST', 'jobs/{id}/reject', () => [`/jobs/${ids.job}/reject`]],
  ['POST', 'jobs/{id}/cancel', () => [`/jobs/${ids.job}/cancel`]],
  ['POST', 'jobs/{id}/retry-failed', () => [`/jobs/${ids.job}/retry-failed`]],
  ['POST', 'jobs/{id}/resume', () => [`/jobs/${ids.job}/resume`]],
  ['POST', 'jobs/{id}/undo', () => [`/jobs/${ids.job}/undo`]],
  ['GET', 'sheets/{id}/export', () => [`/sheets/${ids.sheet}/export`]],
  ['GET', 'sheets/{id}/matches', () => [`/sheets/${ids.sheet}/matches`]],
  ['GET', 'sessions/{id}/cell-history', () => [`/sessions/${ids.session}/cell-history?rowId=${ids.row}&columnId=1`]],
  ['GET', 'sessions/{id}/comments', () => [`/sessions/${ids.session}/comments`]],
  ['GET', 'sessions/{id}/rows/{rowId}/comments', () => [`/sessions/${ids.session}/rows/${ids.row}/comments`]],
  ['POST', 'sessions/{id}/rows/{rowId}/comments', () => [`/sessions/${ids.session}/rows/${ids.row}/comments`, { text: 'not yours' }]],
  ['GET', 'sessions/{id}/conversations', () => [`/sessions/${ids.session}/conversations`]],
  ['POST', 'sessions/{id}/conversations', () => [`/sessions/${ids.session}/conversations`, { text: 'not yours' }]],
  ['DELETE', 'sessions/{id}/comments/{commentId}', () => [`/sessions/${ids.session}/comments/${ids.comment}`]],
  ['PATCH', 'sessions/{id}/comments/{commentId}', () => [`/sessions/${ids.session}/comments/${ids.comment}`, { text: 'not yours' }]],
  ['PATCH', 'sheets/{sheetId}/rows/{rowId}', () => [`/sheets/${ids.sheet}/rows/${ids.row}`, { sessionId: ids.session, columnId: 1, value: 'x', expected: 'y' }]],
  ['PATCH', 'sheets/{sheetId}/cells', () => [`/sheets/${ids.sheet}/cells`, { sessionId: ids.session, cells: [{ rowId: ids.row, columnId: 1, value: 'x', expected: 'y' }] }]],
  ['POST', 'sheets/{sheetId}/rows', () => [`/sheets/${ids.sheet}/rows`, { sessionId: ids.session, version: 1 }]],
  ['POST', 'sheets/{sheetId}/rows/delete', () => [`/sheets/${ids.sheet}/rows/delete`, { sessionId: ids.session, version: 1, rowIds: [ids.row] }]],
  ['POST', 'sheets/{sheetId}/rows/indent', () => [`/sheets/${ids.sheet}/rows/indent`, { sessionId: ids.session, version: 1, rowIds: [ids.row], direction: 'indent' }]],
  ['POST', 'sheets/{sheetId}/rows/move', () => [`/sheets/${ids.sheet}/rows/move`, { sessionId: ids.session, version: 1, rowIds: [ids.row], after: ids.row }]],
  ['POST', 'sheets/{sheetId}/columns', () => [`/sheets/${ids.sheet}/columns`, { sessionId: ids.session, version: 1, op: 'add', title: 'Not yours', index: 1 }]],
];
/** Routes that are not about one user's resources. */
const PUBLIC = new Set(['health', 'info', 'sheets', 'sessions', 'negotiate', 'webhooks/smartsheet']);

beforeAll(async () => {
  host = await startDevHostProcess();
  ids.session = (await json(await call('POST', '/sessions', owner, { sheetId: ids.sheet }))).sessionId;
  for (let i = 0; i < 200 && (await json(await call('GET', `/sessions/${ids.session}`, owner))).state.status !== 'ready'; i++) await sleep(50);
  const turn = await json(await call('POST', `/sessions/${ids.session}/messages`, owner, { clientMessageId: 'own-1', text: 'set Priority to Low where Status is Blocked' }));
  ids.changeSet = turn.reply.extra.changeSetIds[0];
  ids.job = (await json(await call('POST', `/sessions/${ids.session}/jobs`, owner, { kind: 'update', set: { Budget: 2 } }))).id;
  ids.row = (await json(await call('GET', `/sessions/${ids.session}/sheet`, owner))).rows[0].id;
  // A comment the owner posted from the grid: theirs to delete, and no one else's.
  ids.comment = (await json(await call('POST', `/sessions/${ids.session}/rows/${ids.row}/comments`, owner, { text: 'mine' }))).commentId;
}, 60_000);
afterAll(() => host?.stop());

describe('ownership and authentication on every route', () => {
  it('the table covers every owner-scoped HTTP route the app registers', () => {
    const registered = [...host.output().matchAll(/^\s+[\w-]+: \[([A-Z,]+)\] http:\/\/[^/]+\/api\/(\S+)$/gm)].flatMap(([, methods, route]) => methods!.split(',').map((m) => `${m} ${route}`));
    expect(registered.length).toBeGreaterThan(20);
    const covered = new Set(routes.map(([m, r]) => `${m} ${r}`));
    const missing = registered.filter((r) => !PUBLIC.has(r.split(' ')[1]!) && !covered.has(r));
    expect(missing).toEqual([]);
  });

  it.each(routes.map(([m, r, f]) => [`${m} ${r}`, m, f] as const))('%s: another user gets 404, no principal gets 401', async (_name, method, make) => {
    const [path, body] = make();
    const res = await call(method, path, other, body);
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('NOT_FOUND');
    expect((await call(method, path, undefined, body)).status).toBe(401);
  });

  it('a malformed principal is 401, not 500', async () => {
    for (const value of ['not base64 json', Buffer.from('{"userId":""}').toString('base64'), Buffer.from('[]').toString('base64')]) {
      const res = await call('GET', '/sessions', { 'x-ms-client-principal': value });
      expect(res.status).toBe(401);
      expect((await json(res)).error.code).toBe('UNAUTHORIZED');
    }
  });

  it('the owner still has everything', async () => {
    expect((await call('GET', `/sessions/${ids.session}`, owner)).status).toBe(200);
    expect((await call('GET', `/change-sets/${ids.changeSet}`, owner)).status).toBe(200);
    expect((await call('GET', `/jobs/${ids.job}`, owner)).status).toBe(200);
  });

  it('no token, key or secret appears in anything the host logged', async () => {
    const secrets = await knownSecrets(host, owner);
    await host.stop();
    const log = host.output();
    expect(log.length).toBeGreaterThan(1000);
    for (const secret of secrets) expect(log.includes(secret), `a secret (${secret.slice(0, 6)}…) was logged`).toBe(false);
  });
});
