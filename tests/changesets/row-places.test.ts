import { describe, expect, it } from 'vitest';
import { buildProposal } from '../../functions/changesets/changeset.builder.js';
import { addCalls, locationOf, MAX_RESTORE_CALLS, restoredRows } from '../../functions/changesets/row-places.js';
import type { RowValues } from '../../functions/changesets/changeset.model.js';
import { largeSheet } from '../../infra/smartsheet-emulator/seed.js';
import { addRows, deleteRows, totalRows, type StoredSheet } from '../../infra/smartsheet-emulator/sheet-store.js';
import { findSheetColumn } from '../../infra/smartsheet-emulator/column-store.js';
import { outlinePlaces, toSheet } from '../../shared/sheet/model.js';
import { outline, plan } from '../support/outline-plan.js';

const today = '2026-11-24';

/** What applying and then undoing a delete does to the emulator's sheet, the calls made as the change set service makes them. */
function deleteThenUndo(stored: StoredSheet, deletedRows: RowValues[], meanwhile: (stored: StoredSheet) => void = () => undefined): number {
  deleteRows(stored, deletedRows.map((r) => r.rowId!), true);
  meanwhile(stored);
  const readded = new Map<number, number>();
  const present = new Set(stored.rows.map((r) => r.id));
  const calls = addCalls(restoredRows(deletedRows));
  for (const call of calls) {
    const location = locationOf(call, (id) => readded.get(id) ?? (present.has(id) ? id : undefined));
    const cells = (r: RowValues) => Object.entries(r.values).flatMap(([title, value]) => (value === null ? [] : [{ columnId: findSheetColumn(stored, title)!.id, value }]));
    const { rows } = addRows(stored, call.rows.map((r) => ({ ...location, cells: cells(r) })), false);
    rows.forEach((row, i) => readded.set(call.rows[i]!.restores!, row.id));
  }
  return calls.length;
}

describe('undoing a delete puts the rows back where they stood', () => {
  it('records each row’s place in the outline: its parent and the row above it at its level', () => {
    const { stored, ids } = plan();
    const places = outlinePlaces(toSheet(totalRows(stored)).rows, new Set(Object.values(ids)));
    expect(places.get(ids.p2!)).toEqual({ siblingId: ids.p1 });
    expect(places.get(ids.a!)).toEqual({ parentId: ids.p1 });
    expect(places.get(ids.b!)).toEqual({ parentId: ids.p1, siblingId: ids.a });
    expect(places.get(ids.a2!)).toEqual({ parentId: ids.a, siblingId: ids.a1 });
    expect(places.get(ids.p1!)).toEqual({ siblingId: stored.rows[stored.rows.findIndex((r) => r.id === ids.p1) - 1]!.id });
  });

  it('a project plan comes back as it was: parents, the rows under them and rows scattered over the sheet, in order', () => {
    const { stored, ids } = plan();
    const before = outline(stored);
    const first = stored.rows[0]!.id;
    const middle = [stored.rows[4]!.id, stored.rows[5]!.id, stored.rows[9]!.id];
    const proposal = buildProposal('delete_rows', { rowIds: [first, ...middle, ids.a!, ids.c!, ids.p2!] }, toSheet(totalRows(stored)), today);
    // Design takes Sketch and Review with it; Phase 2 takes Launch.
    expect(proposal.deletedRows).toHaveLength(10);
    const calls = deleteThenUndo(stored, proposal.deletedRows);
    expect(outline(stored)).toEqual(before);
    // One call per run of rows that stood together: the first row, rows 5–6, row 10, Design, Design's tasks, Test, Phase 2, Launch.
    expect(calls).toBe(8);
  });

  it('when the row above a deleted one is gone too, the row goes last under its parent, or at the end of the sheet', () => {
    const { stored, ids } = plan();
    const proposal = buildProposal('delete_rows', { rowIds: [ids.b!, ids.p2!] }, toSheet(totalRows(stored)), today);
    deleteThenUndo(stored, proposal.deletedRows, (s) => deleteRows(s, [ids.a!, ids.p1!], true));
    // Build stood below Design, Phase 2 below Phase 1, and both are gone (Design with its phase): the end of the sheet.
    expect(outline(stored).slice(-3)).toEqual([
      ['Build', undefined],
      ['Phase 2', undefined],
      ['Launch', 'Phase 2'],
    ]);
    const again = plan();
    const deleted = buildProposal('delete_rows', { rowIds: [again.ids.b!] }, toSheet(totalRows(again.stored)), today).deletedRows;
    deleteThenUndo(again.stored, deleted, (s) => deleteRows(s, [again.ids.a!], true));
    expect(outline(again.stored).filter(([, parent]) => parent === 'Phase 1')).toEqual([
      ['Test', 'Phase 1'],
      ['Build', 'Phase 1'],
    ]);
  });

  it(`rows spread over more than ${MAX_RESTORE_CALLS} places come back at the end in one call, and the proposal says so`, () => {
    const sheet = toSheet(totalRows(largeSheet(200)));
    const everyOther = sheet.rows.filter((_, i) => i % 2 === 0).slice(0, MAX_RESTORE_CALLS + 1);
    const proposal = buildProposal('delete_rows', { rowIds: everyOther.map((r) => r.id) }, sheet, today);
    expect(proposal.notes).toEqual([`These rows stand in more than ${MAX_RESTORE_CALLS} separate places, so undo would bring their values back at the end of the sheet, not where they were.`, 'Undo brings back the rows’ values and formulas (as new rows), not their comments or attachments.']);
    const calls = addCalls(restoredRows(proposal.deletedRows));
    expect(calls).toHaveLength(1);
    expect(locationOf(calls[0]!, () => undefined)).toEqual({ toBottom: true });
    // One place fewer: each goes back where it stood.
    const fewer = buildProposal('delete_rows', { rowIds: everyOther.slice(0, MAX_RESTORE_CALLS).map((r) => r.id) }, sheet, today);
    expect(fewer.notes).toEqual(['Undo brings back the rows’ values and formulas (as new rows), not their comments or attachments.']);
    expect(addCalls(restoredRows(fewer.deletedRows))).toHaveLength(MAX_RESTORE_CALLS);
  });

  it('rows added by add_rows go last under their parent or at the end; deletions recorded before places were kept go to the end', () => {
    expect(locationOf({ rows: [{ parentId: 7, values: {} }] }, () => 7)).toEqual({ parentId: 7, toBottom: true });
    expect(locationOf({ rows: [{ values: {} }] }, () => undefined)).toEqual({ toBottom: true });
    const old = restoredRows([{ rowId: 3, values: { Task: 'x' } }]);
    expect(old).toEqual([{ values: { Task: 'x' } }]);
    expect(addCalls(old)).toEqual([{ rows: old }]);
  });
});
