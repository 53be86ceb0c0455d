import { describe, expect, it } from 'vitest';
import { checkSpec, jobTargets, type TargetSources } from '../../functions/jobs/job-rows.js';
import type { Job } from '../../functions/jobs/job.model.js';
import { largeSheet, projectTracker } from '../../infra/smartsheet-emulator/seed.js';
import { totalRows } from '../../infra/smartsheet-emulator/sheet-store.js';
import { toSheet, type Sheet } from '../../shared/sheet/model.js';

const sheet = toSheet(totalRows(projectTracker()));
const status = sheet.columns.find((c) => c.title === 'Status')!.index;

describe('job rows on a sheet with indented rows', () => {
  it('a delete job counts, previews and deletes the rows under the matching ones (Smartsheet deletes them too), and says so', async () => {
    const cancelled = sheet.rows.filter((r) => r.values[status] === 'Cancelled');
    const parent = cancelled[0]!;
    const [child, grandchild] = sheet.rows.filter((r) => r.rowNumber > parent.rowNumber && r.values[status] !== 'Cancelled');
    const nested: Sheet = { ...sheet, rows: sheet.rows.map((r) => (r.id === child!.id ? { ...r, parentId: parent.id } : r.id === grandchild!.id ? { ...r, parentId: child!.id } : r)) };
    const spec = { kind: 'delete' as const, filter: { column: 'Status', op: 'eq' as const, value: 'Cancelled' } };
    expect(checkSpec(spec, nested, new Date('2026-11-25T00:00:00Z'))).toEqual({
      summary: 'Delete matching rows',
      notes: ['Smartsheet deletes the rows indented under a deleted row, so 2 more rows are deleted with the matching ones.', 'A delete job has no undo: the rows it deletes are gone, with their comments and attachments (update, fill and import jobs, and change sets in chat, can be undone).'],
    });
    expect(checkSpec(spec, sheet, new Date('2026-11-25T00:00:00Z'))).toEqual({ summary: 'Delete matching rows', notes: ['A delete job has no undo: the rows it deletes are gone, with their comments and attachments (update, fill and import jobs, and change sets in chat, can be undone).'] });
    const targets = await jobTargets({ spec, createdAt: '2026-11-25T00:00:00.000Z' } as Job, nested, {} as TargetSources);
    expect(targets.map((t) => t.rowId).sort()).toEqual([...cancelled.map((r) => r.id), child!.id, grandchild!.id].sort());
    expect(targets.map((t) => t.rowNumber)).toEqual([...targets.map((t) => t.rowNumber!)].sort((a, b) => a - b));
  });

  it('an update or fill job over cells that hold a formula says the value replaces it', () => {
    const json = totalRows(projectTracker());
    const budget = json.columns.find((c) => c.title === 'Budget')!;
    const target = json.rows[3]!;
    const formulaSheet = toSheet({ ...json, rows: json.rows.map((r) => (r.id === target.id ? { ...r, cells: r.cells.map((c) => (c.columnId === budget.id ? { ...c, formula: '=[Spent]4 * 2' } : c)) } : r)) });
    const now = new Date('2026-11-25T00:00:00Z');
    const note = `1 cell to be written holds a formula (Budget on row 4: =[Spent]4 * 2); the value replaces it.`;
    expect(checkSpec({ kind: 'update', set: { Budget: 1 } }, formulaSheet, now).notes).toEqual([note]);
    expect(checkSpec({ kind: 'fill', template: 'score', sourceColumns: ['Notes'], targetColumn: 'Budget', draft: false, onlyEmpty: false }, formulaSheet, now).notes).toEqual([expect.stringMatching(/where Notes is empty are left as they are/), note]);
    expect(checkSpec({ kind: 'update', set: { Budget: 1 } }, toSheet(json), now).notes).toBeUndefined();
  });

  it('a fill leaves the rows with nothing to work from as they are — an empty note is not summarised or categorised — and says so', async () => {
    const notes = sheet.columns.find((c) => c.title === 'Notes')!.index;
    const empty = sheet.rows.filter((r) => (r.values[notes] ?? '') === '');
    expect(empty.length).toBeGreaterThan(0);
    const spec = { kind: 'fill' as const, template: 'categorise' as const, labels: ['Low', 'High'], sourceColumns: ['Notes'], targetColumn: 'Risk', draft: false, onlyEmpty: false };
    const now = new Date('2026-11-25T00:00:00Z');
    expect(checkSpec(spec, sheet, now).notes).toContain(`${empty.length} rows where Notes is empty are left as they are: there is nothing to work from.`);
    const targets = await jobTargets({ spec, createdAt: now.toISOString() } as Job, sheet, {} as TargetSources);
    expect(targets.map((t) => t.rowId)).toEqual(sheet.rows.filter((r) => !empty.includes(r)).map((r) => r.id));
    // With another source that has something (the task's name), every row has something to work from.
    expect(await jobTargets({ spec: { ...spec, sourceColumns: ['Task', 'Notes'] }, createdAt: now.toISOString() } as Job, sheet, {} as TargetSources)).toHaveLength(sheet.rows.length);
    // Only empty rows asked for: refused, saying why.
    expect(() => checkSpec({ ...spec, filter: { column: 'Notes', op: 'is_empty' } }, sheet, now)).toThrow('Nothing to work from: Notes is empty on every matching row.');
    // Counts in the thousands are written as people read them.
    const ledger = toSheet(totalRows(largeSheet(3000)));
    const blank = ledger.rows.filter((r) => (r.values[ledger.columns.find((c) => c.title === 'Notes')!.index] ?? '') === '').length;
    expect(blank).toBeGreaterThan(999);
    expect(checkSpec({ ...spec, targetColumn: 'Summary' }, ledger, now).notes).toContain(`${new Intl.NumberFormat('en-US').format(blank)} rows where Notes is empty are left as they are: there is nothing to work from.`);
  });
});
