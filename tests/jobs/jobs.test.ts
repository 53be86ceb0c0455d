import { WebPubSubClient } from '@azure/web-pubsub-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/util/csv.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';
import { until as poll } from '../support/until.js';

const until = <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000) => poll(read, done, what, timeoutMs);

/**
 * Bulk jobs over the real local stack: the dev host, Azurite, the Smartsheet
 * emulator (write log, faults) and the offline model (request count), on a
 * 2,000-row sheet.
 */
let host: DevHostProcess;
const dana = principal('jobs-dana');
const ravi = principal('jobs-ravi');
const ROWS = 2000;
let sheetId: number;
let sessionId: string;
const clients: WebPubSubClient[] = [];

const api = (path: string, init: RequestInit = {}, who = dana) => fetch(`${host.functionsUrl}/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...who, ...(init.headers as object) } });
const json = async <T = any>(res: Response): Promise<T> => (await res.json()) as T;
const post = (path: string, body?: unknown, who = dana) => api(path, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) }, who);
const origin = () => new URL(host.smartsheetUrl!).origin;
async function admin<T = any>(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> {
  const res = await fetch(`${origin()}/admin${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await res.json()) as T;
}
const model = (path: string) => fetch(`${host.modelUrl}/admin${path}`, { method: 'POST' }).then((r) => r.json() as Promise<{ requests: number }>);
const sheetRows = async () => (await admin(`/sheets/${sheetId}`)).rows as { id: number; cells: { columnId: number; value?: unknown }[] }[];
const columnIdOf = async (title: string) => ((await admin(`/sheets/${sheetId}`)).columns as { id: number; title: string }[]).find((c) => c.title === title)!.id;
const writes = async (since = 0) => ((await admin(`/write-log?sheetId=${sheetId}`)) as { method: string; path: string; rowIds: number[] }[]).slice(since);

const job = (id: string) => api(`/jobs/${id}`).then((r) => json(r));
const jobIn = (id: string, statuses: string[], timeoutMs?: number) => until(() => job(id), (j) => statuses.includes(j.status), `job ${id} to be ${statuses.join('/')}`, timeoutMs);

async function planned(spec: unknown): Promise<any> {
  const res = await post(`/sessions/${sessionId}/jobs`, spec);
  const created = await json(res);
  if (res.status !== 202) throw new Error(`job not created: ${res.status} ${JSON.stringify(created)}`);
  return jobIn(created.id, ['awaiting_approval', 'failed']);
}

beforeAll(async () => {
  host = await startDevHostProcess([], { SMARTSHEET_RETRY_DELAY_MS: '50' });
  const created = await admin<{ id: number }>('/sheets', {
    name: 'Jobs Test Sheet',
    columns: [
      { title: 'Task', type: 'TEXT_NUMBER' },
      { title: 'Notes', type: 'TEXT_NUMBER' },
      { title: 'Summary', type: 'TEXT_NUMBER' },
      { title: 'Status', type: 'PICKLIST', options: ['Open', 'Done', 'Cancelled'] },
      { title: 'Budget', type: 'TEXT_NUMBER' },
      { title: 'Due', type: 'DATE' },
      { title: 'Tier', type: 'PICKLIST', options: ['Gold', 'Silver'], validation: true },
    ],
    rows: Array.from({ length: ROWS }, (_, i) => ({ Task: `Task ${i + 1}`, Notes: `Review the billing API contract with Contoso, item ${i + 1}; risk is ${i % 3 ? 'low' : 'high'}`, Status: i % 10 === 0 ? 'Cancelled' : 'Open', Budget: i })),
  });
  sheetId = created.id;
  const session = await json(await post('/sessions', { sheetId }));
  sessionId = session.sessionId;
  await until(() => api(`/sessions/${sessionId}`).then((r) => json(r)), (s) => s.state.status === 'ready', 'the session');
}, 60_000);
afterAll(async () => {
  for (const client of clients) client.stop();
  await host?.stop();
});

