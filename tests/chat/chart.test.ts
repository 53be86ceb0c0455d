import { describe, expect, it } from 'vitest';
import { chartOf } from '../../functions/chat/chat-tools.js';
import { projectTracker } from '../../infra/smartsheet-emulator/seed.js';
import { totalRows } from '../../infra/smartsheet-emulator/sheet-store.js';
import { toSheet } from '../../shared/sheet/model.js';
import { readTools, runTool } from '../../shared/tools/catalogue.js';

const sheet = toSheet(totalRows(projectTracker()));
const aggregate = (args: object) => (runTool(readTools, 'aggregate', args, { sheet, today: '2026-11-24' }) as { data: unknown }).data;

describe('charts of grouped answers', () => {
  it('draw every metric of a group; shares alone, not flattened beside the totals they come with', () => {
    const totals = chartOf(aggregate({ groupBy: ['Owner'], metrics: [{ fn: 'sum', column: 'Budget' }, { fn: 'count' }] }))!;
    expect(totals.series.map((s) => s.name)).toEqual(['sum(Budget)', 'count']);
    expect(totals.title).toBe('sum(Budget), count by Owner');
    const shares = chartOf(aggregate({ groupBy: ['Owner'], metrics: [{ fn: 'sum', column: 'Budget' }, { fn: 'percent', column: 'Budget' }] }))!;
    expect(shares.title).toBe('percent(Budget) by Owner');
    expect(shares.series).toHaveLength(1);
    expect(shares.series[0]!.values.reduce((a, b) => a! + b!, 0)).toBeCloseTo(100, 1);
    // A rate within each group is a share too: drawn alone, each bar its own group's (they need not add up to 100).
    const rate = chartOf(aggregate({ groupBy: ['Owner'], metrics: [{ fn: 'count' }, { fn: 'percent', where: { column: 'Status', op: 'eq', value: 'Complete' }, name: 'Complete' }] }))!;
    expect(rate.title).toBe('percent Complete by Owner');
    expect(rate.series.every((s) => s.values.every((v) => v! >= 0 && v! <= 100))).toBe(true);
    expect(chartOf(aggregate({ metrics: [{ fn: 'count' }] }))).toBeUndefined(); // nothing grouped, nothing to draw
  });
});
