// @vitest-environment jsdom
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Column, Sheet } from '../../../shared/sheet/model';
import type { ChangeSet } from '../api';
import { ColumnHeader } from './ColumnHeader';
import { Proposed } from './GridCells';
import { previewOf, usePendingPreview } from './pending-preview';
import { shownValuesIn, ValueShown } from './value-shown';

afterEach(cleanup);

const base: ChangeSet = { id: 'cs1', sessionId: 's', sheetId: 1, status: 'awaiting_approval', summary: '', cells: [], addedRows: [], deletedRows: [], expiresAt: '2026-12-07T12:00:00Z' };
const cell = (rowId: number, columnId: number, old: ChangeSet['cells'][number]['old'], next: ChangeSet['cells'][number]['new']) => ({ rowId, rowNumber: rowId - 1000, columnId, column: `C${columnId}`, old, new: next });

describe('proposed changes shown in the grid', () => {
  it('cells take the proposed values (a later proposal has the last word); deleted and moved rows are leaving; nothing else counts', () => {
    const edit: ChangeSet = { ...base, cells: [cell(1001, 7, 'High', 'Low'), cell(1002, 7, 'Medium', 'Low'), cell(1002, 8, 5, null)] };
    const later: ChangeSet = { ...base, id: 'cs2', cells: [cell(1002, 7, 'Medium', 'High')], deletedRows: [{ rowId: 1003, rowNumber: 3, values: {} }, { values: {} }] };
    const moved: ChangeSet = { ...base, id: 'cs3', transfer: { mode: 'move', sheetId: 2, sheetName: 'Archive', rows: [{ rowId: 1004, rowNumber: 4, values: {} }] } };
    const copied: ChangeSet = { ...base, id: 'cs4', transfer: { mode: 'copy', sheetId: 2, sheetName: 'Archive', rows: [{ rowId: 1005, rowNumber: 5, values: {} }] } };
    const broughtBack: ChangeSet = { ...base, id: 'cs5', transfer: { mode: 'move', sheetId: 2, sheetName: 'Archive', rows: [{ rowNumber: 6, values: {} }], back: true } };
    const applied: ChangeSet = { ...base, id: 'cs6', status: 'applied', cells: [cell(1006, 7, 'High', 'Low')] };
    const elsewhere: ChangeSet = { ...base, id: 'cs7', sheetId: 2, cells: [cell(1007, 7, 'High', 'Low')] };

    const preview = previewOf([edit, later, moved, copied, broughtBack, applied, elsewhere], 1);
    expect(preview.changeSets).toBe(5);
    expect([...preview.cells.keys()]).toEqual([1001, 1002]);
    expect(Object.fromEntries(preview.cells.get(1002)!)).toEqual({ 7: { next: 'High', was: 'Medium' }, 8: { next: null, was: 5 } });
    expect(Object.fromEntries(preview.leaving)).toEqual({ 1003: 'deleted', 1004: 'moved to “Archive”' });
    expect(previewOf([{ ...edit, addedRows: [{ values: { Task: 'Kick-off' }, nextTo: { siblingId: 1001 } }] }, { ...applied, addedRows: [{ values: { Task: 'Gone' } }] }], 1).arriving).toEqual([{ values: { Task: 'Kick-off' }, at: { next: 1001 } }]);
    expect(previewOf([applied, elsewhere], 1).changeSets).toBe(0);
  });

  it('a column renamed shows both titles in its header, one deleted is struck through; a change of options alone shows nothing', () => {
    const renamed: ChangeSet = { ...base, columnOp: { kind: 'update', columnId: 7, column: 'Owner', title: 'Assignee' } };
    const deleted: ChangeSet = { ...base, id: 'cs2', columnOp: { kind: 'delete', columnId: 8, column: 'Priority', index: 3 } };
    const options: ChangeSet = { ...base, id: 'cs3', columnOp: { kind: 'update', columnId: 9, column: 'Status', options: ['Open', 'Done'] } };
    const preview = previewOf([renamed, deleted, options], 1);
    expect(Object.fromEntries(preview.columns)).toEqual({ 7: { renamed: 'Assignee' }, 8: { deleted: true } });
    const owner: Column = { id: 7, index: 1, title: 'Owner', type: 'CONTACT_LIST', primary: false, hidden: false, readOnly: false };
    const header = (change?: { renamed?: string; deleted?: true }) => {
      cleanup();
      return render(<ColumnHeader column={owner} left={0} width={100} sorted="none" change={change} onSort={() => undefined} onWidth={() => undefined} />).getByRole('columnheader');
    };
    const shownRenamed = header(preview.columns.get(7));
    expect([shownRenamed.className, shownRenamed.querySelector('del')?.textContent, shownRenamed.querySelector('ins')?.textContent]).toEqual(['cell header proposed', 'Owner', 'Assignee']);
    expect(shownRenamed.querySelector('button')!.title).toBe('Owner (CONTACT_LIST). Awaiting approval: renamed “Assignee” — sort');
    const shownDeleted = header({ deleted: true });
    expect([shownDeleted.className, shownDeleted.querySelector('button')!.title]).toEqual(['cell header leaving', 'Owner (CONTACT_LIST). Awaiting approval: this column would be deleted — sort']);
    expect([header().className, header().textContent]).toEqual(['cell header', 'Owner']);
  });

  it('only change sets awaiting approval whose cards are on screen; gone once approved, or once the card goes', () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const edit: ChangeSet = { ...base, cells: [cell(1001, 7, 'High', 'Low')] };
    client.setQueryData(['changeSet', 'cs1'], edit);
    client.setQueryData(['changeSet', 'cs2'], { ...edit, id: 'cs2', cells: [cell(1009, 7, 'High', 'Low')] }); // its card is not shown
    function Card({ id }: { id: string }) {
      useQuery({ queryKey: ['changeSet', id], queryFn: () => client.getQueryData<ChangeSet>(['changeSet', id])! });
      return null;
    }
    const card = render(<Card id="cs1" />, { wrapper });
    const { result } = renderHook(() => usePendingPreview(1), { wrapper });
    expect([...result.current.cells.keys()]).toEqual([1001]);
    act(() => void client.setQueryData(['changeSet', 'cs1'], { ...edit, status: 'applied' }));
    expect(result.current.changeSets).toBe(0);
    act(() => void client.setQueryData(['changeSet', 'cs1'], edit));
    expect(result.current.changeSets).toBe(1);
    card.unmount();
    expect(result.current.changeSets).toBe(0);
  });

  it('a proposed cell shows the value now struck through and the new one beside it, as the sheet shows them; one changed since is marked', () => {
    const column = (index: number, title: string, type: Column['type']): Column => ({ id: 100 + index, index, title, type, primary: index === 0, hidden: false, readOnly: false });
    const columns = [column(0, 'Task', 'TEXT_NUMBER'), column(1, 'Budget', 'TEXT_NUMBER'), column(2, 'Done', 'CHECKBOX')];
    const sheet: Sheet = { id: 1, name: 'Plan', version: 1, permalink: '', modifiedAt: '', columns, rows: [{ id: 1, rowNumber: 1, modifiedAt: '', values: ['Launch', 12500, false], shown: { 1: '$12,500' } }] };
    render(
      <ValueShown.Provider value={shownValuesIn(sheet)}>
        <Proposed column={columns[1]!} value={12500} shown="$12,500" proposal={{ next: 20000, was: 12500 }} />
        <Proposed column={columns[2]!} value={false} proposal={{ next: true, was: false }} />
        <Proposed column={columns[0]!} value={null} proposal={{ next: 'Kick-off', was: '' }} />
        <Proposed column={columns[0]!} value="Launch" proposal={{ next: null, was: 'Launch' }} />
        <Proposed column={columns[0]!} value="Go live" proposal={{ next: 'Launch v2', was: 'Launch' }} />
      </ValueShown.Provider>,
    );
    const [budget, done, added, cleared, moved] = screen.getAllByTitle(/^Awaiting approval: /);
    expect(budget!.title).toBe('Awaiting approval: $12,500 → $20,000');
    expect([budget!.querySelector('del')?.textContent, budget!.querySelector('ins')?.textContent]).toEqual(['$12,500', '$20,000']);
    expect([done!.querySelector('del')?.textContent, done!.querySelector('ins')?.textContent]).toEqual(['☐', '☑']);
    expect([added!.querySelector('del'), added!.querySelector('ins')?.textContent]).toEqual([null, 'Kick-off']);
    expect([cleared!.querySelector('del')?.textContent, cleared!.querySelector('ins')?.textContent]).toEqual(['Launch', '(empty)']);
    expect([budget, done, added, cleared].map((p) => p!.className)).toEqual(Array(4).fill('proposal'));
    // Someone changed the cell since: marked, for approving it now reports a conflict and writes nothing.
    expect(moved!.className).toBe('proposal changed');
    expect(moved!.title).toBe('Awaiting approval: Go live → Launch v2. Changed since it was proposed over Launch: approving will report a conflict and write nothing.');
  });
});
