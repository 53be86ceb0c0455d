import { describe, expect, it } from 'vitest';
import { basisDigests, citedStamps, columnDigest, columnsRead, markStale } from '../../functions/chat/staleness.js';
import type { StoredMessage } from '../../functions/storage/stores.port.js';
import { projectTracker } from '../../infra/smartsheet-emulator/seed.js';
import { totalRows } from '../../infra/smartsheet-emulator/sheet-store.js';
import { toSheet, type Sheet } from '../../shared/sheet/model.js';

const v1: Sheet = { ...toSheet(totalRows(projectTracker())), version: 1 };
const [first, second, third] = v1.rows;
const edited = (sheet: Sheet, rowId: number, version: number): Sheet => ({ ...sheet, version, rows: sheet.rows.map((r) => (r.id === rowId ? { ...r, values: r.values.map((v, i) => (i === 0 ? `${String(v)} (edited)` : v)) } : r)) });
const answer = (id: string, cited: number[], stamped: Sheet | undefined): StoredMessage => ({
  id,
  sessionId: 's',
  conversation: 1,
  role: 'assistant',
  text: 'x',
  createdAt: '2026-11-24T09:00:00.000Z',
  sheetVersion: 1,
  citedRowIds: cited,
  ...(stamped ? { citedRowStamps: citedStamps(stamped, cited) } : {}),
});

