import { describe, expect, it } from 'vitest';
import type { Column, Sheet } from '../../shared/sheet/model.js';
import type { SheetValue } from '../../shared/sheet/values.js';
import { computedSources, runAggregate, runQuery, withComputed } from '../../shared/query/engine.js';
import { parseExpression } from '../../shared/query/expression.js';
import { numbersOf } from '../../shared/query/columns.js';
import { readTools, runTool } from '../../shared/tools/catalogue.js';

const col = (index: number, title: string, type: Column['type']): Column => ({ id: index + 1, index, title, type, primary: index === 0, hidden: false, readOnly: false });
const columns = [col(0, 'Task', 'TEXT_NUMBER'), col(1, 'Budget', 'TEXT_NUMBER'), col(2, 'Spent', 'TEXT_NUMBER'), col(3, 'Start Date', 'DATE'), col(4, 'Due Date', 'DATE'), col(5, 'Owner', 'CONTACT_LIST'), col(6, 'Cost/Unit', 'TEXT_NUMBER')];
const rows: SheetValue[][] = [
  ['Design', 1200, 1500, '2026-07-01', '2026-07-15', { name: 'Dana' }, 2],
  ['Build', '1,500', 900.1, '2026-08-01', '2026-08-02', { name: 'Ravi' }, 0],
  ['Test', '$300', null, '2026-09-20', '2026-10-01', { name: 'Dana' }, 4],
  ['Launch', '', 50, null, '2026-11-20', null, 5],
  ['Review', 'TBD', 10, '2026-11-01', null, { name: 'Mei' }, null],
];
const sheet: Sheet = { id: 1, name: 't', version: 3, permalink: '', modifiedAt: '', columns, rows: rows.map((values, i) => ({ id: 100 + i, rowNumber: i + 1, modifiedAt: '', values })) };
const ctx = { today: '2026-11-24' };
const remaining = [{ name: 'Remaining', expression: 'Budget - Spent' }];
const valuesOf = (name: string, expression: string) => runQuery(sheet, { computed: [{ name, expression }], select: [name], limit: 500 }, ctx).rows.map((r) => r.values[name]);

