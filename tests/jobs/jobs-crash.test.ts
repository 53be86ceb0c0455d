import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteHandle } from '../../infra/devhost/azurite.js';
import { startSmartsheetEmulator, type SmartsheetEmulator } from '../../infra/smartsheet-emulator/server.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';
import { until as poll } from '../support/until.js';

/** Polls through a restart of the host: a failed read counts as not yet. */
const until = <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 60_000) =>
  poll(() => read().catch(() => undefined), (v): v is T => v !== undefined && done(v), what, timeoutMs) as Promise<T>;

/**
 * A job survives a crash of the host: Azurite and the Smartsheet emulator run in
 * this process (they are the cloud; they do not die with the host), the host is
 * killed with SIGKILL in the middle of a job and started again. The job finishes
 * and the emulator's write log shows no row written twice.
 */
const dana = principal('crash-dana');
const ROWS = 2000;
let azurite: AzuriteHandle;
let emulator: SmartsheetEmulator;

beforeAll(async () => {
  azurite = await startAzurite({ ports: 0 });
  emulator = await startSmartsheetEmulator({ port: 0 });
}, 30_000);
afterAll(async () => {
  await emulator?.stop();
  await azurite?.stop();
});

const env = () => ({ AzureWebJobsStorage: azurite.connectionString, SMARTSHEET_BASE_URL: emulator.baseUrl.replace('localhost', '127.0.0.1'), DEVHOST_SKIP_EMULATORS: 'smartsheet' });
const admin = async (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
  (await fetch(`${emulator.url.replace('localhost', '127.0.0.1')}/admin${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) })).json() as Promise<any>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


describe('jobs survive a crash', () => {
  it('SIGKILL mid-job, restart: the job completes and no row is written twice', async () => {
    const sheet = await admin('/sheets', {
      name: 'Crash Sheet',
      columns: [
        { title: 'Task', type: 'TEXT_NUMBER' },
        { title: 'Notes', type: 'TEXT_NUMBER' },
        { title: 'Summary', type: 'TEXT_NUMBER' },
      ],
      rows: Array.from({ length: ROWS }, (_, i) => ({ Task: `Task ${i}`, Notes: `Notes about task ${i} and its billing risk` })),
    });
    let host: DevHostProcess = await startDevHostProcess(['--no-web'], env(), 30_000);
    const api = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(`${host.functionsUrl}/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...dana } });
      return { status: res.status, json: () => res.json() as Promise<any> };
    };
    try {
      const { sessionId } = await (await api('/sessions', { method: 'POST', body: JSON.stringify({ sheetId: sheet.id }) })).json();
      await until(async () => (await (await api(`/sessions/${sessionId}`)).json()).state.status, (s) => s === 'ready', 'the session');
      const created = await (await api(`/sessions/${sessionId}/jobs`, { method: 'POST', body: JSON.stringify({ kind: 'fill', template: 'summarise', sourceColumns: ['Notes'], targetColumn: 'Summary', words: 4 }) })).json();
      await until(async () => (await (await api(`/jobs/${created.id}`)).json()).status, (s) => s === 'awaiting_approval', 'the preview');
      await admin('/config', { writeLatencyMs: 1500 }, 'PUT');
      await api(`/jobs/${created.id}/approve`, { method: 'POST' });
      // Kill it while the second chunk's write is in flight.
      await until(() => admin(`/write-log?sheetId=${sheet.id}`), (log) => log.filter((w: any) => w.method === 'PUT').length >= 1, 'the first write');
      await sleep(700);
      host.child.kill('SIGKILL');
      await host.stop();
      await admin('/config', { writeLatencyMs: 5 }, 'PUT');

      host = await startDevHostProcess(['--no-web'], env(), 30_000);
      const done = await until(async () => (await (await api(`/jobs/${created.id}`)).json()), (j) => ['completed', 'failed'].includes(j.status), 'the job to finish after the restart', 90_000);
      expect(done).toMatchObject({ status: 'completed', progress: { done: ROWS, failed: 0 } });
      const puts = (await admin(`/write-log?sheetId=${sheet.id}`)).filter((w: any) => w.method === 'PUT');
      const written = puts.flatMap((w: any) => w.rowIds as number[]);
      expect(written).toHaveLength(ROWS);
      expect(new Set(written).size).toBe(ROWS);
      const summary = (await admin(`/sheets/${sheet.id}`)).columns.find((c: any) => c.title === 'Summary').id;
      const rows = (await admin(`/sheets/${sheet.id}`)).rows as { cells: { columnId: number; value?: unknown }[] }[];
      expect(rows.every((r) => typeof r.cells.find((c) => c.columnId === summary)?.value === 'string')).toBe(true);
    } finally {
      await host.stop();
    }
  }, 180_000);
});
