import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED_SHEETS } from '../../infra/smartsheet-emulator/seed.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';

let host: DevHostProcess;
const dana = principal('chat-dana');
const ravi = principal('chat-ravi');
let sessionId: string;
let counter = 0;

const api = (path: string, init: RequestInit = {}, who = dana) => fetch(`${host.functionsUrl}/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...who, ...(init.headers as object) } });
const json = async <T = any>(res: Response): Promise<T> => (await res.json()) as T;
const emulator = (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
  fetch(`${new URL(host.smartsheetUrl!).origin}/admin${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
const model = (path: string, body?: unknown, method = 'POST') => fetch(`${host.modelUrl}/admin${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json() as Promise<any>);

async function ask(text: string, clientMessageId = `m${++counter}`) {
  const res = await api(`/sessions/${sessionId}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId, text }) });
  return { status: res.status, body: await json(res) };
}

async function readySession(sheetId: number, who = dana): Promise<string> {
  const created = await json(await api('/sessions', { method: 'POST', body: JSON.stringify({ sheetId }) }, who));
  for (let i = 0; i < 200; i++) {
    const view = await json(await api(`/sessions/${created.sessionId}`, {}, who));
    if (view.state.status === 'ready') return created.sessionId;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('session not ready');
}

async function changeSet(id: string, until: (status: string) => boolean = (s) => s !== 'awaiting_approval' && s !== 'applying') {
  for (let i = 0; i < 300; i++) {
    const cs = await json(await api(`/change-sets/${id}`));
    if (until(cs.status)) return cs;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`change set ${id} stayed pending`);
}

/** A write tool call the scripted model makes in `session`, approved: the change set's id once applied. */
async function applied(session: string, name: string, args: object): Promise<string> {
  await model('/script', [{ toolCalls: [{ name, arguments: JSON.stringify(args) }] }]);
  const { reply } = await json(await api(`/sessions/${session}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: `w${++counter}`, text: `please ${name}` }) }));
  const [id] = reply.extra.changeSetIds;
  await api(`/change-sets/${id}/approve`, { method: 'POST' });
  expect((await changeSet(id)).status).toBe('applied');
  return id;
}

const tracker = () => emulator(`/sheets/${SEED_SHEETS.projectTracker}`);
const columnId = (sheet: any, title: string) => sheet.columns.find((c: any) => c.title === title).id;
const cellOf = (sheet: any, rowId: number, title: string) => sheet.rows.find((r: any) => r.id === rowId)?.cells.find((c: any) => c.columnId === columnId(sheet, title))?.value;
/** The sheet's outline: each row's Task and its parent's Task, in order (rows added back have new ids). */
const outline = (sheet: any) => sheet.rows.map((r: any) => [cellOf(sheet, r.id, 'Task'), r.parentId === undefined ? null : cellOf(sheet, r.parentId, 'Task')]);

beforeAll(async () => {
  host = await startDevHostProcess([], { MODEL_RETRY_DELAY_MS: '20', MODEL_MAX_ATTEMPTS: '3', CHANGESET_APPROVAL_MINUTES: '0.1', SMARTSHEET_INTEGRATION_ORG: 'Contoso Ltd' });
  sessionId = await readySession(SEED_SHEETS.projectTracker);
});
afterAll(() => host?.stop());
beforeEach(async () => {
  await model('/reset');
});

describe('chat turns over the real local stack (offline model)', () => {
  it('answers a question exactly, citing the rows the query engine finds', async () => {
    const { status, body } = await ask('how many rows where Status is Blocked');
    expect(status).toBe(200);
    const check = await json(await api(`/sessions/${sessionId}/tools/query_rows`, { method: 'POST', body: JSON.stringify({ args: { filter: { column: 'Status', op: 'eq', value: 'Blocked' }, limit: 500 } }) }));
    const expected = check.result.data;
    expect(body.reply.text).toContain(`**${expected.total}** matching rows`);
    expect(body.reply.citedRowIds).toEqual(expected.rowIds.slice(0, 8));
    expect(body.reply.sheetVersion).toBe(check.sheetVersion);
    expect(body.reply.extra.steps).toEqual([expect.objectContaining({ tool: 'aggregate', ok: true })]);
    expect(body.reply.extra.model).toBe('Offline model (local)');
    expect(body.userMessage).toMatchObject({ role: 'user', text: 'how many rows where Status is Blocked' });
  });

  it('"what changed today?" lists the rows changed today — one edited in Smartsheet among them — latest first', async () => {
    const before = (await json(await api(`/sessions/${sessionId}`))).state.sheetVersion;
    const target = (await tracker()).rows[41];
    await emulator(`/sheets/${SEED_SHEETS.projectTracker}/external-edit`, { rowId: target.id, cells: { Notes: 'Changed in Smartsheet just now.' } });
    for (let i = 0; i < 200 && (await json(await api(`/sessions/${sessionId}`))).state.sheetVersion === before; i++) await new Promise((r) => setTimeout(r, 25));
    const { body } = await ask('what changed today?');
    // Worked out here from the emulator's own rows: those whose last change is today (seeded rows changed months ago).
    const today = new Date().toISOString().slice(0, 10);
    const changed = (await tracker()).rows.filter((r: any) => r.modifiedAt.startsWith(today)).sort((a: any, b: any) => (a.modifiedAt < b.modifiedAt ? 1 : -1));
    expect(changed.map((r: any) => r.id)).toContain(target.id);
    expect(body.reply.text).toContain('_I read this as: Last changed is today; sorted by Last changed, latest first._');
    expect(body.reply.text).toContain(`Found **${changed.length}** matching row${changed.length === 1 ? '' : 's'}`);
    expect(new Set(body.reply.citedRowIds)).toEqual(new Set(changed.slice(0, 8).map((r: any) => r.id)));
  });

  it('the outline over the stack: the rows under a row, the top-level rows, totals by top-level row — with the rows under each', async () => {
    const created = await emulator('/sheets', { name: 'Outline plan', columns: [{ title: 'Task', type: 'TEXT_NUMBER' }, { title: 'Hours', type: 'TEXT_NUMBER' }], rows: [{ Task: 'Design', Hours: 1 }, { Task: 'Build', Hours: 2 }] });
    const [design, build] = (await emulator(`/sheets/${created.id}`)).rows.map((r: any) => r.id);
    const { rowIds: sketches } = await emulator(`/sheets/${created.id}/external-edit`, { parentId: design, add: [{ Task: 'Sketch', Hours: 5 }, { Task: 'Review', Hours: 3 }] });
    await emulator(`/sheets/${created.id}/external-edit`, { parentId: sketches[0], add: [{ Task: 'Wireframes', Hours: 4 }] });
    const session = await readySession(created.id);
    const say = async (text: string) => (await json(await api(`/sessions/${session}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: `outline${++counter}`, text }) }))).reply;
    const under = await say('subtasks of Design');
    expect(under.extra.steps).toEqual([expect.objectContaining({ tool: 'query_rows', ok: true })]);
    expect(under.citedRowIds).toEqual(sketches); // the rows right under Design, not Wireframes under Sketch
    expect((await say('top-level rows')).citedRowIds).toEqual([design, build]);
    const byTop = await say('total Hours by top-level row');
    const check = await json(await api(`/sessions/${session}/tools/aggregate`, { method: 'POST', body: JSON.stringify({ args: { computed: [{ name: 'Top-level row', expression: 'TOP()' }], groupBy: ['Top-level row'], metrics: [{ fn: 'sum', column: 'Hours' }] } }) }));
    expect(check.result.data.groups.map((g: any) => [g.key['Top-level row'], g.metrics['sum(Hours)']])).toEqual([['Build', 2], ['Design', 13]]);
    expect(byTop.text).toMatch(/Design[^\n]*13/);
  });

  it("a rate within each group over the stack: each owner's share of their own rows that are Complete, as the query engine has it", async () => {
    const { body } = await ask("what percentage of each owner's tasks are complete?");
    const metric = { fn: 'percent', where: { column: 'Status', op: 'eq', value: 'Complete' }, name: 'Complete' };
    const check = await json(await api(`/sessions/${sessionId}/tools/aggregate`, { method: 'POST', body: JSON.stringify({ args: { groupBy: ['Owner'], metrics: [metric], sort: { by: 'percent Complete', direction: 'desc' } } }) }));
    const [top] = check.result.data.groups;
    expect(body.reply.extra.steps).toEqual([expect.objectContaining({ tool: 'aggregate', ok: true })]);
    expect(body.reply.text).toContain(`Highest share Complete: **${top.key.Owner}**`);
    expect(body.reply.text).toContain(`(${top.metrics['percent Complete']}%`);
    expect(body.reply.extra.chart.title).toBe('percent Complete by Owner');
  });

  it('the highest value cites the rows holding it; a value no row holds is answered 0 with the values there are', async () => {
    const sheet = await tracker();
    const spent = sheet.rows.map((r: any) => ({ id: r.id, value: cellOf(sheet, r.id, 'Spent') })).filter((r: any) => typeof r.value === 'number');
    const top = Math.max(...spent.map((r: any) => r.value));
    const { body } = await ask('max Spent');
    expect(body.reply.citedRowIds).toEqual(spent.filter((r: any) => r.value === top).map((r: any) => r.id));
    expect(body.reply.text).toContain(`The highest Spent is **${top.toLocaleString('en-US')}**`);
    // Its rows are those holding the value: no "found" to offer more of. A count found the rows it counted.
    expect(body.reply.extra.steps[0].found).toBeUndefined();
    const blocked = sheet.rows.filter((r: any) => cellOf(sheet, r.id, 'Status') === 'Blocked').length;
    const { body: counted } = await ask('how many rows where Status is Blocked');
    expect(counted.reply.extra.steps[0]).toMatchObject({ tool: 'aggregate', ok: true, found: blocked });

    const { body: none } = await ask('how many rows where Status is Done');
    const options = sheet.columns.find((c: any) => c.title === 'Status').options as string[];
    expect(none.reply.text).toContain('**0** matching rows.');
    expect(none.reply.text).toContain(`No row has Status "Done". Status options: ${options.join(', ')}.`);
    expect(none.reply.citedRowIds).toEqual([]);
  });

  it('follow-ups refine the previous question', async () => {
    const first = await ask('show rows where Status is not Complete sorted by Budget desc');
    // The step says how many rows the query found, though the answer shows some: the chat offers them all in the grid.
    const check = await json(await api(`/sessions/${sessionId}/tools/query_rows`, { method: 'POST', body: JSON.stringify({ args: { filter: { column: 'Status', op: 'ne', value: 'Complete' }, limit: 1 } }) }));
    expect(first.body.reply.extra.steps[0]).toMatchObject({ tool: 'query_rows', ok: true, found: check.result.data.total });
    expect(first.body.reply.citedRowIds.length).toBeLessThan(check.result.data.total);
    const { body } = await ask('now only Q3 2026');
    const step = body.reply.extra.steps[0];
    expect(step.args.filter.and[1]).toEqual({ column: 'Due Date', op: 'in_period', value: 'Q3_2026' });
    expect(step.ok).toBe(true);
  });

  it('an earlier answer goes to the model with a note of the tool calls behind it, for a follow-up to refine', async () => {
    const first = await ask('how many rows where Status is Blocked');
    const followUp = await ask('only the high priority ones');
    expect(followUp.status).toBe(200);
    const { messages } = (await (await fetch(`${host.modelUrl}/admin/last-request`)).json()) as { messages: { role: string; content: string | null }[] };
    // The follow-up's first request: the answer, then (as a system note, not the assistant's own words) its calls as made.
    const at = messages.findLastIndex((m) => m.role === 'assistant' && m.content === first.body.reply.text);
    expect(at).toBeGreaterThan(0);
    const calls = first.body.reply.extra.steps.map((s: { tool: string; args: unknown }) => `${s.tool} ${JSON.stringify(s.args)}`);
    expect(calls.join('\n')).toMatch(/Blocked/);
    expect(messages[at + 1]).toEqual({ role: 'system', content: `The tool calls behind the answer above:\n${calls.join('\n')}` });
    expect(messages.filter((m) => m.role === 'system' && m.content?.startsWith('The tool calls behind')).length).toBeLessThanOrEqual(3);
  });

  it('citations the model writes its own way ("[row: 12, row: 34]") are stored as [row:…] and cite the rows', async () => {
    const rows = (await tracker()).rows.slice(0, 2).map((r: { id: number }) => r.id);
    await model('/script', [{ content: `These two [row: ${rows[0]}, row: ${rows[1]}], not [rows: 5].` }]);
    const { body } = await ask('which two?');
    expect(body.reply.text).toBe(`These two [row:${rows[0]}], [row:${rows[1]}], not [rows: 5].`);
    expect(body.reply.citedRowIds).toEqual(rows);
  });

  it('a tool call with the usual slips (">=", "descending") is read as meant, not refused', async () => {
    const args = { filter: { column: 'Budget', op: '>=', value: 40000 }, sort: [{ column: 'Budget', direction: 'descending' }] };
    await model('/script', [{ toolCalls: [{ name: 'query_rows', arguments: JSON.stringify(args) }] }]);
    const { body } = await ask('big budgets, biggest first');
    const sheet = await tracker();
    const big = sheet.rows.filter((r: { id: number }) => Number(cellOf(sheet, r.id, 'Budget') ?? 0) >= 40000).length;
    expect(big).toBeGreaterThan(1);
    expect(body.reply.extra.steps[0]).toMatchObject({ tool: 'query_rows', ok: true, detail: `${big} matching rows` });
  });

  it('the same clientMessageId twice is one turn', async () => {
    const first = await ask('total Budget by Owner', 'dup-1');
    const requests = (await model('/reset')).requests;
    const second = await ask('total Budget by Owner', 'dup-1');
    expect(second.body.reply.id).toBe(first.body.reply.id);
    expect((await model('/reset')).requests).toBe(0);
    expect(requests).toBeGreaterThan(0);
  });

  it('a 429 burst from the model is retried and answered', async () => {
    await model('/faults', { status: 429, retryAfterMs: 30, count: 2 });
    const { status, body } = await ask('count by Priority');
    expect(status).toBe(200);
    expect(body.reply.text).toMatch(/Priority/);
  });

  it('model down: a clear error, the user message kept, and the same id retries', async () => {
    await model('/faults', { status: 500, count: 50 });
    const failed = await ask('stats Budget', 'down-1');
    expect(failed.status).toBe(503);
    expect(failed.body.error).toMatchObject({ code: 'DEPENDENCY_FAILED', message: expect.stringMatching(/language model/) });
    const history = await json(await api(`/sessions/${sessionId}/messages?limit=200`));
    expect(history.messages.some((m: any) => m.role === 'user' && m.clientMessageId === 'down-1')).toBe(true);
    await model('/faults', undefined, 'DELETE');
    const retried = await ask('stats Budget', 'down-1');
    expect(retried.status).toBe(200);
    expect(retried.body.reply.text).toMatch(/Budget/);
    const users = (await json(await api(`/sessions/${sessionId}/messages?limit=200`))).messages.filter((m: any) => m.clientMessageId === 'down-1');
    expect(users).toHaveLength(1);
  });

  it('a turn can be stopped while it runs: its POST answers 409 STOPPED, the question stays with what it proposed, and the same id asks again', async () => {
    const history = async () => (await json(await api(`/sessions/${sessionId}/messages?limit=200`))).messages as any[];
    // The model proposes a change, then takes 20 s over its answer.
    await model('/script', [{ toolCalls: [{ name: 'update_cells', arguments: JSON.stringify({ set: { Priority: 'Low' }, rowNumbers: [1] }) }] }]);
    await model('/faults', [{ count: 1 }, { delayMs: 20_000, count: 1 }]);
    const began = Date.now();
    const pending = ask('set Priority to Low on row 1', 'stop-1');
    await expect.poll(async () => (await history()).some((m) => m.clientMessageId === 'stop-1'), { timeout: 5000 }).toBe(true);
    expect(await json(await api(`/sessions/${sessionId}/messages/stop-1/stop`, { method: 'POST' }))).toEqual({ stopping: true });
    const stopped = await pending;
    expect(stopped.status).toBe(409);
    expect(stopped.body.error).toMatchObject({ code: 'STOPPED', message: 'You stopped this answer.' });
    expect(Date.now() - began).toBeLessThan(5000);
    const user = (await history()).find((m) => m.clientMessageId === 'stop-1');
    const said = (await history()).find((m) => m.extra?.replyTo === user.id);
    expect(said.text).toBe('You stopped this answer. Your message is saved — send it again to retry.');
    expect(said.extra.error).toMatchObject({ code: 'STOPPED', retryable: true });
    expect(said.extra.error.reference).toBeUndefined(); // the person's own doing: nothing for support to look up
    // What it proposed before the stop stays, awaiting approval, with the message.
    expect(said.extra.changeSetIds).toHaveLength(1);
    expect((await json(await api(`/change-sets/${said.extra.changeSetIds[0]}`))).status).toBe('awaiting_approval');
    expect((await api(`/change-sets/${said.extra.changeSetIds[0]}/reject`, { method: 'POST' })).status).toBeLessThan(300);
    // Nothing left to stop: a stopped (or answered) message.
    expect(await json(await api(`/sessions/${sessionId}/messages/stop-1/stop`, { method: 'POST' }))).toEqual({ stopping: false });
    // Stop pressed as the message was sent, before it was stored: its turn stops once it looks.
    expect(await json(await api(`/sessions/${sessionId}/messages/stop-early/stop`, { method: 'POST' }))).toEqual({ stopping: true });
    await model('/faults', { delayMs: 20_000, count: 1 });
    const early = await ask('how many rows where Priority is High', 'stop-early');
    expect([early.status, early.body.error?.code]).toEqual([409, 'STOPPED']);
    // Sent again it is answered afresh — the stop is not held against it, though this answer takes a second.
    await model('/faults', { delayMs: 1000, count: 1 });
    const again = await ask('set Priority to Low on row 1', 'stop-1');
    expect(again.status).toBe(200);
    expect(again.body.reply.extra.changeSetIds).toHaveLength(1);
    expect((await api(`/sessions/${sessionId}/messages/stop-1/stop`, { method: 'POST' }, ravi)).status).toBe(404);
  });

  it("an answer Azure's content filter withheld, or one cut off at the length limit, says so — never an empty message", async () => {
    await model('/script', [{ content: null, finishReason: 'content_filter' }, { content: 'Rows 1 to 40 are', finishReason: 'length' }, { content: '  ' }]);
    const filtered = await ask('show rows where Notes contains violence');
    expect(filtered.status).toBe(200);
    expect(filtered.body.reply.text).toBe("Azure OpenAI's content filter withheld this answer, so there is nothing to show. Rephrasing the question, or asking about fewer rows, may help.");
    const cut = await ask('list every row with its notes');
    expect(cut.body.reply.text).toBe("Rows 1 to 40 are\n\n(The answer was cut off at the model's length limit: ask for fewer rows or a narrower question.)");
    expect((await ask('anything?')).body.reply.text).toBe('The model gave an empty answer. Ask again, or rephrase the question.');
    // Stored as shown: the conversation read back has the same words.
    const history = await json(await api(`/sessions/${sessionId}/messages?limit=200`));
    expect(history.messages.some((m: any) => m.id === filtered.body.reply.id && m.text === filtered.body.reply.text)).toBe(true);
  });

  it("a question Azure's content filter refuses is a 422 that says so; the message is kept, and no Retry is offered", async () => {
    await model('/faults', { status: 400, code: 'content_filter', count: 1 });
    const refused = await ask('show rows where Notes mention the incident', 'filtered-1');
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'CONTENT_FILTERED', message: expect.stringMatching(/^Azure OpenAI's content filter refused this request/) });
    const history = (await json(await api(`/sessions/${sessionId}/messages?limit=200`))).messages;
    const user = history.find((m: any) => m.clientMessageId === 'filtered-1');
    const failed = history.find((m: any) => m.extra?.replyTo === user.id);
    expect(failed.extra.error).toMatchObject({ code: 'CONTENT_FILTERED', retryable: false });
    expect(failed.text).toMatch(/may\. Your message is saved\.$/);
  });

  it('malformed tool arguments reach the model as an error it can read', async () => {
    await model('/faults', { malformedArguments: true, count: 1 });
    const { status, body } = await ask('how many rows where Priority is High');
    expect(status).toBe(200);
    expect(body.reply.extra.steps[0]).toMatchObject({ ok: false, detail: expect.stringMatching(/not valid JSON/) });
    expect(body.reply.text).toMatch(/didn't work/);
  });
});

