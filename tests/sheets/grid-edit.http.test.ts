import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeSetViewSchema } from '../../shared/api/contracts.js';
import { rowsEditResponse } from '../../shared/api/grid-edits.js';
import { appClient } from '../support/app-client.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';
import { until } from '../support/until.js';

/**
 * Rows the person inserts, deletes, indents or moves in the grid, and columns they add, rename or delete, over the real
 * local stack: written at once (their act), never a row changed since the grid showed it, and undone by the change
 * set's revert — deleted rows back where they stood, with the rows under them; a deleted column with its values.
 */
let host: DevHostProcess;
let app: ReturnType<typeof appClient>;
let sheetId: number;
let sessionId: string;
let ids: number[];
const admin = (path: string, body?: unknown) => app.admin(path, body);
/** The rows as Smartsheet (the emulator) holds them, top to bottom: each row's Task ('' when blank), indented under its parent's with '>'. */
async function outline(): Promise<string[]> {
  const sheet = await app.sheet(sheetId);
  const task = sheet.columns.find((c: { title: string }) => c.title === 'Task').id;
  const depth = new Map<number, number>();
  return (sheet.rows as { id: number; parentId?: number; cells: { columnId: number; value?: unknown }[] }[]).map((r) => {
    depth.set(r.id, r.parentId === undefined ? 0 : depth.get(r.parentId)! + 1);
    return `${'>'.repeat(depth.get(r.id)!)}${String(r.cells.find((c) => c.columnId === task)?.value ?? '')}`;
  });
}
const version = async () => (await app.json(await app.api(`/sessions/${sessionId}`))).state.sheetVersion as number;
const insert = async (body: object) => app.post(`/sheets/${sheetId}/rows`, { sessionId, version: await version(), ...body });
const remove = async (rowIds: number[], at?: number) => app.post(`/sheets/${sheetId}/rows/delete`, { sessionId, version: at ?? (await version()), rowIds });
const move = async (rowIds: number[], direction: 'indent' | 'outdent') => app.post(`/sheets/${sheetId}/rows/indent`, { sessionId, version: await version(), rowIds, direction });
const revert = (changeSetId: string) => app.post(`/change-sets/${changeSetId}/revert`);
const edited = async (res: Response) => {
  expect(res.status).toBe(200);
  return rowsEditResponse.parse(await res.json());
};
const failed = async (res: Response) => ({ status: res.status, message: ((await res.json()) as { error: { message: string } }).error.message });

beforeAll(async () => {
  host = await startDevHostProcess([], { SMARTSHEET_MAX_ATTEMPTS: '1' });
  app = appClient(host, principal('rows-edit-rui'));
  const made = await admin('/sheets', {
    name: 'Row board',
    accessLevel: 'EDITOR',
    columns: [
      { title: 'Task', type: 'TEXT_NUMBER' },
      { title: 'Budget', type: 'TEXT_NUMBER' },
    ],
    rows: [
      { Task: 'Alpha', Budget: 1 },
      { Task: 'Beta', Budget: 2 },
      { Task: 'Gamma', Budget: 3 },
      { Task: 'Locked', Budget: 4 },
    ],
    lockedRows: [3],
  });
  sheetId = made.id;
  ids = made.rowIds;
  // Two rows indented under Beta.
  await admin(`/sheets/${sheetId}/external-edit`, { add: [{ Task: 'Beta one', Budget: 21 }, { Task: 'Beta two', Budget: 22 }], parentId: ids[1] });
  sessionId = await app.readySession(sheetId);
  await until(version, (v) => v >= 2, 'the session to read the rows under Beta');
}, 60_000);
afterAll(() => host?.stop());

