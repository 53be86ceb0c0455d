import { describe, expect, it } from 'vitest';
import type { Column, Sheet } from '../../shared/sheet/model.js';
import type { SheetValue } from '../../shared/sheet/values.js';
import { runAggregate, runQuery, shareOf } from '../../shared/query/engine.js';
import { bucketOf, periodRange } from '../../shared/query/dates.js';
import { filterHints } from '../../shared/query/hints.js';
import { columnStats } from '../../shared/query/stats.js';
import { readTools, runTool } from '../../shared/tools/catalogue.js';

const col = (index: number, title: string, type: Column['type']): Column => ({ id: index + 1, index, title, type, primary: index === 0, hidden: false, readOnly: false });
const columns = [col(0, 'Task', 'TEXT_NUMBER'), col(1, 'Budget', 'TEXT_NUMBER'), col(2, 'Due', 'DATE'), col(3, 'Done', 'CHECKBOX'), col(4, 'Owner', 'CONTACT_LIST'), col(5, 'Tags', 'MULTI_PICKLIST')];
const rows: SheetValue[][] = [
  ['Design', 1200, '2026-07-15', true, { name: 'Dana Whitfield', email: 'dana@example.com' }, ['ux', 'q3']],
  ['Build', '1,500', '2026-08-02', false, { email: 'ravi@example.com' }, ['eng']],
  ['Test', '$300', '2026-10-01', null, null, []],
  ['Launch', '', '2026-11-20', false, { name: 'Dana Whitfield', email: 'dana@example.com' }, ['q4']],
  ['Review', 'TBD', null, true, { name: 'Mei Chen' }, null],
  ['Audit', 99, '2026-11-23', false, { name: 'Amara' }, ['q4', 'eng']],
];
const sheet: Sheet = { id: 1, name: 't', version: 7, permalink: '', modifiedAt: '', columns, rows: rows.map((values, i) => ({ id: 100 + i, rowNumber: i + 1, modifiedAt: '', values })) };
const ctx = { today: '2026-11-24' };
const ids = (filter: unknown) => runQuery(sheet, { filter: filter as never, limit: 500 }, ctx).rowIds;

