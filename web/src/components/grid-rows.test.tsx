// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Column, Row, Sheet } from '../../../shared/sheet/model';
import { Grid } from './Grid';
import { CellValue } from './GridCells';
import { gridRows } from './grid-rows';
import { useOutline } from './grid-controls';
import { sheetChangedEvent } from '../../../shared/realtime/events';
import { shownDate, shownValuesIn } from './value-shown';

afterEach(cleanup);

const column = (index: number, title: string, type: Column['type'] = 'TEXT_NUMBER'): Column => ({ id: 100 + index, index, title, type, primary: index === 0, hidden: false, readOnly: false });
const columns = [column(0, 'Task'), column(1, 'Budget'), column(2, 'Deal')];
const row = (n: number, task: string, budget: number | null, deal?: string): Row => ({ id: 1000 + n, rowNumber: n, modifiedAt: '2026-12-01T00:00:00Z', values: [task, budget, deal ?? null], ...(deal ? { shown: { 2: deal } } : {}) });
const sheet: Sheet = {
  id: 1,
  name: 'Plan',
  version: 4,
  permalink: '',
  modifiedAt: '2026-12-01T00:00:00Z',
  columns,
  rows: [row(1, 'Design review', 300), row(2, 'Vendor audit', null), row(3, 'Design sign-off', 100), row(4, 'Launch', 300, '$12,500'), row(5, 'Design QA', 50)],
};
const numbers = (rows: Row[]) => rows.map((r) => r.rowNumber);

