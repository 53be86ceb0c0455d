// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobView as Job } from '../../../shared/jobs/job-types';
import type { ChangeSet } from '../api';
import { ChangeSetView, touchedRows } from './ChangeSetCard';
import { JobView } from './JobCard';
import { shownValuesIn, ValueShown } from './value-shown';

afterEach(cleanup);

const changeSet = (over: Partial<ChangeSet> = {}): ChangeSet => ({
  id: 'cs1',
  sessionId: 's',
  sheetId: 1,
  status: 'awaiting_approval',
  summary: 'Set Priority → Low on 2 rows (2 cells)',
  cells: [
    { rowId: 11, rowNumber: 3, columnId: 5, column: 'Priority', old: 'High', new: 'Low' },
    { rowId: 12, rowNumber: 7, columnId: 5, column: 'Priority', old: null, new: 'Low' },
  ],
  addedRows: [],
  deletedRows: [{ rowId: 13, rowNumber: 9, values: { Task: 'Old task' } }],
  expiresAt: new Date(Date.now() + 90_000).toISOString(),
  ...over,
});

describe('change-set card', () => {
  it('shows the diff (row, column, before → after), time left, and approve / reject', () => {
    const onDecide = vi.fn();
    render(<ChangeSetView changeSet={changeSet()} busy={false} onDecide={onDecide} />);
    const rows = screen.getAllByRole('row').slice(1).map((r) => r.textContent);
    expect(rows).toEqual(['3PriorityHighLow', '7Priority(empty)Low']);
    expect(screen.getByLabelText('Rows to delete').textContent).toContain('row 9: Old task');
    expect(screen.getByText(/1:\d\d left/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    expect(onDecide.mock.calls).toEqual([['approve'], ['reject']]);
  });

  it('numbers of a column Smartsheet formats read as the grid shows them: in the diff, rows to add and delete, conflicts and a pilot', () => {
    const columns = ['Company', 'Deal Value', 'Win Chance'].map((title, index) => ({ id: index + 1, index, title, type: 'TEXT_NUMBER' as const, primary: index === 0, hidden: false, readOnly: false }));
    const sheet = { id: 1, name: 'p', version: 1, permalink: '', modifiedAt: '', columns, rows: [{ id: 1, rowNumber: 1, modifiedAt: '', values: ['Contoso', 55000, 0.1], shown: { 1: '$55,000', 2: '10%' } }] };
    const cells = [
      { rowId: 1, rowNumber: 1, columnId: 2, column: 'Deal Value', old: 55000, new: 1250000 },
      { rowId: 1, rowNumber: 1, columnId: 3, column: 'Win Chance', old: 0.1, new: 0.625 },
      { rowId: 1, rowNumber: 1, columnId: 1, column: 'Company', old: 'Contoso', new: 2024 },
    ];
    const conflicts = [{ rowId: 1, column: 'Win Chance', expected: 0.1, actual: 0.35 }];
    const cs = changeSet({ cells, addedRows: [{ values: { Company: 'New', 'Deal Value': 9000 } }], deletedRows: [{ rowId: 1, rowNumber: 1, values: { Company: 'Contoso', 'Deal Value': 55000 } }], status: 'conflict', conflicts });
    const shownIn = (s: typeof sheet | undefined, card: ReactElement) => render(<ValueShown.Provider value={shownValuesIn(s)}>{card}</ValueShown.Provider>);
    shownIn(sheet, <ChangeSetView changeSet={cs} busy={false} onDecide={vi.fn()} />);
    expect(screen.getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual(['1Deal Value$55,000$1,250,000', '1Win Chance10%63%', '1CompanyContoso2024']);
    expect(screen.getByLabelText('Rows to add').textContent).toContain('Company: New, Deal Value: $9,000');
    expect(screen.getByLabelText('Rows to delete').textContent).toContain('row 1: Contoso · $55,000');
    expect(screen.getByRole('alert').textContent).toContain('Win Chance: expected 10%, now 35%');
    cleanup();
    shownIn(sheet, <JobView job={job({ kind: 'update', preview: { ...job().preview!, sample: [{ rowId: 1, rowNumber: 1, before: { 'Win Chance': 0.1 }, after: { 'Win Chance': 0.5 } }] } })} busy={false} onAction={() => undefined} />);
    expect(screen.getAllByRole('row')[1]!.textContent).toBe('1Win Chance: 10%Win Chance: 50%');
    cleanup();
    // Without the sheet (still loading), the numbers as they are.
    shownIn(undefined, <ChangeSetView changeSet={changeSet({ cells: cells.slice(0, 1) })} busy={false} onDecide={vi.fn()} />);
    expect(screen.getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual(['1Deal Value550001250000']);
  });

  it('shows the formula behind a cell: the one a value replaces, the one an undo writes back', () => {
    const cells = [{ rowId: 11, rowNumber: 3, columnId: 5, column: 'Budget', old: 350, new: 7, oldFormula: '=SUM(CHILDREN())' }];
    render(<ChangeSetView changeSet={changeSet({ cells })} busy={false} onDecide={vi.fn()} />);
    expect(screen.getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual(['3Budget350 =SUM(CHILDREN())7']);
    cleanup();
    render(<ChangeSetView changeSet={changeSet({ cells: [{ ...cells[0]!, old: 7, new: 350, oldFormula: undefined, newFormula: '=SUM(CHILDREN())' }] })} busy={false} onDecide={vi.fn()} />);
    expect(screen.getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual(['3Budget7350 =SUM(CHILDREN())']);
  });

  it('an applied sort offers Revert only when the order before it was kept (sorts applied before it was kept offer none)', () => {
    const sorted = { status: 'applied' as const, cells: [], deletedRows: [], sort: [{ column: 'Due Date', direction: 'ASCENDING' as const }] };
    render(<ChangeSetView changeSet={changeSet(sorted)} busy={false} onDecide={vi.fn()} />);
    expect(screen.queryByRole('button', { name: 'Revert' })).toBeNull();
    cleanup();
    render(<ChangeSetView changeSet={changeSet({ ...sorted, orderKept: true })} busy={false} onDecide={vi.fn()} />);
    expect(screen.getByRole('button', { name: 'Revert' })).toBeTruthy();
  });

  it('a move lists the rows it moves, named, each with where it goes; a number shows its row in the grid', () => {
    const onRow = vi.fn();
    const moves = [{ rowIds: [21, 22], rowNumbers: [8, 9], rowNumbersAfter: [1, 2] }];
    const rowName = (rowId: number) => ({ 21: 'Design', 22: 'Build' })[rowId];
    render(<ChangeSetView changeSet={changeSet({ summary: 'Move 2 rows (rows 8, 9) to the top of the sheet', cells: [], deletedRows: [], moves })} busy={false} onDecide={vi.fn()} onRow={onRow} rowName={rowName} />);
    const moved = screen.getByLabelText('Rows to move');
    expect([...moved.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['↕ row 8Design → row 1', '↕ row 9Build → row 2']);
    fireEvent.click(screen.getByRole('button', { name: 'Show row 9 in the grid' }));
    expect(onRow).toHaveBeenCalledWith(22);
    expect(touchedRows(changeSet({ cells: [], deletedRows: [], moves }))).toEqual([21, 22]);
  });

  it('rows sent to another sheet are listed with where they go; an undo lists them coming back, or the copies deleted there', () => {
    const onRow = vi.fn();
    const rows = [{ rowId: 31, rowNumber: 4, values: { Task: 'Beta', Status: 'Blocked', Budget: null } }, { rowId: 32, rowNumber: 5, values: { Task: 'Beta 1' } }];
    const sent = (transfer: Partial<NonNullable<ChangeSet['transfer']>>) => changeSet({ summary: 'Move 2 rows (rows 4, 5) to "Archive"', cells: [], deletedRows: [], transfer: { mode: 'move', sheetId: 9, sheetName: 'Archive', rows, ...transfer } });
    render(<ChangeSetView changeSet={sent({})} busy={false} onDecide={vi.fn()} onRow={onRow} />);
    const moving = screen.getByLabelText('Rows to move to “Archive”');
    expect([...moving.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['→ row 4: Beta · Blocked to “Archive”', '→ row 5: Beta 1 to “Archive”']);
    fireEvent.click(screen.getByRole('button', { name: 'Show row 5 in the grid' }));
    expect(onRow).toHaveBeenCalledWith(32);
    expect(touchedRows(sent({}))).toEqual([31, 32]);
    cleanup();
    render(<ChangeSetView changeSet={sent({ mode: 'copy' })} busy={false} onDecide={vi.fn()} />);
    expect(screen.getByLabelText('Rows to copy to “Archive”').querySelector('li')!.textContent).toBe('+ row 4: Beta · Blocked copied to “Archive”');
    cleanup();
    render(<ChangeSetView changeSet={sent({ back: true })} busy={false} onDecide={vi.fn()} onRow={onRow} />);
    expect(screen.getByLabelText('Rows to bring back from “Archive”').querySelector('li')!.textContent).toBe('← row 4: Beta · Blocked back from “Archive”');
    // Coming back, they are not rows of the grid yet: nothing to show there.
    expect(screen.queryByRole('button', { name: /Show row/ })).toBeNull();
    cleanup();
    // Applied, a move can be reverted; bringing rows back cannot (send them again instead).
    render(<ChangeSetView changeSet={{ ...sent({}), status: 'applied' }} busy={false} onDecide={vi.fn()} />);
    expect(screen.getByRole('button', { name: 'Revert' })).toBeTruthy();
    cleanup();
    render(<ChangeSetView changeSet={{ ...sent({ back: true }), status: 'applied' }} busy={false} onDecide={vi.fn()} />);
    expect(screen.queryByRole('button', { name: 'Revert' })).toBeNull();
    expect(touchedRows(sent({ back: true }))).toEqual([]);
    cleanup();
    render(<ChangeSetView changeSet={sent({ mode: 'copy', back: true })} busy={false} onDecide={vi.fn()} />);
    expect(screen.getByLabelText('Copies to delete from “Archive”').querySelector('li')!.textContent).toBe('− row 4: Beta · Blocked its copy deleted from “Archive”');
  });

  it('comments to add are listed by row with their text; an undo lists them to delete', () => {
    const onRow = vi.fn();
    const comments = [{ rowId: 41, rowNumber: 2, text: 'Waiting on the vendor quote.' }];
    render(<ChangeSetView changeSet={changeSet({ summary: 'Comment on row 2: “Waiting on the vendor quote.”', cells: [], deletedRows: [], comments })} busy={false} onDecide={vi.fn()} onRow={onRow} rowName={() => 'Design'} />);
    expect(screen.getByLabelText('Comments to add').querySelector('li')!.textContent).toBe('💬 row 2Design: Waiting on the vendor quote.');
    fireEvent.click(screen.getByRole('button', { name: 'Show row 2 in the grid' }));
    expect(onRow).toHaveBeenCalledWith(41);
    expect(touchedRows(changeSet({ cells: [], deletedRows: [], comments }))).toEqual([41]);
    cleanup();
    render(<ChangeSetView changeSet={changeSet({ cells: [], deletedRows: [], comments: comments.map((c) => ({ ...c, remove: true as const })) })} busy={false} onDecide={vi.fn()} />);
    expect(screen.getByLabelText('Comments to delete').querySelector('li')!.textContent).toBe('− row 2: Waiting on the vendor quote.');
  });

  it('a long list of conflicts shows the first 20 and how many more', () => {
    const conflicts = Array.from({ length: 45 }, (_, i) => ({ rowId: 100 + i, rowNumber: i + 1, column: 'Risk', expected: null, actual: `filled ${i}` }));
    render(<ChangeSetView changeSet={changeSet({ status: 'conflict', conflicts })} busy={false} onDecide={vi.fn()} />);
    const alert = screen.getByRole('alert');
    expect(alert.querySelectorAll('li')).toHaveLength(20);
    expect(alert.textContent).toContain('row 1 · Risk: expected (empty), now filled 0');
    expect(screen.getByText('…and 25 more cells.')).toBeTruthy();
  });

  it('a conflicting cell offers "Who changed it?" (its history), not a deleted row nor a whole column', () => {
    const conflicts = [
      { rowId: 101, rowNumber: 1, column: 'Status', expected: 'Open', actual: 'Blocked' },
      { rowId: 102, rowNumber: 2, column: 'Status', expected: 'Open', actual: 'row deleted' },
      { column: 'Risk', expected: null, actual: 'renamed' },
    ];
    const onHistory = vi.fn();
    render(<ChangeSetView changeSet={changeSet({ status: 'conflict', conflicts })} busy={false} onDecide={vi.fn()} onHistory={onHistory} />);
    const asks = screen.getAllByRole('button', { name: 'Who changed it?' });
    expect(asks).toHaveLength(1);
    fireEvent.click(asks[0]!);
    expect(onHistory).toHaveBeenCalledWith(101, 'Status');
  });

  it('shows what to know before approving (a value its picklist does not offer); nothing when there is none', () => {
    const note = '"Done" is not one of Status\'s options (Not Started, Complete); Smartsheet will store it as typed.';
    render(<ChangeSetView changeSet={changeSet({ notes: [note] })} busy={false} onDecide={() => undefined} />);
    expect(screen.getByRole('note').textContent).toBe(note);
    cleanup();
    render(<ChangeSetView changeSet={changeSet()} busy={false} onDecide={() => undefined} />);
    expect(screen.queryByRole('note')).toBeNull();
  });

  it("a diff's row number shows that row in the grid", () => {
    const onRow = vi.fn();
    render(<ChangeSetView changeSet={changeSet()} busy={false} onDecide={vi.fn()} onRow={onRow} />);
    fireEvent.click(screen.getByRole('button', { name: 'Show row 7 in the grid' }));
    expect(onRow).toHaveBeenCalledWith(12);
    expect(touchedRows(changeSet())).toEqual([11, 12, 13]);
  });

  it("names each row of the diff beside its number (the grid's first column); a row the grid no longer has, by number alone", () => {
    const names = new Map([[11, 'Design review']]);
    render(<ChangeSetView changeSet={changeSet()} busy={false} onDecide={vi.fn()} rowName={(id) => names.get(id)} />);
    expect(screen.getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual(['3Design reviewPriorityHighLow', '7Priority(empty)Low']);
    expect(screen.getByTitle('Design review')).toBeTruthy(); // the whole name on hover when it is cut short
  });

  it('after applying offers revert; a conflict names the cells that changed', () => {
    const onDecide = vi.fn();
    const { rerender } = render(<ChangeSetView changeSet={changeSet({ status: 'applied' })} busy={false} onDecide={onDecide} />);
    fireEvent.click(screen.getByRole('button', { name: 'Revert' }));
    expect(onDecide).toHaveBeenCalledWith('revert');
    rerender(<ChangeSetView changeSet={changeSet({ status: 'conflict', conflicts: [{ rowId: 11, column: 'Priority', expected: 'High', actual: 'Medium' }] })} busy={false} onDecide={onDecide} />);
    expect(screen.getByRole('alert').textContent).toContain('row 3 · Priority: expected High, now Medium'); // the grid's row number, not Smartsheet's id
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('after a conflict or the deadline offers to ask again (proposed afresh); not while it can still be decided or once applied', () => {
    const onAskAgain = vi.fn();
    const { rerender } = render(<ChangeSetView changeSet={changeSet({ status: 'conflict', conflicts: [{ rowId: 11, column: 'Status', expected: 'Blocked', actual: 'Done' }] })} busy={false} onDecide={vi.fn()} onAskAgain={onAskAgain} />);
    fireEvent.click(screen.getByRole('button', { name: 'Ask again' }));
    expect(onAskAgain).toHaveBeenCalledTimes(1);
    rerender(<ChangeSetView changeSet={changeSet({ status: 'expired' })} busy={false} onDecide={vi.fn()} onAskAgain={onAskAgain} />);
    expect(screen.getByRole('button', { name: 'Ask again' })).toBeTruthy();
    for (const status of ['awaiting_approval', 'applied', 'rejected'] as const) {
      rerender(<ChangeSetView changeSet={changeSet({ status })} busy={false} onDecide={vi.fn()} onAskAgain={onAskAgain} />);
      expect(screen.queryByRole('button', { name: 'Ask again' }), status).toBeNull();
    }
    // Nothing to ask with (no request known, or the input is blocked): no button.
    rerender(<ChangeSetView changeSet={changeSet({ status: 'conflict' })} busy={false} onDecide={vi.fn()} />);
    expect(screen.queryByRole('button', { name: 'Ask again' })).toBeNull();
  });

  it('rows to add show their first filled values (all of them on hover), and long lists are counted', () => {
    const values = { Task: 'Audit billing API', Owner: 'Ravi Patel', Status: 'Cancelled', Notes: null, Priority: 'Low', Budget: 43500, Spent: 14346 };
    render(<ChangeSetView changeSet={changeSet({ addedRows: Array.from({ length: 25 }, () => ({ values })), deletedRows: Array.from({ length: 21 }, (_, i) => ({ rowId: 100 + i, rowNumber: i + 1, values: { Task: `T${i}` } })) })} busy={false} onDecide={vi.fn()} />);
    const added = screen.getByRole('list', { name: 'Rows to add' }).querySelectorAll('li');
    expect(added).toHaveLength(20);
    expect(added[0]!.textContent).toBe('+ Task: Audit billing API, Owner: Ravi Patel, Status: Cancelled, Priority: Low, …');
    expect(added[0]!.getAttribute('title')).toBe('Task: Audit billing API, Owner: Ravi Patel, Status: Cancelled, Priority: Low, Budget: 43500, Spent: 14346');
    expect(screen.getByText('…and 5 more rows.')).toBeTruthy();
    expect(screen.getByText('…and 1 more row.')).toBeTruthy();
  });

  it('while a revert runs offers nothing to click; a failure says why', () => {
    const onDecide = vi.fn();
    const { rerender } = render(<ChangeSetView changeSet={changeSet({ status: 'reverting' })} busy={false} onDecide={onDecide} />);
    expect(screen.getByText('Reverting…')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
    rerender(<ChangeSetView changeSet={changeSet({ status: 'failed', error: 'Smartsheet: 500/4000 internal error' })} busy={false} onDecide={onDecide} />);
    expect(screen.getByRole('alert').textContent).toBe('Smartsheet: 500/4000 internal error');
  });
});

const job = (over: Partial<Job> = {}): Job => ({
  id: 'j1',
  sessionId: 's',
  sheetId: 1,
  kind: 'fill',
  summary: 'Summarise Notes → Summary',
  status: 'awaiting_approval',
  createdAt: '',
  updatedAt: '',
  baseVersion: 3,
  approvalExpiresAt: new Date(Date.now() + 600_000).toISOString(),
  preview: { sample: [{ rowId: 1, rowNumber: 1, before: null, after: 'Short summary' }], estimate: { rows: 2000, modelCalls: 100, promptTokens: 50_000, smartsheetRequests: 4, seconds: 30 }, summary: 'Fill 2000 rows' },
  progress: { phase: 'awaiting_approval', done: 0, total: 2000, failed: 0 },
  ...over,
});

describe('job card', () => {
  it('shows its notes while it can be decided, not once it runs', () => {
    const note = '"Parked" is not one of Status\'s options (Open, Done); Smartsheet will store it as typed.';
    render(<JobView job={job({ notes: [note] })} busy={false} onAction={() => undefined} />);
    expect(screen.getByRole('note').textContent).toBe(note);
    cleanup();
    render(<JobView job={job({ notes: [note], status: 'running', progress: { phase: 'running', done: 5, total: 2000, failed: 0 } })} busy={false} onAction={() => undefined} />);
    expect(screen.queryByRole('note')).toBeNull();
  });

  it("a pilot row's number shows that row in the grid; an import's rows to add have no number yet", () => {
    const onRow = vi.fn();
    const sample = [{ rowId: 9, rowNumber: 4, before: { Budget: 1 }, after: { Budget: 2 } }];
    render(<JobView job={job({ kind: 'update', preview: { ...job().preview!, sample } })} busy={false} onAction={() => undefined} onRow={onRow} />);
    fireEvent.click(screen.getByRole('button', { name: 'Show row 4 in the grid' }));
    expect(onRow).toHaveBeenCalledWith(9);
    cleanup();
    render(<JobView job={job({ kind: 'import', preview: { ...job().preview!, sample: [{ values: { Task: 'New' } }] } })} busy={false} onAction={() => undefined} onRow={onRow} />);
    expect([screen.queryByRole('button', { name: /Show row/ }), screen.getAllByRole('row')[1]!.textContent]).toEqual([null, '+Task: New(added)']);
  });

  it('an update previews the cells it sets, before and after; a delete, the rows it deletes', () => {
    const sample = { rowId: 9, rowNumber: 9, values: { Task: 'Launch', Status: 'Blocked' } };
    render(<JobView job={job({ kind: 'update', preview: { ...job().preview!, sample: [{ ...sample, before: { Budget: 17000 }, after: { Budget: 'TBD' } }] } })} busy={false} onAction={() => undefined} />);
    expect(screen.getAllByRole('row')[1]!.textContent).toBe('9Budget: 17000Budget: TBD');
    cleanup();
    render(<JobView job={job({ kind: 'update', preview: { ...job().preview!, sample: [{ ...sample, before: { Budget: 1 }, after: { Budget: 2 } }] } })} busy={false} onAction={() => undefined} rowName={(id) => (id === 9 ? 'Launch' : undefined)} />);
    expect(screen.getAllByRole('row')[1]!.textContent).toBe('9LaunchBudget: 1Budget: 2');
    cleanup();
    render(<JobView job={job({ kind: 'delete', preview: { ...job().preview!, sample: [sample] } })} busy={false} onAction={() => undefined} />);
    expect(screen.getAllByRole('row')[1]!.textContent).toBe('9Task: Launch, Status: Blocked(deleted)');
  });

  it('shows the pilot and the estimate, and approves', () => {
    const onAction = vi.fn();
    render(<JobView job={job()} busy={false} onAction={onAction} />);
    expect(screen.getByText('Short summary')).toBeTruthy();
    expect(screen.getByText('100')).toBeTruthy();
    expect(screen.getByText('~30 s')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Approve and run' }));
    expect(onAction).toHaveBeenCalledWith('approve');
  });

  it('while running shows done/total, failed and ETA with a progress bar, and cancels', () => {
    const onAction = vi.fn();
    render(<JobView job={job({ status: 'running', progress: { phase: 'running', done: 500, total: 2000, failed: 3, etaSeconds: 12 } })} busy={false} onAction={onAction} />);
    expect(screen.getByTestId('job-progress').textContent).toBe('500 / 2,000 done · 3 failed · about 12 s left (25%)');
    expect((screen.getByRole('progressbar') as HTMLProgressElement).value).toBe(503);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onAction).toHaveBeenCalledWith('cancel');
    cleanup();
    // A slow model's job runs to minutes or hours: said so, not as thousands of seconds.
    render(<JobView job={job({ status: 'running', progress: { phase: 'running', done: 500, total: 2000, failed: 0, etaSeconds: 4512 } })} busy={false} onAction={onAction} />);
    expect(screen.getByTestId('job-progress').textContent).toBe('500 / 2,000 done · about 1 h 15 min left (25%)');
  });

  it('cancelled part way, offers to resume with the rows left; finished, it does not, and says what it did', () => {
    const onAction = vi.fn();
    const { rerender } = render(<JobView job={job({ status: 'cancelled', resumable: true, progress: { phase: 'finished', done: 1000, total: 2000, failed: 0 } })} busy={false} onAction={onAction} />);
    fireEvent.click(screen.getByRole('button', { name: 'Resume (1,000 rows left)' }));
    expect(onAction).toHaveBeenCalledWith('resume');
    // Stopped by Smartsheet (the sheet's sharing changed): why, and the same way on once it is mended.
    const why = 'The job stopped: Smartsheet refused: the account the app signs in with may no longer change this sheet.';
    rerender(<JobView job={job({ status: 'failed', resumable: true, error: why, progress: { phase: 'finished', done: 500, total: 2000, failed: 0 } })} busy={false} onAction={onAction} />);
    expect(screen.getByRole('alert').textContent).toBe(why);
    expect(screen.getByRole('button', { name: 'Resume (1,500 rows left)' })).toBeTruthy();
    // The server says when a job may go on (not once undone, not when it never ran).
    rerender(<JobView job={job({ status: 'failed', error: why, progress: { phase: 'finished', done: 500, total: 2000, failed: 0 } })} busy={false} onAction={onAction} />);
    expect(screen.queryByRole('button', { name: /Resume/ })).toBeNull();
    rerender(<JobView job={job({ status: 'completed', progress: { phase: 'finished', done: 2000, total: 2000, failed: 0 }, result: { written: 2000, failed: 0, skipped: 0, modelCalls: 100, smartsheetRequests: 4 } })} busy={false} onAction={onAction} />);
    expect(screen.queryByRole('button', { name: /Resume/ })).toBeNull();
    // What it did and what it cost.
    expect(screen.getByTestId('job-result').textContent).toBe('2,000 written · 100 model calls · 4 Smartsheet requests');
    rerender(<JobView job={job({ status: 'completed', progress: { phase: 'finished', done: 60, total: 60, failed: 0 }, result: { written: 60, failed: 0, skipped: 0, modelCalls: 1, smartsheetRequests: 1 } })} busy={false} onAction={onAction} />);
    expect(screen.getByTestId('job-result').textContent).toBe('60 written · 1 model call · 1 Smartsheet request');
  });

  it('names the rows it left alone because they changed in the sheet, counts them as finished, and offers no retry for them', () => {
    const onAction = vi.fn();
    const { rerender } = render(<JobView job={job({ status: 'cancelled', resumable: true, progress: { phase: 'finished', done: 998, total: 2000, failed: 0, conflicts: 2 } })} busy={false} onAction={onAction} />);
    expect(screen.getByTestId('job-progress').textContent).toBe('998 / 2,000 done · 2 not overwritten (50%)');
    expect(screen.getByRole('button', { name: 'Resume (1,000 rows left)' })).toBeTruthy();
    const finished = { status: 'completed' as const, progress: { phase: 'finished' as const, done: 1998, total: 2000, failed: 0, conflicts: 2 }, result: { written: 1998, failed: 0, skipped: 0, conflicts: 2, conflictRows: [4, 1999], modelCalls: 0, smartsheetRequests: 9 } };
    rerender(<JobView job={job(finished)} busy={false} onAction={onAction} />);
    expect(screen.getByTestId('job-conflicts').textContent).toBe('2 rows not overwritten: changed in the sheet after the job was planned (row 4, 1999).');
    expect(screen.queryByRole('button', { name: /Retry/ })).toBeNull();
    rerender(<JobView job={job({ ...finished, kind: 'delete', result: { ...finished.result, conflicts: 25, conflictRows: Array.from({ length: 20 }, (_, i) => i + 1) } })} busy={false} onAction={onAction} />);
    expect(screen.getByTestId('job-conflicts').textContent).toMatch(/^25 rows not deleted: changed in the sheet after the job was planned \(row 1, 2, .*, 20, …\)\.$/);
  });

  it('when finished with failures offers to retry only those', () => {
    const onAction = vi.fn();
    render(<JobView job={job({ status: 'completed', progress: { phase: 'finished', done: 1997, total: 2000, failed: 3 } })} busy={false} onAction={onAction} />);
    fireEvent.click(screen.getByRole('button', { name: 'Retry 3 failed rows' }));
    expect(onAction).toHaveBeenCalledWith('retry-failed');
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('finished having written, an update, fill or import offers Undo; a delete, an undo, or a job already undone does not (nor retry)', () => {
    const onAction = vi.fn();
    const finished = { status: 'completed' as const, progress: { phase: 'finished' as const, done: 1997, total: 2000, failed: 3 }, result: { written: 1997, failed: 3, skipped: 0, modelCalls: 0, smartsheetRequests: 5 } };
    const { rerender } = render(<JobView job={job({ ...finished, kind: 'update' })} busy={false} onAction={onAction} />);
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(onAction).toHaveBeenCalledWith('undo');
    rerender(<JobView job={job({ ...finished, kind: 'import' })} busy={false} onAction={onAction} />);
    expect(screen.getByRole('button', { name: 'Undo' }).title).toBe('Plan deleting the rows this import added; you approve it first');
    for (const over of [{ kind: 'delete' as const }, { kind: 'undo' as const }, { status: 'running' as const }, { result: { ...finished.result, written: 0 } }]) {
      rerender(<JobView job={job({ ...finished, ...over })} busy={false} onAction={onAction} />);
      expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    }
    rerender(<JobView job={job({ ...finished, undoneBy: 'j2' })} busy={false} onAction={onAction} />);
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Retry/ })).toBeNull();
  });

  it('an undo of an import previews the rows it deletes', () => {
    const sample = { rowId: 7, rowNumber: 7, values: { Task: 'Imported one' } };
    render(<JobView job={job({ kind: 'undo', undoes: { jobId: 'j0', kind: 'import' }, preview: { ...job().preview!, sample: [sample] } })} busy={false} onAction={() => undefined} />);
    expect(screen.getByText('(deleted)')).toBeTruthy();
  });
});

describe('while Smartsheet is not answering', () => {
  const paused = 'Smartsheet is not answering: this waits until it is back.';
  const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

  it('a change set cannot be approved or reverted, and says why; it can still be rejected', () => {
    const onDecide = vi.fn();
    const { rerender } = render(<ChangeSetView changeSet={changeSet()} busy={false} writesPaused={paused} onDecide={onDecide} />);
    expect(button('Approve').disabled).toBe(true);
    expect(button('Approve').title).toBe(paused);
    fireEvent.click(button('Reject'));
    expect(onDecide.mock.calls).toEqual([['reject']]);
    rerender(<ChangeSetView changeSet={changeSet({ status: 'applied' })} busy={false} writesPaused={paused} onDecide={onDecide} />);
    expect(button('Revert').disabled).toBe(true);
  });

  it('a job cannot start or retry, but can be rejected or cancelled', () => {
    const onAction = vi.fn();
    const { rerender } = render(<JobView job={job()} busy={false} writesPaused={paused} onAction={onAction} />);
    expect(button('Approve and run').disabled).toBe(true);
    fireEvent.click(button('Reject'));
    rerender(<JobView job={job({ status: 'running', progress: { phase: 'running', done: 5, total: 2000, failed: 0 } })} busy={false} writesPaused={paused} onAction={onAction} />);
    fireEvent.click(button('Cancel'));
    rerender(<JobView job={job({ status: 'completed', progress: { phase: 'finished', done: 1997, total: 2000, failed: 3 } })} busy={false} writesPaused={paused} onAction={onAction} />);
    expect(button('Retry 3 failed rows').disabled).toBe(true);
    expect(onAction.mock.calls).toEqual([['reject'], ['cancel']]);
  });
});
