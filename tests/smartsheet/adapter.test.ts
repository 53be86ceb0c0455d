import { createServer } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetBreakers } from '../../functions/smartsheet/resilience.adapter.js';
import { InProcessWriteLock } from '../../functions/smartsheet/sheet-write-lock.js';
import { IDS_PER_DELETE, ROWS_PER_WRITE, SmartsheetAdapter, type SmartsheetAdapterOptions } from '../../functions/smartsheet/smartsheet.adapter.js';
import { columnByTitle } from '../../shared/sheet/model.js';
import { adapterContract } from './adapter-contract.js';
import { smallSheet, TOKEN, useEmulator } from '../support/smartsheet.js';

const ctx = useEmulator();
// These tests make a few hundred requests within the minute (webhook pages, chunked writes); Smartsheet's 300 a
// minute per token is the emulator's own test (and the 429 retries here inject their faults).
beforeAll(() => ctx.admin('/config', 'PUT', { rateLimitPerMinute: 100_000 }));

function adapterFor(baseUrl: string, overrides: Partial<SmartsheetAdapterOptions> = {}): SmartsheetAdapter {
  return new SmartsheetAdapter({
    baseUrl,
    accessToken: TOKEN,
    changeAgent: 'chatsheetai',
    lock: new InProcessWriteLock(),
    maxAttempts: 4,
    initialDelayMs: 10,
    maxDelayMs: 50,
    timeoutMs: 5000,
    breakerThreshold: 3,
    halfOpenAfterMs: 300,
    ...overrides,
  });
}

afterEach(() => resetBreakers());

describe('Smartsheet adapter contract — emulator', () => {
  let sheetId = 0;
  let targetSheetId = 0;
  beforeAll(async () => {
    sheetId = (await ctx.admin<{ id: number }>('/sheets', 'POST', smallSheet)).id;
    targetSheetId = (await ctx.admin<{ id: number }>('/sheets', 'POST', { name: 'Contract Target', columns: [{ title: 'Task', type: 'TEXT_NUMBER' }] })).id;
  });
  adapterContract(() => ({ adapter: adapterFor(ctx.emulator.baseUrl), sheetId, targetSheetId }));
});

const real = { token: process.env.SMARTSHEET_ACCESS_TOKEN, sheet: Number(process.env.SMARTSHEET_TEST_SHEET_ID), target: Number(process.env.SMARTSHEET_TEST_TARGET_SHEET_ID) };
// Real Smartsheet needs credentials this machine and CI do not have: reported as skipped with the reason, never as passed.
describe.skipIf(!real.token || !real.sheet)('Smartsheet adapter contract — real Smartsheet (needs SMARTSHEET_ACCESS_TOKEN and SMARTSHEET_TEST_SHEET_ID)', () => {
  adapterContract(() => ({
    adapter: adapterFor(process.env.SMARTSHEET_BASE_URL ?? 'https://api.smartsheet.com/2.0/', { accessToken: real.token!, maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 10_000, timeoutMs: 30_000 }),
    sheetId: real.sheet,
    targetSheetId: real.target,
  }), Boolean(real.target));
});

describe('Smartsheet adapter — numbers as Smartsheet shows them', () => {
  it('a formatted column\'s numbers come with their displayValue (whole sheet and changed rows); plain ones without', async () => {
    const dollars = ',,,,,,,,,,,13,2,1,2,,';
    const { id } = await ctx.admin<{ id: number }>('/sheets', 'POST', { ...smallSheet, columns: smallSheet.columns.map((c) => (c.title === 'Budget' ? { ...c, format: dollars } : c)) });
    const adapter = adapterFor(ctx.emulator.baseUrl);
    const sheet = await adapter.getSheet(id);
    const budget = columnByTitle(sheet, 'Budget')!.index;
    expect(sheet.rows.map((r) => r.shown)).toEqual([{ [budget]: '$100.00' }, { [budget]: '$250.50' }, { [budget]: '$75.00' }]);
    const changed = await adapter.getRowsModifiedSince(id, '2000-01-01T00:00:00Z');
    expect(changed.rows.map((r) => r.shown)).toEqual(sheet.rows.map((r) => r.shown));
    const plain = await adapter.getSheet((await ctx.admin<{ id: number }>('/sheets', 'POST', smallSheet)).id);
    expect(plain.rows.some((r) => r.shown)).toBe(false);
  });
});

