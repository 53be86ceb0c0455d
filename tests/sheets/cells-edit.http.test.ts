import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellsEditResponse } from '../../shared/api/contracts.js';
import { appClient } from '../support/app-client.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';
import { until } from '../support/until.js';

/**
 * The person's own edit of several cells at once — a block pasted into the grid, or an edit undone — over the real
 * local stack: all checked before any is written, one write to Smartsheet, never over a cell that changed meanwhile.
 */
let host: DevHostProcess;
let app: ReturnType<typeof appClient>;
let sheetId: number;
let sessionId: string;
let rows: number[];
const col: Record<string, number> = {};
const admin = (path: string, body?: unknown, method?: string) => app.admin(path, body, method);
const writes = async () => (await admin(`/write-log?sheetId=${sheetId}`)).length as number;
/** Each row's values of these columns, as Smartsheet (the emulator) holds them. */
const held = async (...titles: string[]) => ((await app.sheet(sheetId)).rows as { cells: { columnId: number; value?: unknown }[] }[]).map((r) => titles.map((t) => r.cells.find((c) => c.columnId === col[t])?.value ?? null));
const patch = (cells: unknown[]) => app.api(`/sheets/${sheetId}/cells`, { method: 'PATCH', body: JSON.stringify({ sessionId, cells }) });
const cell = (row: number, title: string, value: unknown, expected: unknown) => ({ rowId: rows[row - 1], columnId: col[title], value, expected });

beforeAll(async () => {
  host = await startDevHostProcess([], { SMARTSHEET_MAX_ATTEMPTS: '1' });
  app = appClient(host, principal('cells-edit-pia'));
  // Shared with the app as Editor: the row its owner locked is locked for the app too.
  const made = await admin('/sheets', {
    name: 'Paste board',
    accessLevel: 'EDITOR',
    columns: [
      { title: 'Task', type: 'TEXT_NUMBER' },
      { title: 'Status', type: 'PICKLIST', options: ['Not Started', 'In Progress', 'Done'] },
      { title: 'Budget', type: 'TEXT_NUMBER' },
      { title: 'Due', type: 'DATE' },
      { title: 'Id', type: 'TEXT_NUMBER', systemColumnType: 'AUTO_NUMBER' },
    ],
    rows: [
      { Task: 'Alpha', Status: 'Not Started', Budget: 100, Due: '2026-11-02' },
      { Task: 'Beta', Status: 'In Progress', Budget: 200 },
      { Task: 'Gamma', Status: 'Done', Budget: 300 },
      { Task: 'Delta', Status: 'Done', Budget: 400 },
    ],
    lockedRows: [3],
  });
  sheetId = made.id;
  rows = made.rowIds;
  for (const c of made.columns as { id: number; title: string }[]) col[c.title] = c.id;
  sessionId = await app.readySession(sheetId);
}, 60_000);
afterAll(() => host?.stop());

