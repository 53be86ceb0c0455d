import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';
import { until } from '../support/until.js';

/**
 * Undoing a bulk job over the real local stack (dev host, Azurite, the Smartsheet emulator, the offline
 * model): an undo is a job of its own — planned on the sheet as it is, approved, run in chunks — that puts
 * back what an update or fill wrote over, or deletes what an import added, leaving alone what people
 * changed since.
 */
let host: DevHostProcess;
const dana = principal('undo-dana');
const ravi = principal('undo-ravi');
const ROWS = 700; // two chunks of 500
let sheetId: number;
let sessionId: string;

const api = (path: string, init: RequestInit = {}, who = dana) => fetch(`${host.functionsUrl}/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...who, ...(init.headers as object) } });
const json = async <T = any>(res: Response): Promise<T> => (await res.json()) as T;
const post = (path: string, body?: unknown, who = dana) => api(path, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) }, who);
async function admin<T = any>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${new URL(host.smartsheetUrl!).origin}/admin${path}`, { method: body === undefined ? 'GET' : 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  return (await res.json()) as T;
}
const model = (path: string, body: unknown) => fetch(`${host.modelUrl}/admin${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
const edit = (body: object) => admin<{ version: number; rowIds?: number[] }>(`/sheets/${sheetId}/external-edit`, body);

interface Cell {
  columnId: number;
  value?: unknown;
  formula?: string;
}
async function sheet() {
  const s = await admin<{ version: number; columns: { id: number; title: string }[]; rows: { id: number; cells: Cell[] }[] }>(`/sheets/${sheetId}`);
  const col = (title: string) => s.columns.find((c) => c.title === title)?.id;
  const cell = (row: { cells: Cell[] }, title: string) => row.cells.find((c) => c.columnId === col(title));
  const byTask = (task: string) => s.rows.find((r) => cell(r, 'Task')?.value === task)!;
  return { ...s, col, cell, byTask, value: (task: string, title: string) => cell(byTask(task), title)?.value };
}
/** The session has read the sheet's latest version (after edits made behind its back). */
async function caughtUp() {
  const { version } = await admin<{ version: number }>(`/sheets/${sheetId}`);
  await until(() => api(`/sessions/${sessionId}`).then((r) => json(r)), (s) => s.state.sheetVersion === version, 'the session to read the edits', 15_000);
}
const job = (id: string) => api(`/jobs/${id}`).then((r) => json(r));
const jobIn = (id: string, statuses: string[]) => until(() => job(id), (j) => statuses.includes(j.status), `job ${id} to be ${statuses.join('/')}`, 30_000);
async function ran(spec: unknown): Promise<any> {
  const created = await json(await post(`/sessions/${sessionId}/jobs`, spec));
  await jobIn(created.id, ['awaiting_approval']);
  await post(`/jobs/${created.id}/approve`);
  return jobIn(created.id, ['completed', 'failed']);
}
async function undone(jobId: string): Promise<any> {
  const res = await post(`/jobs/${jobId}/undo`);
  const body = await json(res);
  if (res.status !== 202) throw new Error(`undo refused: ${res.status} ${JSON.stringify(body)}`);
  return jobIn(body.id, ['awaiting_approval', 'failed']);
}

beforeAll(async () => {
  host = await startDevHostProcess([], { SMARTSHEET_RETRY_DELAY_MS: '50' });
  const created = await admin<{ id: number }>('/sheets', {
    name: 'Undo Test Sheet',
    columns: [
      { title: 'Task', type: 'TEXT_NUMBER' },
      { title: 'Status', type: 'PICKLIST', options: ['Open', 'Done'] },
      { title: 'Budget', type: 'TEXT_NUMBER' },
      { title: 'Notes', type: 'TEXT_NUMBER' },
    ],
    rows: Array.from({ length: ROWS }, (_, i) => ({ Task: `Task ${i + 1}`, Status: 'Open', Budget: i + 1, Notes: `Notes on task ${i + 1}` })),
  });
  sheetId = created.id;
  // A phase whose Budget rolls up the two rows under it.
  const [phase] = (await edit({ add: [{ Task: 'Phase', Status: 'Open', Budget: '=SUM(CHILDREN())' }] })).rowIds!;
  await edit({ parentId: phase, add: [{ Task: 'Sub A', Status: 'Open', Budget: 10 }, { Task: 'Sub B', Status: 'Open', Budget: 20 }] });
  sessionId = (await json(await post('/sessions', { sheetId }))).sessionId;
  await until(() => api(`/sessions/${sessionId}`).then((r) => json(r)), (s) => s.state.status === 'ready', 'the session');
}, 60_000);
afterAll(async () => {
  await host?.stop();
});

describe('undoing a job', () => {
  it('an update is undone by a job of its own: cells back as they were, formulas as formulas; rows changed since are named first and left alone', async () => {
    const original = await ran({ kind: 'update', set: { Budget: 5, Status: 'Done' } });
    expect(original).toMatchObject({ status: 'completed', progress: { done: ROWS + 3, failed: 0 } });
    expect((await sheet()).cell((await sheet()).byTask('Phase'), 'Budget')).not.toHaveProperty('formula');

    // Since the job: one row edited, one put back by hand, one deleted.
    const before = await sheet();
    await edit({ rowId: before.byTask('Task 3').id, cells: { Budget: 77 } });
    await edit({ rowId: before.byTask('Task 4').id, cells: { Budget: 4, Status: 'Open' } });
    await edit({ delete: [before.byTask('Task 5').id] });
    await caughtUp();

    const undo = await undone(original.id);
    expect(undo).toMatchObject({ kind: 'undo', status: 'awaiting_approval', summary: `Undo: ${original.summary}`, undoes: { jobId: original.id, kind: 'update' } });
    expect(undo.notes).toEqual(['1 row changed since the job wrote it and is left as it is: row 3 (Budget is now “77”).', '1 row the job wrote has since been deleted from the sheet.', '1 cell gets its formula back.']);
    expect(undo.preview.estimate.rows).toBe(ROWS + 3 - 3);
    expect(undo.preview.sample[0]).toMatchObject({ before: { Budget: 5, Status: 'Done' }, after: { Budget: 1, Status: 'Open' } });
    // One undo at a time; the undone job is not run again.
    expect((await job(original.id)).undoneBy).toBe(undo.id);
    const again = await post(`/jobs/${original.id}/undo`);
    expect(again.status).toBe(409);
    expect((await json(again)).error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/undone/) });
    expect((await post(`/jobs/${original.id}/retry-failed`)).status).toBe(409);

    await post(`/jobs/${undo.id}/approve`);
    expect(await jobIn(undo.id, ['completed', 'failed'])).toMatchObject({ status: 'completed', progress: { done: ROWS, failed: 0 } });
    const after = await sheet();
    expect([after.value('Task 1', 'Budget'), after.value('Task 1', 'Status'), after.value('Task 700', 'Budget'), after.value('Sub B', 'Budget')]).toEqual([1, 'Open', 700, 20]);
    expect([after.value('Task 3', 'Budget'), after.value('Task 3', 'Status')]).toEqual([77, 'Done']); // left as edited
    expect([after.value('Task 4', 'Budget'), after.value('Task 4', 'Status')]).toEqual([4, 'Open']);
    expect(after.cell(after.byTask('Phase'), 'Budget')).toMatchObject({ formula: '=SUM(CHILDREN())', value: 30 });
    // An undo is not undone in turn.
    expect((await json(await post(`/jobs/${undo.id}/undo`))).error.message).toMatch(/cannot itself be undone/);
  });

  it('an import is undone by deleting the rows it added, but for one someone has edited since', async () => {
    const original = await ran({ kind: 'import', csv: 'Task,Budget\r\nNew one,1\r\nNew two,2\r\nNew three,3\r\n' });
    expect(original.progress.done).toBe(3);
    await edit({ rowId: (await sheet()).byTask('New two').id, cells: { Budget: 22 } });
    await caughtUp();
    const undo = await undone(original.id);
    expect(undo.notes).toEqual([expect.stringMatching(/^1 row changed since the job wrote it and is left as it is: row \d+ \(Budget is now “22”\)\.$/), 'The rows the import added are deleted (with any comments or attachments added to them since).']);
    await post(`/jobs/${undo.id}/approve`);
    expect(await jobIn(undo.id, ['completed', 'failed'])).toMatchObject({ status: 'completed', progress: { done: 2 } });
    const now = await sheet();
    const tasks = now.rows.map((r) => now.cell(r, 'Task')?.value);
    expect(tasks).toContain('New two');
    expect(tasks).not.toContain('New one');
    expect(tasks).not.toContain('New three');
  });

  it('a fill into a column it added is undone by emptying the cells; a rejected undo leaves the job free to be undone again', async () => {
    const original = await ran({ kind: 'fill', template: 'summarise', sourceColumns: ['Notes'], targetColumn: 'Summary', words: 4, filter: { column: 'Task', op: 'starts_with', value: 'Task 69' } });
    expect(original.progress.done).toBe(11);
    expect((await sheet()).value('Task 69', 'Summary')).toEqual(expect.any(String));
    const rejected = await undone(original.id);
    expect(rejected.notes).toContain('The column the job added stays in the sheet, its cells emptied (delete it in chat if it is not wanted).');
    await post(`/jobs/${rejected.id}/reject`);
    await jobIn(rejected.id, ['rejected']);
    await until(() => job(original.id), (j) => !j.undoneBy, 'the job to be free again');
    const undo = await undone(original.id);
    await post(`/jobs/${undo.id}/approve`);
    expect(await jobIn(undo.id, ['completed', 'failed'])).toMatchObject({ status: 'completed', progress: { done: 11 } });
    const after = await sheet();
    expect(after.value('Task 69', 'Summary')).toBeUndefined();
    expect(after.col('Summary')).toBeDefined();
  });

  it('a delete job, a job still to run and someone else’s job have no undo', async () => {
    const deleted = await ran({ kind: 'delete', filter: { column: 'Task', op: 'eq', value: 'Task 700' } });
    const refused = await post(`/jobs/${deleted.id}/undo`);
    expect(refused.status).toBe(409);
    expect((await json(refused)).error).toEqual({ code: 'CONFLICT', message: 'A delete job has no undo: the rows it deleted are gone.' });
    const waiting = await json(await post(`/sessions/${sessionId}/jobs`, { kind: 'update', set: { Notes: 'x' }, filter: { column: 'Task', op: 'eq', value: 'Task 10' } }));
    await jobIn(waiting.id, ['awaiting_approval']);
    expect((await json(await post(`/jobs/${waiting.id}/undo`))).error.message).toMatch(/can be undone once it has finished/);
    await post(`/jobs/${waiting.id}/reject`);
    const mine = await ran({ kind: 'update', set: { Notes: 'y' }, filter: { column: 'Task', op: 'eq', value: 'Task 11' } });
    expect((await post(`/jobs/${mine.id}/undo`, undefined, ravi)).status).toBe(404);
    const bad = await post('/jobs/nope/undo');
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('“undo the last job” in chat plans the undo of the newest job that can be undone, shown under the answer', async () => {
    const latest = await ran({ kind: 'update', set: { Notes: 'from chat' }, filter: { column: 'Task', op: 'eq', value: 'Task 12' } });
    await caughtUp();
    const turn = await json(await post(`/sessions/${sessionId}/messages`, { clientMessageId: 'undo-job-1', text: 'undo the last job' }));
    expect(turn.reply.extra.jobIds).toHaveLength(1);
    const undo = await jobIn(turn.reply.extra.jobIds[0], ['awaiting_approval']);
    expect(undo.undoes).toEqual({ jobId: latest.id, kind: 'update' });
    expect(turn.reply.text).toContain(`I've planned an undo: **Undo: ${latest.summary}**`);
    await post(`/jobs/${undo.id}/approve`);
    await jobIn(undo.id, ['completed']);
    expect((await sheet()).value('Task 12', 'Notes')).toBe('Notes on task 12');
  });

  it('an undo_job call the model gets wrong, or with nothing to undo, comes back to it as an error and starts nothing', async () => {
    const readySession = async (who: Record<string, string>) => {
      const id = (await json(await post('/sessions', { sheetId }, who))).sessionId as string;
      await until(() => api(`/sessions/${id}`, {}, who).then((r) => json(r)), (s) => s.state.status === 'ready', 'another session');
      return id;
    };
    const ravis = await json(await post(`/sessions/${await readySession(ravi)}/jobs`, { kind: 'update', set: { Notes: 'ravi' } }, ravi));
    expect(ravis.id).toEqual(expect.any(String));
    const fresh = await readySession(dana);
    const before = (await json(await api(`/sessions/${sessionId}/jobs`))).length;
    const call = (args: string) => ({ name: 'undo_job', arguments: args });
    await model('/script', [{ toolCalls: [call('null'), call('{"jobId":42}'), call(JSON.stringify({ jobId: ravis.id })), call('{"job":"x"}')] }, { content: 'None of that worked.' }]);
    const turn = await json(await post(`/sessions/${sessionId}/messages`, { clientMessageId: 'undo-job-bad', text: 'undo some job' }));
    expect(turn.reply.extra.steps.map((s: any) => [s.ok, s.detail])).toEqual([
      [false, expect.stringMatching(/Invalid arguments for undo_job: arguments: .*expected object/)],
      [false, expect.stringMatching(/jobId: .*expected string/)],
      [false, `No job ${ravis.id} in this conversation's session.`],
      [false, expect.stringMatching(/Unrecognized key: "job"/)],
    ]);
    expect(turn.reply.extra.jobIds ?? []).toEqual([]);
    expect(await json(await api(`/sessions/${sessionId}/jobs`))).toHaveLength(before);

    const none = await json(await post(`/sessions/${fresh}/messages`, { clientMessageId: 'undo-job-none', text: 'undo the last job' }));
    expect(none.reply.extra.steps).toEqual([expect.objectContaining({ tool: 'undo_job', ok: false, detail: 'There is no finished update, fill or import job in this session to undo.' })]);
    expect(none.reply.text).toContain('There is no finished update, fill or import job in this session to undo.');
  });
});