describe('rows inserted, deleted and indented in the grid', () => {
  it('a blank row goes just below the row asked (after the rows under it), at once; the session reads it; its undo takes it out', async () => {
    const before = await version();
    const body = await edited(await insert({ after: ids[1] }));
    expect(body.rowIds).toHaveLength(1);
    expect(body.version).toBeGreaterThan(before);
    expect(await outline()).toEqual(['Alpha', 'Beta', '>Beta one', '>Beta two', '', 'Gamma', 'Locked']);
    // The person's next question reads it: the session is on the new version when the insert answers.
    expect(await version()).toBe(body.version);
    const cs = changeSetViewSchema.parse(await app.json(await app.api(`/change-sets/${body.changeSetId}`)));
    expect([cs.status, cs.origin, cs.summary]).toEqual(['applied', 'grid', 'Add 1 row after row 2 (Beta)']);

    const undone = changeSetViewSchema.parse(await app.json(await revert(body.changeSetId)));
    expect(undone.status).toBe('reverted');
    expect(await outline()).toEqual(['Alpha', 'Beta', '>Beta one', '>Beta two', 'Gamma', 'Locked']);
  });

  it('several rows above the first', async () => {
    const body = await edited(await insert({ before: ids[0], count: 2 }));
    expect(body.rowIds).toHaveLength(2);
    expect(await outline()).toEqual(['', '', 'Alpha', 'Beta', '>Beta one', '>Beta two', 'Gamma', 'Locked']);
    await edited(await remove(body.rowIds));
    expect(await outline()).toEqual(['Alpha', 'Beta', '>Beta one', '>Beta two', 'Gamma', 'Locked']);
  });

  it('a row deleted goes with the rows under it; its undo brings them all back where they stood, and names their new ids', async () => {
    const body = await edited(await remove([ids[1]!]));
    expect(body.rowIds).toHaveLength(3);
    expect(body.summary).toBe('Delete 3 rows (2 of them indented under the rows asked for)');
    expect(await outline()).toEqual(['Alpha', 'Gamma', 'Locked']);

    const undone = changeSetViewSchema.parse(await app.json(await revert(body.changeSetId)));
    expect(undone.status).toBe('reverted');
    expect(await outline()).toEqual(['Alpha', 'Beta', '>Beta one', '>Beta two', 'Gamma', 'Locked']);
    const now = (await app.sheet(sheetId)).rows.map((r: { id: number }) => r.id);
    expect(undone.restoredRowIds).toHaveLength(3);
    expect(new Set(undone.restoredRowIds)).toEqual(new Set(now.slice(1, 4)));
    ids[1] = now[1];
    // A second revert of the same deletion is refused: the rows would come back twice.
    expect((await revert(body.changeSetId)).status).toBe(409);
    expect(await outline()).toEqual(['Alpha', 'Beta', '>Beta one', '>Beta two', 'Gamma', 'Locked']);
  });

  it('a row changed since the grid showed it is not deleted: 409 naming it, nothing deleted', async () => {
    const shown = await version();
    await admin(`/sheets/${sheetId}/external-edit`, { rowId: ids[2], cells: { Budget: 33 } });
    // The session has read the change by now; the grid still shows the version before it.
    await until(version, (v) => v > shown, 'the session to read the edit');
    const res = await remove([ids[0]!, ids[2]!], shown);
    expect(await failed(res)).toEqual({ status: 409, message: 'The sheet changed meanwhile (row 5 Budget is 33, not 3), so nothing was deleted.' });
    expect(await outline()).toEqual(['Alpha', 'Beta', '>Beta one', '>Beta two', 'Gamma', 'Locked']);
  });

  it('refused whole: a locked row, a row not in that version, a bad place; nothing written', async () => {
    const writes = (await admin(`/write-log?sheetId=${sheetId}`)).length;
    expect(await failed(await remove([ids[0]!, ids[3]!]))).toEqual({ status: 403, message: "Row 6 is locked in Smartsheet: only the sheet's owner and admins can change it." });
    expect((await remove([123456789])).status).toBe(400);
    expect((await insert({ after: 123456789 })).status).toBe(400);
    expect((await insert({ after: ids[0], before: ids[0] })).status).toBe(400);
    expect((await insert({ count: 51 })).status).toBe(400);
    expect((await admin(`/write-log?sheetId=${sheetId}`)).length).toBe(writes);
    expect(await outline()).toEqual(['Alpha', 'Beta', '>Beta one', '>Beta two', 'Gamma', 'Locked']);
  });

  it('rows indented under the row above, and outdented where they stand (the rows below going under them); undo puts them back', async () => {
    const original = ['Alpha', 'Beta', '>Beta one', '>Beta two', 'Gamma', 'Locked'];
    const indent = await edited(await move([ids[2]!], 'indent'));
    expect([indent.rowIds, indent.summary]).toEqual([[ids[2]], 'Indent row 5 (Gamma) under row 2 (Beta)']);
    expect(await outline()).toEqual(['Alpha', 'Beta', '>Beta one', '>Beta two', '>Gamma', 'Locked']);
    expect(await version()).toBe(indent.version);
    expect(changeSetViewSchema.parse(await app.json(await revert(indent.changeSetId))).status).toBe('reverted');
    expect(await outline()).toEqual(original);

    // As Smartsheet's Outdent: no row changes place.
    const betaOne = (await app.sheet(sheetId)).rows[2].id as number;
    const outdent = await edited(await move([betaOne], 'outdent'));
    expect(await outline()).toEqual(['Alpha', 'Beta', 'Beta one', '>Beta two', 'Gamma', 'Locked']);
    await revert(outdent.changeSetId);
    expect(await outline()).toEqual(original);

    const writes = (await admin(`/write-log?sheetId=${sheetId}`)).length;
    expect(await failed(await move([ids[0]!], 'indent'))).toEqual({ status: 400, message: 'Row 1 has no row above it at its level to go under, so it stays where it is.' });
    expect(await failed(await move([ids[0]!], 'outdent'))).toEqual({ status: 400, message: 'Row 1 is not indented, so it stays where it is.' });
    expect(await failed(await move([ids[2]!, ids[3]!], 'indent'))).toEqual({ status: 403, message: "Row 6 is locked in Smartsheet: only the sheet's owner and admins can change it." });
    expect((await app.post(`/sheets/${sheetId}/rows/indent`, { sessionId, version: await version(), rowIds: [ids[2]], direction: 'sideways' })).status).toBe(400);
    expect((await admin(`/write-log?sheetId=${sheetId}`)).length).toBe(writes);
    expect(await outline()).toEqual(original);
  });

  it('rows dragged just below or above a row, at its level, with the rows under them; undo puts them back', async () => {
    const original = ['Alpha', 'Beta', '>Beta one', '>Beta two', 'Gamma', 'Locked'];
    const drag = async (body: object) => app.post(`/sheets/${sheetId}/rows/move`, { sessionId, version: await version(), ...body });
    const below = await edited(await drag({ rowIds: [ids[0]], after: ids[1] }));
    expect([below.rowIds, below.summary]).toEqual([[ids[0]], 'Move row 1 (Alpha) just below row 2 (Beta)']);
    expect(await outline()).toEqual(['Beta', '>Beta one', '>Beta two', 'Alpha', 'Gamma', 'Locked']);
    await revert(below.changeSetId);
    expect(await outline()).toEqual(original);
    // Above a row under Beta: at its level.
    const betaTwo = (await app.sheet(sheetId)).rows[3].id as number;
    const into = await edited(await drag({ rowIds: [ids[2]], before: betaTwo }));
    expect(await outline()).toEqual(['Alpha', 'Beta', '>Beta one', '>Gamma', '>Beta two', 'Locked']);
    await revert(into.changeSetId);
    expect(await outline()).toEqual(original);

    const writes = (await admin(`/write-log?sheetId=${sheetId}`)).length;
    expect(await failed(await drag({ rowIds: [ids[1]], after: betaTwo }))).toEqual({ status: 400, message: 'Row 4 (Beta two) is being moved (or is under a row being moved), so rows cannot go just below it.' });
    expect(await failed(await drag({ rowIds: [ids[0]], before: ids[1] }))).toEqual({ status: 400, message: 'Row 1 is already there, so nothing would move.' });
    expect(await failed(await drag({ rowIds: [ids[3]], before: ids[0] }))).toEqual({ status: 403, message: "Row 6 is locked in Smartsheet: only the sheet's owner and admins can change it." });
    expect((await drag({ rowIds: [ids[0]] })).status).toBe(400);
    expect((await drag({ rowIds: [ids[0]], after: ids[2], before: ids[2] })).status).toBe(400);
    expect((await admin(`/write-log?sheetId=${sheetId}`)).length).toBe(writes);
    expect(await outline()).toEqual(original);
  });

  it("the chat's undo leaves the grid's changes to the grid", async () => {
    await edited(await remove([ids[0]!]));
    const turn = await app.ask(sessionId, 'undo');
    expect(turn.status).toBe(200);
    expect(turn.body.reply.extra.changeSetIds).toEqual([]);
    expect(turn.body.reply.text).toMatch(/no applied change to undo/i);
  });
});