describe('query engine: typed edge cases', () => {
  it('numbers stored as text compare as numbers (thousands separators, currency)', () => {
    expect(ids({ column: 'Budget', op: 'gt', value: 1000 })).toEqual([100, 101]);
    expect(ids({ column: 'Budget', op: 'lt', value: '500' })).toEqual([102, 105]);
    expect(runAggregate(sheet, { metrics: [{ fn: 'sum', column: 'Budget' }] }, ctx).groups[0]!.metrics['sum(Budget)']).toBe(3099);
  });

  it('a value says a number as people say it: "1.2k" is 1,200; "15%" is 0.15 in a column Smartsheet shows as percentages, 15 elsewhere', () => {
    expect(ids({ column: 'Budget', op: 'gte', value: '1.2k' })).toEqual([100, 101]);
    expect(ids({ column: 'Budget', op: 'between', values: ['0.2k', '1.3k'] })).toEqual([100, 102]);
    const chance = col(1, 'Chance', 'TEXT_NUMBER');
    const values = [0.1, 0.15, 0.5, 15];
    const shownAs = (percent: boolean): Sheet => ({
      ...sheet,
      columns: [columns[0]!, chance],
      rows: values.map((v, i) => ({ id: 200 + i, rowNumber: i + 1, modifiedAt: '', values: [`r${i}`, v], ...(percent ? { shown: { 1: `${v * 100}%` } } : {}) })),
    });
    const over = (s: Sheet, value: string) => runQuery(s, { filter: { column: 'Chance', op: 'gt', value }, limit: 10 }, ctx).rowIds;
    expect(over(shownAs(true), '15%')).toEqual([202, 203]);
    expect(runQuery(shownAs(true), { filter: { column: 'Chance', op: 'in', values: ['15%', '50 %'] }, limit: 10 }, ctx).rowIds).toEqual([201, 202]);
    expect(over(shownAs(false), '15%')).toEqual([]);
    expect(over(shownAs(false), '14%')).toEqual([203]);
  });

  it('some rows by number (named, or selected in the grid): a query and a total over those alone, a filter among them; a number the sheet lacks is an error', () => {
    expect(runQuery(sheet, { rowNumbers: [2, 3, 6], limit: 500 }, ctx).rowIds).toEqual([101, 102, 105]);
    expect(runQuery(sheet, { rowNumbers: [2, 3, 6], filter: { column: 'Budget', op: 'gt', value: 200 }, limit: 500 }, ctx).rowIds).toEqual([101, 102]);
    const total = runAggregate(sheet, { rowNumbers: [1, 2, 3], metrics: [{ fn: 'sum', column: 'Budget' }] }, ctx);
    expect([total.groups[0]!.metrics['sum(Budget)'], total.rowIds]).toEqual([3000, [100, 101, 102]]);
    expect(runAggregate(sheet, { rowNumbers: [1, 2, 3], filter: { column: 'Done', op: 'eq', value: true }, metrics: [{ fn: 'count' }] }, ctx).groups[0]!.count).toBe(1);
    expect(() => runQuery(sheet, { rowNumbers: [2, 9] }, ctx)).toThrow('The sheet has 6 rows, so there is no row 9.');
  });

  it('empty cells: is_empty, not_empty, and ne includes blanks', () => {
    expect(ids({ column: 'Budget', op: 'is_empty' })).toEqual([103]);
    expect(ids({ column: 'Due', op: 'is_empty' })).toEqual([104]);
    expect(ids({ column: 'Due', op: 'ne', value: '2026-07-15' })).toEqual([101, 102, 103, 104, 105]);
    expect(ids({ column: 'Tags', op: 'is_empty' })).toEqual([102, 104]);
  });

  it('dates: comparisons, between, today words, relative periods and quarters', () => {
    expect(ids({ column: 'Due', op: 'lt', value: 'today' })).toEqual([100, 101, 102, 103, 105]);
    expect(ids({ column: 'Due', op: 'between', values: ['2026-08-01', '2026-10-01'] })).toEqual([101, 102]);
    expect(ids({ column: 'Due', op: 'within_last', amount: 7, unit: 'day' })).toEqual([103, 105]);
    expect(ids({ column: 'Due', op: 'in_period', value: 'this_month' })).toEqual([103, 105]);
    expect(ids({ column: 'Due', op: 'in_period', value: 'Q3 2026' })).toEqual([100, 101]);
    expect(ids({ column: 'Due', op: 'in_period', value: 'last_quarter' })).toEqual([100, 101]);
    expect(() => ids({ column: 'Due', op: 'gt', value: 'soon' })).toThrow(/YYYY-MM-DD/);
  });

  it('checkboxes take true/false (and yes/checked), blanks count as unchecked', () => {
    expect(ids({ column: 'Done', op: 'eq', value: true })).toEqual([100, 104]);
    expect(ids({ column: 'Done', op: 'eq', value: 'checked' })).toEqual([100, 104]);
    expect(ids({ column: 'Done', op: 'eq', value: false })).toEqual([101, 102, 103, 105]);
    expect(() => ids({ column: 'Done', op: 'gt', value: true })).toThrow(/checkbox/);
  });

  it('contacts match by name or email, case-insensitively', () => {
    expect(ids({ column: 'owner', op: 'eq', value: 'DANA@example.com' })).toEqual([100, 103]);
    expect(ids({ column: 'Owner', op: 'eq', value: 'dana whitfield' })).toEqual([100, 103]);
    expect(ids({ column: 'Owner', op: 'contains', value: 'ravi' })).toEqual([101]);
    expect(ids({ column: 'Owner', op: 'in', values: ['Mei Chen', 'amara'] })).toEqual([104, 105]);
  });

  it('multi-picklists match by element', () => {
    expect(ids({ column: 'Tags', op: 'eq', value: 'q4' })).toEqual([103, 105]);
    expect(ids({ column: 'Tags', op: 'in', values: ['ux', 'eng'] })).toEqual([100, 101, 105]);
  });

  it('aggregates group by date buckets and count empties correctly', () => {
    const result = runAggregate(sheet, { groupBy: [{ column: 'Due', bucket: 'quarter' }], metrics: [{ fn: 'count' }, { fn: 'count', column: 'Owner' }] }, ctx);
    expect(result.groups.map((g) => [g.key['Due (quarter)'], g.metrics.count, g.metrics['count(Owner)']])).toEqual([
      ['2026-Q3', 2, 2],
      ['2026-Q4', 3, 2],
      [null, 1, 1],
    ]);
    expect(runAggregate(sheet, { metrics: [{ fn: 'median', column: 'Budget' }, { fn: 'min', column: 'Due' }, { fn: 'max', column: 'Due' }] }, ctx).groups[0]!.metrics).toEqual({
      'median(Budget)': 750,
      'min(Due)': '2026-07-15',
      'max(Due)': '2026-11-23',
    });
  });

  it('min and max name the rows holding them, per group (ties all named; dates too)', () => {
    const tie: Sheet = { ...sheet, rows: [...sheet.rows, { id: 106, rowNumber: 7, modifiedAt: '', values: ['Extra', 1500, '2026-07-15', true, null, null] }] };
    const whole = runAggregate(tie, { metrics: [{ fn: 'max', column: 'Budget' }, { fn: 'min', column: 'Due' }, { fn: 'sum', column: 'Budget' }] }, ctx).groups[0]!;
    expect(whole.heldBy).toEqual({ 'max(Budget)': [101, 106], 'min(Due)': [100, 106] });
    const byDone = runAggregate(tie, { groupBy: ['Done'], metrics: [{ fn: 'min', column: 'Budget' }] }, ctx).groups;
    expect(byDone.map((g) => [g.key.Done, g.metrics['min(Budget)'], g.heldBy?.['min(Budget)']])).toEqual([
      [false, 99, [105]],
      [true, 1200, [100]],
      [null, 300, [102]],
    ]);
    // No value to hold: nothing named.
    expect(runAggregate(tie, { filter: { column: 'Task', op: 'eq', value: 'Review' }, metrics: [{ fn: 'max', column: 'Budget' }] }, ctx).groups[0]!.heldBy).toBeUndefined();
  });

  it('hints name text values a filter asks for that no row holds, with the values the column does hold', () => {
    const hints = (filter: unknown, on: Sheet = sheet) => filterHints(on, filter as never, ctx);
    expect(hints({ column: 'Task', op: 'eq', value: 'Deploy' })).toEqual(['No row has Task "Deploy". Task holds: Design, Build, Test, Launch, Review, Audit.']);
    expect(hints({ not: { or: [{ column: 'Task', op: 'ne', value: 'design' }, { column: 'Owner', op: 'in', values: ['Mei Chen', 'Bob'] }] } })).toEqual([
      'No row has Owner "Bob". Owner holds: Dana Whitfield, ravi@example.com, Mei Chen, Amara.',
    ]);
    // Held values, numbers, dates and checkboxes, and operators that do not name a value: no hint.
    for (const quiet of [
      { column: 'Owner', op: 'eq', value: 'dana@example.com' },
      { column: 'Tags', op: 'in', values: ['Q4'] },
      { column: 'Budget', op: 'eq', value: 4242 },
      { column: 'Due', op: 'eq', value: '2030-01-01' },
      { column: 'Done', op: 'eq', value: true },
      { column: 'Task', op: 'contains', value: 'zzz' },
    ]) expect(hints(quiet)).toEqual([]);
    const picklist: Sheet = { ...sheet, columns: sheet.columns.map((c) => (c.title === 'Task' ? { ...c, type: 'PICKLIST', options: ['Design', 'Build', 'Ship'] } : c)) };
    expect(hints({ column: 'Task', op: 'eq', value: 'Ship' }, picklist)).toEqual(['No row has Task "Ship". Task options: Design, Build, Ship.']);
    // Text looked for in no row: the values whose words are a typo away from it (nothing when none is close).
    expect(hints({ column: 'Task', op: 'contains', value: 'Reveiw' })).toEqual(['No row\'s Task contains "Reveiw"; closest: "Review".']);
    expect(hints({ column: 'Owner', op: 'starts_with', value: 'dnaa' })).toEqual(['No row\'s Owner starts with "dnaa"; closest: "Dana Whitfield".']);
    expect(hints({ column: 'Task', op: 'contains', value: 'esig' })).toEqual([]); // in "Design": matched
    expect(hints({ column: 'Owner', op: 'contains', value: 'dana whitfeld' })).toEqual(['No row\'s Owner contains "dana whitfeld"; closest: "Dana Whitfield".']);
    expect(hints({ column: 'Task', op: 'contains', value: 'zebra' })).toEqual([]); // nothing close: nothing to say
    const many: Sheet = { ...sheet, rows: Array.from({ length: 30 }, (_, i) => ({ id: i + 1, rowNumber: i + 1, modifiedAt: '', values: [`Task ${i}`] })) };
    expect(hints({ column: 'Task', op: 'eq', value: 'Task' }, many)).toEqual(['No row has Task "Task". Task has 30 different values; "contains" matches part of one.']);
  });

  it('sorts aggregate groups by a metric and reports the rows used', () => {
    const result = runAggregate(sheet, { groupBy: ['Done'], metrics: [{ fn: 'sum', column: 'Budget' }], sort: { by: 'sum(Budget)', direction: 'desc' } }, ctx);
    expect(result.groups.map((g) => g.key.Done)).toEqual([false, true, null]);
    expect(result.rowIds).toHaveLength(6);
    // No row matches: no groups, not an error about the sort; a sort by a name not asked for is one.
    const none = runAggregate(sheet, { filter: { column: 'Budget', op: 'gt', value: 1e9 }, groupBy: ['Done'], metrics: [{ fn: 'sum', column: 'Budget' }], sort: { by: 'sum(Budget)', direction: 'desc' } }, ctx);
    expect([none.groups, none.rowIds]).toEqual([[], []]);
    expect(() => runAggregate(sheet, { groupBy: ['Done'], metrics: [{ fn: 'sum', column: 'Budget' }], sort: { by: 'Budget', direction: 'desc' } }, ctx)).toThrow('Cannot sort by "Budget": use one of "sum(Budget)", "Done".');
  });

  it('percent: each group\'s share of the rows counted, or of a column\'s total', () => {
    // Done: true ×2, false ×3, blank ×1 (6 rows); Budget (numbers) 1200, 1500, 300, —, —, 99.
    const byDone = runAggregate(sheet, { groupBy: ['Done'], metrics: [{ fn: 'count' }, { fn: 'percent' }, { fn: 'percent', column: 'Budget' }] }, ctx);
    expect(byDone.groups.map((g) => [g.key.Done, g.metrics.count, g.metrics.percent, g.metrics['percent(Budget)']])).toEqual([
      [false, 3, 50, 51.6],
      [true, 2, 33.33, 38.72],
      [null, 1, 16.67, 9.68],
    ]);
    // Among the rows a filter keeps; no groups is 100; a column with nothing to add up has no shares.
    const dated = runAggregate(sheet, { filter: { column: 'Due', op: 'not_empty' }, groupBy: ['Done'], metrics: [{ fn: 'percent' }] }, ctx);
    expect(dated.groups.map((g) => [g.key.Done, g.metrics.percent])).toEqual([
      [false, 60],
      [true, 20],
      [null, 20],
    ]);
    expect(runAggregate(sheet, { metrics: [{ fn: 'percent' }] }, ctx).groups[0]!.metrics.percent).toBe(100);
    expect(runAggregate(sheet, { filter: { column: 'Budget', op: 'is_empty' }, groupBy: ['Done'], metrics: [{ fn: 'percent', column: 'Budget' }] }, ctx).groups[0]!.metrics['percent(Budget)']).toBeNull();
    expect(runAggregate(sheet, { groupBy: ['Done'], metrics: [{ fn: 'percent' }], sort: { by: 'percent', direction: 'asc' } }, ctx).groups.map((g) => g.key.Done)).toEqual([null, true, false]);
  });

  it('percent where: the share of each group\'s own rows (or of its own total of a column) that match a filter', () => {
    const late = { column: 'Due', op: 'lt', value: '2026-09-01' } as const;
    const big = { column: 'Budget', op: 'gt', value: 1000 } as const;
    const metrics = [{ fn: 'count' }, { fn: 'percent', where: late, name: 'Late' }, { fn: 'percent', column: 'Budget', where: big, name: 'Big' }] as const;
    const byDone = runAggregate(sheet, { groupBy: ['Done'], metrics: [...metrics] }, ctx);
    expect(byDone.metrics).toEqual(['count', 'percent Late', 'percent(Budget) Big']);
    expect(byDone.metrics.map(shareOf)).toEqual([undefined, { matching: 'Late' }, { column: 'Budget', matching: 'Big' }]);
    expect(shareOf('percent(Cost (net))')).toEqual({ column: 'Cost (net)' });
    // Done false: Build (late, 1500), Launch (blank Budget), Audit (99); true: Design (late, 1200), Review ("TBD"); blank: Test (300).
    expect(byDone.groups.map((g) => [g.key.Done, g.count, g.metrics['percent Late'], g.metrics['percent(Budget) Big']])).toEqual([
      [false, 3, 33.33, 93.81],
      [true, 2, 50, 100],
      [null, 1, 0, 0],
    ]);
    // Not shares of the whole: each group's own, so they need not add up to 100.
    expect(runAggregate(sheet, { metrics: [{ fn: 'percent', where: late }] }, ctx).groups[0]!.metrics['percent matching']).toBe(33.33);
    expect(runAggregate(sheet, { filter: { column: 'Task', op: 'eq', value: 'Nothing' }, metrics: [{ fn: 'percent', where: late }] }, ctx).groups[0]!.metrics['percent matching']).toBeNull();
    const sorted = runAggregate(sheet, { groupBy: ['Done'], metrics: [{ fn: 'percent', where: late, name: 'Late' }], sort: { by: 'percent Late', direction: 'desc' } }, ctx);
    expect(sorted.groups.map((g) => g.key.Done)).toEqual([true, false, null]);
    expect(() => runAggregate(sheet, { metrics: [{ fn: 'sum', column: 'Budget', where: late }] }, ctx)).toThrow('"where" and "name" go with percent');
    // A value no row holds, in a share's filter or a group's condition, is hinted as in the filter: a 0% is not a typo's.
    const run = (args: object) => (runTool(readTools, 'aggregate', args, { sheet, today: ctx.today }) as { data: { hints?: string[] } }).data.hints;
    expect(run({ groupBy: ['Done'], metrics: [{ fn: 'percent', where: { column: 'Task', op: 'eq', value: 'Deploy' }, name: 'Deploy' }] })).toEqual(['No row has Task "Deploy". Task holds: Design, Build, Test, Launch, Review, Audit.']);
    expect(run({ groupBy: [{ name: 'Shipped', filter: { column: 'Task', op: 'eq', value: 'Ship' } }], metrics: [{ fn: 'count' }] })).toEqual(['No row has Task "Ship". Task holds: Design, Build, Test, Launch, Review, Audit.']);
    expect(() => runAggregate(sheet, { metrics: [{ fn: 'percent', where: late, name: 'X' }, { fn: 'percent', where: big, name: 'X' }] }, ctx)).toThrow('Two metrics are named "percent X"');
  });

  it('groups by whether a condition holds: the share of rows it holds for, among the rows a filter keeps', () => {
    const late = { name: 'Late', filter: { column: 'Due', op: 'lt', value: '2026-09-01' } } as const;
    const split = runAggregate(sheet, { groupBy: [late], metrics: [{ fn: 'count' }, { fn: 'percent' }] }, ctx);
    expect(split.groupBy).toEqual(['Late']);
    expect(split.groups.map((g) => [g.key.Late, g.count, g.metrics.percent, g.rowIds])).toEqual([
      [false, 4, 66.67, [102, 103, 104, 105]], // a row with no Due is not late
      [true, 2, 33.33, [100, 101]],
    ]);
    const done = runAggregate(sheet, { filter: { column: 'Done', op: 'eq', value: true }, groupBy: [late, 'Owner'], metrics: [{ fn: 'count' }] }, ctx);
    expect(done.groups.map((g) => [g.key.Late, g.key.Owner, g.count])).toEqual([
      [false, 'Mei Chen', 1],
      [true, 'Dana Whitfield', 1],
    ]);
    expect(() => runAggregate(sheet, { groupBy: [{ name: 'X', filter: { column: 'Nope', op: 'is_empty' } }], metrics: [{ fn: 'count' }] }, ctx)).toThrow(/No column named "Nope"/);
  });

  it('column stats: percentiles and outliers beyond 3 MADs', () => {
    const values = [10, 11, 12, 13, 12, 11, 10, 12, 500];
    const s: Sheet = { ...sheet, columns: [col(0, 'N', 'TEXT_NUMBER')], rows: values.map((v, i) => ({ id: i + 1, rowNumber: i + 1, modifiedAt: '', values: [v] })) };
    const stats = columnStats(s, 'N', undefined, ctx);
    expect(stats.numeric).toMatchObject({ min: 10, max: 500, median: 12 });
    expect(stats.outliers).toEqual([{ rowId: 9, value: 500 }]);
  });

  it('unknown columns name the columns that exist', () => {
    expect(() => ids({ column: 'Cost', op: 'gt', value: 1 })).toThrow(/No column named "Cost". Columns: Task, Budget/);
  });
});

