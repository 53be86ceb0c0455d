import { describe, expect, it } from 'vitest';
import type { ChangeSet } from '../../functions/changesets/changeset.model.js';
import { ChangeSetsService, REVERT_CLAIM_MS } from '../../functions/changesets/changesets.service.js';
import type { SheetChanged } from '../../functions/events/sheet-events.port.js';
import { markReady, newSession } from '../../functions/sessions/session.model.js';
import { SessionsService } from '../../functions/sessions/sessions.service.js';
import { InProcessWriteLock } from '../../functions/smartsheet/sheet-write-lock.js';
import { SmartsheetAdapter } from '../../functions/smartsheet/smartsheet.adapter.js';
import { MemoryChangeSetStore, MemoryMessageStore, MemorySessionStore, MemorySnapshotStore } from '../../functions/storage/memory-stores.js';
import { smallSheet, TOKEN, useEmulator } from '../support/smartsheet.js';

/**
 * A revert claims its change set (applied → reverting) before it writes. The service
 * against the Smartsheet emulator with in-memory stores: a fresh claim turns a second
 * revert away; a claim left behind by a crash is taken again once it is old. And an approval that meets a
 * conflict leaves the session on the sheet it read, so asking again proposes on that.
 */
const ctx = useEmulator();
const now = new Date('2026-11-24T12:00:00.000Z');

async function setup() {
  const smartsheet = new SmartsheetAdapter({ baseUrl: `${ctx.emulator.url.replace('localhost', '127.0.0.1')}/2.0/`, accessToken: TOKEN, changeAgent: 'chatsheetai', lock: new InProcessWriteLock(), maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20, timeoutMs: 5000, breakerThreshold: 50, halfOpenAfterMs: 100 });
  const changeSets = new MemoryChangeSetStore();
  const snapshots = new MemorySnapshotStore();
  const sessionStore = new MemorySessionStore();
  const notices: SheetChanged[] = [];
  const sessions = new SessionsService({ sessions: sessionStore, messages: new MemoryMessageStore(), snapshots, smartsheet, idleMinutes: 60, now: () => now });
  const service = new ChangeSetsService({ changeSets, snapshots, smartsheet, sessions, publisher: { publishSheetChanged: async (e) => void notices.push(e) }, approvalMinutes: 15, now: () => now });
  const created = await ctx.admin<{ id: number }>('/sheets', 'POST', smallSheet);
  const sheet = await smartsheet.getSheet(created.id);
  await snapshots.put(sheet);
  await sessionStore.create(markReady(newSession('s1', 'dana', sheet.id, now.toISOString()), sheet.version, sheet.name));
  // "Alpha" was renamed "Alpha 2" by an applied change set (the sheet holds the new value).
  const row = sheet.rows[0]!;
  const task = sheet.columns.find((c) => c.title === 'Task')!;
  await smartsheet.updateRows(sheet.id, [{ id: row.id, cells: [{ columnId: task.id, value: 'Alpha 2' }] }], sheet.columns);
  const applied = (await smartsheet.getSheet(sheet.id)).version;
  const claimed = (ageMs: number): ChangeSet => ({
    id: 'cs1',
    sessionId: 's1',
    userId: 'dana',
    sheetId: sheet.id,
    baseVersion: sheet.version,
    tool: 'update_cells',
    summary: 'Rename Alpha',
    status: 'reverting',
    revertingSince: new Date(now.getTime() - ageMs).toISOString(),
    cells: [{ rowId: row.id, rowNumber: 1, columnId: task.id, column: 'Task', old: 'Alpha', new: 'Alpha 2' }],
    addedRows: [],
    deletedRows: [],
    createdAt: now.toISOString(),
    expiresAt: now.toISOString(),
    appliedVersion: applied,
  });
  const task1 = async () => (await smartsheet.getSheet(sheet.id)).rows[0]!.values[task.index];
  return { service, changeSets, claimed, task1, notices, sessions, applied };
}