describe('several cells at once (a paste, an undo)', () => {
  it('a block is written in one Smartsheet write, each value as its column takes it; its undo puts every cell back', async () => {
    const before = await writes();
    const version = (await app.sheet(sheetId)).version as number;
    const res = await patch([cell(1, 'Status', 'done', 'Not Started'), cell(1, 'Budget', '$12,500', 100), cell(1, 'Due', '2026-12-01', '2026-11-02'), cell(2, 'Status', 'Not Started', 'In Progress'), cell(2, 'Budget', '7,000', 200)]);
    expect(res.status).toBe(200);
    const body = cellsEditResponse.parse(await res.json());
    expect(body.cells.map((c) => c.value)).toEqual(['Done', 12500, '2026-12-01', 'Not Started', 7000]);
    expect(body.refused).toEqual([]);
    expect([await writes(), body.version]).toEqual([before + 1, version + 1]);
    expect(await held('Status', 'Budget', 'Due')).toEqual([['Done', 12500, '2026-12-01'], ['Not Started', 7000, null], ['Done', 300, null], ['Done', 400, null]]);
    // Read back at once by the person's next question: the session is on the new version when the edit answers.
    const view = await app.json(await app.api(`/sessions/${sessionId}`));
    expect(view.state.sheetVersion).toBe(body.version);
    const seen = await app.json(await app.api(`/sessions/${sessionId}/sheet`));
    expect(seen.rows[0].values[seen.columns.findIndex((c: { title: string }) => c.title === 'Budget')]).toBe(12500);

    // The undo: each cell's earlier value, written only while the cell holds what the paste wrote.
    const undone = await patch(body.cells.map((c, i) => ({ rowId: c.rowId, columnId: c.columnId, value: ['Not Started', 100, '2026-11-02', 'In Progress', 200][i], expected: c.value })));
    expect(undone.status).toBe(200);
    expect(await held('Status', 'Budget', 'Due')).toEqual([['Not Started', 100, '2026-11-02'], ['In Progress', 200, null], ['Done', 300, null], ['Done', 400, null]]);
  });

  it('a cell changed meanwhile: 409 naming it and what it holds now; no cell is written', async () => {
    await admin(`/sheets/${sheetId}/external-edit`, { rowId: rows[1], cells: { Budget: 250 } });
    const before = await writes();
    const res = await patch([cell(1, 'Budget', 150, 100), cell(2, 'Budget', 260, 200), cell(2, 'Task', 'Beta 2', 'Beta')]);
    expect(res.status).toBe(409);
    const { error } = (await res.json()) as { error: { message: string; details: { conflicts: unknown[] } } };
    expect(error.message).toBe('"Budget" in row 2 changed meanwhile; nothing was written.');
    expect(error.details.conflicts).toEqual([{ rowId: rows[1], columnId: col.Budget, current: 250 }]);
    expect(await writes()).toBe(before);
    expect(await held('Task', 'Budget')).toEqual([['Alpha', 100], ['Beta', 250], ['Gamma', 300], ['Delta', 400]]);
    // Changed meanwhile to just what the person writes: no conflict, the cell ends as they want it.
    await admin(`/sheets/${sheetId}/external-edit`, { rowId: rows[2], cells: { Budget: 333 } });
    const same = await patch([cell(3, 'Budget', 333, 300), cell(3, 'Task', 'Gamma 2', 'Gamma')]);
    expect(same.status).toBe(200);
    expect(await held('Task', 'Budget')).toEqual([['Alpha', 100], ['Beta', 250], ['Gamma 2', 333], ['Delta', 400]]);
  });

  it("after a 409 the session holds the sheet as it is now, before the colleague's notice has gone round", async () => {
    // The change notice's read of the sheet held back 3 s: the session learns of the edit only from the conflict.
    await admin('/faults', { match: `^GET /sheets/${sheetId}$`, latencyMs: 3000, remaining: 1 });
    const { version } = await admin(`/sheets/${sheetId}/external-edit`, { rowId: rows[0], cells: { Task: 'Alpha by a colleague' } });
    await until(async () => (await admin('/faults')).length, (n) => n === 0, 'the notice to begin reading the sheet');
    const res = await patch([cell(1, 'Task', 'Alpha 2', 'Alpha')]);
    expect(res.status).toBe(409);
    // At once: the grid's refetch after the conflict reads the colleague's value, not the version before it.
    const view = await app.json(await app.api(`/sessions/${sessionId}`));
    expect(view.state.sheetVersion).toBe(version);
    const seen = await app.json(await app.api(`/sessions/${sessionId}/sheet`));
    expect(seen.rows[0].values[seen.columns.findIndex((c: { title: string }) => c.title === 'Task')]).toBe('Alpha by a colleague');
    await admin(`/sheets/${sheetId}/external-edit`, { rowId: rows[0], cells: { Task: 'Alpha' } });
    await until(async () => (await app.json(await app.api(`/sessions/${sessionId}`))).state.sheetVersion as number, (v) => v > version, 'the session to read the edit back');
  });

  it('one cell that cannot be edited refuses them all, saying which; so do a cell given twice and an empty list', async () => {
    const before = await writes();
    const refusal = async (cells: unknown[]) => {
      const res = await patch(cells);
      return [res.status, ((await res.json()) as { error: { message: string } }).error.message];
    };
    expect(await refusal([cell(1, 'Task', 'A', 'Alpha'), cell(1, 'Id', 9, null)])).toEqual([400, 'Column "Id" is calculated and cannot be edited.']);
    expect(await refusal([cell(1, 'Task', 'A', 'Alpha'), cell(4, 'Task', 'D', 'Delta')])).toEqual([403, "Row 4 is locked in Smartsheet: only the sheet's owner and admins can change it."]);
    expect(await refusal([cell(1, 'Task', 'A', 'Alpha'), cell(2, 'Due', 'someday', null)])).toEqual([400, 'Row 2: Column "Due" (DATE): expected a date as YYYY-MM-DD']);
    expect(await refusal([cell(1, 'Task', 'A', 'Alpha'), cell(1, 'Task', 'B', 'Alpha')])).toEqual([400, `Row ${rows[0]}, column ${col.Task} is given twice.`]);
    expect((await patch([])).status).toBe(400);
    expect(await writes()).toBe(before);
  });

  it('rows Smartsheet refuses are named, the others written; when it refuses every row, 400', async () => {
    await admin('/failing-rows', { rowIds: [rows[1]] }, 'PUT');
    try {
      const res = await patch([cell(1, 'Task', 'Alpha 2', 'Alpha'), cell(2, 'Task', 'Beta 2', 'Beta')]);
      expect(res.status).toBe(200);
      const body = cellsEditResponse.parse(await res.json());
      expect(body.cells.map((c) => [c.rowId, c.value])).toEqual([[rows[0], 'Alpha 2']]);
      expect(body.refused).toEqual([{ rowId: rows[1], columnId: col.Task, message: expect.stringMatching(/^Smartsheet refused the value: .*row/) }]);
      expect((await held('Task')).flat()).toEqual(['Alpha 2', 'Beta', 'Gamma 2', 'Delta']);
      const none = await patch([cell(2, 'Task', 'Beta 3', 'Beta')]);
      expect([none.status, ((await none.json()) as { error: { message: string } }).error.message]).toEqual([400, expect.stringMatching(/^Smartsheet refused the value: /)]);
    } finally {
      await admin('/failing-rows', { rowIds: [] }, 'PUT');
    }
  });
});

