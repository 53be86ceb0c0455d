import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SHEETS } from '../../infra/smartsheet-emulator/seed.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';

let host: DevHostProcess;
const dana = principal('user-dana');
const ravi = principal('user-ravi');

beforeAll(async () => {
  host = await startDevHostProcess([], { SMARTSHEET_MAX_ATTEMPTS: '2', SMARTSHEET_RETRY_DELAY_MS: '20' });
});
afterAll(() => host?.stop());

const api = (path: string, init: RequestInit = {}, who = dana) => fetch(`${host.functionsUrl}/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...who, ...(init.headers as object) } });
const admin = (path: string, body?: unknown, method = 'POST') =>
  fetch(`${new URL(host.smartsheetUrl!).origin}/admin${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });

interface View {
  sessionId: string;
  sheetId: number;
  sheetName?: string;
  state: { status: string; sheetVersion?: number; reason?: string; retryable?: boolean };
}

async function waitForState(sessionId: string, status: string, who = dana): Promise<View> {
  for (let i = 0; i < 200; i++) {
    const view = (await (await api(`/sessions/${sessionId}`, {}, who)).json()) as View;
    if (view.state.status === status) return view;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`session ${sessionId} never became ${status}`);
}

describe('sessions over real HTTP on the local stack', () => {
  it('lists sheets for the picker', async () => {
    const res = await api('/sheets');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }[]).map((s) => s.name)).toEqual(expect.arrayContaining(['Project Tracker', 'Sales Pipeline']));
  });

  it('create → loading (202) → ready(version); nothing answers before ready', async () => {
    await admin('/faults', { match: `^GET /sheets/${SEED_SHEETS.projectTracker}$`, latencyMs: 1200, remaining: 1 });
    const res = await api('/sessions', { method: 'POST', body: JSON.stringify({ sheetId: SEED_SHEETS.projectTracker }) });
    expect(res.status).toBe(202);
    const created = (await res.json()) as View;
    expect(created.state).toEqual({ status: 'loading' });

    const early = await api(`/sessions/${created.sessionId}/tools/describe_sheet`, { method: 'POST', body: '{}' });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ error: { code: 'CONFLICT', details: { state: { status: 'loading' } } } });
    expect((await api(`/sessions/${created.sessionId}/sheet`)).status).toBe(409);

    const ready = await waitForState(created.sessionId, 'ready');
    expect(ready).toMatchObject({ sheetName: 'Project Tracker', state: { status: 'ready', sheetVersion: expect.any(Number) } });
    const sheet = await api(`/sessions/${created.sessionId}/sheet`);
    expect(sheet.headers.get('x-sheet-version')).toBe(String(ready.state.sheetVersion));
    expect(((await sheet.json()) as { rows: unknown[] }).rows).toHaveLength(60);
    const tool = await api(`/sessions/${created.sessionId}/tools/aggregate`, { method: 'POST', body: JSON.stringify({ args: { metrics: [{ fn: 'count' }] } }) });
    expect(await tool.json()).toMatchObject({ sheetVersion: ready.state.sheetVersion, result: { ok: true, data: { groups: [{ metrics: { count: 60 } }] } } });
  });

  it('a sheet shared with the app as Viewer: questions answered; edits, change sets and jobs refused saying why; Editor access picked up on reload', async () => {
    const token = (accessLevel?: string) => admin('/tokens', { token: 'local-smartsheet-token', ...(accessLevel ? { accessLevel } : {}) });
    await token('VIEWER');
    try {
      const created = (await (await api('/sessions', { method: 'POST', body: JSON.stringify({ sheetId: SEED_SHEETS.crm }) })).json()) as View;
      expect(await waitForState(created.sessionId, 'ready')).toMatchObject({ access: 'VIEWER' });
      const sheet = (await (await api(`/sessions/${created.sessionId}/sheet`)).json()) as { version: number; columns: { id: number; index: number; title: string }[]; rows: { id: number; values: unknown[] }[] };
      const why = /shared with ChatSheetAI's Smartsheet account as Viewer: questions are answered, but nothing can be changed from here/;
      const notes = sheet.columns.find((c) => c.title === 'Notes')!;
      const edit = await api(`/sheets/${SEED_SHEETS.crm}/rows/${sheet.rows[0]!.id}`, { method: 'PATCH', body: JSON.stringify({ sessionId: created.sessionId, columnId: notes.id, value: 'mine', expected: sheet.rows[0]!.values[notes.index] }) });
      expect([edit.status, await edit.json()]).toEqual([403, { error: { code: 'FORBIDDEN', message: expect.stringMatching(why) } }]);
      const job = await api(`/sessions/${created.sessionId}/jobs`, { method: 'POST', body: JSON.stringify({ kind: 'update', set: { Notes: 'x' } }) });
      expect([job.status, ((await job.json()) as { error: { code: string } }).error.code]).toEqual([403, 'FORBIDDEN']);
      const turn = await api(`/sessions/${created.sessionId}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: 'viewer-1', text: 'set Stage to Won where Region is Europe' }) });
      const { reply } = (await turn.json()) as { reply: { text: string; extra: { changeSetIds?: string[]; steps: { ok: boolean }[] } } };
      expect(reply.text).toMatch(why);
      expect([reply.extra.changeSetIds ?? [], reply.extra.steps.map((st) => st.ok)]).toEqual([[], [false]]);
      const count = await api(`/sessions/${created.sessionId}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: 'viewer-2', text: 'how many rows where Stage is Won' }) });
      expect(((await count.json()) as { reply: { text: string } }).reply.text).toMatch(/matching rows?/);
      expect(((await (await admin(`/sheets/${SEED_SHEETS.crm}`, undefined, 'GET')).json()) as { version: number }).version).toBe(sheet.version);
      // Shared as Editor now, with no new version of the sheet: a reload reads the access afresh.
      await token();
      await api(`/sessions/${created.sessionId}/reload`, { method: 'POST' });
      expect(await waitForState(created.sessionId, 'ready')).toMatchObject({ access: 'OWNER' });
    } finally {
      await token();
    }
  });

  it('a Smartsheet fault during load → failed(reason, retryable); reload recovers', async () => {
    await admin('/faults', { match: `^GET /sheets/${SEED_SHEETS.crm}$`, errorCode: 4000 });
    const created = (await (await api('/sessions', { method: 'POST', body: JSON.stringify({ sheetId: SEED_SHEETS.crm }) })).json()) as View;
    const failed = await waitForState(created.sessionId, 'failed');
    expect(failed.state).toMatchObject({ status: 'failed', retryable: true, reason: expect.stringMatching(/4000/) });
    expect((await api(`/sessions/${created.sessionId}/sheet`)).status).toBe(409);

    await admin('/faults', undefined, 'DELETE');
    const reload = await api(`/sessions/${created.sessionId}/reload`, { method: 'POST' });
    expect(reload.status).toBe(202);
    expect(((await reload.json()) as View).state.status).toBe('loading');
    expect((await waitForState(created.sessionId, 'ready')).sheetName).toBe('Sales Pipeline');
  });

  it('Smartsheet down: the session says so, answers from its snapshot, refuses an edit clearly, and recovers', async () => {
    const created = (await (await api('/sessions', { method: 'POST', body: JSON.stringify({ sheetId: SEED_SHEETS.crm }) })).json()) as View;
    const ready = await waitForState(created.sessionId, 'ready');
    expect(ready).not.toHaveProperty('smartsheet');
    const sheet = (await (await api(`/sessions/${created.sessionId}/sheet`)).json()) as { columns: { id: number; index: number; primary?: boolean }[]; rows: { id: number; values: unknown[] }[] };
    const primary = sheet.columns.find((c) => c.primary)!;
    const row = sheet.rows[0]!;

    // Maintenance on every call for this sheet: the person's edit is refused with a clear, retryable 503 …
    await admin('/faults', { match: `^[A-Z]+ /sheets/${SEED_SHEETS.crm}(/.*)?$`, status: 503, errorCode: 4001 });
    const edit = await api(`/sheets/${SEED_SHEETS.crm}/rows/${row.id}`, { method: 'PATCH', body: JSON.stringify({ sessionId: created.sessionId, columnId: primary.id, value: 'Renamed', expected: row.values[primary.index] }) });
    expect(edit.status).toBe(503);
    expect(await edit.json()).toMatchObject({ error: { code: 'DEPENDENCY_FAILED', message: expect.stringMatching(/4001|maintenance|Smartsheet/i) } });
    // … the session is labelled read-only on its last snapshot, with since-when and why …
    const down = (await (await api(`/sessions/${created.sessionId}`)).json()) as View & { smartsheet?: { unreachableSince: string; reason: string } };
    expect(down.state).toMatchObject({ status: 'ready', sheetVersion: ready.state.sheetVersion });
    expect(down.smartsheet).toEqual({ unreachableSince: expect.any(String), reason: expect.any(String) });
    // … and questions are still answered, exactly, from that snapshot.
    const answer = await api(`/sessions/${created.sessionId}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: 'while-down', text: 'how many rows' }) });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { reply: { sheetVersion: number } }).reply.sheetVersion).toBe(ready.state.sheetVersion);
    // Reconciliation keeps probing: still down keeps the label (and its start); the first answer removes it.
    const reconcile = () => fetch(`${host.functionsUrl}/admin/functions/sheet-reconcile`, { method: 'POST', headers: { 'x-functions-key': 'local-master-key', 'content-type': 'application/json' }, body: '{}' });
    expect((await reconcile()).status).toBe(202);
    await new Promise((r) => setTimeout(r, 300));
    expect(((await (await api(`/sessions/${created.sessionId}`)).json()) as typeof down).smartsheet?.unreachableSince).toBe(down.smartsheet!.unreachableSince);
    await admin('/faults', undefined, 'DELETE');
    await reconcile();
    for (let i = 0; i < 100 && 'smartsheet' in ((await (await api(`/sessions/${created.sessionId}`)).json()) as object); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await (await api(`/sessions/${created.sessionId}`)).json()).not.toHaveProperty('smartsheet');
  });

  it('a picklist cell is edited from what it holds, even a spelling its options do not have; a typed option takes their spelling, a typed person the contact, a typed amount the number', async () => {
    const created = (await (await api('/sessions', { method: 'POST', body: JSON.stringify({ sheetId: SEED_SHEETS.crm }) })).json()) as View;
    await waitForState(created.sessionId, 'ready');
    const sheet = (await (await api(`/sessions/${created.sessionId}/sheet`)).json()) as { columns: { id: number; title: string; options?: string[] }[]; rows: { id: number }[] };
    const stage = sheet.columns.find((c) => c.title === 'Stage')!;
    const row = sheet.rows[1]!;
    // Someone typed the stage in lower case in Smartsheet (a picklist takes any text unless restricted).
    expect((await admin(`/sheets/${SEED_SHEETS.crm}/external-edit`, { rowId: row.id, cells: { Stage: 'won' } })).status).toBe(200);
    const edit = await api(`/sheets/${SEED_SHEETS.crm}/rows/${row.id}`, { method: 'PATCH', body: JSON.stringify({ sessionId: created.sessionId, columnId: stage.id, value: 'lost', expected: 'won' }) });
    expect(edit.status).toBe(200);
    expect(await edit.json()).toMatchObject({ value: 'Lost' });
    // A person typed by first name in a contact cell is the contact the column holds (name and email), as Smartsheet's grid picks them.
    const owners = sheet.columns.find((c) => c.title === 'Account Owner')!;
    const held = (await (await api(`/sessions/${created.sessionId}/sheet`)).json()) as { rows: { id: number; values: ({ name?: string; email?: string } | null)[] }[] };
    const at = sheet.columns.indexOf(owners);
    const mei = held.rows.map((r) => r.values[at]).find((c) => c?.name === 'Mei Chen')!;
    const other = held.rows.find((r) => r.values[at]?.name !== 'Mei Chen')!;
    const assigned = await api(`/sheets/${SEED_SHEETS.crm}/rows/${other.id}`, { method: 'PATCH', body: JSON.stringify({ sessionId: created.sessionId, columnId: owners.id, value: { name: 'mei' }, expected: other.values[at] }) });
    expect(assigned.status).toBe(200);
    expect(await assigned.json()).toMatchObject({ value: { name: 'Mei Chen', email: mei.email } });
    // An amount typed with its currency and separators is the number a column of numbers holds (as text, SUM() would pass it over).
    const value = sheet.columns.find((c) => c.title === 'Deal Value')!;
    const before = held.rows[2]!.values[sheet.columns.indexOf(value)];
    const priced = await api(`/sheets/${SEED_SHEETS.crm}/rows/${held.rows[2]!.id}`, { method: 'PATCH', body: JSON.stringify({ sessionId: created.sessionId, columnId: value.id, value: '$12,500', expected: before }) });
    expect(priced.status).toBe(200);
    expect(await priced.json()).toMatchObject({ value: 12500 });
    const written = (await admin(`/sheets/${SEED_SHEETS.crm}`, undefined, 'GET').then((r) => r.json())) as { rows: { id: number; cells: { columnId: number; value?: unknown }[] }[] };
    expect(written.rows.find((r) => r.id === held.rows[2]!.id)!.cells.find((c) => c.columnId === value.id)!.value).toBe(12500);
  });

  it('a sheet that does not exist fails without retry, and says so', async () => {
    const created = (await (await api('/sessions', { method: 'POST', body: JSON.stringify({ sheetId: 123456 }) })).json()) as View;
    const failed = await waitForState(created.sessionId, 'failed');
    expect(failed.state).toMatchObject({ retryable: false, reason: expect.stringMatching(/1114|Invalid sheetId/) });
  });

  it('sessions belong to their user: another user gets 404 everywhere', async () => {
    const created = (await (await api('/sessions', { method: 'POST', body: JSON.stringify({ sheetId: SEED_SHEETS.projectTracker }) })).json()) as View;
    await waitForState(created.sessionId, 'ready');
    for (const [path, method] of [
      [`/sessions/${created.sessionId}`, 'GET'],
      [`/sessions/${created.sessionId}/sheet`, 'GET'],
      [`/sessions/${created.sessionId}/reload`, 'POST'],
      [`/sessions/${created.sessionId}/tools/describe_sheet`, 'POST'],
    ] as const) {
      const res = await api(path, { method, body: method === 'POST' ? '{}' : undefined }, ravi);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
    expect(((await (await api('/sessions', {}, ravi)).json()) as View[]).map((s) => s.sessionId)).not.toContain(created.sessionId);
  });

  it('bad requests get 4xx with the error shape, never 500', async () => {
    const cases: [string, RequestInit, number][] = [
      ['/sessions', { method: 'POST', body: '{not json' }, 400],
      ['/sessions', { method: 'POST', body: JSON.stringify({ sheetId: 'abc' }) }, 400],
      ['/sessions', { method: 'POST', body: JSON.stringify({ sheetId: 1, extra: true }) }, 400],
      ['/sessions/../etc', {}, 404],
      ['/sessions/short', {}, 400],
      ['/sessions/AAAAAAAAAAAAAAAA/tools/drop_table', { method: 'POST', body: '{}' }, 400],
    ];
    for (const [path, init, status] of cases) {
      const res = await api(path, init);
      expect(res.status, path).toBe(status);
      expect(await res.json(), path).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    const anonymous = await fetch(`${host.functionsUrl}/api/sessions`, { method: 'POST', body: '{"sheetId":1}' });
    expect(anonymous.status).toBe(401);
  });
});
