import { describe, expect, it } from 'vitest';
import type { Row, Sheet } from '../../shared/sheet/model';
import { whyNotIndented } from '../../shared/sheet/row-moves';
import { deletionQuestion, describedOp } from './sheet-edits';

const row = (n: number, parentId?: number): Row => ({ id: 100 + n, rowNumber: n, modifiedAt: '2026-12-01T00:00:00Z', values: [`Task ${n}`], ...(parentId ? { parentId } : {}) });
// Row 3 has rows 4 and 5 under it (5 under 4).
const rows = [row(1), row(2), row(3), row(4, 103), row(5, 104), row(6)];
const sheet = { id: 7, name: 'Plan', version: 4, columns: [], rows } as unknown as Sheet;

describe('rows inserted, deleted and indented in the grid, in words', () => {
  it('the confirmation names the rows chosen, and counts the rows under them that Smartsheet deletes too', () => {
    expect(deletionQuestion(sheet, [rows[1]!])).toBe('Delete row 2?');
    expect(deletionQuestion(sheet, [rows[2]!])).toBe('Delete row 3 and the 2 rows under it?');
    expect(deletionQuestion(sheet, [rows[0]!, rows[1]!, rows[2]!])).toBe('Delete rows 1-3 and the 2 rows under them?');
    // A row chosen and one under it: the one under is chosen, not "under".
    expect(deletionQuestion(sheet, [rows[2]!, rows[3]!])).toBe('Delete rows 3-4 and the 1 row under them?');
    expect(deletionQuestion(sheet, [rows[1]!, rows[5]!])).toBe('Delete rows 2, 6?');
  });

  it("the undo names what it undoes, by the rows' numbers", () => {
    expect(describedOp(sheet, { insert: { count: 1, after: 102 } })).toBe('insertion of a row below row 2');
    expect(describedOp(sheet, { insert: { count: 3 } })).toBe('insertion of 3 rows at the end');
    expect(describedOp(sheet, { insert: { count: 1, before: 101 } })).toBe('insertion of a row above row 1');
    expect(describedOp(sheet, { delete: [103, 101, 102] })).toBe('deletion of rows 1-3');
    expect(describedOp(sheet, { delete: [106] })).toBe('deletion of row 6');
    expect(describedOp(sheet, { indent: { rowIds: [104], direction: 'outdent' } })).toBe('outdent of row 4');
    expect(describedOp(sheet, { indent: { rowIds: [102, 103], direction: 'indent' } })).toBe('indent of rows 2-3');
    expect(describedOp(sheet, { move: { rowIds: [101], before: 106 } })).toBe('move of row 1');
    expect(describedOp(sheet, { column: { op: 'rename', columnId: 9, title: 'Remarks', was: 'Notes' } })).toBe('renaming of column Notes to Remarks');
    expect(describedOp(sheet, { column: { op: 'add', title: 'Notes', type: 'TEXT_NUMBER', index: 1 } })).toBe('insertion of column Notes');
  });

  it('Indent needs a row above at the level that stays; Outdent an indented row — one of the rows is enough, as the server plays it', () => {
    expect(whyNotIndented(rows, [rows[0]!], 'indent')).toBe('The row has no row above at its level to go under');
    expect(whyNotIndented(rows, [rows[1]!], 'indent')).toBeUndefined();
    // Rows 1-3 all go: none has a row above it that stays. Row 4 is first under row 3; row 5 first under row 4.
    expect(whyNotIndented(rows, [rows[0]!, rows[1]!, rows[2]!], 'indent')).toBe('The rows have no row above at their level to go under');
    expect(whyNotIndented(rows, [rows[3]!], 'indent')).toBe('The row has no row above at its level to go under');
    // Row 6's row above at its level is row 3 (rows 4 and 5 are under it); with row 3 going too, row 2.
    expect(whyNotIndented(rows, [rows[5]!], 'indent')).toBeUndefined();
    expect(whyNotIndented(rows, [rows[2]!, rows[5]!], 'indent')).toBeUndefined();
    // Row 5 goes with row 4 (under it): not a row of its own to indent.
    expect(whyNotIndented(rows, [rows[0]!, rows[3]!, rows[4]!], 'indent')).toBe('The rows have no row above at their level to go under');
    expect(whyNotIndented(rows, [rows[0]!, rows[1]!], 'outdent')).toBe('None of the rows is indented');
    expect(whyNotIndented(rows, [rows[5]!], 'outdent')).toBe('The row is not indented');
    expect(whyNotIndented(rows, [rows[1]!, rows[4]!], 'outdent')).toBeUndefined();
    expect(whyNotIndented(rows, [], 'indent')).toBe('Select the rows to indent');
  });
});