describe('revert claims', () => {
  it('a revert in progress turns a second one away and writes nothing', async () => {
    const s = await setup();
    await s.changeSets.create(s.claimed(1000));
    await expect(s.service.revert('dana', 'cs1')).rejects.toMatchObject({ status: 409, message: 'Cannot revert: the change set is reverting.' });
    expect(await s.task1()).toBe('Alpha 2');
    expect(s.notices).toEqual([]);
  });

  it('a claim left by a crash is given back with a warning once it is old; the next revert goes ahead', async () => {
    const s = await setup();
    await s.changeSets.create(s.claimed(REVERT_CLAIM_MS + 1000));
    await expect(s.service.revert('dana', 'cs1')).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/^A revert started at .* was interrupted; check the sheet \(it may be undone already\) before reverting again\.$/) });
    expect((await s.changeSets.get('cs1'))!.value).toMatchObject({ status: 'applied', error: expect.stringMatching(/interrupted/) });
    expect(await s.task1()).toBe('Alpha 2');
    const reverted = await s.service.revert('dana', 'cs1');
    expect(reverted.status).toBe('reverted');
    expect(reverted.revertingSince).toBeUndefined();
    expect(reverted.error).toBeUndefined();
    expect(await s.task1()).toBe('Alpha');
    expect(s.notices).toHaveLength(1);
  });

  it('a conflict gives the change set back as applied, with nothing written', async () => {
    const s = await setup();
    await s.changeSets.create({ ...s.claimed(0), status: 'applied', revertingSince: undefined, cells: [{ ...s.claimed(0).cells[0]!, new: 'Something else' }] });
    await expect(s.service.revert('dana', 'cs1')).rejects.toMatchObject({ status: 409 });
    const after = (await s.changeSets.get('cs1'))!.value;
    expect(after.status).toBe('applied');
    expect(after.error).toBeUndefined();
    expect(await s.task1()).toBe('Alpha 2');
  });

  it('a chat undo of a change set reverted meanwhile fails saying so and writes nothing; a retried undo keeps its own claim', async () => {
    const appliedIn = (x: Awaited<ReturnType<typeof setup>>): ChangeSet => ({ ...x.claimed(0), status: 'applied', revertingSince: undefined });
    const undoOf = (original: ChangeSet, id: string, status: ChangeSet['status'] = 'awaiting_approval'): ChangeSet => ({ ...original, id, status, revertOf: original.id, tool: 'revert_change_set', summary: 'Undo: Rename Alpha', cells: original.cells.map((c) => ({ ...c, old: c.new, new: c.old })) });
    const s = await setup();
    const applied = appliedIn(s);
    await s.changeSets.create(applied);
    await s.changeSets.create(undoOf(applied, 'undo1'));
    await s.service.revert('dana', 'cs1'); // the Revert button, while the chat undo waits for approval
    expect(await s.task1()).toBe('Alpha');
    const failed = await s.service.apply('undo1');
    expect(failed).toMatchObject({ status: 'failed', error: 'The change it undoes is reverted now. Nothing was written.' });
    expect(s.notices).toHaveLength(1); // the revert's, not the undo's

    // An apply activity run again after a crash finds the original claimed by itself, and goes on.
    const t = await setup();
    const claimedByUndo: ChangeSet = { ...appliedIn(t), status: 'reverting', revertingSince: now.toISOString(), revertingBy: 'undo2' };
    await t.changeSets.create(claimedByUndo);
    await t.changeSets.create(undoOf(appliedIn(t), 'undo2', 'applying'));
    expect((await t.service.apply('undo2')).status).toBe('applied');
    expect(await t.task1()).toBe('Alpha');
    expect((await t.changeSets.get('cs1'))!.value).toMatchObject({ status: 'reverted', revertedVersion: expect.any(Number) });

    // A crash after the undo was recorded applied but before the original was marked: the activity's next run marks it.
    const u = await setup();
    await u.changeSets.create({ ...appliedIn(u), status: 'reverting', revertingSince: now.toISOString(), revertingBy: 'undo3' });
    await u.changeSets.create({ ...undoOf(appliedIn(u), 'undo3', 'applied'), appliedVersion: 42 });
    expect((await u.service.apply('undo3')).status).toBe('applied');
    expect((await u.changeSets.get('cs1'))!.value).toMatchObject({ status: 'reverted', revertedVersion: 42 });
    expect((await u.changeSets.get('cs1'))!.value.revertingBy).toBeUndefined();
  });
});

describe('approving a change the sheet has moved past', () => {
  it('is a conflict that writes nothing and moves the session to the sheet as read, before any notice of the edit arrives', async () => {
    const s = await setup();
    // Proposed on the session's snapshot ("Alpha"), which someone renamed "Alpha 2" meanwhile (no notice here).
    const stale: ChangeSet = { ...s.claimed(0), id: 'cs2', status: 'awaiting_approval', revertingSince: undefined, appliedVersion: undefined, cells: [{ ...s.claimed(0).cells[0]!, old: 'Alpha', new: 'Beta' }] };
    await s.changeSets.create(stale);
    expect((await s.sessions.requireReady('dana', 's1')).sheet.version).toBe(stale.baseVersion);
    const result = await s.service.apply('cs2');
    expect(result).toMatchObject({ status: 'conflict', conflicts: [{ column: 'Task', expected: 'Alpha', actual: 'Alpha 2' }] });
    expect(await s.task1()).toBe('Alpha 2');
    const ready = await s.sessions.requireReady('dana', 's1');
    expect(ready.sheet.version).toBe(s.applied);
    expect(ready.sheet.rows[0]!.values).toContain('Alpha 2');
  });
});
