import { describe, expect, it } from 'vitest';
import type { Sheet } from '../../shared/sheet/model.js';
import { displayValue } from '../../shared/sheet/values.js';
import { changeSetStack } from '../support/changeset-stack.js';
import { smallSheet, useEmulator } from '../support/smartsheet.js';

/**
 * Rows sent to another sheet (move_rows with toSheet): the change set service against the Smartsheet emulator over
 * HTTP, through the real adapter. Nothing moves before approval; a move takes the rows (and the rows under them) to
 * the bottom of the other sheet, which gets the columns it lacks; undo brings them back where they stood; a copy's
 * undo deletes the copies; rows changed since — here before approval, or there before undo — stop it, writing nothing.
 */
const ctx = useEmulator();

async function setup(destination: { name?: string; accessLevel?: string } = {}) {
  const name = `${destination.name ?? 'Done Work'} ${Math.random().toString(36).slice(2, 8)}`;
  const source = await ctx.admin<{ id: number; rowIds: number[] }>('/sheets', 'POST', { ...smallSheet, name: `Tasks ${name}` });
  // Beta has two rows indented under it.
  await ctx.admin(`/sheets/${source.id}/external-edit`, 'POST', { add: [{ Task: 'Beta 1', Status: 'Open' }, { Task: 'Beta 2', Budget: 5 }], parentId: source.rowIds[1] });
  const other = await ctx.admin<{ id: number }>('/sheets', 'POST', { name, columns: [{ title: 'Task', type: 'TEXT_NUMBER' }, { title: 'Status', type: 'PICKLIST', options: ['Open', 'Done', 'Blocked'] }], rows: [{ Task: 'Old', Status: 'Done' }], ...(destination.accessLevel ? { accessLevel: destination.accessLevel } : {}) });
  const stack = await changeSetStack(ctx, source.id);
  return { ...stack, name, otherId: other.id, propose: (args: object, on?: Sheet) => stack.propose('move_rows', args, on), proposeTool: stack.propose };
}

/** Each row as people see it: its Task, the Task of the row it is under, and every value shown. */
const outline = (sheet: Sheet) => {
  const task = (id: number | undefined) => (id === undefined ? undefined : displayValue(sheet.rows.find((r) => r.id === id)!.values[0] ?? null));
  return sheet.rows.map((r) => [task(r.id), task(r.parentId), Object.fromEntries(sheet.columns.map((c) => [c.title, displayValue(r.values[c.index] ?? null)]).filter(([, v]) => v !== ''))]);
};

