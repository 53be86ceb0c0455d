import { expect, it } from 'vitest';
import type { Sheet } from '../../shared/sheet/model.js';
import { columnByTitle } from '../../shared/sheet/model.js';
import type { SmartsheetPort } from '../../functions/smartsheet/smartsheet.port.js';

/**
 * What every implementation of the Smartsheet port must do, run against the
 * emulator always and against real Smartsheet when credentials are given. The
 * sheet must have columns Task (text), Status (picklist), Due (date), Budget
 * (number), Done (checkbox); rows the suite adds are deleted again. Rows sent to another sheet need a second
 * sheet (`targetSheetId`, with a Task column): `transfers` false skips that test, saying so in its name — and under
 * CI=true runs it to fail, saying what is missing.
 */
export function adapterContract(setup: () => { adapter: SmartsheetPort; sheetId: number; targetSheetId?: number }, transfers = true): void {
  const col = (sheet: Sheet, title: string) => columnByTitle(sheet, title)!;

  it('lists the sheet and loads it typed', async () => {
    const { adapter, sheetId } = setup();
    expect((await adapter.listSheets()).map((s) => s.id)).toContain(sheetId);
    const sheet = await adapter.getSheet(sheetId);
    expect(sheet.id).toBe(sheetId);
    expect(col(sheet, 'Budget').type).toBe('TEXT_NUMBER');
    expect(col(sheet, 'Done').type).toBe('CHECKBOX');
    expect(sheet.rows.length).toBeGreaterThan(0);
    for (const row of sheet.rows) expect(row.values).toHaveLength(sheet.columns.length);
    expect(await adapter.getVersion(sheetId)).toBe(sheet.version);
  });

  it('adds, updates and deletes rows; each write returns the new version', async () => {
    const { adapter, sheetId } = setup();
    const sheet = await adapter.getSheet(sheetId);
    const added = await adapter.addRows(
      sheetId,
      [
        { cells: [{ columnId: col(sheet, 'Task').id, value: 'contract row 1' }, { columnId: col(sheet, 'Budget').id, value: 10 }] },
        { cells: [{ columnId: col(sheet, 'Task').id, value: 'contract row 2' }, { columnId: col(sheet, 'Done').id, value: true }] },
      ],
      sheet.columns,
    );
    expect(added.outcomes.every((o) => o.ok)).toBe(true);
    expect(added.version).toBeGreaterThan(sheet.version);
    const ids = added.outcomes.map((o) => o.rowId!);
    const since = new Date(Date.now() - 60_000).toISOString();
    const updated = await adapter.updateRows(sheetId, [{ id: ids[0]!, cells: [{ columnId: col(sheet, 'Due').id, value: '2027-03-04' }] }], sheet.columns);
    expect(updated.version).toBeGreaterThan(added.version);
    const after = await adapter.getSheet(sheetId);
    const row = after.rows.find((r) => r.id === ids[0])!;
    expect(row.values[col(after, 'Due').index]).toBe('2027-03-04');
    expect(row.values[col(after, 'Budget').index]).toBe(10);
    expect(after.rows.find((r) => r.id === ids[1])!.values[col(after, 'Done').index]).toBe(true);
    const changed = await adapter.getRowsModifiedSince(sheetId, since);
    expect(changed.rows.map((r) => r.id)).toEqual(expect.arrayContaining(ids));
    expect(await adapter.getSheetIfChanged(sheetId, after.version)).toBeUndefined();
    expect((await adapter.getSheetIfChanged(sheetId, sheet.version))?.version).toBe(after.version);
    const removed = await adapter.deleteRows(sheetId, ids);
    expect(removed.deleted.sort()).toEqual([...ids].sort());
    expect(removed.version).toBeGreaterThan(updated.version);
  });

  it('places added rows: first or last under a parent, below a row; moves rows; deleting the parent deletes the rows under it', async () => {
    const { adapter, sheetId } = setup();
    const sheet = await adapter.getSheet(sheetId);
    const named = (...names: string[]) => names.map((name) => ({ cells: [{ columnId: col(sheet, 'Task').id, value: name }] }));
    const idsOf = async (result: Promise<{ outcomes: { ok: boolean; rowId?: number }[] }>) => (await result).outcomes.map((o) => o.rowId!);
    const [parent] = await idsOf(adapter.addRows(sheetId, named('contract parent'), sheet.columns));
    const [last] = await idsOf(adapter.addRows(sheetId, named('contract last'), sheet.columns, { parentId: parent!, toBottom: true }));
    const firsts = await idsOf(adapter.addRows(sheetId, named('contract first', 'contract second'), sheet.columns, { parentId: parent! }));
    const [below] = await idsOf(adapter.addRows(sheetId, named('contract below'), sheet.columns, { siblingId: firsts[1]! }));
    const after = await adapter.getSheet(sheetId);
    const at = after.rows.findIndex((r) => r.id === parent);
    expect(after.rows.slice(at, at + 5).map((r) => [r.id, r.parentId])).toEqual([[parent, undefined], ...[...firsts, below, last].map((id) => [id, parent])]);
    // Moving rows (as undoing a sort does): the last two become the first children, in the order given.
    await adapter.moveRows(sheetId, [last!, below!], { parentId: parent! });
    const moved = await adapter.getSheet(sheetId);
    expect(moved.rows.slice(at + 1, at + 5).map((r) => r.id)).toEqual([last, below, ...firsts]);
    const removed = await adapter.deleteRows(sheetId, [parent!]);
    expect(removed.deleted).toContain(parent);
    expect((await adapter.getSheet(sheetId)).rows.filter((r) => [parent, last, below, ...firsts].includes(r.id))).toEqual([]);
  });

  it('surfaces partial success row by row', async () => {
    const { adapter, sheetId } = setup();
    const sheet = await adapter.getSheet(sheetId);
    const [first, second] = sheet.rows;
    const result = await adapter.updateRows(
      sheetId,
      [
        { id: first!.id, cells: [{ columnId: col(sheet, 'Budget').id, value: first!.values[col(sheet, 'Budget').index] ?? null }] },
        { id: 1, cells: [{ columnId: col(sheet, 'Budget').id, value: 1 }] },
        { id: second!.id, cells: [{ columnId: col(sheet, 'Budget').id, value: second!.values[col(sheet, 'Budget').index] ?? null }] },
      ],
      sheet.columns,
    );
    expect(result.outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(result.outcomes[1]).toMatchObject({ index: 1, ok: false, error: { code: expect.any(Number), message: expect.any(String) } });
  });

  it('adds, renames and deletes a column', async () => {
    const { adapter, sheetId } = setup();
    const title = `Contract ${Date.now() % 100000}`;
    const { columns } = await adapter.addColumns(sheetId, [{ title, type: 'PICKLIST', options: ['A', 'B'], index: 1 }]);
    const renamed = await adapter.updateColumn(sheetId, columns[0]!.id, { title: `${title} renamed` });
    expect(renamed.column.title).toBe(`${title} renamed`);
    await adapter.deleteColumn(sheetId, columns[0]!.id);
    expect(columnByTitle(await adapter.getSheet(sheetId), `${title} renamed`)).toBeUndefined();
  });

  // Without a second sheet the test cannot run: skipped saying so — and under CI=true it fails, saying what is missing.
  it.skipIf(!transfers && !process.env.CI)(`copies and moves rows to another sheet, a row under another with it, each mapped to its id there${transfers ? '' : ' (needs a second sheet, SMARTSHEET_TEST_TARGET_SHEET_ID)'}`, async () => {
    const { adapter, sheetId, targetSheetId } = setup();
    if (!targetSheetId) throw new Error('This test needs a second sheet to send rows to: set SMARTSHEET_TEST_TARGET_SHEET_ID (a sheet with a Task column).');
    const target = targetSheetId!;
    const sheet = await adapter.getSheet(sheetId);
    const task = (name: string) => ({ cells: [{ columnId: col(sheet, 'Task').id, value: name }] });
    const [parent] = (await adapter.addRows(sheetId, [task('contract sent parent')], sheet.columns)).outcomes.map((o) => o.rowId!);
    const [child] = (await adapter.addRows(sheetId, [task('contract sent child')], sheet.columns, { parentId: parent! })).outcomes.map((o) => o.rowId!);
    const tasksThere = async (ids: readonly number[]) => {
      const there = await adapter.getSheet(target);
      const byId = new Map(there.rows.map((r) => [r.id, r]));
      return ids.map((id) => [byId.get(id)?.values[col(there, 'Task').index], byId.get(byId.get(id)?.parentId ?? -1)?.values[col(there, 'Task').index]]);
    };
    const copied = await adapter.transferRows(sheetId, [parent!, child!], target, 'copy');
    expect(copied.rowMap.map((m) => m.from)).toEqual([parent, child]);
    expect(await tasksThere(copied.rowMap.map((m) => m.to))).toEqual([['contract sent parent', undefined], ['contract sent child', 'contract sent parent']]);
    expect((await adapter.getSheet(sheetId)).rows.filter((r) => r.id === parent || r.id === child)).toHaveLength(2);
    const moved = await adapter.transferRows(sheetId, [parent!, child!], target, 'move');
    expect(await tasksThere(moved.rowMap.map((m) => m.to))).toEqual([['contract sent parent', undefined], ['contract sent child', 'contract sent parent']]);
    expect((await adapter.getSheet(sheetId)).rows.filter((r) => r.id === parent || r.id === child)).toEqual([]);
    await adapter.deleteRows(target, [copied.rowMap[0]!.to, moved.rowMap[0]!.to]);
    expect(await tasksThere([...copied.rowMap, ...moved.rowMap].map((m) => m.to))).toEqual([[undefined, undefined], [undefined, undefined], [undefined, undefined], [undefined, undefined]]);
  });

  it('adds a comment to a row, a reply in its thread and one on the sheet itself, edits one, reads them back (on the row, among the sheet\'s, and counted), and deletes them; deleting or editing again is false', async () => {
    const { adapter, sheetId } = setup();
    const sheet = await adapter.getSheet(sheetId);
    const [rowId] = (await adapter.addRows(sheetId, [{ cells: [{ columnId: col(sheet, 'Task').id, value: 'contract commented' }] }], sheet.columns)).outcomes.map((o) => o.rowId!);
    const text = `Contract comment ${Date.now() % 100000}`;
    const { discussionId, commentId } = await adapter.addComment(sheetId, rowId!, text);
    const onRow = await adapter.getDiscussions(sheetId, rowId!);
    expect(onRow).toEqual([{ id: discussionId, rowId, comments: [{ id: commentId, text, by: expect.any(String), at: expect.any(String) }] }]);
    expect((await adapter.getDiscussions(sheetId)).find((d) => d.id === discussionId)?.comments.map((c) => c.text)).toEqual([text]);
    // A reply goes into the thread; the counts (a read without the comments) see both, on the row.
    expect(await adapter.editComment(sheetId, commentId, `${text} (edited)`)).toBe(true);
    expect((await adapter.getDiscussions(sheetId, rowId!))[0]!.comments.map((c) => c.text)).toEqual([`${text} (edited)`]);
    expect(await adapter.editComment(sheetId, commentId, text)).toBe(true);
    const reply = await adapter.addComment(sheetId, rowId!, `${text} (reply)`, discussionId);
    expect(reply.discussionId).toBe(discussionId);
    expect((await adapter.getDiscussions(sheetId, rowId!)).map((d) => d.comments.map((c) => [c.id, c.text]))).toEqual([[[commentId, text], [reply.commentId, `${text} (reply)`]]]);
    expect((await adapter.getCommentCounts(sheetId)).filter((t) => t.rowId === rowId)).toEqual([{ rowId, comments: 2, lastAt: expect.any(String) }]);
    expect(await adapter.deleteComment(sheetId, reply.commentId)).toBe(true);
    expect(await adapter.deleteComment(sheetId, commentId)).toBe(true);
    expect(await adapter.getDiscussions(sheetId, rowId!)).toEqual([]);
    expect((await adapter.getCommentCounts(sheetId)).filter((t) => t.rowId === rowId)).toEqual([]);
    // On the sheet itself (no row): its own thread, read back among the sheet's and counted on no row.
    const onSheet = await adapter.addComment(sheetId, undefined, `${text} (on the sheet)`);
    expect((await adapter.getDiscussions(sheetId)).find((d) => d.id === onSheet.discussionId)).toEqual({ id: onSheet.discussionId, comments: [{ id: onSheet.commentId, text: `${text} (on the sheet)`, by: expect.any(String), at: expect.any(String) }] });
    expect((await adapter.getCommentCounts(sheetId)).some((t) => t.rowId === undefined && t.comments >= 1)).toBe(true);
    expect(await adapter.deleteComment(sheetId, onSheet.commentId)).toBe(true);
    expect(await adapter.deleteComment(sheetId, commentId)).toBe(false);
    expect(await adapter.editComment(sheetId, commentId, 'too late')).toBe(false);
    await adapter.deleteRows(sheetId, [rowId!]);
  });

  it('reads a cell\'s history newest first, typed, with who wrote each value and when; at most as many as asked', async () => {
    const { adapter, sheetId } = setup();
    const sheet = await adapter.getSheet(sheetId);
    const budget = col(sheet, 'Budget');
    const [rowId] = (await adapter.addRows(sheetId, [{ cells: [{ columnId: col(sheet, 'Task').id, value: 'contract history' }, { columnId: budget.id, value: 10 }] }], sheet.columns)).outcomes.map((o) => o.rowId!);
    await adapter.updateRows(sheetId, [{ id: rowId!, cells: [{ columnId: budget.id, value: 20 }] }], sheet.columns);
    const history = await adapter.getCellHistory(sheetId, rowId!, budget.id, 10);
    expect(history.map((h) => h.value)).toEqual([20, 10]);
    expect(history[0]).toEqual({ value: 20, by: expect.any(String), at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(history[0]!.by).not.toBe('someone');
    expect((await adapter.getCellHistory(sheetId, rowId!, budget.id, 1)).map((h) => h.value)).toEqual([20]);
    await adapter.deleteRows(sheetId, [rowId!]);
  });

  it('reports a missing sheet as not found, not retryable', async () => {
    const { adapter } = setup();
    await expect(adapter.getSheet(1)).rejects.toMatchObject({ status: 404, retryable: false, code: 'NOT_FOUND' });
  });
}
