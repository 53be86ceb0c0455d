import { describe, expect, it } from 'vitest';
import { buildProposal } from '../../functions/changesets/changeset.builder.js';
import { findConflicts, inverseOf } from '../../functions/changesets/changeset.diff.js';
import type { ChangeSet } from '../../functions/changesets/changeset.model.js';
import { moveLocation, placesOf } from '../../functions/changesets/row-moves.js';
import { ProposalError } from '../../functions/changesets/write-targets.js';
import { deleteRows, totalRows, updateRows, type StoredSheet } from '../../infra/smartsheet-emulator/sheet-store.js';
import { toSheet, type Sheet } from '../../shared/sheet/model.js';
import { whyNotIndented } from '../../shared/sheet/row-moves.js';
import { outline, plan } from '../support/outline-plan.js';

const today = '2026-11-24';
const sheetOf = (stored: StoredSheet): Sheet => toSheet(totalRows(stored));

/** A move proposed on the emulator's sheet, as a change set. */
function propose(stored: StoredSheet, args: object): ChangeSet {
  return { ...buildProposal('move_rows', args, sheetOf(stored), today), id: 'cs', status: 'awaiting_approval' } as unknown as ChangeSet;
}

/** Writes a change set's moves as the writer does (one call per move, each row naming the move's place); the applied change set. */
function write(stored: StoredSheet, cs: ChangeSet): ChangeSet {
  const before = sheetOf(stored);
  const present = new Set(before.rows.map((r) => r.id));
  for (const move of cs.moves ?? []) updateRows(stored, move.rowIds.map((id) => ({ id, ...moveLocation(move, present) })), false);
  return { ...cs, status: 'applied', placesBefore: placesOf(before, cs.moves ?? []) };
}

/** Reverts an applied move on the emulator's sheet: its conflicts (none, or nothing written) and the outline after. */
function revert(stored: StoredSheet, cs: ChangeSet) {
  const conflicts = findConflicts(cs, sheetOf(stored), 'new');
  if (!conflicts.length) write(stored, { ...cs, ...inverseOf(cs) });
  return conflicts;
}

const tail = (stored: StoredSheet, n = 8) => outline(stored).slice(-n);