describe('stale answers', () => {
  it('compare each cited row with its stamp, loading no old snapshot, and keep the stamps to the server', async () => {
    const now: Sheet = { ...edited(v1, first!.id, 2), rows: edited(v1, first!.id, 2).rows.filter((r) => r.id !== third!.id) };
    const loaded: number[] = [];
    const snapshots = { get: async (_sheetId: number, version: number) => (loaded.push(version), undefined) };
    const marked = await markStale([answer('a', [first!.id], v1), answer('b', [second!.id], v1), answer('c', [third!.id], v1)], now, snapshots);
    expect(marked.map((m) => [m.id, m.stale ?? false])).toEqual([
      ['a', true], // its row changed
      ['b', false], // untouched
      ['c', true], // its row was deleted
    ]);
    expect(loaded).toEqual([]);
    expect(marked.every((m) => !('citedRowStamps' in m))).toBe(true);
  });

  it('answers stored before stamps compare the rows of the version they read', async () => {
    const loaded: number[] = [];
    const snapshots = { get: async (_sheetId: number, version: number) => (loaded.push(version), version === 1 ? v1 : undefined) };
    const marked = await markStale([answer('a', [first!.id], undefined), answer('b', [second!.id], undefined)], edited(v1, first!.id, 2), snapshots);
    expect(marked.map((m) => m.stale ?? false)).toEqual([true, false]);
    expect(loaded).toEqual([1]);
  });

  it('an answer goes stale only when a column it read changes: a total by Owner is not made stale by an edit to Notes', async () => {
    const id = (title: string) => v1.columns.find((c) => c.title === title)!.id;
    const at = (title: string) => v1.columns.find((c) => c.title === title)!.index;
    const withValue = (sheet: Sheet, rowId: number, title: string, value: string | number, version: number): Sheet => ({ ...sheet, version, rows: sheet.rows.map((r) => (r.id === rowId ? { ...r, values: r.values.map((v, i) => (i === at(title) ? value : v)) } : r)) });
    const step = (tool: string, args: unknown, ok = true) => ({ tool, args, ok, detail: '' });
    const total = [step('aggregate', { metrics: [{ fn: 'sum', column: 'Budget' }], groupBy: ['Owner'], filter: { column: 'Status', op: 'eq', value: 'Blocked' } })];
    const read = columnsRead(total, v1)!;
    expect(read).toEqual([id('Owner'), id('Status'), id('Budget')].sort((a, b) => a - b));
    const totalAnswer: StoredMessage = { ...answer('t', [first!.id, second!.id], undefined), citedRowStamps: citedStamps(v1, [first!.id, second!.id], read), citedColumnIds: read };
    const none = { get: async () => undefined };
    const notes = withValue(v1, first!.id, 'Notes', 'a colleague’s note', 2);
    const budget = withValue(v1, second!.id, 'Budget', 123456, 2);
    expect((await markStale([totalAnswer], notes, none))[0]!.stale).toBeUndefined();
    expect((await markStale([totalAnswer], budget, none))[0]!.stale).toBe(true);
    const gone: Sheet = { ...v1, version: 2, columns: v1.columns.filter((c) => c.title !== 'Status') };
    expect((await markStale([totalAnswer], gone, none))[0]!.stale).toBe(true); // a column it read was deleted
    expect((await markStale([totalAnswer], notes, none))[0]).not.toHaveProperty('citedColumnIds');

    // Whole rows read, a proposal, or nothing read: every column counts. A failed call read nothing.
    expect(columnsRead([...total, step('query_rows', { filter: { column: 'Status', op: 'eq', value: 'Blocked' } })], v1)).toBeUndefined();
    expect(columnsRead([step('update_cells', { set: { Status: 'Done' }, rowNumbers: [1] })], v1)).toBeUndefined();
    expect(columnsRead([], v1)).toBeUndefined();
    expect(columnsRead([...total, step('get_rows', { rowIds: [1] }, false)], v1)).toEqual(read);
    expect(columnsRead([step('get_rows', { rowNumbers: [5], select: ['Task', 'owner'] })], v1)).toEqual([id('Task'), id('Owner')].sort((a, b) => a - b));
    expect(columnsRead([step('column_stats', { column: 'Nope' })], v1)).toBeUndefined(); // a title the sheet lacks: count every column
  });

  it('an answer goes stale when a column it was worked out from changes anywhere: a newly blocked task is no cited row', async () => {
    const at = (title: string) => v1.columns.find((c) => c.title === title)!.index;
    const withValue = (sheet: Sheet, rowId: number, title: string, value: string, version: number): Sheet => ({ ...sheet, version, rows: sheet.rows.map((r) => (r.id === rowId ? { ...r, values: r.values.map((v, i) => (i === at(title) ? value : v)) } : r)) });
    const none = { get: async () => undefined };
    const count = [{ tool: 'aggregate', args: { metrics: [{ fn: 'count' }], filter: { column: 'Status', op: 'eq', value: 'Blocked' } }, ok: true, detail: '' }];
    const blocked = v1.rows.filter((r) => r.values[at('Status')] === 'Blocked');
    const other = v1.rows.find((r) => r.values[at('Status')] !== 'Blocked')!;
    const cited = blocked.slice(0, 2).map((r) => r.id); // an answer cites a few of the rows it counted
    const counted: StoredMessage = { ...answer('n', cited, undefined), citedRowStamps: citedStamps(v1, cited, columnsRead(count, v1)), citedColumnIds: columnsRead(count, v1), basisDigests: basisDigests(count, v1) };
    expect(Object.keys(counted.basisDigests!)).toEqual([String(v1.columns[at('Status')]!.id)]);
    expect((await markStale([counted], withValue(v1, other.id, 'Status', 'Blocked', 2), none))[0]!.stale).toBe(true);
    expect((await markStale([counted], withValue(v1, other.id, 'Notes', 'unrelated', 2), none))[0]!.stale).toBeUndefined();
    // An answer that found nothing cites nothing, and still goes stale when a row comes to match.
    const nothing: StoredMessage = { ...answer('z', [], undefined), basisDigests: basisDigests(count, v1) };
    expect((await markStale([nothing], withValue(v1, other.id, 'Status', 'Blocked', 2), none))[0]!.stale).toBe(true);
    // Worked out once per snapshot; a failed call, or a tool that reads no columns, records none.
    expect(columnDigest(v1, v1.columns[at('Status')]!.id)).toBe(counted.basisDigests![String(v1.columns[at('Status')]!.id)]);
    expect(basisDigests([{ ...count[0]!, ok: false }], v1)).toBeUndefined();
    expect(basisDigests([{ tool: 'get_rows', args: { rowIds: [1] }, ok: true, detail: '' }], v1)).toBeUndefined();
  });

  it('an answer over a computed column goes stale when a column it is worked out from changes', async () => {
    const id = (title: string) => v1.columns.find((c) => c.title === title)!.id;
    const at = (title: string) => v1.columns.find((c) => c.title === title)!.index;
    const withValue = (sheet: Sheet, rowId: number, title: string, value: number | string, version: number): Sheet => ({ ...sheet, version, rows: sheet.rows.map((r) => (r.id === rowId ? { ...r, values: r.values.map((v, i) => (i === at(title) ? value : v)) } : r)) });
    const none = { get: async () => undefined };
    const computed = [{ name: 'Left', expression: 'Budget - [Spent]@row' }];
    const left = [{ tool: 'aggregate', args: { computed, metrics: [{ fn: 'sum', column: 'left' }], groupBy: ['Owner'] }, ok: true, detail: '' }];
    const read = columnsRead(left, v1)!;
    expect(read).toEqual([id('Owner'), id('Budget'), id('Spent')].sort((a, b) => a - b));
    const cited = [first!.id];
    const total: StoredMessage = { ...answer('l', cited, undefined), citedRowStamps: citedStamps(v1, cited, read), citedColumnIds: read, basisDigests: basisDigests(left, v1) };
    expect(Object.keys(total.basisDigests!).map(Number).sort((a, b) => a - b)).toEqual(read);
    const other = v1.rows.at(-1)!;
    expect((await markStale([total], withValue(v1, other.id, 'Spent', 1, 2), none))[0]!.stale).toBe(true);
    expect((await markStale([total], withValue(v1, other.id, 'Notes', 'unrelated', 2), none))[0]!.stale).toBeUndefined();
    // A group by a condition reads the columns of its condition.
    const split = [{ tool: 'aggregate', args: { groupBy: [{ name: 'Late', filter: { column: 'Due Date', op: 'lt', value: 'today' } }], metrics: [{ fn: 'percent' }] }, ok: true, detail: '' }];
    expect(columnsRead(split, v1)).toEqual([id('Due Date')]);
    expect(Object.keys(basisDigests(split, v1)!)).toEqual([String(id('Due Date'))]);
    // So does a share of each group's rows that match a filter: its filter's columns (computed ones through their sources).
    const rate = [{ tool: 'aggregate', args: { computed, groupBy: ['Owner'], metrics: [{ fn: 'percent', where: { column: 'Left', op: 'lt', value: 0 }, name: 'Over' }] }, ok: true, detail: '' }];
    expect(columnsRead(rate, v1)).toEqual([id('Owner'), id('Budget'), id('Spent')].sort((a, b) => a - b));
    // Worked out from when rows last changed (MODIFIED()): every column counts, for the cited rows and the whole sheet.
    const recent = [{ tool: 'aggregate', args: { computed: [{ name: 'Changed', expression: 'MODIFIED()' }], filter: { column: 'Changed', op: 'within_last', amount: 7, unit: 'day' }, metrics: [{ fn: 'count' }] }, ok: true, detail: '' }];
    expect(columnsRead(recent, v1)).toBeUndefined();
    expect(Object.keys(basisDigests(recent, v1)!).map(Number).sort((a, b) => a - b)).toEqual(v1.columns.map((c) => c.id).sort((a, b) => a - b));
    // Rows shown with a computed column read the columns it is worked out from.
    expect(columnsRead([{ tool: 'query_rows', args: { computed, select: ['Task', 'Left'] }, ok: true, detail: '' }], v1)).toEqual([id('Task'), id('Budget'), id('Spent')].sort((a, b) => a - b));
  });

  it('a column digest tells any one changed value apart, in every column type, and only that column', () => {
    const copy = (sheet: Sheet): Sheet => JSON.parse(JSON.stringify(sheet)) as Sheet;
    const other = (v: unknown): unknown => (v === null ? 'x' : typeof v === 'number' ? v + 1e-9 : typeof v === 'boolean' ? !v : typeof v === 'object' ? { ...(v as object), email: 'someone@else.example' } : `${String(v)}!`);
    for (const column of v1.columns) {
      const same = copy(v1);
      expect(columnDigest(same, column.id)).toBe(columnDigest(v1, column.id)); // equal values, other objects: equal
      const changed = copy(v1);
      changed.rows[7]!.values[column.index] = other(changed.rows[7]!.values[column.index]) as never;
      expect(columnDigest(changed, column.id), column.title).not.toBe(columnDigest(v1, column.id));
      const neighbour = v1.columns.find((c) => c.id !== column.id)!;
      expect(columnDigest(changed, neighbour.id)).toBe(columnDigest(v1, neighbour.id));
    }
    const moved = copy(v1);
    [moved.rows[1], moved.rows[2]] = [moved.rows[2]!, moved.rows[1]!];
    expect(columnDigest(moved, v1.columns[0]!.id)).not.toBe(columnDigest(v1, v1.columns[0]!.id)); // the order counts (a sort)
  });
});