describe('dates', () => {
  it('periods and buckets', () => {
    expect(periodRange('this_quarter', '2026-11-24')).toEqual(['2026-10-01', '2026-12-31']);
    expect(periodRange('last_month', '2026-01-10')).toEqual(['2025-12-01', '2025-12-31']);
    expect(periodRange('this_week', '2026-11-24')).toEqual(['2026-11-23', '2026-11-29']);
    expect(periodRange('2026-Q1', '2026-11-24')).toEqual(['2026-01-01', '2026-03-31']);
    expect(bucketOf('2026-01-01', 'week')).toBe('2026-W01');
    expect(bucketOf('2027-01-01', 'week')).toBe('2026-W53');
    expect(bucketOf('2026-12-31', 'quarter')).toBe('2026-Q4');
  });
});

describe('query engine: parent rows that add up the rows under them', () => {
  // A project plan: a phase whose Budget is =SUM(CHILDREN()) over its tasks, then a task on its own.
  const plan: Sheet = {
    ...sheet,
    rows: [
      { id: 1, rowNumber: 1, modifiedAt: '', values: ['Phase 1', 3000, null, false, null, null], formulas: { 1: '=SUM(CHILDREN())' } },
      { id: 2, rowNumber: 2, modifiedAt: '', parentId: 1, values: ['Design', 1000, null, true, null, null] },
      { id: 3, rowNumber: 3, modifiedAt: '', parentId: 1, values: ['Build', 2000, null, false, null, null] },
      { id: 4, rowNumber: 4, modifiedAt: '', values: ['Launch', 500, null, false, null, null] },
    ],
  };
  const total = (filter?: unknown, fn = 'sum') => runAggregate(plan, { metrics: [{ fn: fn as 'sum', column: 'Budget' }], ...(filter ? { filter: filter as never } : {}) }, ctx);

  it('are left out of totals, averages and extremes that count their rows already, and the result says which', () => {
    expect(total().groups[0]!.metrics['sum(Budget)']).toBe(3500);
    expect(total().rolledUp).toEqual([{ metric: 'sum(Budget)', rowIds: [1], formula: '=SUM(CHILDREN())' }]);
    expect(total(undefined, 'avg').groups[0]!.metrics['avg(Budget)']).toBeCloseTo(3500 / 3, 6);
    expect(total(undefined, 'max').groups[0]!).toMatchObject({ metrics: { 'max(Budget)': 2000 }, heldBy: { 'max(Budget)': [3] } });
    // Grouped: the phase counts in its own group only when its tasks are not there with it.
    const byDone = runAggregate(plan, { groupBy: ['Done'], metrics: [{ fn: 'sum', column: 'Budget' }] }, ctx);
    expect(byDone.groups.map((g) => [g.key.Done, g.metrics['sum(Budget)']])).toEqual([[false, 2500], [true, 1000]]);
    // What the model reads, and passes on.
    const tool = runTool(readTools, 'aggregate', { metrics: [{ fn: 'sum', column: 'Budget' }] }, { sheet: plan, ...ctx });
    expect(tool.ok && (tool.data as { hints?: string[] }).hints).toEqual(['sum(Budget) leaves out parent row ([row:1]) whose cell adds up the rows under it (=SUM(CHILDREN())), which it counts already — so nothing is counted twice.']);
  });

  it('column statistics leave them out of the numbers too', () => {
    const stats = columnStats(plan, 'Budget', undefined, ctx);
    expect(stats.numeric).toMatchObject({ sum: 3500, max: 2000, min: 500 });
    expect(stats.rolledUp).toEqual({ metric: 'column_stats(Budget)', rowIds: [1], formula: '=SUM(CHILDREN())' });
    expect(columnStats(plan, 'Budget', { column: 'Task', op: 'eq', value: 'Phase 1' }, ctx).numeric).toMatchObject({ sum: 3000 });
  });

  it('count on their own: a parent kept without its rows is its amount', () => {
    expect(total({ column: 'Task', op: 'eq', value: 'Phase 1' }).groups[0]!.metrics['sum(Budget)']).toBe(3000);
    expect(total({ column: 'Task', op: 'eq', value: 'Phase 1' }).rolledUp).toBeUndefined();
    expect(runAggregate(sheet, { metrics: [{ fn: 'sum', column: 'Budget' }] }, ctx).rolledUp).toBeUndefined();
  });
});
