import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { totalRows } from '../../infra/smartsheet-emulator/sheet-store.js';
import { largeSheet, projectTracker } from '../../infra/smartsheet-emulator/seed.js';
import { toSheet } from '../../shared/sheet/model.js';
import { MAX_ROW_IDS, readTools, runTool, toolSpecs } from '../../shared/tools/catalogue.js';

const sheet = toSheet(totalRows(projectTracker()));
const ctx = { sheet, today: '2026-11-24' };

describe('tool catalogue', () => {
  it('every tool schema is valid JSON Schema (2020-12), and validates what the tool accepts', () => {
    const ajv = new Ajv2020({ strict: false });
    for (const spec of toolSpecs(readTools)) {
      const validate = ajv.compile(spec.function.parameters);
      expect(spec.function.parameters.type, spec.function.name).toBe('object');
      if (spec.function.name === 'query_rows') {
        expect(validate({ filter: { and: [{ column: 'Status', op: 'eq', value: 'Blocked' }] }, limit: 5 })).toBe(true);
        expect(validate({ filter: { column: 'Status', op: 'sounds_like', value: 'x' } })).toBe(false);
      }
    }
  });

  it('get_rows reads rows by id or by the numbers the grid shows, and names a number the sheet does not have', () => {
    const twelfth = sheet.rows.find((r) => r.rowNumber === 12)!;
    const byNumber = runTool(readTools, 'get_rows', { rowNumbers: [12], select: ['Task'] }, ctx);
    expect(byNumber).toEqual({ ok: true, data: { rows: [{ rowId: twelfth.id, rowNumber: 12, values: { Task: twelfth.values[0] } }], rowIds: [twelfth.id] } });
    expect(runTool(readTools, 'get_rows', { rowIds: [twelfth.id], select: ['Task'] }, ctx)).toEqual(byNumber);
    expect(runTool(readTools, 'get_rows', { rowNumbers: [12, 999] }, ctx)).toEqual({ ok: false, error: { code: 'INVALID_QUERY', message: `The sheet has ${sheet.rows.length} rows, so there is no row 999.`, retryable: false } });
    expect(runTool(readTools, 'get_rows', { rowNumbers: [12], rowIds: [twelfth.id] }, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringContaining('give "rowIds" or "rowNumbers"') } });
    expect(runTool(readTools, 'get_rows', {}, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS' } });
  });

  it('aggregate names the rows holding an ungrouped lowest or highest value ("which task has the highest Budget"), in the order of their ids', () => {
    const budget = sheet.columns.find((c) => c.title === 'Budget')!.index;
    const top = Math.max(...sheet.rows.map((r) => Number(r.values[budget] ?? 0)));
    const holding = sheet.rows.filter((r) => Number(r.values[budget]) === top);
    const whole = runTool(readTools, 'aggregate', { metrics: [{ fn: 'max', column: 'Budget' }, { fn: 'count' }] }, ctx);
    expect(whole.ok && (whole.data as { groups: unknown[] }).groups[0]).toMatchObject({ heldBy: { 'max(Budget)': holding.map((r) => r.id) }, heldByNames: { 'max(Budget)': holding.map((r) => r.values[0]) } });
    // Grouped, each group's key says which it is: no names.
    const grouped = runTool(readTools, 'aggregate', { groupBy: ['Owner'], metrics: [{ fn: 'max', column: 'Budget' }] }, ctx);
    expect(grouped.ok && (grouped.data as { groups: { heldBy?: unknown; heldByNames?: unknown }[] }).groups.every((g) => g.heldBy && g.heldByNames === undefined)).toBe(true);
  });

  it('invalid arguments come back as ok:false saying what was wrong', () => {
    const bad = runTool(readTools, 'aggregate', { metrics: [{ fn: 'total', column: 'Budget' }] }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', retryable: false } });
    expect(bad.ok === false && bad.error.message).toMatch(/metrics\.0\.fn/);
    expect(runTool(readTools, 'query_rows', '{not json', ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENTS', message: expect.stringMatching(/not valid JSON/) } });
    expect(runTool(readTools, 'query_rows', { filter: { column: 'Status', op: 'gt' } }, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_QUERY', message: 'gt needs "value"' } });
    expect(runTool(readTools, 'drop_table', {}, ctx)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_TOOL' } });
    // A filter no form matches is described by the closest one — what to fix, not "Invalid input".
    const message = (args: unknown) => (runTool(readTools, 'query_rows', args, ctx) as { error: { message: string } }).error.message;
    expect(message({ filter: { column: 'Status', op: 'equals', value: 'Done' } })).toMatch(/^Invalid arguments for query_rows: filter\.op: Invalid option: expected one of "eq"\|"ne"\|/);
    expect(message({ filter: { and: [{ column: 'Status', op: 'eq', value: 'Done' }, { column: 'Budget', op: 'gt', value: { min: 5 } }] } })).toBe(
      'Invalid arguments for query_rows: filter.and.1.value: Invalid input: expected string, number or boolean, received object',
    );
    // A list in "value" (a common slip for in / between) says where a list goes.
    expect(message({ filter: { column: 'Priority', op: 'in', value: ['High', 'Medium'] } })).toBe(
      'Invalid arguments for query_rows: filter.value: a list goes in "values" (for in / not_in, or [low, high] for between): "value" is one string, number or boolean',
    );
    expect(message({ filter: { column: 'Priority', op: 'in', values: [['High']] } })).toBe('Invalid arguments for query_rows: filter.values.0: Invalid input: expected string, number or boolean, received array');
    expect(message({ filter: 'Status is Done' })).toBe('Invalid arguments for query_rows: filter: Invalid input: expected object, received string');
    // An object where an object is expected is described by the object form it nearly is, not as "expected string".
    expect((runTool(readTools, 'aggregate', { groupBy: [{ column: 'Due Date', by: 'month' }], metrics: [{ fn: 'count' }] }, ctx) as { error: { message: string } }).error.message).toBe(
      'Invalid arguments for aggregate: groupBy.0.bucket: Invalid option: expected one of "day"|"week"|"month"|"quarter"|"year"; groupBy.0: Unrecognized key: "by"',
    );
  });

  it('a column title that names none says which it nearly is (a typo, or spaces and underscores aside), in every tool', () => {
    const columns = `Columns: ${sheet.columns.map((c) => c.title).join(', ')}.`;
    const refused = (tool: string, args: unknown) => (runTool(readTools, tool, args, ctx) as { error: { code: string; message: string } }).error;
    expect(refused('query_rows', { filter: { column: 'due_date', op: 'lt', value: '2026-09-01' } })).toEqual({ code: 'INVALID_QUERY', message: `No column named "due_date". Did you mean "Due Date"? ${columns}`, retryable: false });
    expect(refused('aggregate', { groupBy: ['Owner'], metrics: [{ fn: 'sum', column: 'Budgets' }] }).message).toBe(`No column named "Budgets". Did you mean "Budget"? ${columns}`);
    expect(refused('column_stats', { column: 'Spnet' }).message).toBe(`No column named "Spnet". Did you mean "Spent"? ${columns}`);
    expect(refused('get_rows', { rowNumbers: [1], select: ['Task', 'Prioirty'] }).message).toBe(`No column named "Prioirty". Did you mean "Priority"? ${columns}`);
    expect(refused('query_rows', { select: ['Owner name'] }).message).toBe(`No column named "Owner name". ${columns}`);
  });

  it('caps large results with an explicit marker', () => {
    const big = toSheet(totalRows(largeSheet(1000)));
    const result = runTool(readTools, 'query_rows', { limit: 10 }, { sheet: big, today: '2026-11-24' });
    expect(result.ok).toBe(true);
    const data = (result as { data: { rows: unknown[]; rowIds: number[]; rowIdsOmitted: number; more: number; note: string; total: number } }).data;
    expect(data.rows).toHaveLength(10);
    expect(data.total).toBe(1000);
    expect(data.more).toBe(990);
    expect(data.note).toMatch(/990 more matching rows/);
    expect(data.rowIds).toHaveLength(MAX_ROW_IDS);
    expect(data.rowIdsOmitted).toBe(800);
  });

  it('describe_sheet summarises every column without growing with rows', () => {
    const small = JSON.stringify(runTool(readTools, 'describe_sheet', {}, { sheet: toSheet(totalRows(largeSheet(200))), today: '2026-11-24' }));
    const large = JSON.stringify(runTool(readTools, 'describe_sheet', {}, { sheet: toSheet(totalRows(largeSheet(5000))), today: '2026-11-24' }));
    expect(large.length).toBeLessThan(small.length * 1.3);
    const described = runTool(readTools, 'describe_sheet', {}, ctx) as { ok: true; data: { rowCount: number; columns: { title: string; top?: unknown; min?: unknown }[] } };
    expect(described.data.rowCount).toBe(60);
    expect(described.data.columns.find((c) => c.title === 'Status')!.top).toBeDefined();
    expect(described.data.columns.find((c) => c.title === 'Budget')!.min).toBeDefined();
    // A flat sheet says nothing of an outline; an indented one says how many rows are indented, how deep.
    expect(described.data).not.toHaveProperty('outline');
    const [a, b, c] = sheet.rows;
    const nested = { ...sheet, rows: sheet.rows.map((r) => (r.id === b!.id ? { ...r, parentId: a!.id } : r.id === c!.id ? { ...r, parentId: b!.id } : r)) };
    expect((runTool(readTools, 'describe_sheet', {}, { ...ctx, sheet: nested }) as { data: unknown }).data).toMatchObject({ outline: { indented: 2, levels: 2 } });
  });
});