describe('change sets: propose, approve, reject, expire, conflict, revert', () => {
  it('rows added under a row go indented under it, after its children; undo takes them away', async () => {
    const before = await tracker();
    const parent = before.rows[5];
    await model('/script', [{ toolCalls: [{ name: 'add_rows', arguments: JSON.stringify({ rows: [{ Task: 'Sub one' }, { Task: 'Sub two' }], under: parent.id }) }] }]);
    const { body } = await ask('add two sub-tasks under that row');
    const [id] = body.reply.extra.changeSetIds;
    expect(body.reply.text).toContain(`Add 2 rows under row ${parent.rowNumber} (${cellOf(before, parent.id, 'Task')})`);
    await emulator('/write-log', undefined, 'DELETE');
    expect((await api(`/change-sets/${id}/approve`, { method: 'POST' })).status).toBe(202);
    expect((await changeSet(id)).status).toBe('applied');
    // The write names the app to Smartsheet as an AI connector of the organisation set (SMARTSHEET_INTEGRATION_ORG).
    expect((await emulator(`/write-log?sheetId=${SEED_SHEETS.projectTracker}`)).map((e: any) => [e.method, e.changeAgent, e.integrationSource])).toEqual([['POST', 'chatsheetai', 'AI,Contoso Ltd,ChatSheetAI']]);
    const after = await tracker();
    const at = after.rows.findIndex((r: any) => r.id === parent.id);
    expect(after.rows.slice(at + 1, at + 3).map((r: any) => [cellOf(after, r.id, 'Task'), r.parentId])).toEqual([
      ['Sub one', parent.id],
      ['Sub two', parent.id],
    ]);
    const added = after.rows.slice(at + 1, at + 3).map((r: any) => r.id);
    expect((await api(`/change-sets/${id}/revert`, { method: 'POST' })).status).toBeLessThan(300);
    await expect.poll(async () => (await tracker()).rows.filter((r: any) => added.includes(r.id)).length, { timeout: 10_000 }).toBe(0);
  });

  it('rows added after a row go just below it (and the rows under it), at its level; before one, just above it; a row deleted meanwhile is a conflict', async () => {
    const before = await tracker();
    const [above, below] = [before.rows[7], before.rows[12]];
    const propose = async (args: object, text: string) => {
      await model('/script', [{ toolCalls: [{ name: 'add_rows', arguments: JSON.stringify(args) }] }]);
      return (await ask(text)).body.reply.extra.changeSetIds[0] as string;
    };
    const after = await propose({ rows: [{ Task: 'Right after' }], after: above.id }, 'add a row after that one');
    expect((await json(await api(`/change-sets/${after}`))).summary).toBe(`Add 1 row after row ${above.rowNumber} (${cellOf(before, above.id, 'Task')})`);
    expect((await api(`/change-sets/${after}/approve`, { method: 'POST' })).status).toBe(202);
    expect((await changeSet(after)).status).toBe('applied');
    let now = await tracker();
    const family = (id: number): number[] => [id, ...now.rows.filter((r: any) => r.parentId === id).flatMap((r: any) => family(r.id))];
    const at = now.rows.findIndex((r: any) => r.id === above.id) + family(above.id).length;
    expect([cellOf(now, now.rows[at].id, 'Task'), now.rows[at].parentId]).toEqual(['Right after', above.parentId]);
    const beforeIt = await propose({ rows: [{ Task: 'Just above' }], before: below.id }, 'add a row before that one');
    expect((await api(`/change-sets/${beforeIt}/approve`, { method: 'POST' })).status).toBe(202);
    expect((await changeSet(beforeIt)).status).toBe('applied');
    now = await tracker();
    const next = now.rows.findIndex((r: any) => r.id === below.id);
    expect([cellOf(now, now.rows[next - 1].id, 'Task'), now.rows[next - 1].parentId]).toEqual(['Just above', below.parentId]);
    // Both undone: the rows they added go.
    for (const id of [beforeIt, after]) expect((await api(`/change-sets/${id}/revert`, { method: 'POST' })).status).toBeLessThan(300);
    await expect.poll(async () => (await tracker()).rows.filter((r: any) => ['Right after', 'Just above'].includes(cellOf(now, r.id, 'Task'))).length, { timeout: 10_000 }).toBe(0);
    // The row to add next to, deleted before approval: nowhere to go, nothing written.
    const target = (await tracker()).rows.at(-1);
    const orphan = await propose({ rows: [{ Task: 'Nowhere' }], after: target.id }, 'add a row after the last one');
    await emulator(`/sheets/${SEED_SHEETS.projectTracker}/external-edit`, { delete: [target.id] });
    expect((await api(`/change-sets/${orphan}/approve`, { method: 'POST' })).status).toBe(202);
    const conflicted = await changeSet(orphan);
    expect(conflicted.status).toBe('conflict');
    expect(conflicted.conflicts).toEqual([expect.objectContaining({ rowId: target.id, expected: 'the row to add rows next to', actual: 'row deleted' })]);
    expect((await tracker()).rows.some((r: any) => cellOf(now, r.id, 'Task') === 'Nowhere')).toBe(false);
    // One place only.
    await model('/script', [{ toolCalls: [{ name: 'add_rows', arguments: JSON.stringify({ rows: [{ Task: 'x' }], after: above.id, under: above.id }) }] }]);
    expect((await ask('add it both ways')).body.reply.extra.steps[0]).toMatchObject({ ok: false, detail: expect.stringMatching(/one of "under", "after" and "before"/) });
  });

  it('a row copied goes just below it with its values (a copy may be given others); undone, the copy goes', async () => {
    const before = await tracker();
    const source = before.rows.find((r: any) => r.parentId === undefined && cellOf(before, r.id, 'Notes') && cellOf(before, r.id, 'Owner'));
    const name = cellOf(before, source.id, 'Task');
    await model('/script', [{ toolCalls: [{ name: 'add_rows', arguments: JSON.stringify({ copyOf: source.id, rows: [{}, { Owner: 'Mei Chen' }] }) }] }]);
    const [id] = (await ask('duplicate that row twice, the second for Mei')).body.reply.extra.changeSetIds;
    const cs = await json(await api(`/change-sets/${id}`));
    expect(cs.summary).toBe(`Copy row ${source.rowNumber} (${name}) 2 times, just below it`);
    const same = (title: string) => cellOf(before, source.id, title);
    expect(cs.addedRows.map((r: any) => [r.values.Task, r.values.Notes, r.values.Status])).toEqual([[name, same('Notes'), same('Status')], [name, same('Notes'), same('Status')]]);
    expect(cs.addedRows[1].values.Owner).toMatchObject({ name: 'Mei Chen' });
    expect((await api(`/change-sets/${id}/approve`, { method: 'POST' })).status).toBe(202);
    expect((await changeSet(id)).status).toBe('applied');
    const now = await tracker();
    const family = (rowId: number): number[] => [rowId, ...now.rows.filter((r: any) => r.parentId === rowId).flatMap((r: any) => family(r.id))];
    const at = now.rows.findIndex((r: any) => r.id === source.id) + family(source.id).length;
    const copies = now.rows.slice(at, at + 2);
    expect(copies.map((r: any) => [cellOf(now, r.id, 'Task'), cellOf(now, r.id, 'Notes'), r.parentId])).toEqual([[name, same('Notes'), undefined], [name, same('Notes'), undefined]]);
    const meis = before.rows.map((r: any) => cellOf(before, r.id, 'Owner')).find((v: unknown) => /^mei/i.test(String(v))); // as the emulator holds her
    expect([cellOf(now, copies[0].id, 'Owner'), cellOf(now, copies[1].id, 'Owner')]).toEqual([same('Owner'), meis]);
    expect((await api(`/change-sets/${id}/revert`, { method: 'POST' })).status).toBeLessThan(300);
    await expect.poll(async () => (await tracker()).rows.filter((r: any) => copies.some((c: any) => c.id === r.id)).length, { timeout: 10_000 }).toBe(0);
  });

  it('the offline model adds a row under (or after, or before) a row named by its Task or number: it finds the row, then proposes', async () => {
    const sheet = await tracker();
    const names = sheet.rows.map((r: any) => cellOf(sheet, r.id, 'Task'));
    const parent = sheet.rows.find((r: any) => names.filter((n: string) => n === cellOf(sheet, r.id, 'Task')).length === 1);
    const name = cellOf(sheet, parent.id, 'Task');
    const { body } = await ask(`add a row with Task = QA sign-off, Priority = high under ${name}`);
    expect(body.reply.extra.steps.map((s: any) => s.tool)).toEqual(['query_rows', 'add_rows']);
    const cs = await json(await api(`/change-sets/${body.reply.extra.changeSetIds[0]}`));
    expect(cs).toMatchObject({ status: 'awaiting_approval', summary: `Add 1 row under row ${parent.rowNumber} (${name})`, addedRows: [{ values: { Task: 'QA sign-off', Priority: 'High' } }] });
    expect(body.reply.text).toContain(`Add 1 row under row ${parent.rowNumber}`);
    expect((await api(`/change-sets/${cs.id}/reject`, { method: 'POST' })).status).toBeLessThan(300);
    const none = await ask('add a row with Task = X under No Such Task');
    expect(none.body.reply.text).toMatch(/^No row has Task "No Such Task", so there is nothing to add rows under\./);

    // The row the grid shows as number N: found by its number.
    const numbered = await ask(`add a row with Task = QA sign-off under row ${parent.rowNumber}`);
    expect(numbered.body.reply.extra.steps.map((s: any) => s.tool)).toEqual(['get_rows', 'add_rows']);
    const underNumber = await json(await api(`/change-sets/${numbered.body.reply.extra.changeSetIds[0]}`));
    expect(underNumber.summary).toBe(`Add 1 row under row ${parent.rowNumber} (${name})`);
    await api(`/change-sets/${underNumber.id}/reject`, { method: 'POST' });
    const past = await ask(`add a row with Task = X under row ${sheet.rows.length + 1}`);
    expect(past.body.reply.text).toMatch(new RegExp(`^The sheet has no row ${sheet.rows.length + 1}, so there is nothing to add rows under\\.`));
    // Just below or above a row, at its level: "after" / "below", "before" / "above".
    for (const [said, how] of [['after', 'after'], ['below', 'after'], ['above', 'before']]) {
      const beside = await ask(`insert a task with Task = Kick-off ${said} row ${parent.rowNumber}`);
      const placed = await json(await api(`/change-sets/${beside.body.reply.extra.changeSetIds[0]}`));
      expect(placed.summary, said).toBe(`Add 1 row ${how} row ${parent.rowNumber} (${name})`);
      await api(`/change-sets/${placed.id}/reject`, { method: 'POST' });
    }
    expect((await ask(`add a row with Task = X before row ${sheet.rows.length + 1}`)).body.reply.text).toMatch(/, so there is nothing to add rows before\./);
    // A copy, just below the row: "duplicate row N", "copy <name>".
    for (const said of [`duplicate row ${parent.rowNumber}`, `copy ${name}`]) {
      const copy = await ask(said);
      expect(copy.body.reply.extra.steps.map((s: any) => s.tool), said).toEqual([said.includes('row') ? 'get_rows' : 'query_rows', 'add_rows']);
      const copied = await json(await api(`/change-sets/${copy.body.reply.extra.changeSetIds[0]}`));
      expect(copied.summary).toBe(`Copy row ${parent.rowNumber} (${name}), just below it`);
      await api(`/change-sets/${copied.id}/reject`, { method: 'POST' });
    }
    expect((await ask('duplicate No Such Task')).body.reply.text).toMatch(/^No row has Task "No Such Task", so there is nothing to copy\./);
  });

  it('rows moved — to the top, under a row found by name, indented and outdented — by approval only; Revert and undo put them back', async () => {
    const before = await tracker();
    const name = (row: any) => cellOf(before, row.id, 'Task');
    const unique = before.rows.filter((r: any) => r.parentId === undefined && before.rows.filter((o: any) => name(o) === name(r)).length === 1);
    const [anchor, x] = [unique[2], unique[6]];
    const proposed = async (text: string, tools: string[]) => {
      const { body } = await ask(text);
      expect(body.reply.extra.steps.map((s: any) => s.tool), text).toEqual(tools);
      return json(await api(`/change-sets/${body.reply.extra.changeSetIds[0]}`));
    };
    const approve = async (id: string) => {
      expect((await api(`/change-sets/${id}/approve`, { method: 'POST' })).status).toBe(202);
      expect((await changeSet(id)).status).toBe('applied');
    };
    // To the top, in the offline model's words: the card says where the row goes; the places kept for undo stay on the server.
    const top = await proposed(`move row ${x.rowNumber} to the top`, ['move_rows']);
    expect(top).toMatchObject({ status: 'awaiting_approval', summary: `Move row ${x.rowNumber} (${name(x)}) to the top of the sheet`, moves: [{ rowIds: [x.id], rowNumbers: [x.rowNumber], rowNumbersAfter: [1] }] });
    expect(outline(await tracker())).toEqual(outline(before)); // nothing moves before approval
    await approve(top.id);
    expect((await tracker()).rows[0].id).toBe(x.id);
    expect(await json(await api(`/change-sets/${top.id}`))).not.toHaveProperty('placesBefore');
    expect((await api(`/change-sets/${top.id}/revert`, { method: 'POST' })).status).toBe(200);
    expect(outline(await tracker())).toEqual(outline(before));
    // Under a row named by its Task: found first, then moved; undone from chat.
    const under = await proposed(`move ${name(x)} under ${name(anchor)}`, ['query_rows', 'move_rows']);
    expect(under.summary).toBe(`Move row ${x.rowNumber} (${name(x)}) under row ${anchor.rowNumber} (${name(anchor)})`);
    await approve(under.id);
    let now = await tracker();
    expect(now.rows[now.rows.findIndex((r: any) => r.id === anchor.id) + 1]).toMatchObject({ id: x.id, parentId: anchor.id });
    const undo = (await ask('undo')).body.reply.extra.changeSetIds[0];
    await approve(undo);
    expect(outline(await tracker())).toEqual(outline(before));
    // Indented under the row above it, then outdented back.
    const above = before.rows[x.rowNumber - 2];
    const indent = await proposed(`indent row ${x.rowNumber}`, ['move_rows']);
    expect(indent.summary).toBe(`Indent row ${x.rowNumber} (${name(x)}) under row ${above.rowNumber} (${name(above)})`);
    await approve(indent.id);
    now = await tracker();
    expect(now.rows.find((r: any) => r.id === x.id).parentId).toBe(above.id);
    const outdent = await proposed(`outdent row ${x.rowNumber}`, ['move_rows']);
    await approve(outdent.id);
    expect(outline(await tracker())).toEqual(outline(before));
    // Reverted newest first: indented again, then back where it stood (no change of this session is left applied).
    expect((await api(`/change-sets/${outdent.id}/revert`, { method: 'POST' })).status).toBe(200);
    expect((await tracker()).rows.find((r: any) => r.id === x.id).parentId).toBe(above.id);
    expect((await api(`/change-sets/${indent.id}/revert`, { method: 'POST' })).status).toBe(200);
    expect(outline(await tracker())).toEqual(outline(before));
    expect((await ask(`move row ${x.rowNumber} under No Such Task`)).body.reply.text).toMatch(/^No row has Task "No Such Task", so there is nothing to move rows under\./);
  });

  it('rows named by the numbers the grid shows: shown, edited where the person pointed, deleted, and a number past the end named', async () => {
    const grid = await json(await api(`/sessions/${sessionId}/sheet`));
    const numbered = (n: number) => grid.rows.find((r: any) => r.rowNumber === n);
    const shown = await ask('show row 12');
    expect(shown.body.reply.extra.steps).toEqual([expect.objectContaining({ tool: 'get_rows', ok: true })]);
    expect(shown.body.reply.citedRowIds).toEqual([numbered(12).id]);
    expect(shown.body.reply.text).toContain(`| Task | ${numbered(12).values[0]} |`);
    // Named by its task beside the citation (which shows its number), not "Row 12 [row 12]".
    expect(shown.body.reply.text.split('\n')[0]).toBe(`**${numbered(12).values[0]}** [row:${numbered(12).id}]:`);

    const owner = await ask('who owns row 5?');
    expect(owner.body.reply.citedRowIds).toEqual([numbered(5).id]);
    expect(owner.body.reply.text).toContain(`**Owner** of row 5 (${numbered(5).values[0]}) [row:${numbered(5).id}] is **${numbered(5).values[1].name}**.`);

    const edit = await ask('set Notes to "checked in the grid" on row 5');
    const [id] = edit.body.reply.extra.changeSetIds;
    const proposed = await json(await api(`/change-sets/${id}`));
    expect(proposed.cells).toEqual([expect.objectContaining({ rowId: numbered(5).id, rowNumber: 5, column: 'Notes', new: 'checked in the grid' })]);
    await api(`/change-sets/${id}/approve`, { method: 'POST' });
    expect((await changeSet(id)).status).toBe('applied');
    expect(cellOf(await tracker(), numbered(5).id, 'Notes')).toBe('checked in the grid');
    expect((await json(await api(`/change-sets/${id}/revert`, { method: 'POST' }))).status).toBe('reverted');

    const removal = await ask('delete row 7');
    const deleting = await json(await api(`/change-sets/${removal.body.reply.extra.changeSetIds[0]}`));
    expect(deleting.deletedRows.map((r: any) => r.rowId)).toContain(numbered(7).id);
    await api(`/change-sets/${deleting.id}/reject`, { method: 'POST' });

    const past = grid.rows.length + 1;
    const none = await ask(`delete row ${past}`);
    expect(none.body.reply.extra.changeSetIds).toEqual([]);
    expect(none.body.reply.text).toContain(`The sheet has ${grid.rows.length} rows, so there is no row ${past}.`);
  });

  it('edit → change set → approve → the sheet has the new values at a higher version', async () => {
    const before = await tracker();
    const { body } = await ask('set Priority to Low where Status is Blocked');
    const [id] = body.reply.extra.changeSetIds;
    const proposed = await json(await api(`/change-sets/${id}`));
    expect(proposed).toMatchObject({ status: 'awaiting_approval', baseVersion: expect.any(Number), tool: 'update_cells' });
    expect(proposed.cells.length).toBeGreaterThan(0);
    expect((await tracker()).version).toBe(before.version); // nothing written yet
    expect((await api(`/change-sets/${id}/approve`, { method: 'POST' }, ravi)).status).toBe(404); // only the owner decides
    expect((await api(`/change-sets/${id}/approve`, { method: 'POST' })).status).toBe(202);
    const applied = await changeSet(id);
    expect(applied.status).toBe('applied');
    const after = await tracker();
    expect(after.version).toBeGreaterThan(before.version);
    expect(applied.appliedVersion).toBe(after.version);
    for (const cell of proposed.cells) expect(cellOf(after, cell.rowId, 'Priority')).toBe('Low');
    expect((await api(`/change-sets/${id}/approve`, { method: 'POST' })).status).toBe(409);
    const session = await json(await api(`/sessions/${sessionId}`));
    expect(session.state.sheetVersion).toBe(after.version); // the next question reads the new version

    const reverted = await json(await api(`/change-sets/${id}/revert`, { method: 'POST' }));
    expect(reverted.status).toBe('reverted');
    const restored = await tracker();
    for (const cell of proposed.cells) expect(cellOf(restored, cell.rowId, 'Priority')).toBe(cell.old);
  });

  it('an edit of rows described in words ("Dana\'s blocked tasks") proposes exactly those rows, and says how it read them', async () => {
    const sheet = await tracker();
    const owner = (r: any) => r.cells.find((c: any) => c.columnId === columnId(sheet, 'Owner'))?.displayValue ?? '';
    const mine = sheet.rows.filter((r: any) => owner(r).includes('Dana') && cellOf(sheet, r.id, 'Status') === 'Blocked');
    expect(mine.length).toBeGreaterThan(1);
    const { body } = await ask("mark Dana's blocked tasks as At Risk");
    expect(body.reply.text).toContain('_I read this as: Owner contains "Dana", Status is "Blocked"._');
    const [id] = body.reply.extra.changeSetIds;
    const proposed = await json(await api(`/change-sets/${id}`));
    expect(proposed.cells.length).toBeGreaterThan(0);
    expect(proposed.cells.map((c: any) => c.rowId).sort()).toEqual(mine.map((r: any) => r.id).sort());
    expect(proposed.cells.every((c: any) => c.column === 'Status' && c.new === 'At Risk')).toBe(true);
    await api(`/change-sets/${id}/reject`, { method: 'POST' });
    // Handed to someone by first name: the contact the Owner column holds, with the email Smartsheet needs to notify them.
    const mei = sheet.rows.map((r: any) => r.cells.find((c: any) => c.columnId === columnId(sheet, 'Owner'))?.objectValue).find((o: any) => o?.name === 'Mei Chen');
    expect(mei.email).toMatch(/@/);
    const moved = await ask("move Dana's blocked tasks to Mei");
    const handed = await json(await api(`/change-sets/${moved.body.reply.extra.changeSetIds[0]}`));
    expect(handed.cells.map((c: any) => c.rowId).sort()).toEqual(mine.map((r: any) => r.id).sort());
    expect(handed.cells.every((c: any) => c.column === 'Owner' && c.new.name === 'Mei Chen' && c.new.email === mei.email)).toBe(true);
    await api(`/change-sets/${moved.body.reply.extra.changeSetIds[0]}/reject`, { method: 'POST' });
  });

  it('reject writes nothing', async () => {
    await emulator('/write-log', undefined, 'DELETE');
    const { body } = await ask('delete rows where Status is Cancelled');
    const [id] = body.reply.extra.changeSetIds;
    const rejected = await json(await api(`/change-sets/${id}/reject`, { method: 'POST' }));
    expect(rejected.status).toBe('rejected');
    await new Promise((r) => setTimeout(r, 200));
    expect(await emulator(`/write-log?sheetId=${SEED_SHEETS.projectTracker}`)).toEqual([]);
  });

  it('a value the picklist does not offer is proposed with a note, in the answer and on the change set', async () => {
    const { body } = await ask('set Status to Done where Status is Blocked');
    const [id] = body.reply.extra.changeSetIds;
    const note = expect.stringMatching(/^"Done" is not one of Status's options \(.*Complete.*\); Smartsheet will store it as typed\.$/);
    expect(body.reply.text).toContain(`_Note: "Done" is not one of Status's options`);
    expect(await json(await api(`/change-sets/${id}`))).toMatchObject({ status: 'awaiting_approval', notes: [note] });
    expect((await json(await api(`/change-sets/${id}/reject`, { method: 'POST' }))).status).toBe('rejected');
  });

  it('a picklist restricted to its options: another value is refused at proposal, an option in another case is respelled', async () => {
    const pipeline = await readySession(SEED_SHEETS.crm);
    const askIn = async (text: string) => json(await api(`/sessions/${pipeline}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: `crm${++counter}`, text }) }));
    const refused = await askIn('set Region to Mars where Deal Value > 100000');
    expect(refused.reply.extra.changeSetIds).toEqual([]);
    expect(refused.reply.extra.steps).toEqual([expect.objectContaining({ tool: 'update_cells', ok: false, detail: expect.stringMatching(/"Mars" is not one of North America, Europe, APAC, LATAM/) })]);
    expect(refused.reply.text).toMatch(/^That didn't work: .*"Mars" is not one of/);
    const respelled = await askIn('set Region to europe where Deal Value > 100000');
    const [id] = respelled.reply.extra.changeSetIds;
    const proposal = await json(await api(`/change-sets/${id}`));
    expect(proposal.cells.length).toBeGreaterThan(0);
    expect(new Set(proposal.cells.map((c: { new: unknown }) => c.new))).toEqual(new Set(['Europe']));
    expect(proposal.notes).toBeUndefined();
    expect((await json(await api(`/change-sets/${id}/reject`, { method: 'POST' }))).status).toBe('rejected');
  });

  it('an undecided change set expires and writes nothing', async () => {
    await emulator('/write-log', undefined, 'DELETE');
    const { body } = await ask('set Done to true where Status is In Progress');
    const [id] = body.reply.extra.changeSetIds;
    const expired = await changeSet(id, (s) => s !== 'awaiting_approval');
    expect(expired.status).toBe('expired');
    expect((await api(`/change-sets/${id}/approve`, { method: 'POST' })).status).toBe(409);
    expect(await emulator(`/write-log?sheetId=${SEED_SHEETS.projectTracker}`)).toEqual([]);
  }, 20_000);

  it('an approved change Smartsheet refuses (the sheet turned view only) fails saying why; nothing is written', async () => {
    const { body } = await ask('set Budget to 2 where Priority is High');
    const [id] = body.reply.extra.changeSetIds;
    await emulator('/write-log', undefined, 'DELETE');
    // What Smartsheet answers a write once the sheet is shared with the app's account as Viewer.
    await emulator('/faults', { match: '^PUT /sheets/\\d+/rows$', status: 403, errorCode: 1004 });
    try {
      await api(`/change-sets/${id}/approve`, { method: 'POST' });
      const result = await changeSet(id);
      expect(result.status).toBe('failed');
      expect(result.error).toBe('Smartsheet refused: the account the app signs in with may no longer change this sheet — its sharing was changed to view only, or removed (Smartsheet error 1004).');
    } finally {
      await emulator('/faults', undefined, 'DELETE');
    }
    expect(await emulator(`/write-log?sheetId=${SEED_SHEETS.projectTracker}`)).toEqual([]);
  });

  it('a change approved after the sheet was shared with the app as Viewer fails in words, and its session turns view only', async () => {
    const own = await readySession(SEED_SHEETS.projectTracker);
    const propose = async (text: string) => (await json(await api(`/sessions/${own}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: `vw${++counter}`, text }) }))).reply.extra.changeSetIds[0];
    const id = await propose('set Budget to 3 where Priority is High');
    const later = await propose('set Budget to 4 where Priority is Low');
    await emulator('/write-log', undefined, 'DELETE');
    await emulator('/tokens', { token: 'local-smartsheet-token', accessLevel: 'VIEWER' });
    try {
      await api(`/change-sets/${id}/approve`, { method: 'POST' });
      const result = await changeSet(id);
      expect([result.status, result.error]).toEqual(['failed', 'Smartsheet refused: the account the app signs in with may no longer change this sheet — its sharing was changed to view only, or removed (Smartsheet error 1004).']);
      expect((await json(await api(`/sessions/${own}`))).access).toBe('VIEWER');
      // The session's own check answers now, before Smartsheet is asked.
      const sheet = await json(await api(`/sessions/${own}/sheet`));
      const edit = await api(`/sheets/${SEED_SHEETS.projectTracker}/rows/${sheet.rows[0].id}`, { method: 'PATCH', body: JSON.stringify({ sessionId: own, columnId: sheet.columns[0].id, value: 'x', expected: sheet.rows[0].values[0] }) });
      expect([edit.status, (await json(edit)).error.code]).toEqual([403, 'FORBIDDEN']);
      const approving = await api(`/change-sets/${later}/approve`, { method: 'POST' });
      expect([approving.status, (await json(approving)).error.code]).toEqual([403, 'FORBIDDEN']);
      expect((await json(await api(`/change-sets/${later}`))).status).toBe('awaiting_approval');
    } finally {
      await emulator('/tokens', { token: 'local-smartsheet-token' });
    }
    expect(await emulator(`/write-log?sheetId=${SEED_SHEETS.projectTracker}`)).toEqual([]);
  });

  it('a column or row locked in Smartsheet (the app an editor) is read, never proposed for writing, edited in the grid, or written by a job', async () => {
    const created = await emulator('/sheets', {
      name: 'Locked Budgets',
      accessLevel: 'EDITOR',
      columns: [{ title: 'Task', type: 'TEXT_NUMBER' }, { title: 'Status', type: 'PICKLIST', options: ['Open', 'Done'] }, { title: 'Budget', type: 'TEXT_NUMBER', locked: true }],
      rows: [{ Task: 'Alpha', Status: 'Open', Budget: 100 }, { Task: 'Beta', Status: 'Done', Budget: 250 }, { Task: 'Gamma', Status: 'Open', Budget: 50 }],
      lockedRows: [1],
    });
    const locked = await readySession(created.id);
    const sheet = await json(await api(`/sessions/${locked}/sheet`));
    expect(sheet.columns.map((c: any) => [c.title, c.locked ?? false])).toEqual([['Task', false], ['Status', false], ['Budget', true]]);
    expect(sheet.rows.map((r: any) => r.locked ?? false)).toEqual([false, true, false]);
    const turn = async (text: string) => (await json(await api(`/sessions/${locked}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: `lk${++counter}`, text }) }))).reply;
    // Read as ever; the model's schema says the column is locked.
    expect((await turn('total Budget')).text).toContain('400');
    const { messages } = (await (await fetch(`${host.modelUrl}/admin/last-request`)).json()) as { messages: { role: string; content: string | null }[] };
    expect(messages[0]!.content).toContain('{"title":"Budget","type":"TEXT_NUMBER","min":50,"max":250,"locked":true}');
    // As an Editor the app changes cells and rows, not columns (Smartsheet keeps those for Admins): the schema says so.
    const editor = "This sheet is shared with ChatSheetAI's Smartsheet account as Editor: cells and rows can be changed, but adding, renaming or deleting columns needs Admin access.";
    expect(messages[0]!.content).toContain(`Columns: ${editor}`);
    const column = await turn('add a column Risk with options Low, Medium, High');
    expect([column.extra.changeSetIds ?? [], column.text]).toEqual([[], expect.stringContaining(editor)]);
    // Nor sort a sheet that has locked rows (an Admin's, in Smartsheet).
    const sorted = await turn('sort by Task');
    expect([sorted.extra.changeSetIds ?? [], sorted.text]).toEqual([[], expect.stringContaining('sorting a sheet with locked rows needs Admin access')]);
    const fill = await api(`/sessions/${locked}/jobs`, { method: 'POST', body: JSON.stringify({ kind: 'fill', template: 'summarise', sourceColumns: ['Task'], targetColumn: 'Summary' }) });
    expect([fill.status, (await json(fill)).error]).toEqual([403, { code: 'FORBIDDEN', message: expect.stringContaining(editor) }]);
    await emulator('/write-log', undefined, 'DELETE');
    const proposed = await turn('set Budget to 5 where Task is Alpha');
    expect(proposed.extra.changeSetIds ?? []).toEqual([]);
    expect(proposed.text).toContain('Column "Budget" is locked in Smartsheet: only the sheet\'s owner and admins can change it.');
    // Another column of the same sheet is proposed as usual, on the rows not locked.
    expect((await turn('set Status to Done where Task is Alpha')).extra.changeSetIds).toHaveLength(1);
    expect((await turn('set Status to Open where Task is Beta')).text).toContain("Row 2 is locked in Smartsheet: only the sheet's owner and admins can change it.");
    const some = await turn('set Status to Done where Task is not empty');
    const [someId] = some.extra.changeSetIds;
    const proposal = await json(await api(`/change-sets/${someId}`));
    expect(proposal.cells.map((c: any) => c.rowNumber)).toEqual([1, 3]);
    expect(proposal.notes).toContain("1 row is left as it is (row 2), locked in Smartsheet: only the sheet's owner and admins can change it.");
    const edit = (title: string, value: unknown, expected: unknown) =>
      api(`/sheets/${created.id}/rows/${sheet.rows[0].id}`, { method: 'PATCH', body: JSON.stringify({ sessionId: locked, columnId: sheet.columns.find((c: any) => c.title === title).id, value, expected }) });
    const refused = await edit('Budget', 5, 100);
    expect(refused.status).toBe(403);
    expect((await json(refused)).error).toEqual({ code: 'FORBIDDEN', message: 'Column "Budget" is locked in Smartsheet: only the sheet\'s owner and admins can change it.' });
    const rowRefused = await api(`/sheets/${created.id}/rows/${sheet.rows[1].id}`, { method: 'PATCH', body: JSON.stringify({ sessionId: locked, columnId: sheet.columns[0].id, value: 'Beta 2', expected: 'Beta' }) });
    expect([rowRefused.status, (await json(rowRefused)).error.message]).toEqual([403, "Row 2 is locked in Smartsheet: only the sheet's owner and admins can change it."]);
    const job = await api(`/sessions/${locked}/jobs`, { method: 'POST', body: JSON.stringify({ kind: 'update', set: { Budget: 1 } }) });
    expect(job.status).toBe(400);
    expect((await json(job)).error.message).toMatch(/Column "Budget" is locked in Smartsheet/);
    // A job over every row plans the rows not locked, and says which it leaves.
    const planning = await json(await api(`/sessions/${locked}/jobs`, { method: 'POST', body: JSON.stringify({ kind: 'update', set: { Task: 'Renamed' } }) }));
    expect(planning.notes).toContain("1 row is left as it is (row 2), locked in Smartsheet: only the sheet's owner and admins can change it.");
    let planned = planning;
    for (let i = 0; i < 200 && planned.status === 'planning'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      planned = await json(await api(`/jobs/${planning.id}`));
    }
    expect([planned.status, planned.progress.total]).toEqual(['awaiting_approval', 2]);
    expect(planned.preview.sample.map((r: any) => r.rowNumber)).toEqual([1, 3]);
    await api(`/jobs/${planning.id}/reject`, { method: 'POST' });
    expect(await emulator(`/write-log?sheetId=${created.id}`)).toEqual([]);
    expect((await edit('Task', 'Alpha 2', 'Alpha')).status).toBe(200);
    // A row an admin locks after the session read the sheet: Smartsheet refuses it alone, and the edit says why (403).
    await emulator('/tokens', { token: 'sheet-admin', sheets: [created.id], accessLevel: 'ADMIN' });
    const lock = await fetch(`${host.smartsheetUrl}sheets/${created.id}/rows`, { method: 'PUT', headers: { authorization: 'Bearer sheet-admin', 'content-type': 'application/json' }, body: JSON.stringify([{ id: sheet.rows[2].id, locked: true }]) });
    expect(lock.status).toBe(200);
    const late = await api(`/sheets/${created.id}/rows/${sheet.rows[2].id}`, { method: 'PATCH', body: JSON.stringify({ sessionId: locked, columnId: sheet.columns[0].id, value: 'Gamma 2', expected: 'Gamma' }) });
    expect([late.status, (await json(late)).error]).toEqual([403, { code: 'FORBIDDEN', message: "Row 3 is locked in Smartsheet: only the sheet's owner and admins can change it." }]);
  });

  it('an external edit between proposal and approval is a conflict; nothing is written', async () => {
    const { body } = await ask('set Budget to 1 where Priority is High');
    const [id] = body.reply.extra.changeSetIds;
    const proposed = await json(await api(`/change-sets/${id}`));
    const target = proposed.cells[0];
    await emulator(`/sheets/${SEED_SHEETS.projectTracker}/external-edit`, { rowId: target.rowId, cells: { Budget: 4242 } });
    await emulator('/write-log', undefined, 'DELETE');
    await api(`/change-sets/${id}/approve`, { method: 'POST' });
    const result = await changeSet(id);
    expect(result.status).toBe('conflict');
    expect(result.conflicts).toEqual([expect.objectContaining({ rowId: target.rowId, column: 'Budget', actual: 4242 })]);
    expect((await emulator(`/write-log?sheetId=${SEED_SHEETS.projectTracker}`)).filter((e: any) => e.changeAgent === 'chatsheetai')).toEqual([]);
    expect(cellOf(await tracker(), target.rowId, 'Budget')).toBe(4242);
  });

  it('a row that no longer matches the request at approval is a conflict: "where Status is Blocked" does not reach a row unblocked meanwhile', async () => {
    const { body } = await ask('set Priority to Low where Status is Blocked');
    const [id] = body.reply.extra.changeSetIds;
    const proposed = await json(await api(`/change-sets/${id}`));
    const target = proposed.cells[0];
    await emulator(`/sheets/${SEED_SHEETS.projectTracker}/external-edit`, { rowId: target.rowId, cells: { Status: 'Done' } });
    await emulator('/write-log', undefined, 'DELETE');
    await api(`/change-sets/${id}/approve`, { method: 'POST' });
    const result = await changeSet(id);
    expect(result.status).toBe('conflict');
    expect(result.conflicts).toEqual([{ rowId: target.rowId, column: 'Status', expected: 'Blocked', actual: 'Done' }]);
    expect((await emulator(`/write-log?sheetId=${SEED_SHEETS.projectTracker}`)).filter((e: any) => e.changeAgent === 'chatsheetai')).toEqual([]);
    expect(cellOf(await tracker(), target.rowId, 'Priority')).toBe(target.old);
  });

  it('arithmetic between columns: "over budget" answered and edited exactly, and a Spent edit before approval is a conflict', async () => {
    const sheet = await tracker();
    const amount = (rowId: number, title: string) => Number(cellOf(sheet, rowId, title) ?? 0);
    const over = sheet.rows.filter((r: any) => amount(r.id, 'Spent') > amount(r.id, 'Budget')).map((r: any) => r.id);
    expect(over.length).toBeGreaterThan(1);
    const question = await ask('how many tasks are over budget?');
    expect(question.body.reply.text).toContain(`**${over.length}** matching rows`);
    expect(question.body.reply.citedRowIds).toEqual(over.slice(0, 8));
    const left = sheet.rows.reduce((sum: number, r: any) => sum + amount(r.id, 'Budget') - amount(r.id, 'Spent'), 0);
    expect((await ask('how much budget is left?')).body.reply.text).toContain(`The total Budget left is **${new Intl.NumberFormat('en-US').format(left)}**`);

    const { body } = await ask('set Status to At Risk where Spent - Budget > 0');
    const [id] = body.reply.extra.changeSetIds;
    const proposed = await json(await api(`/change-sets/${id}`));
    const changing = over.filter((rowId: number) => cellOf(sheet, rowId, 'Status') !== 'At Risk');
    expect(proposed.cells.map((c: any) => c.rowId)).toEqual(changing);
    // A row it chose that is no longer over budget at approval (its Spent cut meanwhile): nothing is written.
    const [target] = changing;
    await emulator(`/sheets/${SEED_SHEETS.projectTracker}/external-edit`, { rowId: target, cells: { Spent: 0 } });
    await emulator('/write-log', undefined, 'DELETE');
    await api(`/change-sets/${id}/approve`, { method: 'POST' });
    const result = await changeSet(id);
    expect(result.status).toBe('conflict');
    expect(result.conflicts).toEqual([{ rowId: target, column: 'Spent', expected: amount(target, 'Spent'), actual: 0 }]);
    expect((await emulator(`/write-log?sheetId=${SEED_SHEETS.projectTracker}`)).filter((e: any) => e.changeAgent === 'chatsheetai')).toEqual([]);
    await emulator(`/sheets/${SEED_SHEETS.projectTracker}/external-edit`, { rowId: target, cells: { Spent: amount(target, 'Spent') } });
  });

  it('values worked out per row: "increase Budget by 10% where Priority is High" writes each row its own, and undo puts them back', async () => {
    const before = await tracker();
    const budget = (sheet: any, rowId: number) => Number(cellOf(sheet, rowId, 'Budget') ?? 0);
    const high = before.rows.filter((r: any) => cellOf(before, r.id, 'Priority') === 'High' && budget(before, r.id) !== 0).map((r: any) => r.id);
    const { body } = await ask('increase Budget by 10% where Priority is High');
    expect(body.reply.text).toContain('Set Budget → Budget * 1.1 on');
    const [id] = body.reply.extra.changeSetIds;
    expect((await tracker()).version).toBe(before.version); // a proposal writes nothing
    await api(`/change-sets/${id}/approve`, { method: 'POST' });
    expect((await changeSet(id)).status).toBe('applied');
    const after = await tracker();
    for (const rowId of high) expect(budget(after, rowId)).toBe(Number((budget(before, rowId) * 1.1).toPrecision(12)));
    expect((await json(await api(`/change-sets/${id}/revert`, { method: 'POST' }))).status).toBe('reverted');
    const restored = await tracker();
    for (const rowId of high) expect(budget(restored, rowId)).toBe(budget(before, rowId));
  });

  it('undoing a delete puts the rows back where they stood: under their parents, in their order, with the rows under them', async () => {
    const base = await tracker();
    const { rowIds: [phase] } = await emulator(`/sheets/${SEED_SHEETS.projectTracker}/external-edit`, { add: [{ Task: 'Restore phase' }] });
    const { rowIds: tasks } = await emulator(`/sheets/${SEED_SHEETS.projectTracker}/external-edit`, { parentId: phase, add: [{ Task: 'Restore design' }, { Task: 'Restore build' }, { Task: 'Restore test' }] });
    await emulator(`/sheets/${SEED_SHEETS.projectTracker}/external-edit`, { parentId: tasks[0], add: [{ Task: 'Restore sketch' }, { Task: 'Restore review' }] });
    const before = await tracker();
    // The session reads the sheet the edits made before the change is proposed on it.
    await expect.poll(async () => (await json(await api(`/sessions/${sessionId}`))).state.sheetVersion, { timeout: 10_000 }).toBe(before.version);
    const middle = [base.rows[3].id, base.rows[4].id, base.rows[9].id];
    await model('/script', [{ toolCalls: [{ name: 'delete_rows', arguments: JSON.stringify({ rowIds: [...middle, tasks[0], tasks[2]] }) }] }]);
    const { body } = await ask('delete those rows');
    const [id] = body.reply.extra.changeSetIds;
    expect((await changeSet(id, (s) => s === 'awaiting_approval')).deletedRows).toHaveLength(7);
    await api(`/change-sets/${id}/approve`, { method: 'POST' });
    expect((await changeSet(id)).status).toBe('applied');
    expect((await tracker()).rows).toHaveLength(before.rows.length - 7);
    expect((await api(`/change-sets/${id}/revert`, { method: 'POST' })).status).toBe(200);
    expect(outline(await tracker())).toEqual(outline(before));
    // Put the sheet back as the other tests know it.
    await emulator(`/sheets/${SEED_SHEETS.projectTracker}/external-edit`, { delete: [phase] });
  });

  it('undo writes formulas back, not the values they showed, and leaves calculated columns to Smartsheet', async () => {
    const created = await emulator('/sheets', {
      name: 'Budget plan',
      columns: [{ title: 'Task', type: 'TEXT_NUMBER' }, { title: 'Budget', type: 'TEXT_NUMBER' }, { title: 'ID', type: 'TEXT_NUMBER', systemColumnType: 'AUTO_NUMBER' }, { title: 'Created', type: 'DATETIME', systemColumnType: 'CREATED_DATE' }],
      rows: [{ Task: 'Intro', Budget: 5 }, { Task: 'Phase A' }, { Task: 'Wrap-up', Budget: 1 }],
    });
    const plan = () => emulator(`/sheets/${created.id}`);
    const phase = (await plan()).rows[1].id;
    await emulator(`/sheets/${created.id}/external-edit`, { parentId: phase, add: [{ Task: 'Design', Budget: 100 }, { Task: 'Build', Budget: 250 }] });
    await emulator(`/sheets/${created.id}/external-edit`, { rowId: phase, cells: { Budget: '=SUM(CHILDREN())' } });
    const budgetOf = async (rowId: number) => {
      const sheet = await plan();
      return sheet.rows.find((r: any) => r.id === rowId)?.cells.find((c: any) => c.columnId === columnId(sheet, 'Budget'));
    };
    expect(await budgetOf(phase)).toMatchObject({ formula: '=SUM(CHILDREN())', value: 350 });
    const before = await plan();
    const session = await readySession(created.id);
    await expect.poll(async () => (await json(await api(`/sessions/${session}`))).state.sheetVersion, { timeout: 10_000 }).toBe(before.version);
    const propose = (name: string, args: object) => applied(session, name, args);
    // A value written over the roll-up replaces it; undo puts the formula back, and the phase adds up its tasks again.
    const overwrite = await propose('update_cells', { rowIds: [phase], set: { Budget: 7 } });
    expect(await budgetOf(phase)).toEqual({ columnId: columnId(before, 'Budget'), value: 7, displayValue: '7' });
    expect((await api(`/change-sets/${overwrite}/revert`, { method: 'POST' })).status).toBe(200);
    expect(await budgetOf(phase)).toMatchObject({ formula: '=SUM(CHILDREN())', value: 350 });
    // The phase deleted with its tasks comes back rolling them up; its ID and Created are Smartsheet's to give.
    const removed = await propose('delete_rows', { rowIds: [phase] });
    expect((await plan()).rows).toHaveLength(2);
    expect((await api(`/change-sets/${removed}/revert`, { method: 'POST' })).status).toBe(200);
    const after = await plan();
    expect((await json(await api(`/change-sets/${removed}`))).failures ?? []).toEqual([]);
    const outlineOf = (sheet: any) => sheet.rows.map((r: any) => [cellOf(sheet, r.id, 'Task'), r.parentId === undefined ? null : cellOf(sheet, r.parentId, 'Task'), cellOf(sheet, r.id, 'Budget')]);
    expect(outlineOf(after)).toEqual(outlineOf(before));
    expect(after.rows[1].cells.find((c: any) => c.columnId === columnId(after, 'Budget'))).toMatchObject({ formula: '=SUM(CHILDREN())', value: 350 });
    expect(after.rows.slice(1, 4).map((r: any) => Number(cellOf(after, r.id, 'ID')))).toEqual([6, 7, 8]);
  });

  it('reverting column changes: a deleted column comes back with its cells; an added one people wrote in is not removed', async () => {
    const created = await emulator('/sheets', {
      name: 'Column plan',
      columns: [{ title: 'Task', type: 'TEXT_NUMBER' }, { title: 'Notes', type: 'TEXT_NUMBER' }, { title: 'Stage', type: 'PICKLIST', options: ['Draft', 'Final'] }],
      rows: [{ Task: 'One', Notes: 'first note', Stage: 'Draft' }, { Task: 'Two' }, { Task: 'Three', Notes: 'third note', Stage: 'Final' }],
    });
    const sheet = () => emulator(`/sheets/${created.id}`);
    const cells = (s: any, title: string) => s.rows.map((r: any) => cellOf(s, r.id, title) ?? null);
    const before = await sheet();
    const session = await readySession(created.id);
    const propose = (name: string, args: object) => applied(session, name, args);
    const deleted = await propose('delete_column', { column: 'Notes' });
    expect((await sheet()).columns.map((c: any) => c.title)).toEqual(['Task', 'Stage']);
    expect((await api(`/change-sets/${deleted}/revert`, { method: 'POST' })).status).toBe(200);
    const back = await sheet();
    expect(back.columns.map((c: any) => c.title)).toEqual(['Task', 'Notes', 'Stage']);
    expect(cells(back, 'Notes')).toEqual(cells(before, 'Notes'));
    expect((await json(await api(`/change-sets/${deleted}`))).failures ?? []).toEqual([]);
    // An added column someone has written in since: reverting would delete what they wrote, so it is refused.
    await expect.poll(async () => (await json(await api(`/sessions/${session}`))).state.sheetVersion, { timeout: 10_000 }).toBe(back.version);
    const added = await propose('add_column', { title: 'Risk', type: 'PICKLIST', options: ['Low', 'Medium', 'High'] });
    const withRisk = await sheet();
    expect(withRisk.columns.find((c: any) => c.title === 'Risk')).toMatchObject({ type: 'PICKLIST', options: ['Low', 'Medium', 'High'] });
    await emulator(`/sheets/${created.id}/external-edit`, { rowId: withRisk.rows[1].id, cells: { Risk: 'High' } });
    const refused = await api(`/change-sets/${added}/revert`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.details.conflicts).toEqual([{ rowId: withRisk.rows[1].id, rowNumber: 2, column: 'Risk', expected: null, actual: 'High' }]);
    expect((await sheet()).columns.map((c: any) => c.title)).toContain('Risk');
    expect((await json(await api(`/change-sets/${added}`))).status).toBe('applied');
    // Emptied again, it can go.
    await emulator(`/sheets/${created.id}/external-edit`, { rowId: withRisk.rows[1].id, cells: { Risk: null } });
    expect((await api(`/change-sets/${added}/revert`, { method: 'POST' })).status).toBe(200);
    expect((await sheet()).columns.map((c: any) => c.title)).toEqual(['Task', 'Notes', 'Stage']);
    // "undo" in chat undoes column changes too: a rename, then a delete with its cells.
    const undoInChat = async () => {
      const { reply } = await json(await api(`/sessions/${session}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: `col${++counter}`, text: 'undo' }) }));
      const [id] = reply.extra.changeSetIds;
      expect((await json(await api(`/change-sets/${id}`))).summary).toMatch(/^Undo: /);
      await api(`/change-sets/${id}/approve`, { method: 'POST' });
      expect((await changeSet(id)).status).toBe('applied');
    };
    const renamed = await propose('update_column', { column: 'Notes', title: 'Remarks' });
    expect((await sheet()).columns.map((c: any) => c.title)).toEqual(['Task', 'Remarks', 'Stage']);
    await undoInChat();
    expect((await sheet()).columns.map((c: any) => c.title)).toEqual(['Task', 'Notes', 'Stage']);
    expect((await json(await api(`/change-sets/${renamed}`))).status).toBe('reverted');
    await propose('delete_column', { column: 'Notes' });
    await undoInChat();
    const again = await sheet();
    expect(cells(again, 'Notes')).toEqual(cells(before, 'Notes'));
  });

  it('reverting an add deletes the rows it added only while nobody has worked in them; an undo card shows what it deletes', async () => {
    const id = await applied(sessionId, 'add_rows', { rows: [{ Task: 'Added one', Priority: 'Low' }, { Task: 'Added two' }] });
    const cs = await json(await api(`/change-sets/${id}`));
    const [one, two] = cs.addedRowIds as number[];
    await emulator(`/sheets/${SEED_SHEETS.projectTracker}/external-edit`, { rowId: two, cells: { Notes: 'filled in by a colleague' } });
    const refused = await api(`/change-sets/${id}/revert`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.details.conflicts).toEqual([{ rowId: two, rowNumber: expect.any(Number), column: 'Notes', expected: null, actual: 'filled in by a colleague' }]);
    expect((await tracker()).rows.filter((r: any) => r.id === one || r.id === two)).toHaveLength(2);
    // "undo" from chat is refused the same way (the session has read the colleague's edit), saying what changed.
    const edited = await tracker();
    await expect.poll(async () => (await json(await api(`/sessions/${sessionId}`))).state.sheetVersion, { timeout: 10_000 }).toBe(edited.version);
    const refusedUndo = (await ask('undo')).body.reply;
    expect(refusedUndo.extra.changeSetIds).toEqual([]);
    expect(refusedUndo.extra.steps[0].detail).toMatch(/cannot be undone: the sheet changed since it was applied \(row \d+ Notes is "filled in by a colleague", not null\)/);
    // Once the colleague's note is gone again, "undo" proposes deleting the rows, showing what they hold.
    await emulator(`/sheets/${SEED_SHEETS.projectTracker}/external-edit`, { rowId: two, cells: { Notes: null } });
    await expect.poll(async () => (await json(await api(`/sessions/${sessionId}`))).state.sheetVersion, { timeout: 10_000 }).toBe((await tracker()).version);
    const undo = (await ask('undo')).body.reply.extra.changeSetIds[0];
    const proposal = await json(await api(`/change-sets/${undo}`));
    expect(proposal.deletedRows.map((r: any) => [r.rowId, r.values.Task])).toEqual([[one, 'Added one'], [two, 'Added two']]);
    await api(`/change-sets/${undo}/approve`, { method: 'POST' });
    expect((await changeSet(undo)).status).toBe('applied');
    expect((await tracker()).rows.filter((r: any) => r.id === one || r.id === two)).toEqual([]);
    expect((await json(await api(`/change-sets/${id}`))).status).toBe('reverted');
  });

  it('a sort keeps rows under their parents; Revert and undo put the order back, unless rows were added or moved since', async () => {
    const created = await emulator('/sheets', { name: 'Sort plan', columns: [{ title: 'Task', type: 'TEXT_NUMBER' }, { title: 'Rank', type: 'TEXT_NUMBER' }], rows: [{ Task: 'B phase', Rank: 2 }, { Task: 'A phase', Rank: 1 }, { Task: 'C phase', Rank: 3 }] });
    const [b, a] = (await emulator(`/sheets/${created.id}`)).rows.map((r: any) => r.id);
    await emulator(`/sheets/${created.id}/external-edit`, { parentId: b, add: [{ Task: 'B2', Rank: 9 }, { Task: 'B1', Rank: 3 }] });
    await emulator(`/sheets/${created.id}/external-edit`, { parentId: a, add: [{ Task: 'A2', Rank: 8 }, { Task: 'A1', Rank: 4 }] });
    const plan = () => emulator(`/sheets/${created.id}`);
    const before = outline(await plan());
    const session = await readySession(created.id);
    const say = async (text: string) => (await json(await api(`/sessions/${session}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: `sort${++counter}`, text }) }))).reply;
    const sort = async () => {
      await model('/script', [{ toolCalls: [{ name: 'sort_rows', arguments: JSON.stringify({ sort: [{ column: 'Rank' }] }) }] }]);
      const [id] = (await say('sort by rank')).extra.changeSetIds;
      await api(`/change-sets/${id}/approve`, { method: 'POST' });
      expect((await changeSet(id)).status).toBe('applied');
      return id as string;
    };
    const first = await sort();
    const card = await json(await api(`/change-sets/${first}`));
    expect(card.notes).toEqual([
      'Undo puts the rows back in the order they are in now, as long as no row is added, deleted or moved to another parent meanwhile.',
      'Rows indented under others are sorted among themselves and stay under their parent row.',
    ]);
    // The order kept for undo stays on the server: the card only says it can be reverted.
    expect(card).toMatchObject({ orderKept: true });
    expect(card).not.toHaveProperty('orderBefore');
    expect(outline(await plan())).toEqual([
      ['A phase', null],
      ['A1', 'A phase'],
      ['A2', 'A phase'],
      ['B phase', null],
      ['B1', 'B phase'],
      ['B2', 'B phase'],
      ['C phase', null],
    ]);
    expect((await api(`/change-sets/${first}/revert`, { method: 'POST' })).status).toBe(200);
    expect(outline(await plan())).toEqual(before);
    // Undo from chat does the same.
    await sort();
    const undo = (await say('undo')).extra.changeSetIds[0];
    await api(`/change-sets/${undo}/approve`, { method: 'POST' });
    expect((await changeSet(undo)).status).toBe('applied');
    expect(outline(await plan())).toEqual(before);
    // The undo keeps the order it changed too: reverting it sorts the rows again.
    const sorted = [['A phase', null], ['A1', 'A phase'], ['A2', 'A phase'], ['B phase', null], ['B1', 'B phase'], ['B2', 'B phase'], ['C phase', null]];
    expect((await api(`/change-sets/${undo}/revert`, { method: 'POST' })).status).toBe(200);
    expect(outline(await plan())).toEqual(sorted);
    // A row added since the sort: where it would go in the old order is unknown, so the order is not put back.
    const third = await sort();
    const { rowIds: [late] } = await emulator(`/sheets/${created.id}/external-edit`, { add: [{ Task: 'D phase', Rank: 0 }] });
    const refused = await api(`/change-sets/${third}/revert`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.details.conflicts).toEqual([{ rowId: late, rowNumber: 8, column: '(row)', expected: 'a row that was sorted', actual: 'added since' }]);
  });

  it('two reverts at once undo once: deleted rows come back once, the second is told it is no longer applied', async () => {
    const before = await tracker();
    const vendor = (sheet: any) => sheet.rows.filter((r: any) => String(cellOf(sheet, r.id, 'Task')).includes('vendor contracts')).length;
    expect(vendor(before)).toBeGreaterThan(0);
    const { body } = await ask('delete rows where Task contains vendor contracts');
    const [id] = body.reply.extra.changeSetIds;
    await api(`/change-sets/${id}/approve`, { method: 'POST' });
    expect((await changeSet(id)).status).toBe('applied');
    expect(vendor(await tracker())).toBe(0);
    const [a, b] = await Promise.all([api(`/change-sets/${id}/revert`, { method: 'POST' }), api(`/change-sets/${id}/revert`, { method: 'POST' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((await json(a.status === 409 ? a : b)).error.message).toMatch(/revert/i);
    const after = await tracker();
    expect(vendor(after)).toBe(vendor(before));
    expect(after.rows).toHaveLength(before.rows.length);
    expect(outline(after)).toEqual(outline(before));
    expect((await json(await api(`/change-sets/${id}`))).status).toBe('reverted');
  });

  it('undo from chat marks the change it undid as reverted: its Revert button then writes nothing, so no row comes back twice', async () => {
    const before = await tracker();
    const billing = (sheet: any) => sheet.rows.filter((r: any) => String(cellOf(sheet, r.id, 'Task')).includes('billing API')).length;
    expect(billing(before)).toBeGreaterThan(0);
    const deleted = (await ask('delete rows where Task contains billing API')).body.reply.extra.changeSetIds[0];
    await api(`/change-sets/${deleted}/approve`, { method: 'POST' });
    expect((await changeSet(deleted)).status).toBe('applied');
    const undo = (await ask('undo')).body.reply.extra.changeSetIds[0];
    expect((await json(await api(`/change-sets/${undo}`))).summary).toMatch(/^Undo: /);
    await api(`/change-sets/${undo}/approve`, { method: 'POST' });
    expect((await changeSet(undo)).status).toBe('applied');
    expect(billing(await tracker())).toBe(billing(before));
    expect(outline(await tracker())).toEqual(outline(before));
    expect((await json(await api(`/change-sets/${deleted}`))).status).toBe('reverted');
    expect((await api(`/change-sets/${deleted}/revert`, { method: 'POST' })).status).toBe(409);
    expect(billing(await tracker())).toBe(billing(before));
    // "undo" again steps further back — it does not undo the undo (every other change of this session is undone).
    const again = (await ask('undo')).body.reply;
    expect(again.extra.changeSetIds).toEqual([]);
    expect(again.text).toMatch(/no applied change to undo/);
  });

  it('a row whose text says to delete everything causes no write without approval', async () => {
    await emulator('/write-log', undefined, 'DELETE');
    const { body } = await ask('show rows where Notes contains ignore previous');
    expect(body.reply.text).toMatch(/Ignore previous instructions/i);
    expect(body.reply.extra.changeSetIds).toEqual([]);
    // Even a model that obeys the cell and calls a write tool only proposes.
    await model('/script', [{ toolCalls: [{ name: 'delete_rows', arguments: JSON.stringify({ filter: { column: 'Task', op: 'not_empty' } }) }] }, { content: 'Deleted everything.' }]);
    const obeyed = await ask('summarise the notes');
    const [id] = obeyed.body.reply.extra.changeSetIds;
    expect((await json(await api(`/change-sets/${id}`))).status).toBe('awaiting_approval');
    expect(await emulator(`/write-log?sheetId=${SEED_SHEETS.projectTracker}`)).toEqual([]);
    await api(`/change-sets/${id}/reject`, { method: 'POST' });
  });
});

describe('chat endpoints: validation, paging, new chat', () => {
  it('invalid bodies get 400 with the error shape', async () => {
    for (const body of ['{bad', JSON.stringify({ text: 'hi' }), JSON.stringify({ clientMessageId: 'x', text: '' }), JSON.stringify({ clientMessageId: 'a b', text: 'hi' }), JSON.stringify({ clientMessageId: 'x', text: 'y'.repeat(4001) })]) {
      const res = await api(`/sessions/${sessionId}/messages`, { method: 'POST', body });
      expect(res.status, body.slice(0, 40)).toBe(400);
      expect(await json(res)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
    expect((await api(`/sessions/${sessionId}/messages?limit=0`)).status).toBe(400);
    expect((await api(`/change-sets/nope!/approve`, { method: 'POST' })).status).toBe(400);
  });

  it('pages the history and starts a new conversation on the same sheet', async () => {
    const page = await json(await api(`/sessions/${sessionId}/messages?limit=2`));
    expect(page.messages).toHaveLength(2);
    const next = await json(await api(`/sessions/${sessionId}/messages?limit=2&after=${page.next}`));
    expect(next.messages[0].id > page.messages[1].id).toBe(true);
    const fresh = await json(await api(`/sessions/${sessionId}/new-chat`, { method: 'POST' }));
    expect(fresh.conversation).toBeGreaterThan(1);
    // The conversation it closed is named by its first message, to be read back by.
    const [first] = (await json(await api(`/sessions/${sessionId}/messages?conversation=${fresh.conversation - 1}&limit=1`))).messages;
    expect(fresh.conversations[0]).toEqual({ conversation: fresh.conversation - 1, title: first.text, startedAt: first.createdAt });
    // A new chat with nothing asked yet starts nothing: no empty conversations to pick from.
    expect(await json(await api(`/sessions/${sessionId}/new-chat`, { method: 'POST' }))).toMatchObject({ conversation: fresh.conversation, conversations: fresh.conversations });
    const { body } = await ask('describe');
    expect(body.reply.conversation).toBe(fresh.conversation);
    const convo = await json(await api(`/sessions/${sessionId}/messages?conversation=${fresh.conversation}`));
    expect(convo.messages).toHaveLength(2);
    const after = await json(await api(`/sessions/${sessionId}/new-chat`, { method: 'POST' }));
    expect(after.conversations.map((c: { conversation: number; title: string }) => [c.conversation, c.title])).toEqual([[fresh.conversation, 'describe'], [fresh.conversation - 1, first.text]]);
    expect(await json(await api(`/sessions/${sessionId}`))).toMatchObject({ conversation: after.conversation, conversations: after.conversations });
  });

  it('the offline model explains itself when it does not understand', async () => {
    const { body } = await ask('what is the meaning of life');
    expect(body.reply.text).toMatch(/offline model/);
    expect(body.reply.text).toMatch(/how many rows where/);
  });
});

describe('the grid\'s selection goes with a message', () => {
  const send = async (text: string, selection: unknown) => {
    const res = await api(`/sessions/${sessionId}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: `sel${++counter}`, text, selection }) });
    return { status: res.status, body: await json(res) };
  };

  it('"these" means the rows selected: said to the model by their numbers just before the message, and stored with it', async () => {
    const sheet = await tracker();
    const picked = [sheet.rows[2].id, sheet.rows[3].id, sheet.rows[4].id, sheet.rows[8].id];
    const { status, body } = await send('show these rows', { rowIds: picked, columnIds: [columnId(sheet, 'Status')] });
    expect(status).toBe(200);
    expect(body.userMessage.extra.selection).toEqual({ rowIds: picked, columnIds: [columnId(sheet, 'Status')] });
    expect([...body.reply.citedRowIds].sort()).toEqual([...picked].sort());
    const { messages } = (await (await fetch(`${host.modelUrl}/admin/last-request`)).json()) as { messages: { role: string; content: string | null }[] };
    const user = messages.map((m) => m.role).lastIndexOf('user');
    expect(messages[user]!.content).toBe('show these rows');
    expect(messages[user - 1]).toEqual({ role: 'system', content: expect.stringMatching(/^Selected in the grid: rows 3-5, 9 \(columns Status\)\. "These"/) });
  });

  it('a question of "these" is worked out over those rows alone; the answer\'s rows are found again by number', async () => {
    const sheet = await tracker();
    const picked = sheet.rows.slice(7, 12) as { id: number }[];
    const budget = picked.reduce((sum, r) => sum + Number(cellOf(sheet, r.id, 'Budget') ?? 0), 0);
    const total = await send('total Budget of these rows', { rowIds: picked.map((r) => r.id) });
    expect(total.body.reply.text).toContain(`**${budget.toLocaleString('en-US')}**`);
    const blocked = picked.filter((r) => cellOf(sheet, r.id, 'Status') === 'Blocked').map((r) => r.id);
    const counted = await send('how many of these are Blocked', { rowIds: picked.map((r) => r.id) });
    expect([...counted.body.reply.citedRowIds].sort()).toEqual([...blocked].sort());
    const matches = await json(await api(`/sheets/${SEED_SHEETS.projectTracker}/matches?rowNumbers=8,9,10,11,12&filter=${encodeURIComponent(JSON.stringify({ column: 'Status', op: 'eq', value: 'Blocked' }))}`));
    expect([...matches.rowIds].sort()).toEqual([...blocked].sort());
    expect((await api(`/sheets/${SEED_SHEETS.projectTracker}/matches?rowNumbers=8,x`)).status).toBe(400);
  });

  it('an edit of "these" proposes a change to those rows alone; nothing is written before approval', async () => {
    const sheet = await tracker();
    const picked = [sheet.rows[5].id, sheet.rows[6].id];
    const { body } = await send('set Priority to Low for these', { rowIds: picked });
    const [id] = body.reply.extra.changeSetIds;
    const proposed = await json(await api(`/change-sets/${id}`));
    expect(proposed.cells.length).toBeGreaterThan(0);
    expect(proposed.cells.map((c: { rowId: number; column: string; new: unknown }) => [c.rowId, c.column, c.new]).filter(([, , v]: unknown[]) => v === 'Low')).toEqual(picked.filter((rowId) => cellOf(sheet, rowId, 'Priority') !== 'Low').map((rowId) => [rowId, 'Priority', 'Low']));
    expect(new Set(proposed.cells.map((c: { rowId: number }) => c.rowId))).toEqual(new Set(picked.filter((rowId) => cellOf(sheet, rowId, 'Priority') !== 'Low')));
    await api(`/change-sets/${id}/reject`, { method: 'POST' });
  });

  it('a selection of rows deleted since is said to be gone; a malformed one is 400', async () => {
    const { body } = await send('show these rows', { rowIds: [123456789] });
    expect(body.reply.citedRowIds ?? []).toEqual([]);
    const { messages } = (await (await fetch(`${host.modelUrl}/admin/last-request`)).json()) as { messages: { role: string; content: string | null }[] };
    expect(messages.some((m) => m.role === 'system' && /^Selected in the grid: rows that are no longer in the sheet/.test(m.content ?? ''))).toBe(true);
    for (const selection of [{ rowIds: [] }, { rowIds: ['x'] }, { rowIds: [1], extra: true }, { rowIds: Array.from({ length: 2001 }, (_, i) => i + 1) }]) {
      expect((await send('show these rows', selection)).status).toBe(400);
    }
  });
});
