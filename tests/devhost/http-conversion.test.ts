import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureHost, type FixtureHost } from '../support/fixture-host.js';

let fixture: FixtureHost;
beforeAll(async () => {
  fixture = await startFixtureHost();
});
afterAll(() => fixture?.host.stop());

const call = (path: string, init?: RequestInit) => fetch(fixture.url(path), init);
const logRecords = () => fixture.lines.map((line) => JSON.parse(line) as Record<string, string>);

describe('request and response conversion', () => {
  it('JSON in, JSON out, with request headers and the handler status', async () => {
    const res = await call('/api/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-custom': 'yes' },
      body: JSON.stringify({ a: [1, 2], b: 'ü' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ got: { a: [1, 2], b: 'ü' }, header: 'yes' });
  });

  it('text in, text out', async () => {
    const res = await call('/api/echo', { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(await res.text()).toBe('text:hello');
  });

  it('binary in, binary out, with response headers and cookies', async () => {
    const input = Buffer.from([0, 1, 2, 250, 255]);
    const res = await call('/api/echo', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: input });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-length')).toBe('5');
    expect([...Buffer.from(await res.arrayBuffer())]).toEqual([255, 254, 253, 5, 0]);
    const cookies = res.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    expect(cookies[0]).toMatch(/^session=abc%20123; Path=\/; Max-Age=60; HttpOnly; SameSite=Strict$/);
    expect(cookies[1]).toMatch(/^theme=dark; Secure$/);
  });

  it('passes arbitrary status codes through', async () => {
    const res = await call('/api/status/418');
    expect(res.status).toBe(418);
    expect(await res.text()).toBe('custom status');
  });

  it('a handler that throws gives 500 with a safe body, and the error is logged', async () => {
    const res = await call('/api/throws');
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toMatch(/kaboom|at .*\.ts|Error:/);
    const parsed = JSON.parse(body) as { error: { code: string; message: string } };
    expect(parsed.error.code).toBe('INTERNAL');
    const invocationId = /invocation ([0-9a-f-]+)/.exec(parsed.error.message)![1];
    const logged = logRecords().find((r) => r.level === 'error' && r.invocationId === invocationId);
    expect(logged?.message).toMatch(/kaboom: internal detail/);
    expect(logged?.function).toBe('throws');
  });

  it('reads the Static Web Apps principal into request.user', async () => {
    const principal = { identityProvider: 'aad', userId: 'u-1', userDetails: 'dana@example.com', userRoles: ['authenticated'] };
    const res = await call('/api/whoami', { headers: { 'x-ms-client-principal': Buffer.from(JSON.stringify(principal)).toString('base64') } });
    expect(await res.json()).toMatchObject({ user: { type: 'StaticWebApps', id: 'u-1', username: 'dana@example.com' } });
  });

  it('turns each context.log call into one structured line with function, invocation and trace ids', async () => {
    const traceParent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const res = await call('/api/logs', { headers: { traceparent: traceParent } });
    const { invocationId, traceParent: seen } = (await res.json()) as { invocationId: string; traceParent: string };
    expect(seen).toBe(traceParent);
    const lines = logRecords().filter((r) => r.invocationId === invocationId);
    expect(lines.map((r) => [r.level, r.message])).toEqual([
      ['information', 'hello from logs'],
      ['warning', 'careful'],
    ]);
    expect(lines[0]).toMatchObject({ source: 'function', function: 'logs', traceId: '0af7651916cd43dd8448eb211c80319c' });
  });

  it('creates a traceparent when the request has none (or a malformed one)', async () => {
    const res = await call('/api/logs', { headers: { traceparent: 'garbage' } });
    const { traceParent } = (await res.json()) as { traceParent: string };
    expect(traceParent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('runs a runOnStartup timer once at start', async () => {
    await expect.poll(async () => ((await (await call('/api/timer-calls')).json()) as unknown[]).length).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    const calls = (await (await call('/api/timer-calls')).json()) as { isPastDue: boolean }[];
    expect(calls).toEqual([{ isPastDue: false, at: expect.any(String) }]);
  });
});
