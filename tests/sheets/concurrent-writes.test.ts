import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SHEETS } from '../../infra/smartsheet-emulator/seed.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';
import { until as poll } from '../support/until.js';

/**
 * Our own writers check a cell and then write it. Two of them on the same cell must not both pass the check: the
 * check and the write run under the sheet's write lock (a blob lease on Azurite, as in Azure). The emulator holds
 * the checks' reads, so without the lock both checks would see the old value before either writes.
 */
let host: DevHostProcess;
const ana = principal('concurrent-ana');
const ben = principal('concurrent-ben');
const sheetId = SEED_SHEETS.crm;

const api = (path: string, init: RequestInit = {}, who = ana) => fetch(`${host.functionsUrl}/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...who, ...(init.headers as object) } });
const admin = (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
  fetch(`${new URL(host.smartsheetUrl!).origin}/admin${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }).then((r) => r.json() as Promise<any>);
/** The next `count` reads of the sheet (`GET /sheets/{id}`, with or without `ifVersionAfter`: each check's) are held `ms`. */
const slowReads = (count: number, ms = 400) => admin('/faults', { match: `^GET /sheets/${sheetId}$`, latencyMs: ms, remaining: count });

async function readySession(who: Record<string, string>): Promise<{ sessionId: string; sheet: any }> {
  const { sessionId } = (await (await api('/sessions', { method: 'POST', body: JSON.stringify({ sheetId }) }, who)).json()) as { sessionId: string };
  await poll(async () => (await (await api(`/sessions/${sessionId}`, {}, who)).json()) as any, (s) => s.state.status === 'ready', 'the session');
  return { sessionId, sheet: await (await api(`/sessions/${sessionId}/sheet`, {}, who)).json() };
}

beforeAll(async () => {
  host = await startDevHostProcess();
}, 60_000);
afterEach(async () => {
  await admin('/faults', undefined, 'DELETE');
});
afterAll(() => host?.stop());

describe('two of our writers on one cell', () => {
  it('two people edit the same cell from the same value at once: one is written, the other told what it is now', async () => {
    const [a, b] = [await readySession(ana), await readySession(ben)];
    const column = a.sheet.columns.find((c: any) => c.primary);
    const row = a.sheet.rows[2];
    const expected = row.values[column.index];
    const edit = (who: Record<string, string>, sessionId: string, value: string) =>
      api(`/sheets/${sheetId}/rows/${row.id}`, { method: 'PATCH', body: JSON.stringify({ sessionId, columnId: column.id, value, expected }) }, who);
    await slowReads(2);
    const [first, second] = await Promise.all([edit(ana, a.sessionId, 'Ana was here'), edit(ben, b.sessionId, 'Ben was here')]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = first.status === 200 ? 'Ana was here' : 'Ben was here';
    const loser = (await (first.status === 409 ? first : second).json()) as any;
    expect(loser.error).toMatchObject({ code: 'CONFLICT', details: { current: winner } });
    const cell = (await admin(`/sheets/${sheetId}`)).rows.find((r: any) => r.id === row.id).cells.find((c: any) => c.columnId === column.id);
    expect(cell.value).toBe(winner);
  });

  it('a person edits a cell while a change set to the same cell is approved: only one of them writes', async () => {
    const { sessionId, sheet } = await readySession(ana);
    const column = sheet.columns.find((c: any) => c.primary);
    const row = sheet.rows[4];
    const turn = (await (await api(`/sessions/${sessionId}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: 'cs-race', text: `set ${column.title} to From chat where ${column.title} is ${row.values[column.index]}` }) })).json()) as any;
    const [changeSetId] = turn.reply.extra.changeSetIds;
    expect(changeSetId).toBeDefined();
    await slowReads(2, 1000); // the apply starts through the orchestration, a little after the approval's answer
    const [approved, edited] = await Promise.all([
      api(`/change-sets/${changeSetId}/approve`, { method: 'POST' }),
      api(`/sheets/${sheetId}/rows/${row.id}`, { method: 'PATCH', body: JSON.stringify({ sessionId, columnId: column.id, value: 'From the grid', expected: row.values[column.index] }) }),
    ]);
    expect(approved.status).toBe(202);
    const cs = await poll(async () => (await (await api(`/change-sets/${changeSetId}`)).json()) as any, (c) => !['awaiting_approval', 'applying'].includes(c.status), 'the change set');
    const cell = (await admin(`/sheets/${sheetId}`)).rows.find((r: any) => r.id === row.id).cells.find((c: any) => c.columnId === column.id);
    if (edited.status === 200) {
      expect(cs.status).toBe('conflict');
      expect(cell.value).toBe('From the grid');
    } else {
      expect(edited.status).toBe(409);
      expect(cs.status).toBe('applied');
      expect(cell.value).toBe('From chat');
    }
  });
});