describe('rows to another sheet', () => {
  it('a move takes the rows, with the rows under them, to the bottom of the other sheet (which gets the columns it lacks); Revert brings them back where they stood', async () => {
    const { service, smartsheet, notices, sheet, name, otherId, read, propose } = await setup();
    const before = outline(sheet);
    const proposed = await propose({ rowNumbers: [2], toSheet: name.toUpperCase() });
    // Its last word alone names it too: no other sheet has that word.
    expect((await propose({ rowNumbers: [2], toSheet: name.split(' ').at(-1)! })).transfer).toMatchObject({ sheetId: otherId, sheetName: name });
    expect(proposed.summary).toBe(`Move 3 rows (rows 2, 3, 4) to "${name}"`);
    expect(proposed.transfer!.rows.map((r) => r.values.Task)).toEqual(['Beta', 'Beta 1', 'Beta 2']);
    expect(proposed.notes).toEqual([
      'The 2 rows indented under it go too, still indented.',
      `"${name}" has no column "Due", "Budget", "Done": Smartsheet adds them to it.`,
      `The rows leave this sheet for the bottom of "${name}", with their comments and attachments; undo brings them back where they were.`,
    ]);
    // Proposed only: both sheets as they were.
    expect(outline(await read(sheet.id))).toEqual(before);
    expect((await read(otherId)).rows).toHaveLength(1);

    // A comment on Beta goes with it, and comes back with it.
    await ctx.admin(`/sheets/${sheet.id}/comments`, 'POST', { rowId: sheet.rows[1]!.id, text: 'Beta needs sign-off.', by: { name: 'Mei Chen' } });
    const commentsOn = async (sheetId: number) => {
      const [threads, now] = [await smartsheet.getDiscussions(sheetId), await read(sheetId)];
      return threads.map((d) => [now.rows.find((r) => r.id === d.rowId)?.values[0], d.comments.map((c) => c.text)]);
    };
    expect(await commentsOn(sheet.id)).toEqual([['Beta', ['Beta needs sign-off.']]]);
    const applied = await service.apply(proposed.id);
    expect(applied).toMatchObject({ status: 'applied', failures: [] });
    expect(await commentsOn(sheet.id)).toEqual([]);
    expect(await commentsOn(otherId)).toEqual([['Beta', ['Beta needs sign-off.']]]);
    expect(outline(await read(sheet.id)).map((r) => r[0])).toEqual(['Alpha', 'Gamma']);
    const there = await read(otherId);
    expect(there.columns.map((c) => c.title)).toEqual(['Task', 'Status', 'Due', 'Budget', 'Done']);
    expect(outline(there)).toEqual([
      ['Old', undefined, { Task: 'Old', Status: 'Done' }],
      ['Beta', undefined, { Task: 'Beta', Status: 'Blocked', Due: '2026-12-15', Budget: '250.5', Done: 'false' }],
      ['Beta 1', 'Beta', { Task: 'Beta 1', Status: 'Open' }],
      ['Beta 2', 'Beta', { Task: 'Beta 2', Budget: '5' }],
    ]);
    // Both sheets announced: the rows left this one, and the other has new rows.
    expect(notices.map((n) => [n.sheetId, n.structural])).toEqual([[sheet.id, true], [otherId, true]]);
    expect(notices[0]!.deletedRowIds).toEqual(proposed.transfer!.rows.map((r) => r.rowId));

    const reverted = await service.revert('dana', proposed.id);
    expect(reverted.status).toBe('reverted');
    expect(outline(await read(sheet.id))).toEqual(before);
    expect(await commentsOn(sheet.id)).toEqual([['Beta', ['Beta needs sign-off.']]]);
    expect(outline(await read(otherId)).map((r) => r[0])).toEqual(['Old']);
  });

  it('a copy leaves the rows here; the chat undo deletes the copies, and not once someone has changed one', async () => {
    const { service, sheet, name, otherId, read, propose, proposeTool, smartsheet } = await setup();
    const before = outline(sheet);
    const copy = await propose({ rowIds: [sheet.rows[0]!.id, sheet.rows[4]!.id], toSheet: name, copy: true });
    expect(copy.summary).toBe(`Copy 2 rows (rows 1, 5) to "${name}"`);
    expect(copy.notes?.at(-1)).toBe(`Copies go to the bottom of "${name}"; the rows here stay as they are. Undo deletes the copies.`);
    await service.apply(copy.id);
    expect(outline(await read(sheet.id))).toEqual(before);
    const there = await read(otherId);
    expect(outline(there).map((r) => r[0])).toEqual(['Old', 'Alpha', 'Gamma']);
    expect(outline(there)[1]![2]).toMatchObject({ Owner: 'Dana', Due: '2026-12-01' });

    // Someone edits a copy: undo is refused, saying so, and nothing is deleted.
    const copied = there.rows[1]!;
    await smartsheet.updateRows(otherId, [{ id: copied.id, cells: [{ columnId: there.columns[1]!.id, value: 'Blocked' }] }], there.columns);
    const current = await read(sheet.id);
    await expect(proposeTool('revert_change_set', {}, current)).rejects.toThrow(`the rows in "${name}" changed since`);
    await expect(service.revert('dana', copy.id)).rejects.toThrow(/changed since this change set was applied; nothing was reverted/);
    expect((await read(otherId)).rows).toHaveLength(3);
    // Put back as it was, the chat's undo goes ahead: a change set of its own, then the copies are gone.
    await smartsheet.updateRows(otherId, [{ id: copied.id, cells: [{ columnId: there.columns[1]!.id, value: 'Open' }] }], there.columns);
    const undo = await proposeTool('revert_change_set', {}, current);
    expect(undo).toMatchObject({ summary: `Undo: ${copy.summary}`, revertOf: copy.id, transfer: { mode: 'copy', back: true } });
    expect((await read(otherId)).rows).toHaveLength(3);
    expect(await service.apply(undo.id)).toMatchObject({ status: 'applied' });
    expect(outline(await read(otherId)).map((r) => r[0])).toEqual(['Old']);
    expect(outline(await read(sheet.id))).toEqual(before);
    expect((await service.get('dana', copy.id)).value.status).toBe('reverted');
  });

  it('the rows gone, a failed read of the version does not lose where they went: the move is applied and Revert brings them back', async () => {
    const { service, sheet, name, otherId, read, propose } = await setup();
    const before = outline(sheet);
    const move = await propose({ rowNumbers: [1], toSheet: name });
    await ctx.admin('/faults', 'POST', { match: `^GET /sheets/${sheet.id}/version$`, status: 500, errorCode: 4000 });
    try {
      expect(await service.apply(move.id)).toMatchObject({ status: 'applied', transfer: { rowMap: [{ from: sheet.rows[0]!.id, to: expect.any(Number) }] } });
      expect(outline(await read(otherId)).map((r) => r[0])).toEqual(['Old', 'Alpha']);
      expect((await service.revert('dana', move.id)).status).toBe('reverted');
    } finally {
      await ctx.admin('/faults', 'DELETE');
    }
    expect(outline(await read(sheet.id))).toEqual(before);
  });

  it('a row edited here after the proposal is a conflict: nothing moves', async () => {
    const { service, sheet, name, otherId, read, propose } = await setup();
    const move = await propose({ filter: { column: 'Status', op: 'eq', value: 'Done' }, toSheet: name });
    await ctx.admin(`/sheets/${sheet.id}/external-edit`, 'POST', { rowId: sheet.rows[4]!.id, cells: { Budget: 80 } });
    const result = await service.apply(move.id);
    expect(result.status).toBe('conflict');
    expect(result.conflicts).toEqual([{ rowId: sheet.rows[4]!.id, rowNumber: 5, column: 'Budget', expected: 75, actual: 80 }]);
    expect((await read(sheet.id)).rows).toHaveLength(5);
    expect((await read(otherId)).rows).toHaveLength(1);
  });

  it('the other sheet must be another sheet shared with the app for editing; one not found is named with those there are', async () => {
    const { sheet, name, propose } = await setup({ accessLevel: 'VIEWER' });
    await expect(propose({ rowNumbers: [1], toSheet: name })).rejects.toThrow(`"${name}" is shared with the app's account as Viewer, so rows cannot go there; its owner can give Editor access.`);
    await expect(propose({ rowNumbers: [1], toSheet: sheet.name })).rejects.toThrow(`"${sheet.name}" is this sheet: to move rows within it, give "to", "under", "after" or "before" instead.`);
    await expect(propose({ rowNumbers: [1], toSheet: 'Nowhere' })).rejects.toThrow(/^No sheet called "Nowhere" is shared with the app; the others are .*"Archive"/);
    // Words of a name: the one sheet holding them all is meant (the card names it); several are listed to choose from.
    const [word] = name.split(' ').slice(-1);
    await expect(propose({ rowNumbers: [1], toSheet: word!.toUpperCase() })).rejects.toThrow(`"${name}" is shared with the app's account as Viewer`);
    await expect(propose({ rowNumbers: [1], toSheet: 'done work' })).rejects.toThrow(/^No sheet is called "done work"; \d+ have it in their name: .*"Done Work .*", "Done Work .*"\. Say which\.$/);
    await expect(propose({ rowNumbers: [1], copy: true, to: 'top' })).rejects.toThrow(/"copy" goes with "toSheet"/);
  });
});
