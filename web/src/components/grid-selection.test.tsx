// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { Column, Row } from '../../../shared/sheet/model';
import { useSelection } from './grid-clipboard';

const columns = ['Task', 'Owner', 'Status'].map((title, index): Column => ({ id: 100 + index, index, title, type: 'TEXT_NUMBER', primary: index === 0, hidden: false, readOnly: false }));
const rows = [1, 2, 3, 4, 5].map((n): Row => ({ id: 1000 + n, rowNumber: n, modifiedAt: '2026-12-01T00:00:00Z', values: [`Task ${n}`, null, null] }));

/** The selection with the grid's active cell held beside it, as the grid holds it; `shown` the rows in view. */
function grid(shown: readonly Row[] = rows) {
  return renderHook(
    ({ view }) => {
      const [active, setActive] = useState({ row: 0, col: 1 });
      return { selection: useSelection({ rows: view, columns, active, setActive }, () => undefined, vi.fn()), active, setActive };
    },
    { initialProps: { view: shown } },
  );
}

describe("a row's number clicked", () => {
  it('selects its whole row, the active cell on its first column; with Shift, every row from where the selection started', () => {
    const { result } = grid();
    act(() => result.current.selection.wholeRows(2, false));
    expect([result.current.selection.block, result.current.active]).toEqual([{ top: 2, bottom: 2, left: 0, right: 2 }, { row: 2, col: 0 }]);
    expect(result.current.selection.rows.map((r) => r.rowNumber)).toEqual([3]);
    act(() => result.current.selection.wholeRows(4, true));
    expect(result.current.selection.block).toEqual({ top: 2, bottom: 4, left: 0, right: 2 });
    expect(result.current.selection.rows.map((r) => r.rowNumber)).toEqual([3, 4, 5]);
    // Upwards from there, and a click without Shift starts again.
    act(() => result.current.selection.wholeRows(0, true));
    expect(result.current.selection.rows.map((r) => r.rowNumber)).toEqual([1, 2, 3]);
    act(() => result.current.selection.wholeRows(1, false));
    expect(result.current.selection.rows.map((r) => r.rowNumber)).toEqual([2]);
  });
});

describe('whole rows and columns from the keyboard', () => {
  it('Shift+Space takes the selection’s rows whole, Ctrl+Space its columns; they stay whole until a move leaves them', () => {
    const { result } = grid();
    expect(result.current.selection.whole).toBeUndefined();
    // From the active cell (row 1, Owner) and a Shift+move down to row 2: rows 1–2, every column.
    act(() => result.current.selection.moved(true));
    act(() => result.current.setActive({ row: 1, col: 1 }));
    act(() => result.current.selection.rowsWhole());
    expect([result.current.selection.block, result.current.selection.whole]).toEqual([{ top: 0, bottom: 1, left: 0, right: 2 }, 'rows']);
    // A Shift+move down keeps them whole rows; one across does not (a block of cells), and back again they are.
    act(() => result.current.selection.moved(true));
    act(() => result.current.setActive({ row: 2, col: 0 }));
    expect([result.current.selection.rows.length, result.current.selection.whole]).toEqual([3, 'rows']);
    act(() => result.current.selection.moved(true));
    act(() => result.current.setActive({ row: 2, col: 1 }));
    expect(result.current.selection.whole).toBeUndefined();
    // A move without Shift ends it.
    act(() => result.current.selection.moved(false));
    act(() => result.current.setActive({ row: 3, col: 1 }));
    expect(result.current.selection.whole).toBeUndefined();
    act(() => result.current.selection.columnsWhole());
    expect([result.current.selection.block, result.current.selection.whole, result.current.active]).toEqual([{ top: 0, bottom: 4, left: 1, right: 1 }, 'columns', { row: 0, col: 1 }]);
    // Ctrl+A is every cell, not a choice of rows or columns; a row's number clicked is its row.
    act(() => result.current.selection.all());
    expect(result.current.selection.whole).toBeUndefined();
    act(() => result.current.selection.wholeRows(4, false));
    expect(result.current.selection.whole).toBe('rows');
  });
});

describe('the selection when rows arrive, go or move', () => {
  it('stays on the rows chosen: a row added above, or the rows put in another order, move it with them', () => {
    const { result, rerender } = grid();
    act(() => result.current.selection.wholeRows(2, false));
    act(() => result.current.selection.wholeRows(3, true));
    expect(result.current.selection.rows.map((r) => r.rowNumber)).toEqual([3, 4]);
    // A colleague's row arrives at the top.
    const added: Row = { id: 999, rowNumber: 0, modifiedAt: '', values: ['New', null, null] };
    rerender({ view: [added, ...rows] });
    expect(result.current.selection.rows.map((r) => r.id)).toEqual([1003, 1004]);
    expect(result.current.active.row).toBe(4);
    // The rows reversed (a sort): the same two rows, now the other way round.
    rerender({ view: [...rows].reverse() });
    expect(result.current.selection.rows.map((r) => r.id).sort()).toEqual([1003, 1004]);
    // A row chosen gone: the place stays.
    rerender({ view: rows.filter((r) => r.id !== 1004) });
    expect(result.current.selection.rows.length).toBeGreaterThan(0);
  });
});