describe('the rows the grid shows', () => {
  it('only the cited rows, when asked — searched and sorted within them — in the sheet’s order otherwise', () => {
    const cited = new Set([1001, 1003, 1005, 9999]);
    expect(numbers(gridRows(sheet, columns, { search: '', only: cited }))).toEqual([1, 3, 5]);
    expect(numbers(gridRows(sheet, columns, { search: 'sign-off', only: cited }))).toEqual([3]);
    expect(numbers(gridRows(sheet, columns, { search: '', only: cited, sort: { columnId: 101, dir: -1 } }))).toEqual([1, 3, 5]);
    expect(numbers(gridRows(sheet, columns, { search: '', only: cited, sort: { columnId: 101, dir: 1 } }))).toEqual([5, 3, 1]);
    expect(numbers(gridRows(sheet, columns, { search: '' }))).toEqual([1, 2, 3, 4, 5]);
  });

  it('a search reads cells as shown; a sort keeps ties in sheet order and empty cells last either way', () => {
    expect(numbers(gridRows(sheet, columns, { search: '12,500' }))).toEqual([4]);
    expect(numbers(gridRows(sheet, columns, { search: 'design' }))).toEqual([1, 3, 5]);
    expect(numbers(gridRows(sheet, columns, { search: '', sort: { columnId: 101, dir: 1 } }))).toEqual([5, 3, 1, 4, 2]);
    expect(numbers(gridRows(sheet, columns, { search: '', sort: { columnId: 101, dir: -1 } }))).toEqual([1, 4, 3, 5, 2]);
  });

  it('dates read as people read them — in the cells (the date itself on hover), the search and the cards — sorted as dates', () => {
    const dated: Sheet = { ...sheet, columns: [column(0, 'Task'), column(1, 'Due', 'DATE'), column(2, 'Modified', 'DATETIME')], rows: [row(1, 'Design review', null), row(2, 'Launch', null)] };
    dated.rows[0]!.values = ['Design review', '2026-12-01', '2026-12-01T14:05:00Z'];
    dated.rows[1]!.values = ['Launch', '2026-03-09', null];
    const day = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
    expect(shownDate('2026-12-01')).toBe(day('2026-12-01'));
    expect(shownDate('2026-12-01T14:05:00Z')).toBe(new Date('2026-12-01T14:05:00Z').toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }));
    expect(shownDate('next Friday')).toBeUndefined();
    expect(day('2026-12-01')).not.toBe('2026-12-01');
    // Searched as shown, or as the date is written; sorted by the date, not by the words.
    const [shownWord] = day('2026-03-09').split(/[\s,.]+/).filter((w) => /\p{L}/u.test(w));
    expect(numbers(gridRows(dated, dated.columns, { search: shownWord! }))).toEqual([2]);
    expect(numbers(gridRows(dated, dated.columns, { search: '2026-12' }))).toEqual([1]);
    expect(numbers(gridRows(dated, dated.columns, { search: '', sort: { columnId: 101, dir: 1 } }))).toEqual([2, 1]);
    render(<CellValue column={dated.columns[1]!} value="2026-12-01" />);
    const cell = screen.getByText(day('2026-12-01'));
    expect(cell.getAttribute('title')).toBe('2026-12-01');
    cleanup();
    // A card shows a date column's values the same way (a number column's too, as before; other text as it is).
    const show = shownValuesIn(dated);
    expect([show('Due', '2026-12-01'), show('Task', '2026-12-01'), show('Due', 'TBD')]).toEqual([day('2026-12-01'), undefined, undefined]);
  });

  it('a collapsed row hides the rows under it, however deep — but not from a search, nor from the cited rows alone', () => {
    // Design review › Vendor audit › Design sign-off; Launch stays at the top.
    const parents = [undefined, 1001, 1002, undefined, undefined];
    const plan: Sheet = { ...sheet, rows: sheet.rows.map((r, i) => ({ ...r, ...(parents[i] !== undefined ? { parentId: parents[i] } : {}) })) };
    expect(numbers(gridRows(plan, columns, { search: '', collapsed: new Set([1001]) }))).toEqual([1, 4, 5]);
    expect(numbers(gridRows(plan, columns, { search: '', collapsed: new Set([1002]) }))).toEqual([1, 2, 4, 5]);
    expect(numbers(gridRows(plan, columns, { search: '', collapsed: new Set([1001, 1002]) }))).toEqual([1, 4, 5]); // "Collapse all"
    expect(numbers(gridRows(plan, columns, { search: '', collapsed: new Set([1001]), sort: { columnId: 101, dir: 1 } }))).toEqual([5, 1, 4]);
    expect(numbers(gridRows(plan, columns, { search: 'sign-off', collapsed: new Set([1001]) }))).toEqual([3]);
    expect(numbers(gridRows(plan, columns, { search: '', collapsed: new Set([1001]), only: new Set([1003]) }))).toEqual([3]);
  });

  it('the grid opens as Smartsheet shows the sheet: a row collapsed there is collapsed (until expanded here)', () => {
    const rows = sheet.rows.map((r, i) => ({ ...r, ...(i === 1 || i === 2 ? { parentId: 1001 } : {}), ...(i === 0 ? { collapsed: true as const } : {}) }));
    const { result } = renderHook(() => useOutline(rows));
    expect([...result.current.collapsed]).toEqual([1001]);
    act(() => result.current.toggle(1001));
    expect([...result.current.collapsed]).toEqual([]);
    // A push carries the flag through (the live event's row schema keeps it).
    const pushed = sheetChangedEvent.parse({ type: 'sheet.changed', sheetId: 1, version: 2, previousVersion: 1, changedRows: [rows[0]], rowsOmitted: false, changedRowIds: [1001], deletedRowIds: [], columnsChanged: false, source: 'webhook', at: '2026-12-07T08:00:00Z' });
    expect(pushed.changedRows[0]).toMatchObject({ collapsed: true });
  });

  it('the grid offers “Only highlighted rows” while an answer cites rows of the sheet, and counts what it shows', () => {
    function Shown({ highlighted }: { highlighted: ReadonlySet<number> }) {
      const [only, setOnly] = useState(false);
      return <Grid sheet={sheet} highlighted={highlighted} flashes={new Map()} onSave={async () => undefined} onlyHighlighted={only} onOnlyHighlighted={setOnly} />;
    }
    const grid = (highlighted: ReadonlySet<number>) => <Shown highlighted={highlighted} />;
    const { rerender } = render(grid(new Set()));
    expect(screen.queryByRole('checkbox', { name: /Only highlighted rows/ })).toBeNull();
    rerender(grid(new Set([1002, 1004, 9999])));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only highlighted rows (2)' }));
    expect(screen.getByText('2 of 5 rows · v4')).toBeTruthy();
    // The next answer's rows, still alone; an answer citing none shows every row again.
    rerender(grid(new Set([1001, 1003, 1005])));
    expect(screen.getByText('3 of 5 rows · v4')).toBeTruthy();
    rerender(grid(new Set()));
    expect(screen.getByText('5 of 5 rows · v4')).toBeTruthy();
  });
});
