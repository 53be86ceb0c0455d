import { describe, expect, it } from 'vitest';
import { rowDepths, type Column, type Row } from '../../../shared/sheet/model';
import type { ChangeSet } from '../api';
import { arrivingRows, isArriving, withArriving } from './arriving-rows';

const column = (index: number, title: string): Column => ({ id: 100 + index, index, title, type: 'TEXT_NUMBER', primary: index === 0, hidden: false, readOnly: false });
const columns = [column(0, 'Task'), column(1, 'Owner')];
// 1 Design › 2 Wireframes › 3 Sketches; 2 › 4 Review; 5 Launch
const parents: Record<number, number> = { 2: 1, 3: 2, 4: 2 };
const rows: Row[] = [1, 2, 3, 4, 5].map((n) => ({ id: n, rowNumber: n, modifiedAt: '', values: [`Task ${n}`, null], ...(parents[n] ? { parentId: parents[n] } : {}) }));
const depths = rowDepths(rows);
const added = (rows: Partial<ChangeSet['addedRows'][number]>[]): ChangeSet['addedRows'] => rows.map((r) => ({ values: { Task: 'New' }, ...r }));
/** Where the arriving rows land: each row by its id (an arriving one as "+depth:Task"). */
const shown = (placed: ReturnType<typeof withArriving>) => placed.rows.map((r) => (isArriving(r) ? `+${placed.depths.get(r.id)}:${String(r.values[0])}` : r.id));

describe('rows a proposal would add, in the grid where they would go', () => {
  it('below a row and the rows under it, above a row, last or first under a row, at the bottom — indented to match', () => {
    const at = (row: Partial<ChangeSet['addedRows'][number]>) => shown(withArriving(rows, arrivingRows(added([row])), columns, depths, true));
    expect(at({ nextTo: { siblingId: 2 } })).toEqual([1, 2, 3, 4, '+1:New', 5]);
    expect(at({ nextTo: { siblingId: 4, above: true } })).toEqual([1, 2, 3, '+2:New', 4, 5]);
    expect(at({ parentId: 2 })).toEqual([1, 2, 3, 4, '+2:New', 5]);
    expect(at({ place: { parentId: 1 } })).toEqual([1, '+1:New', 2, 3, 4, 5]);
    expect(at({ place: {} })).toEqual(['+0:New', 1, 2, 3, 4, 5]);
    expect(at({})).toEqual([1, 2, 3, 4, 5, '+0:New']);
    // Its values by column, as the grid reads a row.
    const [row] = withArriving([], arrivingRows([{ values: { Owner: 'Mei', Task: 'Kick-off' } }]), columns, depths, true).rows;
    expect([row!.values, row!.rowNumber, isArriving(row!)]).toEqual([['Kick-off', 'Mei'], 0, true]);
  });

  it('deleted rows an undo brings back go where they stood, the rows under them under them again', () => {
    // Rows 2 (Wireframes), 3 and 4 were deleted; the undo restores 2 below row 1's first place, and 3 and 4 under it.
    const left = rows.filter((r) => r.id === 1 || r.id === 5);
    const undo = added([
      { values: { Task: 'Wireframes' }, place: { parentId: 1 }, restores: 2 },
      { values: { Task: 'Sketches' }, place: { parentId: 2 }, restores: 3 },
      { values: { Task: 'Review' }, place: { parentId: 2, siblingId: 3 }, restores: 4 },
    ]);
    expect(shown(withArriving(left, arrivingRows(undo), columns, rowDepths(left), true))).toEqual([1, '+1:Wireframes', '+2:Sketches', '+2:Review', 5]);
  });

  it('sorted or searched (not the sheet’s own order), or beside a row the grid does not show: at the bottom', () => {
    const beside = arrivingRows(added([{ nextTo: { siblingId: 1 } }, { place: {} }]));
    expect(shown(withArriving(rows, beside, columns, depths, false))).toEqual([1, 2, 3, 4, 5, '+0:New', '+0:New']);
    const collapsed = rows.filter((r) => r.id !== 3);
    expect(shown(withArriving(collapsed, arrivingRows(added([{ nextTo: { siblingId: 3 } }])), columns, depths, true))).toEqual([1, 2, 4, 5, '+0:New']);
    expect(withArriving(rows, [], columns, depths, true).rows).toBe(rows);
  });
});
