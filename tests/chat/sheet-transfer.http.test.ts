import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SHEETS } from '../../infra/smartsheet-emulator/seed.js';
import { appClient } from '../support/app-client.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';
import { until } from '../support/until.js';

/**
 * Rows sent to another sheet over the real local stack (dev host, Azurite, the Smartsheet emulator, the offline
 * model): "move the cancelled tasks to Archive" proposes, approval moves them, Revert brings them back where they
 * stood; a copy's undo from chat deletes the copies. A dev host of its own: the two sheets' writes, reads and live
 * updates are a few dozen Smartsheet requests, within the 300 a minute the emulator allows a token.
 */
let host: DevHostProcess;
let app: ReturnType<typeof appClient>;

beforeAll(async () => {
  host = await startDevHostProcess([], { CHANGESET_APPROVAL_MINUTES: '0.5' });
  app = appClient(host, principal('transfer-dana'));
});
afterAll(() => host?.stop());

const columnId = (sheet: any, title: string) => sheet.columns.find((c: any) => c.title === title).id;
const cellOf = (sheet: any, rowId: number, title: string) => sheet.rows.find((r: any) => r.id === rowId)?.cells.find((c: any) => c.columnId === columnId(sheet, title))?.value;
/** The sheet's outline: each row's Task and its parent's Task, in order (rows brought back have new ids). */
const outline = (sheet: any) => sheet.rows.map((r: any) => [cellOf(sheet, r.id, 'Task'), r.parentId === undefined ? null : cellOf(sheet, r.parentId, 'Task')]);

describe('rows to another sheet, over the stack', () => {
  it('moved there by approval only (a session on that sheet moves to its new version), brought back by Revert; copied there, and the copies undone from chat', async () => {
    const { api, json, ask, changeSet, readySession } = app;
    const [tracker, archive] = [() => app.sheet(SEED_SHEETS.projectTracker), () => app.sheet(SEED_SHEETS.archive)];
    const [sessionId, archiveSession] = [await readySession(SEED_SHEETS.projectTracker), await readySession(SEED_SHEETS.archive)];
    const versionOf = async (session: string) => (await json(await api(`/sessions/${session}`))).state.sheetVersion as number;
    const approve = async (id: string) => {
      expect((await api(`/change-sets/${id}/approve`, { method: 'POST' })).status).toBe(202);
      return changeSet(id);
    };
    const [before, archived] = [await tracker(), await archive()];
    const cancelled = before.rows.filter((r: any) => cellOf(before, r.id, 'Status') === 'Cancelled');
    expect(cancelled.length).toBeGreaterThan(0);
    const { body } = await ask(sessionId, 'move the cancelled tasks to Archive');
    expect(body.reply.extra.steps.map((s: any) => s.tool)).toEqual(['move_rows']);
    const proposed = await json(await api(`/change-sets/${body.reply.extra.changeSetIds[0]}`));
    expect(proposed).toMatchObject({ status: 'awaiting_approval', transfer: { mode: 'move', sheetId: SEED_SHEETS.archive, sheetName: 'Archive', addsColumns: ['Budget', 'Spent'] } });
    expect(proposed.transfer.rows.map((r: any) => r.rowId)).toEqual(cancelled.map((r: any) => r.id));
    expect(proposed.summary).toMatch(/^Move (row \d+ \(.+\)|\d+ rows \(rows [\d, …]+\)) to "Archive"$/);
    expect((await tracker()).rows).toHaveLength(before.rows.length); // nothing moves before approval
    const archivedAt = await versionOf(archiveSession);
    expect((await approve(proposed.id)).status).toBe('applied');
    const [after, there] = [await tracker(), await archive()];
    expect(after.rows).toHaveLength(before.rows.length - cancelled.length);
    expect(there.rows.slice(archived.rows.length).map((r: any) => [cellOf(there, r.id, 'Task'), cellOf(there, r.id, 'Status'), cellOf(there, r.id, 'Budget')])).toEqual(cancelled.map((r: any) => [cellOf(before, r.id, 'Task'), 'Cancelled', cellOf(before, r.id, 'Budget')]));
    // The session on Archive hears of it (the change set's notice for the other sheet) and moves to its new version.
    await until(() => versionOf(archiveSession), (v) => v !== archivedAt, 'the Archive session to move on');
    expect(await versionOf(archiveSession)).toBe(there.version);
    expect((await api(`/change-sets/${proposed.id}/revert`, { method: 'POST' })).status).toBe(200);
    const back = await tracker();
    expect(outline(back)).toEqual(outline(before));
    expect(back.rows.map((r: any) => cellOf(back, r.id, 'Budget'))).toEqual(before.rows.map((r: any) => cellOf(before, r.id, 'Budget')));
    expect((await archive()).rows).toHaveLength(archived.rows.length);
    // Copied: the rows stay; "undo" in chat deletes the copies.
    const copy = (await ask(sessionId, 'copy row 3 to the Archive sheet')).body.reply.extra.changeSetIds[0];
    expect(await approve(copy)).toMatchObject({ status: 'applied', summary: `Copy row 3 (${cellOf(back, back.rows[2].id, 'Task')}) to "Archive"` });
    expect((await archive()).rows).toHaveLength(archived.rows.length + 1);
    expect((await tracker()).rows).toHaveLength(before.rows.length);
    const undo = (await ask(sessionId, 'undo')).body.reply.extra.changeSetIds[0];
    expect((await approve(undo)).status).toBe('applied');
    expect((await archive()).rows).toHaveLength(archived.rows.length);
    // A sheet that is not there is named with those there are.
    expect((await ask(sessionId, 'move row 3 to Nowhere')).body.reply.text).toMatch(/No sheet called "Nowhere" is shared with the app; the others are .*"Archive"/);
  });
});
