import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureHost, type FixtureHost } from '../support/fixture-host.js';

let fixture: FixtureHost;
beforeAll(async () => {
  fixture = await startFixtureHost();
});
afterAll(() => fixture?.host.stop());

const get = (path: string, init?: RequestInit) => fetch(fixture.url(path), init);

describe('HTTP routing over real HTTP', () => {
  it('routes by constraint and prefers literals', async () => {
    expect(await (await get('/api/items/42?q=a&q=b')).json()).toEqual({ fn: 'items-by-int', params: { id: '42' }, q: ['a', 'b'] });
    expect(await (await get('/api/items/0f8fad5b-d9cb-469f-a165-70867728950e')).json()).toMatchObject({ fn: 'items-by-guid' });
    expect(await (await get('/api/items/special')).json()).toEqual({ fn: 'items-special' });
  });

  it('supports optional parameters and catch-alls', async () => {
    expect(await (await get('/api/names/dana')).json()).toEqual({ fn: 'names', params: { name: 'dana' } });
    expect(await (await get('/api/names/dana/extra')).json()).toEqual({ fn: 'names', params: { name: 'dana', tail: 'extra' } });
    expect(await (await get('/api/files/a/b/c.txt')).json()).toEqual({ fn: 'files', params: { path: 'a/b/c.txt' } });
  });

  it('answers 404 in the error shape when nothing matches, including a failed constraint', async () => {
    for (const path of ['/api/nothing-here', '/api/items/not-a-number', '/api/names/d4na']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
  });

  it('answers 405 with Allow when the path matches but the method does not', async () => {
    const res = await get('/api/items/0f8fad5b-d9cb-469f-a165-70867728950e', { method: 'PATCH' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, DELETE');
    expect(await res.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
  });

  it('checks function keys: 401 without, 200 with header or ?code=', async () => {
    expect((await get('/api/secure')).status).toBe(401);
    expect((await get('/api/secure', { headers: { 'x-functions-key': 'wrong' } })).status).toBe(401);
    expect((await get('/api/secure', { headers: { 'x-functions-key': 'fn-key' } })).status).toBe(200);
    expect((await get('/api/secure?code=fn-key')).status).toBe(200);
    expect((await get('/api/secure?code=master-key')).status).toBe(200);
  });

  it('admin level accepts only the master key', async () => {
    expect((await get('/api/admin-only?code=fn-key')).status).toBe(401);
    expect((await get('/api/admin-only?code=master-key')).status).toBe(200);
  });
});