describe('bulk jobs', () => {
  it('pilot → preview → approve → every row written in ≤ ceil(rows/500) requests and ≤ ceil(rows/batch) model calls', async () => {
    await model('/reset');
    const writesBefore = (await writes()).length;
    const plannedJob = await planned({ kind: 'fill', template: 'summarise', sourceColumns: ['Task', 'Notes'], targetColumn: 'Summary', words: 6 });
    expect(plannedJob.status).toBe('awaiting_approval');
    expect(plannedJob.preview.sample).toHaveLength(5);
    expect(plannedJob.preview.sample[0]).toMatchObject({ before: null, after: 'Task 1 Review the billing API…' });
    // One write per chunk, and one version check before it.
    expect(plannedJob.preview.estimate).toMatchObject({ rows: ROWS, modelCalls: ROWS / 20, smartsheetRequests: 2 * (ROWS / 500) });
    expect((await writes()).length).toBe(writesBefore); // the pilot writes nothing

    expect((await post(`/jobs/${plannedJob.id}/approve`)).status).toBe(202);
    const done = await jobIn(plannedJob.id, ['completed', 'failed'], 60_000);
    expect(done).toMatchObject({ status: 'completed', progress: { done: ROWS, failed: 0, total: ROWS }, result: { written: ROWS, failed: 0 } });
    const summary = await columnIdOf('Summary');
    const rows = await sheetRows();
    expect(rows.every((r) => typeof r.cells.find((c) => c.columnId === summary)?.value === 'string')).toBe(true);
    const jobWrites = await writes(writesBefore);
    expect(jobWrites.filter((w) => w.method === 'PUT')).toHaveLength(Math.ceil(ROWS / 500));
    expect(jobWrites.length).toBeLessThanOrEqual(Math.ceil(ROWS / 500));
    expect(new Set(jobWrites.flatMap((w) => w.rowIds)).size).toBe(ROWS);
    expect((await model('/reset')).requests).toBeLessThanOrEqual(Math.ceil(ROWS / 20));
    expect(done.result.smartsheetRequests).toBe(2 * (ROWS / 500)); // nobody else wrote: a version check per chunk, no row checks
    expect((await admin('/stats')).rateLimited).toBe(0);
  });

  it('one correlation id runs from the request through the orchestration, its activities and the pushes', async () => {
    const traceId = 'c0ffee00c0ffee00c0ffee00c0ffee00';
    const pushes: any[] = [];
    const client = new WebPubSubClient({ getClientAccessUrl: async () => (await json(await post('/negotiate'))).url.replace('localhost', '127.0.0.1') });
    clients.push(client);
    client.on('server-message', (e) => pushes.push(e.message.data));
    client.on('group-message', (e) => pushes.push(e.message.data));
    await client.start();
    await client.joinGroup(`sheet:${sheetId}`);
    const res = await api(`/sessions/${sessionId}/jobs`, { method: 'POST', body: JSON.stringify({ kind: 'update', set: { Budget: 4321 } }), headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    const created = await json(res);
    await jobIn(created.id, ['awaiting_approval']);
    await post(`/jobs/${created.id}/approve`);
    await jobIn(created.id, ['completed']);
    await until(async () => pushes, (p) => p.some((x) => x.type === 'sheet.changed' && x.correlationId === traceId), 'the sheet.changed push with the correlation id');
    const progress = pushes.filter((p) => p.type === 'job.progress' && p.jobId === created.id);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.correlationId === traceId)).toBe(true);
    expect(host.output()).toMatch(new RegExp(`job ${created.id} chunk 0: .*\\[correlation ${traceId}\\]`));
    expect(host.output()).toMatch(new RegExp(`\\[correlation ${traceId}\\] pushed version`));
  });

  it('a client that arrives mid-job gets the current progress, and pushes follow it', async () => {
    await admin('/config', { writeLatencyMs: 400 }, 'PUT');
    try {
      const plannedJob = await planned({ kind: 'update', set: { Budget: 5000 } });
      expect(plannedJob.preview.estimate.smartsheetRequests).toBe(2 * (ROWS / 500));
      // The preview shows the cells it sets, before and after.
      expect(plannedJob.preview.sample[0]).toMatchObject({ rowNumber: 1, before: { Budget: expect.anything() }, after: { Budget: 5000 } });
      expect(plannedJob.preview.sample[0].before.Budget).not.toBe(5000);
      await post(`/jobs/${plannedJob.id}/approve`);
      const mid = await until(() => job(plannedJob.id), (j) => j.status === 'running' && j.progress.done > 0 && j.progress.done < ROWS, 'the job half way');
      expect(mid.progress).toMatchObject({ phase: 'running', total: ROWS, failed: 0 });
      const listed = await json(await api(`/sessions/${sessionId}/jobs`));
      expect(listed.find((j: any) => j.id === plannedJob.id).progress.done).toBeGreaterThan(0);

      const pushes: any[] = [];
      const client = new WebPubSubClient({ getClientAccessUrl: async () => (await json(await post('/negotiate'))).url.replace('localhost', '127.0.0.1') });
      clients.push(client);
      client.on('server-message', (e) => pushes.push(e.message.data));
      await client.start();
      const finished = await jobIn(plannedJob.id, ['completed'], 30_000);
      expect(finished.progress.done).toBe(ROWS);
      await until(async () => pushes.filter((p) => p.type === 'job.progress' && p.jobId === plannedJob.id), (p) => p.some((x) => x.status === 'completed'), 'the completion push');
      const dones = pushes.filter((p) => p.jobId === plannedJob.id).map((p) => p.progress.done);
      expect(dones).toEqual([...dones].sort((a, b) => a - b));
    } finally {
      await admin('/config', { writeLatencyMs: 5 }, 'PUT');
    }
  });

  it('cancel stops after the current batch and lists what was written; resume writes the rest, no row twice', async () => {
    await admin('/config', { writeLatencyMs: 600 }, 'PUT');
    try {
      const plannedJob = await planned({ kind: 'update', set: { Budget: 6000 } });
      await post(`/jobs/${plannedJob.id}/approve`);
      await until(() => job(plannedJob.id), (j) => j.progress.done > 0, 'the first batch');
      expect((await post(`/jobs/${plannedJob.id}/cancel`)).status).toBe(202);
      const cancelled = await jobIn(plannedJob.id, ['cancelled', 'completed'], 30_000);
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.result.cancelled).toBe(true);
      expect(cancelled.progress.done).toBeLessThan(ROWS);
      const listed = await json(await api(`/jobs/${plannedJob.id}?rows=written`));
      expect(listed.rows).toHaveLength(cancelled.progress.done);
      const budget = await columnIdOf('Budget');
      const eight = (await sheetRows()).filter((r) => r.cells.find((c) => c.columnId === budget)?.value === 6000).map((r) => r.id);
      expect(new Set(eight)).toEqual(new Set(listed.rows.map((r: any) => r.rowId)));

      // Resume: no new pilot or approval; only the rows it had not reached are written.
      await admin('/config', { writeLatencyMs: 5 }, 'PUT');
      const before = (await writes()).length;
      // Two clicks at once start one run.
      const [a, b] = await Promise.all([post(`/jobs/${plannedJob.id}/resume`), post(`/jobs/${plannedJob.id}/resume`)]);
      expect([a.status, b.status].sort()).toEqual([202, 409]);
      const resumed = a.status === 202 ? a : b;
      expect((await json(resumed)).status).toBe('running');
      expect((await json(a.status === 409 ? a : b)).error.code).toBeDefined();
      const finished = await jobIn(plannedJob.id, ['completed', 'failed', 'cancelled'], 30_000);
      expect(finished).toMatchObject({ status: 'completed', progress: { done: ROWS, failed: 0, total: ROWS }, result: { written: ROWS } });
      expect(finished.result.cancelled).toBeUndefined();
      const rest = (await writes(before)).flatMap((w) => w.rowIds);
      expect(rest).toHaveLength(ROWS - cancelled.progress.done);
      expect(rest.some((id) => eight.includes(id))).toBe(false);
      expect((await sheetRows()).every((r) => r.cells.find((c) => c.columnId === budget)?.value === 6000)).toBe(true);
      const again = await post(`/jobs/${plannedJob.id}/resume`);
      expect(again.status).toBe(409);
      expect((await json(again)).error.message).toMatch(/only a job cancelled or stopped while running can be resumed/);
      expect(cancelled.resumable).toBe(true);
      expect(finished.resumable).toBeUndefined();
    } finally {
      await admin('/config', { writeLatencyMs: 5 }, 'PUT');
    }
  });

  it('a job whose writes Smartsheet refuses (the sheet turned view only) stops at once, says why, and resumes once it may write again', async () => {
    await admin('/config', { writeLatencyMs: 600 }, 'PUT');
    try {
      const plannedJob = await planned({ kind: 'update', set: { Budget: 6500 } });
      const before = (await writes()).length;
      await post(`/jobs/${plannedJob.id}/approve`);
      await until(() => job(plannedJob.id), (j) => j.progress.done > 0, 'the first batch');
      // What Smartsheet answers a write once the sheet is shared with the app's account as Viewer.
      const fault = await admin<{ id: number }>('/faults', { match: '^PUT /sheets/\\d+/rows$', status: 403, errorCode: 1004, remaining: 5 });
      const stopped = await jobIn(plannedJob.id, ['failed', 'completed'], 30_000);
      expect(stopped.status).toBe('failed');
      expect(stopped.error).toMatch(/^The job stopped: Smartsheet refused: the account the app signs in with may no longer change this sheet — its sharing was changed to view only, or removed \(Smartsheet error 1004\)\.$/);
      expect(stopped.resumable).toBe(true);
      // Tried once, not again and again: a refusal no retry mends.
      expect((await admin<{ id: number; remaining: number }[]>('/faults')).find((f) => f.id === fault.id)?.remaining).toBe(4);
      // The session asked Smartsheet again and was told its access is as it was (the refusal was not a change of sharing).
      expect((await json(await api(`/sessions/${sessionId}`))).access).toBe('OWNER');
      const written = (await writes(before)).flatMap((w) => w.rowIds);
      expect(written.length).toBe(stopped.progress.done);
      expect(stopped.progress.done).toBeLessThan(ROWS);

      await admin('/faults', undefined, 'DELETE');
      await admin('/config', { writeLatencyMs: 5 }, 'PUT');
      expect((await post(`/jobs/${plannedJob.id}/resume`)).status).toBe(202);
      const finished = await jobIn(plannedJob.id, ['completed', 'failed'], 30_000);
      expect(finished).toMatchObject({ status: 'completed', progress: { done: ROWS, failed: 0 } });
      expect(finished.error).toBeUndefined();
      const all = (await writes(before)).flatMap((w) => w.rowIds);
      expect(all).toHaveLength(ROWS);
      expect(new Set(all).size).toBe(ROWS);
      const budget = await columnIdOf('Budget');
      expect((await sheetRows()).every((r) => r.cells.find((c) => c.columnId === budget)?.value === 6500)).toBe(true);
    } finally {
      await admin('/faults', undefined, 'DELETE');
      await admin('/config', { writeLatencyMs: 5 }, 'PUT');
    }
  });

  it('a job whose sheet is shared with the app as Viewer mid-run stops, and its session turns view only; a reload after Editor access is back lifts it', async () => {
    const own = await json(await post('/sessions', { sheetId }));
    const sessionOf = () => api(`/sessions/${own.sessionId}`).then((r) => json(r));
    await until(sessionOf, (s) => s.state.status === 'ready', 'the second session');
    await admin('/config', { writeLatencyMs: 600 }, 'PUT');
    const created = await json(await post(`/sessions/${own.sessionId}/jobs`, { kind: 'update', set: { Budget: 6600 } }));
    try {
      await jobIn(created.id, ['awaiting_approval']);
      await post(`/jobs/${created.id}/approve`);
      await until(() => job(created.id), (j) => j.progress.done > 0, 'the first batch');
      // The owner shares the sheet with the app's account as Viewer: Smartsheet refuses its next write (403/1004).
      await admin('/tokens', { token: 'local-smartsheet-token', accessLevel: 'VIEWER' });
      const stopped = await jobIn(created.id, ['failed', 'completed'], 30_000);
      expect([stopped.status, stopped.resumable]).toEqual(['failed', true]);
      expect(stopped.error).toMatch(/its sharing was changed to view only, or removed \(Smartsheet error 1004\)\.$/);
      expect((await sessionOf()).access).toBe('VIEWER');
      const refused = await post(`/sessions/${own.sessionId}/jobs`, { kind: 'update', set: { Budget: 1 } });
      expect([refused.status, (await json(refused)).error.code]).toEqual([403, 'FORBIDDEN']);
      // Resumable, but not while the sheet is view only: refused before Smartsheet is asked.
      const resumed = await post(`/jobs/${created.id}/resume`);
      expect([resumed.status, (await json(resumed)).error.code]).toEqual([403, 'FORBIDDEN']);
      expect((await job(created.id)).status).toBe('failed');
    } finally {
      await admin('/tokens', { token: 'local-smartsheet-token' });
      await admin('/config', { writeLatencyMs: 5 }, 'PUT');
    }
    await post(`/sessions/${own.sessionId}/reload`);
    const reloaded = await until(sessionOf, (s) => s.state.status === 'ready', 'the reload');
    expect(reloaded.access).toBe('OWNER');
    // Editor access back: the job goes on with the rows it had not reached.
    expect((await post(`/jobs/${created.id}/resume`)).status).toBe(202);
    expect(await jobIn(created.id, ['completed', 'failed'], 30_000)).toMatchObject({ status: 'completed', progress: { done: ROWS, failed: 0 } });
  });

  it('rows Smartsheet refuses fail alone; retry-failed re-runs only them', async () => {
    const ids = (await sheetRows()).map((r) => r.id);
    const failing = [ids[3]!, ids[777]!, ids[1999]!];
    await admin('/failing-rows', { rowIds: failing }, 'PUT');
    const plannedJob = await planned({ kind: 'update', set: { Budget: 7000 } });
    await post(`/jobs/${plannedJob.id}/approve`);
    const first = await jobIn(plannedJob.id, ['completed', 'failed'], 30_000);
    expect(first).toMatchObject({ status: 'completed', progress: { done: ROWS - 3, failed: 3 } });
    const failedRows = (await json(await api(`/jobs/${plannedJob.id}?rows=failed`))).rows;
    expect(failedRows.map((r: any) => r.rowId).sort()).toEqual([...failing].sort());
    expect(failedRows[0].reason).toMatch(/Injected failure/);

    await admin('/failing-rows', { rowIds: [] }, 'PUT');
    const before = (await writes()).length;
    expect((await post(`/jobs/${plannedJob.id}/retry-failed`)).status).toBe(202);
    const retried = await until(() => job(plannedJob.id), (j) => j.status === 'completed' && j.progress.failed === 0, 'the retry', 30_000);
    expect(retried.progress.done).toBe(ROWS);
    const retryWrites = await writes(before);
    expect(retryWrites.flatMap((w) => w.rowIds).sort()).toEqual([...failing].sort());
    expect((await post(`/jobs/${plannedJob.id}/retry-failed`)).status).toBe(409);
  });

  it('a forced 429 makes the job wait and lose nothing', async () => {
    await admin('/faults', { match: '^PUT /sheets/\\d+/rows$', errorCode: 4003, remaining: 2 });
    const plannedJob = await planned({ kind: 'update', set: { Budget: 8000 } });
    await post(`/jobs/${plannedJob.id}/approve`);
    const done = await jobIn(plannedJob.id, ['completed', 'failed'], 60_000);
    expect(done).toMatchObject({ status: 'completed', progress: { done: ROWS, failed: 0 } });
    const budget = await columnIdOf('Budget');
    expect((await sheetRows()).every((r) => r.cells.find((c) => c.columnId === budget)?.value === 8000)).toBe(true);
  });

  it('import: CSV rows are validated per column, invalid ones reported, the rest added after approval', async () => {
    const csv = 'Task,Status,Budget,Due\r\n"Imported, one",Open,5,2026-12-01\r\nImported two,Open,6,soon\r\nImported three,Done,7,\r\n';
    const plannedJob = await planned({ kind: 'import', csv });
    expect(plannedJob.preview.invalid).toEqual([{ line: 3, reason: expect.stringMatching(/Due/) }]);
    expect(plannedJob.preview.sample).toEqual([{ values: { Task: 'Imported, one', Status: 'Open', Budget: 5, Due: '2026-12-01' } }, { values: { Task: 'Imported three', Status: 'Done', Budget: 7 } }]);
    await post(`/jobs/${plannedJob.id}/approve`);
    expect(await jobIn(plannedJob.id, ['completed', 'failed'])).toMatchObject({ status: 'completed', progress: { done: 2, failed: 0 }, result: { skipped: 1 } });
    const task = await columnIdOf('Task');
    const tasks = (await sheetRows()).map((r) => r.cells.find((c) => c.columnId === task)?.value);
    expect(tasks).toContain('Imported, one');
    expect(tasks).toContain('Imported three');
    expect(tasks).not.toContain('Imported two');
  });

  it('delete by query needs approval and deletes exactly the matching rows', async () => {
    const status = await columnIdOf('Status');
    const cancelled = (await sheetRows()).filter((r) => r.cells.find((c) => c.columnId === status)?.value === 'Cancelled').map((r) => r.id);
    const plannedJob = await planned({ kind: 'delete', filter: { column: 'Status', op: 'eq', value: 'Cancelled' } });
    expect(plannedJob.preview.estimate.rows).toBe(cancelled.length);
    expect(plannedJob.preview.sample.length).toBe(5);
    // Said before approval: unlike a change set or another job, a delete job cannot be undone.
    expect(plannedJob.notes).toEqual(['A delete job has no undo: the rows it deletes are gone, with their comments and attachments (update, fill and import jobs, and change sets in chat, can be undone).']);
    expect((await sheetRows()).length).toBeGreaterThan(ROWS);
    await post(`/jobs/${plannedJob.id}/approve`);
    await jobIn(plannedJob.id, ['completed']);
    const left = new Set((await sheetRows()).map((r) => r.id));
    expect(cancelled.some((id) => left.has(id))).toBe(false);
    expect(left.size).toBe(ROWS + 2 - cancelled.length);
  });

  it('rows changed in the sheet after the job was planned are left as edited and named; the rest are written', async () => {
    const [budget, task] = [await columnIdOf('Budget'), await columnIdOf('Task')];
    const rows = await sheetRows();
    const idOf = (name: string) => rows.find((r) => r.cells.find((c) => c.columnId === task)?.value === name)!.id;
    const plannedJob = await planned({ kind: 'update', set: { Budget: 9100 }, filter: { column: 'Task', op: 'starts_with', value: 'Task 1' } });
    const total = plannedJob.progress.total;
    expect(total).toBeGreaterThan(500); // two chunks: Task 12 is in the first, Task 1998 in the second
    // After planning: a target cell edited in the first chunk and one in the last; a cell the job neither writes
    // nor read; a target cell set to what the job writes; a row renamed so the job's filter no longer selects it.
    const [first, last, other, same, renamed] = ['Task 12', 'Task 1998', 'Task 13', 'Task 14', 'Task 15'].map(idOf) as [number, number, number, number, number];
    const renamedBudget = rows.find((r) => r.id === renamed)!.cells.find((c) => c.columnId === budget)?.value;
    await admin(`/sheets/${sheetId}/external-edit`, { rowId: first, cells: { Budget: 42 } });
    await admin(`/sheets/${sheetId}/external-edit`, { rowId: last, cells: { Budget: 43 } });
    await admin(`/sheets/${sheetId}/external-edit`, { rowId: other, cells: { Notes: 'edited meanwhile' } });
    await admin(`/sheets/${sheetId}/external-edit`, { rowId: same, cells: { Budget: 9100 } });
    await admin(`/sheets/${sheetId}/external-edit`, { rowId: renamed, cells: { Task: 'Archived 15' } });
    const writesBefore = (await writes()).length;

    await post(`/jobs/${plannedJob.id}/approve`);
    const done = await jobIn(plannedJob.id, ['completed', 'failed'], 30_000);
    expect(done).toMatchObject({ status: 'completed', progress: { done: total - 3, failed: 0, conflicts: 3 }, result: { written: total - 3, conflicts: 3, conflictRows: [expect.any(Number), expect.any(Number), expect.any(Number)] } });
    const budgetOf = async (rowId: number) => (await sheetRows()).find((r) => r.id === rowId)!.cells.find((c) => c.columnId === budget)?.value;
    expect([await budgetOf(first), await budgetOf(last), await budgetOf(other), await budgetOf(same), await budgetOf(renamed)]).toEqual([42, 43, 9100, 9100, renamedBudget]);
    expect((await writes(writesBefore)).flatMap((w) => w.rowIds)).not.toContain(first);
    const conflicts = (await json(await api(`/jobs/${plannedJob.id}?rows=conflict`))).rows;
    expect(conflicts.map((r: any) => r.rowId).sort()).toEqual([first, last, renamed].sort());
    expect(conflicts.find((r: any) => r.rowId === first).reason).toMatch(/^Changed in the sheet after the job was planned \(Budget: “[^”]*” → “42”\); not overwritten\.$/);
    expect(conflicts.find((r: any) => r.rowId === renamed).reason).toBe('Changed in the sheet after the job was planned (Task: “Task 15” → “Archived 15”); not overwritten.');
    // Retrying failed rows does not touch them: they did not fail.
    expect((await post(`/jobs/${plannedJob.id}/retry-failed`)).status).toBe(409);
  });

  it('a job chosen by arithmetic between columns writes the rows it holds for; a row whose inputs changed is left alone', async () => {
    const [budget, tier] = [await columnIdOf('Budget'), await columnIdOf('Tier')];
    const valueOf = (r: { cells: { columnId: number; value?: unknown }[] }, columnId: number) => r.cells.find((c) => c.columnId === columnId)?.value;
    const chosen = (await sheetRows()).filter((r) => Number(valueOf(r, budget) ?? 0) * 2 - 3000 > 0 && valueOf(r, tier) !== 'Gold').map((r) => r.id);
    expect(chosen.length).toBeGreaterThan(100);
    const plannedJob = await planned({ kind: 'update', set: { Tier: 'Gold' }, computed: [{ name: 'Headroom', expression: 'Budget * 2 - 3000' }], filter: { column: 'Headroom', op: 'gt', value: 0 } });
    expect(plannedJob.progress.total).toBe(chosen.length);
    const [moved] = chosen;
    await admin(`/sheets/${sheetId}/external-edit`, { rowId: moved, cells: { Budget: 1 } }); // no longer over the line
    await post(`/jobs/${plannedJob.id}/approve`);
    const done = await jobIn(plannedJob.id, ['completed', 'failed'], 30_000);
    expect(done).toMatchObject({ status: 'completed', result: { written: chosen.length - 1, conflicts: 1 } });
    const [conflict] = (await json(await api(`/jobs/${plannedJob.id}?rows=conflict`))).rows;
    expect(conflict).toMatchObject({ rowId: moved, reason: expect.stringMatching(/^Changed in the sheet after the job was planned \(Budget: “\d+” → “1”\); not overwritten\.$/) });
    const after = new Map((await sheetRows()).map((r) => [r.id, valueOf(r, tier)]));
    expect(chosen.filter((id) => after.get(id) !== 'Gold')).toEqual([moved]);
    expect((await planned({ kind: 'delete', computed: [{ name: 'X', expression: 'Budget * Nope' }], filter: { column: 'X', op: 'gt', value: 0 } }).catch((e: Error) => e.message))).toMatch(/400.*no column \\"Nope\\"/);
  });

  it('an update job writes values worked out per row (setComputed), each from its own row', async () => {
    const [budget, task] = [await columnIdOf('Budget'), await columnIdOf('Task')];
    const valueOf = (r: { cells: { columnId: number; value?: unknown }[] }, columnId: number) => r.cells.find((c) => c.columnId === columnId)?.value;
    const before = (await sheetRows()).filter((r) => String(valueOf(r, task)).startsWith('Task 19'));
    const plannedJob = await planned({ kind: 'update', setComputed: { Budget: 'Budget * 2 + 1' }, filter: { column: 'Task', op: 'starts_with', value: 'Task 19' } });
    expect(plannedJob.summary).toBe('Set Budget → Budget * 2 + 1 on matching rows');
    expect(plannedJob.progress.total).toBe(before.length);
    await post(`/jobs/${plannedJob.id}/approve`);
    await jobIn(plannedJob.id, ['completed']);
    const after = new Map((await sheetRows()).map((r) => [r.id, valueOf(r, budget)]));
    for (const r of before) expect(after.get(r.id)).toBe(Number(valueOf(r, budget) ?? 0) * 2 + 1);
  });

  it('a fill job does not write a value worked out from text someone has since changed', async () => {
    const [summary, task] = [await columnIdOf('Summary'), await columnIdOf('Task')];
    const matching = (await sheetRows()).filter((r) => String(r.cells.find((c) => c.columnId === task)?.value).startsWith('Task 3'));
    const stale = matching[2]!;
    const plannedJob = await planned({ kind: 'fill', template: 'summarise', sourceColumns: ['Notes'], targetColumn: 'Summary', words: 6, filter: { column: 'Task', op: 'starts_with', value: 'Task 3' } });
    await admin(`/sheets/${sheetId}/external-edit`, { rowId: stale.id, cells: { Notes: 'Rewritten after the job was planned' } });
    await post(`/jobs/${plannedJob.id}/approve`);
    const done = await jobIn(plannedJob.id, ['completed', 'failed']);
    expect(done).toMatchObject({ status: 'completed', progress: { done: matching.length - 1, conflicts: 1 } });
    const summaryOf = async (rowId: number) => (await sheetRows()).find((r) => r.id === rowId)!.cells.find((c) => c.columnId === summary)?.value;
    expect(await summaryOf(stale.id)).toBe(stale.cells.find((c) => c.columnId === summary)?.value);
    const [conflict] = (await json(await api(`/jobs/${plannedJob.id}?rows=conflict`))).rows;
    expect(conflict).toMatchObject({ rowId: stale.id, reason: expect.stringMatching(/Notes: .* → “Rewritten after the job was planned”\); not overwritten/) });
  });

  it('a fill into a column the sheet lacks adds it on approval — a categorise job’s as a dropdown of its labels — and says so first', async () => {
    const columnsNow = async () => (await admin(`/sheets/${sheetId}`)).columns as { id: number; title: string; type: string; options?: string[] }[];
    const before = (await columnsNow()).length;
    const typo = await planned({ kind: 'fill', template: 'summarise', sourceColumns: ['Notes'], targetColumn: 'Sumary', filter: { column: 'Task', op: 'starts_with', value: 'Task 8' } });
    expect(typo.notes).toEqual(['The sheet has no column "Sumary"; approving adds it (text). Did you mean "Summary"?']);
    await post(`/jobs/${typo.id}/reject`);

    const [task, notes] = [await columnIdOf('Task'), await columnIdOf('Notes')];
    const cell = (r: { cells: { columnId: number; value?: unknown }[] }, id: number) => r.cells.find((c) => c.columnId === id)?.value;
    const sevens = async () => (await sheetRows()).filter((r) => String(cell(r, task)).startsWith('Task 7'));
    const count = (await sevens()).length;
    const filter = { column: 'Task', op: 'starts_with', value: 'Task 7' };
    const plannedJob = await planned({ kind: 'fill', template: 'categorise', sourceColumns: ['Notes'], targetColumn: 'Risk', labels: ['High', 'Low'], filter });
    expect([plannedJob.summary, plannedJob.notes]).toEqual(['Categorise Notes → Risk (new column)', ['The sheet has no column "Risk"; approving adds it (a dropdown of High, Low).']]);
    expect(plannedJob.preview.sample[0]).toMatchObject({ before: null, after: expect.stringMatching(/^(High|Low)$/) });
    expect(plannedJob.preview.estimate.smartsheetRequests).toBe(2 + 2); // the column read and added; one chunk's check and write
    expect((await columnsNow()).length).toBe(before); // nothing added before approval
    await post(`/jobs/${plannedJob.id}/approve`);
    const done = await jobIn(plannedJob.id, ['completed', 'failed']);
    expect(done).toMatchObject({ status: 'completed', progress: { done: count, failed: 0 } });
    const risk = (await columnsNow()).find((c) => c.title === 'Risk')!;
    expect(risk).toMatchObject({ type: 'PICKLIST', options: ['High', 'Low'] });
    const categorised = await sevens();
    expect([categorised.length, count > 50]).toEqual([count, true]);
    for (const row of categorised) expect(cell(row, risk.id)).toBe(/risk is high/.test(String(cell(row, notes))) ? 'High' : 'Low');

    // Labels for a picklist the sheet has: one it does not offer is noted before approval.
    const intoStatus = await planned({ kind: 'fill', template: 'categorise', sourceColumns: ['Notes'], targetColumn: 'Status', labels: ['open', 'Parked'], filter });
    expect(intoStatus.notes).toEqual(['"Parked" is not one of Status\'s options (Open, Done, Cancelled); Smartsheet will store it as typed.']);
    await post(`/jobs/${intoStatus.id}/reject`);

    // Someone adds the column between the plan and the approval: the job fills theirs, and adds no second one.
    const later = await planned({ kind: 'fill', template: 'summarise', sourceColumns: ['Task'], targetColumn: 'Phase', words: 2, filter: { column: 'Task', op: 'starts_with', value: 'Task 6' } });
    expect(later.notes).toEqual(['The sheet has no column "Phase"; approving adds it (text).']);
    const added = await fetch(`${host.smartsheetUrl}sheets/${sheetId}/columns`, { method: 'POST', headers: { authorization: 'Bearer local-smartsheet-token', 'content-type': 'application/json' }, body: JSON.stringify([{ title: 'Phase', type: 'TEXT_NUMBER', index: 1 }]) });
    expect(added.status).toBe(200);
    await post(`/jobs/${later.id}/approve`);
    expect(await jobIn(later.id, ['completed', 'failed'])).toMatchObject({ status: 'completed', progress: { failed: 0 } });
    const phases = (await columnsNow()).filter((c) => c.title === 'Phase');
    expect(phases).toHaveLength(1);
    expect((await sheetRows()).filter((r) => String(cell(r, task)).startsWith('Task 6')).every((r) => cell(r, phases[0]!.id) === String(cell(r, task)))).toBe(true);
  });

  it('a delete job keeps a row someone edited after it was planned', async () => {
    const task = await columnIdOf('Task');
    const rows = await sheetRows();
    const matching = rows.filter((r) => String(r.cells.find((c) => c.columnId === task)?.value).startsWith('Task 5')).map((r) => r.id);
    const plannedJob = await planned({ kind: 'delete', filter: { column: 'Task', op: 'starts_with', value: 'Task 5' } });
    const kept = matching[3]!;
    await admin(`/sheets/${sheetId}/external-edit`, { rowId: kept, cells: { Notes: 'still needed' } });
    await post(`/jobs/${plannedJob.id}/approve`);
    const done = await jobIn(plannedJob.id, ['completed', 'failed']);
    expect(done).toMatchObject({ status: 'completed', progress: { done: matching.length - 1, conflicts: 1 } });
    const left = new Set((await sheetRows()).map((r) => r.id));
    expect(matching.filter((id) => left.has(id))).toEqual([kept]);
    const [conflict] = (await json(await api(`/jobs/${plannedJob.id}?rows=conflict`))).rows;
    expect(conflict).toMatchObject({ rowId: kept, reason: expect.stringMatching(/Notes: .* → “still needed”.*not deleted/) });
  });

  it('a rejected job writes nothing; the model starts jobs from chat; others cannot see a job', async () => {
    const before = (await writes()).length;
    // A value the picklist does not offer: planned with a note; an option in another case takes the option's spelling.
    const rejected = await planned({ kind: 'update', set: { Budget: 9000, Status: 'Parked' } });
    expect(rejected.notes).toEqual(['"Parked" is not one of Status\'s options (Open, Done, Cancelled); Smartsheet will store it as typed.']);
    expect(rejected.summary).toBe('Set Budget → 9000, Status → Parked on matching rows');
    const cased = await planned({ kind: 'update', set: { Status: 'done' } });
    expect([cased.summary, cased.notes]).toEqual(['Set Status → Done on matching rows', undefined]);
    await post(`/jobs/${cased.id}/reject`);
    expect((await post(`/jobs/${rejected.id}/reject`)).status).toBe(202);
    expect((await jobIn(rejected.id, ['rejected'])).status).toBe('rejected');
    expect((await writes()).length).toBe(before);
    expect((await post(`/jobs/${rejected.id}/approve`)).status).toBe(409);

    const turn = await json(await post(`/sessions/${sessionId}/messages`, { clientMessageId: `job-${Date.now()}`, text: 'sentiment of Notes into Mood as draft where Status is Open' }));
    expect(turn.reply.extra.steps).toEqual([expect.objectContaining({ tool: 'start_job', ok: true })]);
    const [jobId] = turn.reply.extra.jobIds;
    const fromChat = await jobIn(jobId, ['awaiting_approval']);
    expect(fromChat.summary).toBe('Sentiment Notes → Mood (draft)');
    expect(fromChat.preview.sample[0].after).toMatch(/^(positive|negative|neutral)$/);
    expect((await api(`/jobs/${jobId}`, {}, ravi)).status).toBe(404);
    expect((await post(`/jobs/${jobId}/approve`, undefined, ravi)).status).toBe(404);
    await post(`/jobs/${jobId}/reject`);
  });

  it('bad job requests are 400 with the error shape and store nothing', async () => {
    const count = (await json(await api(`/sessions/${sessionId}/jobs`))).length;
    for (const spec of [
      { kind: 'fill', template: 'summarise', sourceColumns: ['Nope'], targetColumn: 'Summary' },
      { kind: 'fill', template: 'categorise', sourceColumns: ['Notes'], targetColumn: 'Summary' },
      { kind: 'update', set: { Due: 'soon' } },
      { kind: 'delete' },
      { kind: 'import', csv: 'Unknown,Task\r\n1,2' },
      { kind: 'explode' },
    ]) {
      const res = await post(`/sessions/${sessionId}/jobs`, spec);
      expect(res.status, JSON.stringify(spec)).toBe(400);
      expect((await json(res)).error).toMatchObject({ code: 'BAD_REQUEST', message: expect.any(String) });
    }
    // What was wrong, by name (not "Invalid input"): the model reads this in start_job's answer and fixes its call.
    const missing = await post(`/sessions/${sessionId}/jobs`, { kind: 'fill', template: 'summarise', sourceColumns: ['Notes'] });
    expect((await json(missing)).error.message).toMatch(/targetColumn: Invalid input: expected string, received undefined/);
    const unknown = await post(`/sessions/${sessionId}/jobs`, { kind: 'explode' });
    expect((await json(unknown)).error.message).toMatch(/kind: Invalid option: expected one of "fill"\|"update"\|"delete"\|"import"/);
    // Labels a picklist restricted to its options cannot take: refused before anything is planned.
    const restricted = await post(`/sessions/${sessionId}/jobs`, { kind: 'fill', template: 'categorise', sourceColumns: ['Notes'], targetColumn: 'Tier', labels: ['Gold', 'Bronze'] });
    expect([restricted.status, (await json(restricted)).error.message]).toEqual([400, expect.stringMatching(/"Bronze" is not one of Gold, Silver/)]);
    // A source column a typo away from one the sheet has: named.
    const typo = await post(`/sessions/${sessionId}/jobs`, { kind: 'fill', template: 'summarise', sourceColumns: ['Note'], targetColumn: 'Summary' });
    expect((await json(typo)).error.message).toMatch(/^No column named "Note"\. Did you mean "Notes"\? Columns: Task, /);
    // A filter that matches nothing: refused before anything is planned, naming the value no row holds.
    const none = await post(`/sessions/${sessionId}/jobs`, { kind: 'delete', filter: { column: 'Status', op: 'eq', value: 'Closed' } });
    expect(none.status).toBe(400);
    expect((await json(none)).error.message).toMatch(/^No rows match, so nothing would be deleted\. No row has Status "Closed"\. Status options: Open, Done, Cancelled\.$/);
    expect((await post(`/sessions/${sessionId}/jobs`, undefined)).status).toBe(400);
    expect((await api('/jobs/not-a-valid-id!')).status).toBe(400);
    expect((await json(await api(`/sessions/${sessionId}/jobs`))).length).toBe(count);
  });

  it('the cleanup timer runs on demand through the host admin API and reports what it removed', async () => {
    const res = await fetch(`${host.functionsUrl}/admin/functions/cleanup`, { method: 'POST', headers: { 'x-functions-key': 'local-master-key' }, body: '{}' });
    expect(res.status).toBe(202);
    await until(async () => host.output(), (out) => /cleanup: \d+ sessions/.test(out), 'the cleanup log line');
    expect(host.output()).toMatch(/cleanup: 0 sessions \(with their messages\), 0 change sets, 0 jobs, 0 snapshots, 0 durable instances removed/);
  });

  it('exports the sheet or a query as CSV from the session’s version', async () => {
    const filter = encodeURIComponent(JSON.stringify({ column: 'Task', op: 'starts_with', value: 'Imported' }));
    const res = await api(`/sheets/${sheetId}/export?filter=${filter}&columns=Task,Budget&sort=${encodeURIComponent(JSON.stringify([{ column: 'Budget', direction: 'desc' }]))}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="Jobs_Test_Sheet-v\d+\.csv"/);
    expect(parseCsv(await res.text())).toEqual([
      ['Task', 'Budget'],
      ['Imported three', '7'],
      ['Imported, one', '5'],
    ]);
    expect(res.headers.get('x-sheet-version')).toBeTruthy();
    expect((await api(`/sheets/${sheetId}/export`, {}, ravi)).status).toBe(404);
    expect((await api(`/sheets/${sheetId}/export?filter=nope`)).status).toBe(400);
    // A query with computed columns exports them after the sheet's own; a bad expression is the caller's mistake.
    const computed = (expression: string) => encodeURIComponent(JSON.stringify([{ name: 'Double', expression }]));
    const withDouble = await api(`/sheets/${sheetId}/export?filter=${filter}&computed=${computed('Budget * 2')}&sort=${encodeURIComponent(JSON.stringify([{ column: 'Double' }]))}`);
    const table = parseCsv(await withDouble.text());
    expect(table[0]!.at(-1)).toBe('Double');
    expect(table.slice(1).map((row) => [row[0], row.at(-1)])).toEqual([
      ['Imported, one', '10'],
      ['Imported three', '14'],
    ]);
    const bad = await api(`/sheets/${sheetId}/export?computed=${computed('Budget * Nope')}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/no column "Nope"/);
  });

  it('lists the ids of every row a query matches, in its order, from the session’s version (an answer’s rows, all of them)', async () => {
    const filter = encodeURIComponent(JSON.stringify({ column: 'Task', op: 'starts_with', value: 'Task 1' }));
    const sort = encodeURIComponent(JSON.stringify([{ column: 'Task', direction: 'desc' }]));
    const res = await api(`/sheets/${sheetId}/matches?filter=${filter}&sort=${sort}`);
    expect(res.status).toBe(200);
    const found = await json<{ sheetVersion: number; total: number; rowIds: number[] }>(res);
    const session = await json(await api(`/sessions/${sessionId}/sheet`));
    const task = session.columns.find((c: any) => c.title === 'Task').index;
    const expected = session.rows.filter((r: any) => String(r.values[task]).startsWith('Task 1')).sort((a: any, b: any) => (a.values[task] < b.values[task] ? 1 : a.values[task] > b.values[task] ? -1 : 0));
    expect(found.sheetVersion).toBe(session.version);
    expect(found.total).toBe(expected.length);
    // More than the 200 ids a tool result gives the model.
    expect(found.total).toBeGreaterThan(200);
    expect(found.rowIds).toEqual(expected.map((r: any) => r.id));
    expect((await api(`/sheets/${sheetId}/matches?filter=${filter}`, {}, ravi)).status).toBe(404);
    const bad = await api(`/sheets/${sheetId}/matches?filter=nope`);
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.code).toBe('BAD_REQUEST');
  });
});