describe('Smartsheet adapter — chunking and change agent', () => {
  it('writes 1,203 rows in ceil(n/500) requests, updates likewise, deletes in ceil(n/375)', async () => {
    const { id } = await ctx.admin<{ id: number }>('/sheets', 'POST', smallSheet);
    const adapter = adapterFor(ctx.emulator.baseUrl);
    const sheet = await adapter.getSheet(id);
    const task = columnByTitle(sheet, 'Task')!.id;
    await ctx.admin('/write-log', 'DELETE');
    const rows = Array.from({ length: 1203 }, (_, i) => ({ cells: [{ columnId: task, value: `bulk ${i}` }] }));
    const added = await adapter.addRows(id, rows, sheet.columns);
    expect(added.requests).toBe(Math.ceil(1203 / ROWS_PER_WRITE));
    expect(added.outcomes.filter((o) => o.ok)).toHaveLength(1203);
    const ids = added.outcomes.map((o) => o.rowId!);
    const updated = await adapter.updateRows(id, ids.map((rowId) => ({ id: rowId, cells: [{ columnId: task, value: 'updated' }] })), sheet.columns);
    expect(updated.requests).toBe(3);
    const deleted = await adapter.deleteRows(id, ids);
    expect(deleted.requests).toBe(Math.ceil(1203 / IDS_PER_DELETE));
    const log = await ctx.admin<{ method: string; changeAgent?: string }[]>(`/write-log?sheetId=${id}`);
    expect(log.map((e) => e.method)).toEqual([...Array(3).fill('POST'), ...Array(3).fill('PUT'), ...Array(4).fill('DELETE')]);
    expect(log.every((e) => e.changeAgent === 'chatsheetai')).toBe(true);
    expect(log.every((e) => !('integrationSource' in e))).toBe(true);
  });

  it('names the app in smartsheet-integration-source on every request when an organisation is set', async () => {
    const { id, rowIds } = await ctx.admin<{ id: number; rowIds: number[] }>('/sheets', 'POST', smallSheet);
    const adapter = adapterFor(ctx.emulator.baseUrl, { integrationSource: 'AI,Contoso Ltd,ChatSheetAI' });
    const sheet = await adapter.getSheet(id);
    await ctx.admin('/write-log', 'DELETE');
    await adapter.updateRows(id, [{ id: rowIds[0]!, cells: [{ columnId: columnByTitle(sheet, 'Task')!.id, value: 'named' }] }], sheet.columns);
    await adapter.deleteRows(id, [rowIds[1]!]);
    const log = await ctx.admin<{ integrationSource?: string; changeAgent?: string }[]>(`/write-log?sheetId=${id}`);
    expect(log.map((e) => [e.integrationSource, e.changeAgent])).toEqual([
      ['AI,Contoso Ltd,ChatSheetAI', 'chatsheetai'],
      ['AI,Contoso Ltd,ChatSheetAI', 'chatsheetai'],
    ]);
  });

  it('rows added at a place keep their order across requests: at the top, first under a parent, below a row', async () => {
    const { id, rowIds } = await ctx.admin<{ id: number; rowIds: number[] }>('/sheets', 'POST', smallSheet);
    const adapter = adapterFor(ctx.emulator.baseUrl);
    const sheet = await adapter.getSheet(id);
    const task = columnByTitle(sheet, 'Task')!.id;
    const rows = (name: string) => Array.from({ length: ROWS_PER_WRITE + 3 }, (_, i) => ({ cells: [{ columnId: task, value: `${name} ${i}` }] }));
    const ids = async (result: Promise<{ outcomes: { rowId?: number }[]; requests: number }>) => {
      const { outcomes, requests } = await result;
      expect(requests).toBe(2);
      return outcomes.map((o) => o.rowId!);
    };
    const top = await ids(adapter.addRows(id, rows('top'), sheet.columns, { toTop: true }));
    const below = await ids(adapter.addRows(id, rows('below'), sheet.columns, { siblingId: rowIds[0]! }));
    const under = await ids(adapter.addRows(id, rows('under'), sheet.columns, { parentId: rowIds[1]! }));
    const after = (await adapter.getSheet(id)).rows;
    const order = after.map((r) => r.id);
    expect(order.slice(0, top.length)).toEqual(top);
    expect(order.slice(top.length, top.length + 1 + below.length)).toEqual([rowIds[0], ...below]);
    const at = order.indexOf(rowIds[1]!);
    expect(order.slice(at + 1, at + 1 + under.length)).toEqual(under);
    expect(after.filter((r) => r.parentId === rowIds[1]).map((r) => r.id)).toEqual(under);
    // Moving rows keeps the order given across requests too: the top rows, reversed.
    const moved = await adapter.moveRows(id, [...top].reverse(), { toTop: true });
    expect([moved.requests, moved.outcomes.every((o) => o.ok)]).toEqual([2, true]);
    expect((await adapter.getSheet(id)).rows.slice(0, top.length).map((r) => r.id)).toEqual([...top].reverse());
  });

  it('a sheet answered with fewer rows than it holds is read on page by page: never a silently shorter sheet', async () => {
    const { id } = await ctx.admin<{ id: number }>('/sheets', 'POST', { ...smallSheet, rows: Array.from({ length: 60 }, (_, i) => ({ Task: `row ${i}` })) });
    const adapter = adapterFor(ctx.emulator.baseUrl);
    const whole = await adapter.getSheet(id);
    expect(whole.rows).toHaveLength(60);
    await ctx.admin('/config', 'PUT', { sheetRowCap: 25 });
    try {
      expect(((await (await ctx.api(`/sheets/${id}`)).json()) as { rows: unknown[] }).rows).toHaveLength(25);
      const read = await adapter.getSheet(id);
      expect(read.rows.map((r) => r.id)).toEqual(whole.rows.map((r) => r.id));
      expect((await adapter.getSheetIfChanged(id, whole.version - 1))?.rows).toHaveLength(60);
    } finally {
      await ctx.admin('/config', 'PUT', { sheetRowCap: 0 });
    }
  });

  it('serialises concurrent writes to one sheet (no 4004)', async () => {
    const { id, rowIds } = await ctx.admin<{ id: number; rowIds: number[] }>('/sheets', 'POST', smallSheet);
    await ctx.admin('/config', 'PUT', { writeLatencyMs: 40 });
    try {
      const adapter = adapterFor(ctx.emulator.baseUrl, { maxAttempts: 1 });
      const sheet = await adapter.getSheet(id);
      const task = columnByTitle(sheet, 'Task')!.id;
      const results = await Promise.all(rowIds.map((rowId, i) => adapter.updateRows(id, [{ id: rowId, cells: [{ columnId: task, value: `parallel ${i}` }] }], sheet.columns)));
      expect(results.every((r) => r.outcomes.every((o) => o.ok))).toBe(true);
    } finally {
      await ctx.admin('/config', 'PUT', { writeLatencyMs: 5 });
    }
  });

  it('exclusive: the holder reads, checks and writes without taking the lock again; other writers wait for the whole of it', async () => {
    const { id, rowIds } = await ctx.admin<{ id: number; rowIds: number[] }>('/sheets', 'POST', smallSheet);
    const adapter = adapterFor(ctx.emulator.baseUrl, { maxAttempts: 1 });
    const sheet = await adapter.getSheet(id);
    const task = columnByTitle(sheet, 'Task')!.id;
    const events: string[] = [];
    let outside: Promise<unknown> | undefined;
    const held = adapter.exclusive(id, async (holder) => {
      events.push('check');
      // Another writer arrives meanwhile, through the shared adapter: it waits for the holder's whole work.
      outside = adapter.updateRows(id, [{ id: rowIds[1]!, cells: [{ columnId: task, value: 'outside' }] }], sheet.columns).then(() => events.push('outside write'));
      await holder.updateRows(id, [{ id: rowIds[0]!, cells: [{ columnId: task, value: 'held' }] }], sheet.columns);
      events.push('held write');
      await holder.exclusive(id, async (again) => again.updateRows(id, [{ id: rowIds[0]!, cells: [{ columnId: task, value: 'held again' }] }], sheet.columns));
      await new Promise((r) => setTimeout(r, 30));
      events.push('held done');
    });
    await held;
    await outside;
    expect(events).toEqual(['check', 'held write', 'held done', 'outside write']);
    const after = await adapter.getSheet(id);
    expect(after.rows.slice(0, 2).map((r) => r.values[columnByTitle(after, 'Task')!.index])).toEqual(['held again', 'outside']);
  });
});

