import { describe, expect, it } from 'vitest';
import { applySheetChanged, diffSheets, planSheetUpdate, realtimeEvent, type SheetChangedEvent } from '../../shared/realtime/events.js';
import type { Sheet } from '../../shared/sheet/model.js';

const columns = [{ id: 1, index: 0, title: 'Task', type: 'TEXT_NUMBER' as const, primary: true, hidden: false, readOnly: false }];
const row = (id: number, rowNumber: number, value: string, modifiedAt = '2026-01-01T00:00:00Z') => ({ id, rowNumber, modifiedAt, values: [value] });
const sheet = (version: number, rows: Sheet['rows']): Sheet => ({ id: 9, name: 'S', version, permalink: '', modifiedAt: '', columns, rows });

describe('sheet.changed: diff, plan, apply', () => {
  const before = sheet(3, [row(1, 1, 'a'), row(2, 2, 'b'), row(3, 3, 'c')]);
  const after = sheet(5, [row(1, 1, 'a'), row(3, 2, 'C', '2026-01-02T00:00:00Z'), row(4, 3, 'd')]);

  it('diffs changed, added and deleted rows and columns', () => {
    const diff = diffSheets(before, after);
    expect(diff.changedRows.map((r) => r.id)).toEqual([3, 4]);
    expect(diff.deletedRowIds).toEqual([2]);
    expect(diff.columnsChanged).toBe(false);
    expect(diffSheets(before, { ...after, columns: [{ ...columns[0]!, title: 'Renamed' }] }).columnsChanged).toBe(true);
    // A number shown anew (its column formatted as dollars in Smartsheet) is a change the grid must show.
    const dollars = sheet(6, [{ ...row(1, 1, 'a'), values: [12], shown: { 0: '$12.00' } }]);
    expect(diffSheets(sheet(5, [{ ...row(1, 1, 'a'), values: [12] }]), dollars).changedRows.map((r) => r.shown)).toEqual([{ 0: '$12.00' }]);
    // A value typed over a formula that showed the same value (or a formula put back): changed.
    const summed = sheet(6, [{ ...row(1, 1, 'a'), values: [30], formulas: { 0: '=SUM(CHILDREN())' } }]);
    expect(diffSheets(summed, sheet(7, [{ ...row(1, 1, 'a'), values: [30] }])).changedRows.map((r) => r.id)).toEqual([1]);
    expect(diffSheets(sheet(7, [{ ...row(1, 1, 'a'), values: [30] }]), summed).changedRows.map((r) => r.formulas)).toEqual([{ 0: '=SUM(CHILDREN())' }]);
    // Indented under the row above (its number the same, its last change too), locked or collapsed in Smartsheet: changed.
    const flat = sheet(5, [row(1, 1, 'a'), row(2, 2, 'b')]);
    for (const changed of [{ parentId: 1 }, { locked: true as const }, { collapsed: true as const }]) {
      expect(diffSheets(flat, sheet(6, [row(1, 1, 'a'), { ...row(2, 2, 'b'), ...changed }])).changedRows.map((r) => r.id), JSON.stringify(changed)).toEqual([2]);
    }
  });

  const event = (over: Partial<SheetChangedEvent> = {}): SheetChangedEvent => {
    const diff = diffSheets(before, after);
    return { type: 'sheet.changed', sheetId: 9, version: 5, previousVersion: 3, changedRows: diff.changedRows, rowsOmitted: false, changedRowIds: diff.changedRows.map((r) => r.id), deletedRowIds: diff.deletedRowIds, columnsChanged: false, source: 'webhook', at: '', ...over };
  };

  it('plans apply / ignore / refetch from the client version', () => {
    expect(planSheetUpdate(3, event())).toBe('apply');
    expect(planSheetUpdate(5, event())).toBe('ignore');
    expect(planSheetUpdate(6, event())).toBe('ignore');
    expect(planSheetUpdate(2, event())).toBe('refetch');
    expect(planSheetUpdate(undefined, event())).toBe('refetch');
    expect(planSheetUpdate(3, event({ rowsOmitted: true }))).toBe('refetch');
    expect(planSheetUpdate(3, event({ columnsChanged: true }))).toBe('refetch');
  });

  it('applying the event to the old sheet gives the new one', () => {
    expect(applySheetChanged(before, event())).toEqual(after);
  });

  it('the contract parses what the server sends and rejects what it does not', () => {
    expect(realtimeEvent.parse(event())).toMatchObject({ type: 'sheet.changed', version: 5 });
    const shown = { ...row(7, 4, 'x'), values: [0.35], shown: { 0: '35%' } };
    expect(realtimeEvent.parse(event({ changedRows: [shown] }))).toMatchObject({ changedRows: [shown] });
    // A cell's formula goes with its row (the grid's editor opens on it), not dropped by the contract.
    const formula = { ...row(8, 5, 'x'), values: [3500], formulas: { 0: '=SUM(CHILDREN())' } };
    expect(realtimeEvent.parse(event({ changedRows: [formula] }))).toMatchObject({ changedRows: [formula] });
    expect(realtimeEvent.parse({ type: 'answer.stale', sessionId: 's', messageIds: ['m'], sheetVersion: 5 })).toMatchObject({ type: 'answer.stale' });
    expect(realtimeEvent.safeParse({ type: 'sheet.changed', sheetId: 'x' }).success).toBe(false);
  });
});