describe('computed columns', () => {
  it('work out arithmetic per row as Smartsheet does: blank numbers are 0, text that is not a number gives no value', () => {
    expect(valuesOf('Remaining', 'Budget - Spent')).toEqual([-300, 599.9, 300, -50, null]);
    expect(valuesOf('Used %', 'Spent / Budget * 100')).toEqual([125, 60.0066666667, 0, null, null]); // 50 / 0: no value
    expect(valuesOf('x', '-(Budget + 1) * 2 - -3')).toEqual([-2399, -2999, -599, 1, null]);
    expect(valuesOf('x', '2 + 3 * 4 - 6 / 2')).toEqual([11, 11, 11, 11, 11]);
  });

  it('take Smartsheet spellings: [bracketed] titles, @row, titles holding an operator, TODAY()', () => {
    expect(valuesOf('Days', '[Due Date]@row - [Start Date]@row')).toEqual([14, 1, 11, null, null]);
    expect(valuesOf('Days', 'Due Date - Start Date')).toEqual([14, 1, 11, null, null]);
    expect(valuesOf('Late', 'today() - [Due Date]')).toEqual([132, 114, 54, 4, null]);
    expect(valuesOf('Twice', '[Cost/Unit] * 2')).toEqual([4, 0, 8, 10, 0]);
    expect(valuesOf('Follow-up', '[Due Date] + 7')).toEqual(['2026-07-22', '2026-08-09', '2026-10-08', '2026-11-27', null]);
  });

  it('MODIFIED() is the day each row last changed: what changed recently is a filter and sort over it', () => {
    const stamps = ['2026-11-24T09:30:00Z', '2026-11-20T23:59:59Z', '2026-10-01T00:00:00Z', '', '2026-11-23T12:00:00Z'];
    const edited: Sheet = { ...sheet, rows: sheet.rows.map((r, i) => ({ ...r, modifiedAt: stamps[i]! })) };
    const changed = [{ name: 'Changed', expression: 'MODIFIED()' }];
    expect(runQuery(edited, { computed: changed, select: ['Changed'], limit: 500 }, ctx).rows.map((r) => r.values.Changed)).toEqual(['2026-11-24', '2026-11-20', '2026-10-01', null, '2026-11-23']);
    const week = runQuery(edited, { computed: changed, filter: { column: 'Changed', op: 'within_last', amount: 7, unit: 'day' }, sort: [{ column: 'Changed', direction: 'desc' }], limit: 500 }, ctx);
    expect(week.rowIds).toEqual([100, 104, 101]);
    expect(runQuery(edited, { computed: [{ name: 'Age', expression: 'today() - modified()' }], select: ['Age'], limit: 500 }, ctx).rows.map((r) => r.values.Age)).toEqual([0, 4, 54, null, 1]);
    // Without parentheses it is a column title; it reads the whole row (any change to it counts).
    expect(parseExpression('Modified')).toEqual({ kind: 'column', title: 'Modified' });
    expect(computedSources([{ name: 'Age', expression: 'TODAY() - MODIFIED()' }]).get('age')).toEqual(['*']);
  });

  it('the outline: LEVEL() is how deep a row is indented; PARENT() and TOP() name the row it is under and its top-level row', () => {
    // Design (phase) › Build › Test; Launch (phase) › Review.
    const parents = [undefined, 100, 101, undefined, 103];
    const plan: Sheet = { ...sheet, rows: sheet.rows.map((r, i) => ({ ...r, ...(parents[i] !== undefined ? { parentId: parents[i] } : {}) })) };
    const outline = [
      { name: 'Level', expression: 'LEVEL()' },
      { name: 'Parent', expression: 'PARENT()' },
      { name: 'Phase', expression: 'top()' },
    ];
    const read = runQuery(plan, { computed: outline, select: ['Level', 'Parent', 'Phase'], limit: 500 }, ctx);
    expect(read.rows.map((r) => [r.values.Level, r.values.Parent, r.values.Phase])).toEqual([
      [0, null, 'Design'],
      [1, 'Design', 'Design'],
      [2, 'Build', 'Design'],
      [0, null, 'Launch'],
      [1, 'Launch', 'Launch'],
    ]);
    expect(withComputed(plan, outline, ctx).notes).toEqual(['Parent is empty on 2 of 5 rows: rows not indented under another.']);
    // "the tasks under Design", "top-level rows", "total Spent by phase" (the phase rows among their own).
    expect(runQuery(plan, { computed: outline, filter: { column: 'Parent', op: 'eq', value: 'design' }, limit: 500 }, ctx).rowIds).toEqual([101]);
    expect(runQuery(plan, { computed: outline, filter: { column: 'Level', op: 'eq', value: 0 }, limit: 500 }, ctx).rowIds).toEqual([100, 103]);
    const byPhase = runAggregate(plan, { computed: outline, groupBy: ['Phase'], metrics: [{ fn: 'sum', column: 'Spent' }] }, ctx);
    expect(byPhase.groups.map((g) => [g.key.Phase, g.metrics['sum(Spent)']])).toEqual([['Design', 2400.1], ['Launch', 60]]);
    expect(valuesOf('Deeper', 'LEVEL() + 1')).toEqual([1, 1, 1, 1, 1]); // a flat sheet: every row at the top
    // A name is not a number: not in arithmetic, nor a column made of one.
    expect(() => valuesOf('x', 'PARENT() + 1')).toThrow(/PARENT\(\) is a row's name \(its first column\), not a number/);
    expect(() => runQuery(plan, { computed: [...outline, { name: 'y', expression: 'Phase * 2' }], limit: 1 }, ctx)).toThrow(/"Phase" holds rows' names/);
    expect(computedSources([{ name: 'P', expression: 'PARENT()' }]).get('p')).toEqual(['*']);
  });

  it('filter, sort and aggregate like any column, citing the rows', () => {
    const over = runQuery(sheet, { computed: [{ name: 'Over', expression: 'Spent - Budget' }], filter: { column: 'over', op: 'gt', value: 0 }, limit: 500 }, ctx);
    expect(over.rowIds).toEqual([100, 103]);
    const sorted = runQuery(sheet, { computed: remaining, sort: [{ column: 'Remaining', direction: 'desc' }], select: ['Task'], limit: 500 }, ctx);
    expect(sorted.rows.map((r) => r.values.Task)).toEqual(['Build', 'Test', 'Launch', 'Design', 'Review']);
    // The sheet's own columns sort the same through the computed view and without it (their sort keys are shared).
    const bySpent = (computed?: typeof remaining) => runQuery(sheet, { ...(computed ? { computed } : {}), sort: [{ column: 'Spent' }], select: ['Task'] }, ctx).rowIds;
    expect(bySpent(remaining)).toEqual([104, 103, 101, 100, 102]);
    expect(bySpent()).toEqual([104, 103, 101, 100, 102]);
    const left = runAggregate(sheet, { computed: remaining, metrics: [{ fn: 'sum', column: 'Remaining' }] }, ctx);
    expect(left.groups[0]!.metrics['sum(Remaining)']).toBe(549.9);
    const byOwner = runAggregate(sheet, { computed: remaining, groupBy: ['Owner'], metrics: [{ fn: 'sum', column: 'Remaining' }] }, ctx);
    expect(byOwner.groups.map((g) => [g.key.Owner, g.metrics['sum(Remaining)']])).toEqual([
      ['Dana', 0],
      ['Mei', 0], // its one row has no Remaining (Budget is "TBD"): nothing to add up
      ['Ravi', 599.9],
      [null, -50],
    ]);
  });

  it('answer bad expressions with the reason, and never clash with the sheet', () => {
    const bad = (expression: string, name = 'X') => () => runQuery(sheet, { computed: [{ name, expression }] }, ctx);
    expect(bad('Budget - Nope')).toThrow(/no column "Nope".*Columns: Task, Budget/);
    expect(bad('Budget -')).toThrow(/ends where a value was expected/);
    expect(bad('(Budget - Spent')).toThrow(/"\(" is not closed/);
    expect(bad('Budget Spent')).toThrow(/no column "Budget Spent"/);
    expect(bad('Budget - Spent )')).toThrow(/unexpected "\)" at character 16/);
    expect(bad('[Due Date] + [Start Date]')).toThrow(/a date \+ a date has no meaning/);
    expect(bad('[Due Date] * 2')).toThrow(/a date \* a number/);
    expect(bad('Owner + 1')).toThrow(/CONTACT_LIST column/);
    expect(bad('[Budget')).toThrow(/unclosed "\["/);
    expect(bad('Budget', 'spent')).toThrow(/"spent" is already a column/);
  });

  it('may build on the computed columns before them', () => {
    const chained = [
      { name: 'Remaining', expression: 'Budget - Spent' },
      { name: 'Half left', expression: 'Remaining / 2' },
    ];
    expect(runQuery(sheet, { computed: chained, select: ['Half left'] }, ctx).rows.map((r) => r.values['Half left'])).toEqual([-150, 299.95, 150, -25, null]);
    expect(computedSources(chained)).toEqual(
      new Map([
        ['remaining', ['Budget', 'Spent']],
        ['half left', ['Budget', 'Spent']],
      ]),
    );
  });

  it('are worked out once per snapshot and expressions, and leave the snapshot as it was', () => {
    const first = withComputed(sheet, remaining, ctx);
    expect(withComputed(sheet, [{ name: 'Remaining', expression: 'Budget - Spent' }], ctx)).toBe(first);
    expect(withComputed(sheet, remaining, { today: '2026-11-25' })).not.toBe(first);
    expect(sheet.columns).toHaveLength(7);
    expect(sheet.rows[0]!.values).toHaveLength(7);
    expect(first.sheet.rows.map((r) => [r.id, r.rowNumber])).toEqual(sheet.rows.map((r) => [r.id, r.rowNumber]));
    // The snapshot's own columns keep their views (built once for both); the computed one has its own.
    expect(numbersOf(first.sheet, 1)).toBe(numbersOf(sheet, 1));
    expect(numbersOf(first.sheet, 7)).toEqual(Float64Array.from([-300, 599.9, 300, -50, NaN]));
  });

  it('parse with the usual precedence', () => {
    expect(parseExpression('a - b - c')).toEqual({ kind: 'binary', op: '-', left: { kind: 'binary', op: '-', left: { kind: 'column', title: 'a' }, right: { kind: 'column', title: 'b' } }, right: { kind: 'column', title: 'c' } });
    expect(parseExpression('1 + 2 * 3')).toMatchObject({ op: '+', right: { op: '*' } });
  });
});

describe('computed columns in the read tools', () => {
  const call = (name: string, args: unknown) => runTool(readTools, name, args, { sheet, today: ctx.today });

  it('reach query_rows, aggregate and column_stats, with a hint where a row has no value', () => {
    const over = call('query_rows', { computed: [{ name: 'Over', expression: 'Spent - Budget' }], filter: { column: 'Over', op: 'gt', value: 0 }, select: ['Task', 'Over'] });
    expect(over).toMatchObject({ ok: true, data: { total: 2, rowIds: [100, 103], rows: [{ values: { Task: 'Design', Over: 300 } }, { values: { Task: 'Launch', Over: 50 } }] } });
    expect((over as { data: { hints: string[] } }).data.hints).toEqual(['Over is empty on 1 of 5 rows: a blank date, text that is not a number, or a division by zero there.']);
    expect(call('aggregate', { computed: remaining, metrics: [{ fn: 'sum', column: 'Remaining' }] })).toMatchObject({ ok: true, data: { groups: [{ metrics: { 'sum(Remaining)': 549.9 } }] } });
    expect(call('column_stats', { computed: remaining, column: 'Remaining' })).toMatchObject({ ok: true, data: { column: 'Remaining', count: 4, empty: 1, numeric: { min: -300, max: 599.9, sum: 549.9 } } });
  });

  it('answer a bad expression in the envelope, for the model to read', () => {
    expect(call('aggregate', { computed: [{ name: 'R', expression: 'Budget - Spnt' }], metrics: [{ fn: 'sum', column: 'R' }] })).toMatchObject({ ok: false, error: { code: 'INVALID_QUERY', message: expect.stringMatching(/no column "Spnt"/) } });
    expect(call('query_rows', { computed: [{ name: 'R' }] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
  });
});