describe('Smartsheet adapter — lists Smartsheet only pages', () => {
  it('reads every webhook page by page: List webhooks has no includeAll any more (newest first, no totals, the last page again past the end)', async () => {
    const sheet = await ctx.admin<{ id: number }>('/sheets', 'POST', smallSheet);
    const adapter = adapterFor(ctx.emulator.baseUrl);
    const created: number[] = [];
    for (let i = 0; i < 105; i++) created.push((await adapter.createWebhook({ name: `paging-${i}`, callbackUrl: 'http://127.0.0.1:9/hook', sheetId: sheet.id })).id);
    // What the service answers now: includeAll is ignored, a page holds 100, totals are -1, a page past the end repeats the last.
    const first = (await (await ctx.api('/webhooks?includeAll=true')).json()) as { data: { id: number }[]; totalPages: number; totalCount: number };
    expect(first).toMatchObject({ totalPages: -1, totalCount: -1 });
    expect(first.data).toHaveLength(100);
    expect(first.data[0]!.id).toBe(created.at(-1));
    for (const listed of [await adapter.listWebhooks(), await adapterFor(ctx.emulator.baseUrl, { listPageSize: 5 }).listWebhooks()]) {
      const ids = listed.map((w) => w.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expect.arrayContaining(created));
    }
    for (const id of created) await adapter.deleteWebhook(id);
  });
});