describe('moving rows (move_rows)', () => {
  it('moves rows under a row, to the top or bottom, or just below or above a row — each with the rows under it — and undo puts them back', () => {
    const cases: [object, string, [unknown, unknown][]][] = [];
    const { stored, ids } = plan();
    const original = outline(stored);
    const rowNumber = (id: number) => sheetOf(stored).rows.find((r) => r.id === id)!.rowNumber;
    cases.push([{ rowIds: [ids.c], under: ids.p2 }, `Move row ${rowNumber(ids.c)} (Test) under row ${rowNumber(ids.p2)} (Phase 2)`, [['Phase 1', undefined], ['Design', 'Phase 1'], ['Sketch', 'Design'], ['Review', 'Design'], ['Build', 'Phase 1'], ['Phase 2', undefined], ['Launch', 'Phase 2'], ['Test', 'Phase 2']]]);
    cases.push([{ rowIds: [ids.b], before: ids.a }, `Move row ${rowNumber(ids.b)} (Build) just above row ${rowNumber(ids.a)} (Design)`, [['Phase 1', undefined], ['Build', 'Phase 1'], ['Design', 'Phase 1'], ['Sketch', 'Design'], ['Review', 'Design'], ['Test', 'Phase 1'], ['Phase 2', undefined], ['Launch', 'Phase 2']]]);
    cases.push([{ rowIds: [ids.a], after: ids.p2 }, `Move row ${rowNumber(ids.a)} (Design) just below row ${rowNumber(ids.p2)} (Phase 2)`, [['Phase 1', undefined], ['Build', 'Phase 1'], ['Test', 'Phase 1'], ['Phase 2', undefined], ['Launch', 'Phase 2'], ['Design', undefined], ['Sketch', 'Design'], ['Review', 'Design']]]);
    cases.push([{ rowIds: [ids.b, ids.d], to: 'bottom' }, `Move 2 rows (rows ${rowNumber(ids.b)}, ${rowNumber(ids.d)}) to the bottom of the sheet`, [['Design', 'Phase 1'], ['Sketch', 'Design'], ['Review', 'Design'], ['Test', 'Phase 1'], ['Phase 2', undefined], ['Build', undefined], ['Launch', undefined]].slice(-7) as [unknown, unknown][]]);
    for (const [args, summary, after] of cases) {
      const cs = propose(stored, args);
      expect(cs.summary).toBe(summary);
      const applied = write(stored, cs);
      expect(tail(stored, after.length), summary).toEqual(after);
      // The diff's numbers are the sheet's after the move.
      const now = sheetOf(stored);
      expect(cs.moves!.flatMap((m) => m.rowNumbersAfter), summary).toEqual(cs.moves!.flatMap((m) => m.rowIds).map((id) => now.rows.find((r) => r.id === id)!.rowNumber));
      expect(revert(stored, applied)).toEqual([]);
      expect(outline(stored), summary).toEqual(original);
    }
    // To the top, with the rows under it: they go along, and the note says so.
    const top = propose(stored, { rowNumbers: [rowNumber(ids.a)], to: 'top' });
    expect(top).toMatchObject({ summary: `Move row ${rowNumber(ids.a)} (Design) to the top of the sheet`, notes: ['The 2 rows indented under it move with it.', 'Undo puts the rows back where they were.'] });
    expect(top.moves!.map((m) => m.rowNumbersAfter)).toEqual([[1]]);
    // One row under the row moved: said in the singular.
    expect(propose(stored, { rowIds: [ids.p2], to: 'top' }).notes).toEqual(['The row indented under it moves with it.', 'Undo puts the rows back where they were.']);
    const applied = write(stored, top);
    expect(outline(stored).slice(0, 3)).toEqual([['Design', undefined], ['Sketch', 'Design'], ['Review', 'Design']]);
    revert(stored, applied);
    expect(outline(stored)).toEqual(original);
  });

  it('indents each row under the row above it at its level, and outdents it to just below its parent; a row that cannot go says so', () => {
    const { stored, ids } = plan();
    const original = outline(stored);
    const number = (id: number) => sheetOf(stored).rows.find((r) => r.id === id)!.rowNumber;
    // Build and Test together go under Design (the row above Build), after Design's own rows.
    const indent = propose(stored, { rowIds: [ids.b, ids.c], indent: true });
    expect(indent.summary).toBe(`Indent 2 rows (rows ${number(ids.b)}, ${number(ids.c)}) under row ${number(ids.a)} (Design)`);
    const indented = write(stored, indent);
    expect(tail(stored)).toEqual([['Phase 1', undefined], ['Design', 'Phase 1'], ['Sketch', 'Design'], ['Review', 'Design'], ['Build', 'Design'], ['Test', 'Design'], ['Phase 2', undefined], ['Launch', 'Phase 2']]);
    revert(stored, indented);
    expect(outline(stored)).toEqual(original);
    // Sketch and Review outdented: just below Design's rows, at Design's level, in their order.
    const outdent = propose(stored, { rowIds: [ids.a1, ids.a2], outdent: true });
    expect(outdent.summary).toBe(`Outdent 2 rows (rows ${number(ids.a1)}, ${number(ids.a2)})`);
    const outdented = write(stored, outdent);
    expect(tail(stored)).toEqual([['Phase 1', undefined], ['Design', 'Phase 1'], ['Sketch', 'Phase 1'], ['Review', 'Phase 1'], ['Build', 'Phase 1'], ['Test', 'Phase 1'], ['Phase 2', undefined], ['Launch', 'Phase 2']]);
    revert(stored, outdented);
    expect(outline(stored)).toEqual(original);
    // Build outdented where it stands, as Smartsheet does: Test, below it at its level, goes under it; no row changes place.
    const middle = propose(stored, { rowIds: [ids.b], outdent: true });
    expect(middle.summary).toBe(`Outdent row ${number(ids.b)} (Build)`);
    expect(middle.notes).toContain(`Row ${number(ids.c)}, below it at its level, goes under row ${number(ids.b)}.`);
    const stood = write(stored, middle);
    expect(tail(stored)).toEqual([['Phase 1', undefined], ['Design', 'Phase 1'], ['Sketch', 'Design'], ['Review', 'Design'], ['Build', undefined], ['Test', 'Build'], ['Phase 2', undefined], ['Launch', 'Phase 2']]);
    expect(revert(stored, stood)).toEqual([]);
    expect(outline(stored)).toEqual(original);
    // Design and Build together: each one level up where it stands, Test under Build.
    const both = write(stored, propose(stored, { rowIds: [ids.a, ids.b], outdent: true }));
    expect(tail(stored)).toEqual([['Phase 1', undefined], ['Design', undefined], ['Sketch', 'Design'], ['Review', 'Design'], ['Build', undefined], ['Test', 'Build'], ['Phase 2', undefined], ['Launch', 'Phase 2']]);
    revert(stored, both);
    expect(outline(stored)).toEqual(original);
    // Design is first under Phase 1 (nothing above it to go under), Launch first under Phase 2: neither can be indented.
    expect(() => propose(stored, { rowIds: [ids.a, ids.d], indent: true })).toThrow(new ProposalError(`Rows ${number(ids.a)}, ${number(ids.d)} have no row above them at their level to go under, so they stay where they are.`));
    const some = propose(stored, { rowIds: [ids.a, ids.c], indent: true });
    expect(some.summary).toBe(`Indent row ${number(ids.c)} (Test) under row ${number(ids.b)} (Build)`);
    expect(some.notes).toContain(`Row ${number(ids.a)} has no row above it at its level to go under, so it stays where it is.`);
    expect(() => propose(stored, { rowIds: [ids.p1], outdent: true })).toThrow(`Row ${number(ids.p1)} is not indented, so it stays where it is.`);
  });

  it("the grid offers Indent and Outdent exactly when the server can do them (whyNotIndented agrees with the proposal)", () => {
    const { stored } = plan();
    const sheet = sheetOf(stored);
    const tail = sheet.rows.slice(-9);
    const subsets = tail.flatMap((a, i) => [[a], ...tail.slice(i + 1).flatMap((b, j) => [[a, b], ...tail.slice(i + j + 2).map((c) => [a, b, c])])]);
    expect(subsets).toHaveLength(9 + 36 + 84);
    for (const rows of subsets) {
      for (const direction of ['indent', 'outdent'] as const) {
        let proposed = true;
        try {
          propose(stored, { rowIds: rows.map((r) => r.id), [direction]: true });
        } catch (error) {
          if (!(error instanceof ProposalError)) throw error;
          proposed = false;
        }
        expect(whyNotIndented(sheet.rows, rows, direction) === undefined, `${direction} rows ${rows.map((r) => r.rowNumber)}`).toBe(proposed);
      }
    }
  });

  it('refuses a move that goes nowhere: into the rows being moved, to where the rows are already, or to two places', () => {
    const { stored, ids } = plan();
    const number = (id: number) => sheetOf(stored).rows.find((r) => r.id === id)!.rowNumber;
    expect(() => propose(stored, { rowIds: [ids.a], under: ids.a1 })).toThrow(`Row ${number(ids.a1)} (Sketch) is being moved (or is under a row being moved), so rows cannot go under it.`);
    expect(() => propose(stored, { rowIds: [ids.p2], to: 'bottom' })).toThrow(`Row ${number(ids.p2)} is already there, so nothing would move.`);
    expect(() => propose(stored, { rowIds: [ids.b], after: ids.a })).toThrow('already there');
    expect(() => propose(stored, { rowIds: [ids.b], after: ids.a, to: 'top' })).toThrow(/exactly one of "to", "under", "after", "before", "indent", "outdent" and "toSheet"/);
    expect(() => propose(stored, { rowIds: [ids.b], under: 999 })).toThrow('There is no row 999 in this version of the sheet to move rows under');
  });

  it('conflicts: a row to move deleted, or the row to move beside deleted or moved under one being moved; reverting, a moved row deleted since', () => {
    const { stored, ids } = plan();
    const cs = propose(stored, { rowIds: [ids.c], after: ids.d });
    const sheet = sheetOf(stored);
    const without = (id: number): Sheet => ({ ...sheet, rows: sheet.rows.filter((r) => r.id !== id) });
    expect(findConflicts(cs, sheet, 'old')).toEqual([]);
    expect(findConflicts(cs, without(ids.c), 'old')).toEqual([{ rowId: ids.c, column: '(row)', expected: 'a row to move', actual: 'row deleted' }]);
    expect(findConflicts(cs, without(ids.d), 'old')).toEqual([{ rowId: ids.d, column: '(row)', expected: 'the row to move rows beside', actual: 'row deleted' }]);
    const launchUnderTest = { ...sheet, rows: sheet.rows.map((r) => (r.id === ids.d ? { ...r, parentId: ids.c } : r)) };
    expect(findConflicts(cs, launchUnderTest, 'old')).toEqual([expect.objectContaining({ rowId: ids.d, actual: 'indented under a row being moved' })]);
    const applied = write(stored, cs);
    deleteRows(stored, [ids.c], true);
    expect(revert(stored, applied)).toEqual([{ rowId: ids.c, column: '(row)', expected: 'a row that was moved', actual: 'row deleted' }]);
  });

  it('the row a moved row stood below, deleted since: undo puts it first or last under its old parent', () => {
    const { stored, ids } = plan();
    const applied = write(stored, propose(stored, { rowIds: [ids.c], under: ids.p2 }));
    deleteRows(stored, [ids.b], true);
    expect(revert(stored, applied)).toEqual([]);
    expect(tail(stored, 7)).toEqual([['Phase 1', undefined], ['Design', 'Phase 1'], ['Sketch', 'Design'], ['Review', 'Design'], ['Test', 'Phase 1'], ['Phase 2', undefined], ['Launch', 'Phase 2']]);
  });
});