describe('columns added, renamed and deleted from the grid', () => {
  let board: number;
  let session: string;
  const titles = async () => ((await app.sheet(board)).columns as { title: string }[]).map((c) => c.title);
  const change = async (body: object) => app.post(`/sheets/${board}/columns`, { sessionId: session, version: (await app.json(await app.api(`/sessions/${session}`))).state.sheetVersion, ...body });
  beforeAll(async () => {
    const made = await admin('/sheets', { name: 'Column board', accessLevel: 'ADMIN', columns: [{ title: 'Task', type: 'TEXT_NUMBER' }, { title: 'Budget', type: 'TEXT_NUMBER' }], rows: [{ Task: 'Alpha', Budget: 1 }, { Task: 'Beta', Budget: 2 }] });
    board = made.id;
    session = await app.readySession(board);
  }, 30_000);

  it('added where asked, renamed, deleted with its values — each at once, and each undone by its revert', async () => {
    const added = await edited(await change({ op: 'add', title: 'Notes', index: 1 }));
    expect(added.summary).toBe('Add column "Notes" (TEXT_NUMBER)');
    expect(await titles()).toEqual(['Task', 'Notes', 'Budget']);
    const notes = ((await app.sheet(board)).columns as { id: number; title: string }[]).find((c) => c.title === 'Notes')!.id;
    const renamed = await edited(await change({ op: 'rename', columnId: notes, title: 'Remarks' }));
    expect(await titles()).toEqual(['Task', 'Remarks', 'Budget']);
    const budget = ((await app.sheet(board)).columns as { id: number; title: string }[]).find((c) => c.title === 'Budget')!.id;
    const deleted = await edited(await change({ op: 'delete', columnId: budget }));
    expect(deleted.summary).toBe('Delete column "Budget" (2 non-empty cells)');
    expect(await titles()).toEqual(['Task', 'Remarks']);

    for (const cs of [deleted, renamed, added]) expect(changeSetViewSchema.parse(await app.json(await revert(cs.changeSetId))).status).toBe('reverted');
    const sheet = await app.sheet(board);
    expect(sheet.columns.map((c: { title: string }) => c.title)).toEqual(['Task', 'Budget']);
    const back = sheet.columns[1].id;
    expect(sheet.rows.map((r: { cells: { columnId: number; value?: unknown }[] }) => r.cells.find((c) => c.columnId === back)?.value)).toEqual([1, 2]);
  });

  it('refused, nothing written: a title taken, the primary column, a column not there, a bad body; and where the app is only an Editor (403, saying why)', async () => {
    const writes = (await admin(`/write-log?sheetId=${board}`)).length;
    const task = ((await app.sheet(board)).columns as { id: number; title: string }[])[0]!.id;
    expect(await failed(await change({ op: 'add', title: 'task', index: 1 }))).toEqual({ status: 400, message: 'A column named "task" already exists.' });
    expect(await failed(await change({ op: 'delete', columnId: task }))).toEqual({ status: 400, message: '"Task" is the primary column and cannot be deleted.' });
    expect((await change({ op: 'rename', columnId: 123456789, title: 'X' })).status).toBe(400);
    expect((await change({ op: 'rename', columnId: task, title: '  ' })).status).toBe(400);
    expect((await change({ op: 'drop', columnId: task })).status).toBe(400);
    expect((await admin(`/write-log?sheetId=${board}`)).length).toBe(writes);
    // The rows' board is shared as Editor: columns are the Admins'.
    const editor = await app.post(`/sheets/${sheetId}/columns`, { sessionId, version: await version(), op: 'add', title: 'Notes', index: 1 });
    expect(await failed(editor)).toEqual({ status: 403, message: expect.stringContaining('adding, renaming or deleting columns needs Admin access') });
  });
});
