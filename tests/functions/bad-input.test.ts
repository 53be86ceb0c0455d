import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SHEETS } from '../../infra/smartsheet-emulator/seed.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';

/**
 * A client's mistake is never a 500: every route the app registers (read from the host, so a new route is covered
 * the day it is added), given malformed ids, bodies and query strings — on real resources and made-up ones —
 * answers 4xx with `{error:{code,message}}` and no stack trace, or succeeds.
 */
let host: DevHostProcess;
const who = principal('bad-input-bea');
const real = { session: '', changeSet: '', job: '', sheet: String(SEED_SHEETS.projectTracker), row: '' };

const call = (method: string, path: string, body?: string) => fetch(`${host.functionsUrl}/api${path}`, { method, headers: { 'content-type': 'application/json', ...who }, ...(body === undefined ? {} : { body }) });
const json = async (res: Response) => (await res.json()) as any;

/** Ids that are not ids: words, overflowing numbers, broken escapes, very long, path tricks, prototype names. */
const BAD_IDS = ['x', '-1', '1.5', '99999999999999999999', '%E0%A4%A', 'a'.repeat(2000), '..%2F..%2Fhealth', '__proto__'];
const BAD_BODIES = ['{', '[]', 'null', '"text"', '12', JSON.stringify({ unexpected: true }), JSON.stringify({ sheetId: 'x', clientMessageId: 5, text: [], kind: 'nope', columnId: {}, value: { a: [1] }, args: 'x', __proto__: { admin: true } })];
const BAD_QUERY = '?limit=abc&after=%ZZ&conversation=x&rows=bogus&format=xml';

/** The route with its placeholders filled: each by a real resource's id, or all by one bad id. */
function paths(route: string): string[] {
  const placeholders = [...route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (placeholders.length === 0) return [`/${route}`];
  const realFor = (name: string) => (name === 'rowId' ? real.row : route.startsWith('change-sets') ? real.changeSet : route.startsWith('jobs') ? real.job : route.startsWith('sheets') ? real.sheet : name === 'name' ? 'describe_sheet' : real.session);
  return [route.replace(/\{(\w+)\}/g, (_, name: string) => realFor(name)), ...BAD_IDS.map((id) => route.replace(/\{\w+\}/g, id))].map((p) => `/${p}`);
}

beforeAll(async () => {
  host = await startDevHostProcess();
  const create = (body: unknown) => call('POST', '/sessions', JSON.stringify(body));
  real.session = (await json(await create({ sheetId: SEED_SHEETS.projectTracker }))).sessionId;
  for (let i = 0; i < 200 && (await json(await call('GET', `/sessions/${real.session}`))).state.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 50));
  const turn = await json(await call('POST', `/sessions/${real.session}/messages`, JSON.stringify({ clientMessageId: 'bad-1', text: 'set Priority to Low where Status is Blocked' })));
  real.changeSet = turn.reply.extra.changeSetIds[0];
  real.job = (await json(await call('POST', `/sessions/${real.session}/jobs`, JSON.stringify({ kind: 'update', set: { Budget: 2 } })))).id;
  real.row = String((await json(await call('GET', `/sessions/${real.session}/sheet`))).rows[0].id);
}, 60_000);
afterAll(() => host?.stop());

describe('malformed input on every route', () => {
  it('is answered 4xx with the error shape (or succeeds), never 5xx, never a stack trace', async () => {
    const registered = [...host.output().matchAll(/^\s+[\w-]+: \[([A-Z,]+)\] http:\/\/[^/]+\/api\/(\S+)$/gm)].flatMap(([, methods, route]) => methods!.split(',').map((method) => [method, route!] as const));
    expect(registered.length).toBeGreaterThan(20);
    const wrong: string[] = [];
    let requests = 0;
    for (const [method, route] of registered) {
      for (const path of paths(route)) {
        const attempts: { path: string; body?: string }[] = method === 'GET' ? [{ path: `${path}${BAD_QUERY}` }] : BAD_BODIES.map((body) => ({ path, body }));
        for (const { path: target, body } of attempts) {
          requests++;
          const res = await call(method, target, body);
          const text = await res.text();
          const what = `${method} ${target.slice(0, 80)} ${body?.slice(0, 40) ?? ''} → ${res.status} ${text.slice(0, 120)}`;
          if (res.status >= 500 || /\bat .+\.(js|ts):\d+/.test(text)) wrong.push(what);
          else if (res.status >= 400) {
            const error = (() => {
              try {
                return (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
              } catch {
                return undefined;
              }
            })();
            if (typeof error?.code !== 'string' || typeof error.message !== 'string' || !error.message) wrong.push(`shape: ${what}`);
            // Said in words a person can act on: no "NaN" from a coerced number, no "body:" for a value in the route.
            else if (/\bNaN\b|^Invalid (?:session|change set|job|sheet|row) id: body:/.test(error.message)) wrong.push(`words: ${what}`);
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(500);
    expect(wrong).toEqual([]);
  }, 120_000);

  it('names what is missing or of the wrong kind', async () => {
    const message = async (res: Response) => ((await json(res)) as { error: { message: string } }).error.message;
    expect(await message(await call('POST', '/sessions', '{}'))).toBe('Invalid request body: sheetId: expected a number, received nothing');
    expect(await message(await call('POST', '/sessions', JSON.stringify({ sheetId: 'abc' })))).toBe('Invalid request body: sheetId: expected a number, received string');
    expect(await message(await call('PATCH', `/sheets/${real.sheet}/rows/abc`, '{}'))).toBe('Invalid row id: expected a number, received string');
    expect(await message(await call('POST', '/sessions/x/new-chat'))).toBe('Invalid session id: is not a valid id');
    // A sheet id sent as its digits is still that sheet.
    expect((await call('POST', '/sessions', JSON.stringify({ sheetId: real.sheet }))).status).toBe(202);
  });
});
