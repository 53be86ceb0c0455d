import { describe, expect, it } from 'vitest';
import { citedStamps, markStale } from '../../functions/chat/staleness.js';
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
});
