import { describe, expect, it } from 'vitest';
import type { Row, Sheet } from '../../shared/sheet/model';
import { deletionQuestion, describedRows } from './row-edits';

const row = (n: number, parentId?: number): Row => ({ id: 100 + n, rowNumber: n, modifiedAt: '2026-12-01T00:00:00Z', values: [`Task ${n}`], ...(parentId ? { parentId } : {}) });
// Row 3 has rows 4 and 5 under it (5 under 4).
const rows = [row(1), row(2), row(3), row(4, 103), row(5, 104), row(6)];
const sheet = { id: 7, name: 'Plan', version: 4, columns: [], rows } as unknown as Sheet;

describe('rows inserted and deleted in the grid, in words', () => {
  it('the confirmation names the rows chosen, and counts the rows under them that Smartsheet deletes too', () => {
    expect(deletionQuestion(sheet, [rows[1]!])).toBe('Delete row 2?');
    expect(deletionQuestion(sheet, [rows[2]!])).toBe('Delete row 3 and the 2 rows under it?');
    expect(deletionQuestion(sheet, [rows[0]!, rows[1]!, rows[2]!])).toBe('Delete rows 1-3 and the 2 rows under them?');
    // A row chosen and one under it: the one under is chosen, not "under".
    expect(deletionQuestion(sheet, [rows[2]!, rows[3]!])).toBe('Delete rows 3-4 and the 1 row under them?');
    expect(deletionQuestion(sheet, [rows[1]!, rows[5]!])).toBe('Delete rows 2, 6?');
  });

  it("the undo names what it undoes, by the rows' numbers", () => {
    expect(describedRows(sheet, { insert: { count: 1, after: 102 } })).toBe('insertion of a row below row 2');
    expect(describedRows(sheet, { insert: { count: 3 } })).toBe('insertion of 3 rows at the end');
    expect(describedRows(sheet, { insert: { count: 1, before: 101 } })).toBe('insertion of a row above row 1');
    expect(describedRows(sheet, { delete: [103, 101, 102] })).toBe('deletion of rows 1-3');
    expect(describedRows(sheet, { delete: [106] })).toBe('deletion of row 6');
  });
});