describe('Smartsheet adapter — faults', () => {
  it('retries a 429 burst and succeeds', async () => {
    const { id } = await ctx.admin<{ id: number }>('/sheets', 'POST', smallSheet);
    await ctx.admin('/faults', 'POST', { match: `^GET /sheets/${id}/version$`, errorCode: 4003, remaining: 3 });
    expect(await adapterFor(ctx.emulator.baseUrl).getVersion(id)).toBeGreaterThan(0);
    expect(await ctx.admin<unknown[]>('/faults')).toEqual([]);
  });

  it('a run of 500s opens the breaker, calls fail fast, then it half-opens and recovers', async () => {
    const { id } = await ctx.admin<{ id: number }>('/sheets', 'POST', smallSheet);
    await ctx.admin('/faults', 'POST', { match: `^GET /sheets/${id}/version$`, errorCode: 4000 });
    const adapter = adapterFor(ctx.emulator.baseUrl, { maxAttempts: 1 });
    for (let i = 0; i < 3; i++) await expect(adapter.getVersion(id)).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/4000/) });
    const started = performance.now();
    await expect(adapter.getVersion(id)).rejects.toThrow(/circuit open/);
    expect(performance.now() - started).toBeLessThan(50);
    await ctx.admin('/faults', 'DELETE');
    await new Promise((r) => setTimeout(r, 350));
    expect(await adapter.getVersion(id)).toBeGreaterThan(0);
  });

  it('connection refused gives a clear, retryable error that keeps its cause', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((r) => server.close(r));
    const adapter = adapterFor(`http://127.0.0.1:${port}/2.0/`, { maxAttempts: 2 });
    await expect(adapter.listSheets()).rejects.toMatchObject({ retryable: true, status: 503, message: expect.stringMatching(/listing sheets failed: Network error reaching Smartsheet: ECONNREFUSED/) });
  });

  it('a dropped connection is retried', async () => {
    const { id } = await ctx.admin<{ id: number }>('/sheets', 'POST', smallSheet);
    await ctx.admin('/faults', 'POST', { match: `^GET /sheets/${id}/version$`, drop: true, remaining: 1 });
    expect(await adapterFor(ctx.emulator.baseUrl).getVersion(id)).toBeGreaterThan(0);
  });

  it('a call slower than the timeout fails with a retryable timeout', async () => {
    const { id } = await ctx.admin<{ id: number }>('/sheets', 'POST', smallSheet);
    await ctx.admin('/faults', 'POST', { match: `^GET /sheets/${id}/version$`, latencyMs: 1000 });
    try {
      await expect(adapterFor(ctx.emulator.baseUrl, { timeoutMs: 100, maxAttempts: 1 }).getVersion(id)).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/within 100 ms/) });
    } finally {
      await ctx.admin('/faults', 'DELETE');
    }
  });

  it('an invalid token is not retried and says so', async () => {
    const adapter = adapterFor(ctx.emulator.baseUrl, { accessToken: 'not-a-token' });
    await expect(adapter.listSheets()).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/Access Token is invalid.*1002/) });
  });
});