describe('a cell formula typed in the grid', () => {
  it('is written as the formula, its value worked out by Smartsheet; a value over it replaces it, and the formula can be put back', async () => {
    const made = await admin('/sheets', { name: 'Roll-up', accessLevel: 'EDITOR', columns: [{ title: 'Task', type: 'TEXT_NUMBER' }, { title: 'Budget', type: 'TEXT_NUMBER' }], rows: [{ Task: 'Phase', Budget: null }] });
    const [phase] = made.rowIds as number[];
    const budget = (made.columns as { id: number; title: string }[]).find((c) => c.title === 'Budget')!.id;
    await admin(`/sheets/${made.id}/external-edit`, { parentId: phase, add: [{ Task: 'A', Budget: 100 }, { Task: 'B', Budget: 200 }] });
    const session = await app.readySession(made.id);
    const edit = (body: object) => app.api(`/sheets/${made.id}/cells`, { method: 'PATCH', body: JSON.stringify({ sessionId: session, cells: [{ rowId: phase, columnId: budget, ...body }] }) });
    const phaseCell = async () => ((await app.sheet(made.id)).rows as { id: number; cells: { columnId: number; value?: unknown; formula?: string }[] }[]).find((r) => r.id === phase)!.cells.find((c) => c.columnId === budget)!;

    const typed = await edit({ value: null, expected: null, formula: '=SUM(CHILDREN())' });
    expect(typed.status).toBe(200);
    expect(cellsEditResponse.parse(await typed.json()).cells).toEqual([{ rowId: phase, columnId: budget, value: 300 }]);
    expect(await phaseCell()).toMatchObject({ formula: '=SUM(CHILDREN())', value: 300 });
    // The session reads the formula too: the grid's editor opens on it.
    const formulaRead = async () => ((await (await app.api(`/sessions/${session}/sheet`)).json()) as { rows: { id: number; formulas?: Record<number, string> }[] }).rows.find((r) => r.id === phase)?.formulas?.[1];
    await until(formulaRead, (f) => f === '=SUM(CHILDREN())', 'the session to read the formula');

    const over = await edit({ value: 999, expected: 300 });
    expect(cellsEditResponse.parse(await over.json()).cells[0]!.value).toBe(999);
    expect((await phaseCell()).formula).toBeUndefined();
    const back = await edit({ value: 300, expected: 999, formula: '=SUM(CHILDREN())' });
    expect(cellsEditResponse.parse(await back.json()).cells[0]!.value).toBe(300);
    expect(await phaseCell()).toMatchObject({ formula: '=SUM(CHILDREN())', value: 300 });

    // Not a formula, or one the emulator cannot work out: 400 with the error shape, nothing written.
    const before = (await admin(`/write-log?sheetId=${made.id}`)).length as number;
    for (const formula of ['SUM(CHILDREN())', '=', '=COUNTIF(Budget:Budget, 1)']) {
      const bad = await edit({ value: null, expected: 300, formula });
      expect([bad.status, ((await bad.json()) as { error: { code: string; message: string } }).error]).toEqual([400, expect.objectContaining({ code: expect.any(String), message: expect.stringMatching(/formula/) })]);
    }
    expect((await admin(`/write-log?sheetId=${made.id}`)).length).toBe(before);
    expect(await phaseCell()).toMatchObject({ formula: '=SUM(CHILDREN())', value: 300 });
  });
});
