import { z } from 'zod';
import { outlineShape, primaryColumn, type Sheet } from '../sheet/model.js';
import { displayValue, type SheetValue } from '../sheet/values.js';
import { columnOf, QueryError, runAggregate, runQuery, withComputed, type QueryContext } from '../query/engine.js';
import { memoOf } from '../query/columns.js';
import { filterHints } from '../query/hints.js';
import { aggregateSchema, computedBriefSchema, filterSchema, querySchema, rowNumbersSchema, type Computed, type Filter } from '../query/query-types.js';
import { rowsByNumber } from '../query/row-numbers.js';
import { columnStats, summariseColumns } from '../query/stats.js';
import { fail, ok, type ToolResult } from './envelope.js';
import { toolParameters } from './tool-parameters.js';
import { describeIssues } from '../util/issues.js';

/**
 * The read-only tools the model calls. Each has a zod schema (its JSON Schema is
 * what the model sees), runs against one snapshot, and answers in the envelope.
 * Results are capped so a tool answer never floods the context.
 */
export const MAX_ROW_IDS = 200;
export const MAX_TEXT = 300;

export interface ToolContext extends QueryContext {
  sheet: Sheet;
}

export interface ToolDefinition {
  name: string;
  description: string;
  schema: z.ZodType;
  readOnly: boolean;
  run(args: never, ctx: ToolContext): unknown;
}

function clip(value: SheetValue): SheetValue {
  return typeof value === 'string' && value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}… [${value.length - MAX_TEXT} more characters]` : value;
}

function capIds(ids: number[]): { rowIds: number[]; rowIdsOmitted?: number } {
  return ids.length > MAX_ROW_IDS ? { rowIds: ids.slice(0, MAX_ROW_IDS), rowIdsOmitted: ids.length - MAX_ROW_IDS } : { rowIds: ids };
}

/** Names given for the rows holding a lowest or highest value: enough to answer "which task has the highest Budget". */
const MAX_NAMED = 10;

/**
 * What the rows holding an ungrouped lowest or highest value are called (their first column), by metric: "which task
 * has the highest Budget" is answered from one call. (Grouped, the group's key names them.)
 */
function heldNames(sheet: Sheet, heldBy: Record<string, number[]>): Record<string, string[]> {
  const primary = primaryColumn(sheet);
  if (!primary) return {};
  const byId = memoOf(sheet, -1, 'row-by-id', () => new Map(sheet.rows.map((r) => [r.id, r])));
  return Object.fromEntries(Object.entries(heldBy).map(([metric, ids]) => [metric, ids.slice(0, MAX_NAMED).map((id) => displayValue(byId.get(id)?.values[primary.index] ?? null))]));
}

/**
 * `hints` when the filter compares a text column with a value no row holds (see filterHints), and where a computed
 * column has no value (a blank date, text that is not a number).
 */
function hinted(ctx: ToolContext, filter: Filter | undefined, computed: readonly Computed[] | undefined): { hints?: string[] } {
  const { sheet, notes } = withComputed(ctx.sheet, computed, ctx);
  const hints = [...notes, ...filterHints(sheet, filter, ctx)];
  return hints.length ? { hints } : {};
}

/** An aggregate's filters together — its own, its groups by a condition, its shares of matching rows — for hints. */
function everyFilter(args: z.infer<typeof aggregateSchema>): Filter | undefined {
  const conditions = args.groupBy.flatMap((g) => (typeof g === 'object' && 'filter' in g ? [g.filter] : []));
  const all = [args.filter, ...conditions, ...args.metrics.flatMap((m) => (m.where ? [m.where] : []))].filter((f): f is Filter => f !== undefined);
  return all.length > 1 ? { and: all } : all[0];
}

function withHints(base: { hints?: string[] }, more: string[]): { hints?: string[] } {
  const hints = [...(base.hints ?? []), ...more];
  return hints.length ? { hints } : {};
}

/** Why a metric left parent rows out: their cells add up rows it already counts. */
function rolledUpHint(r: { metric: string; rowIds: number[]; formula: string }): string {
  const rows = r.rowIds.length === 1 ? 'parent row' : `${r.rowIds.length} parent rows`;
  return `${r.metric} leaves out ${rows} (${r.rowIds.slice(0, 5).map((id) => `[row:${id}]`).join(', ')}${r.rowIds.length > 5 ? ', …' : ''}) whose cell adds up the rows under ${r.rowIds.length === 1 ? 'it' : 'them'} (${r.formula}), which it counts already — so nothing is counted twice.`;
}

const getRowsSchema = z
  .object({ rowIds: z.array(z.number().int()).min(1).max(100).optional().describe('Row ids from earlier results'), rowNumbers: rowNumbersSchema.max(100).optional(), select: z.array(z.string()).optional() })
  .strict()
  .refine((a) => (a.rowIds === undefined) !== (a.rowNumbers === undefined), 'give "rowIds" or "rowNumbers" (one of them)');
const columnStatsSchema = z.object({ computed: computedBriefSchema.optional(), column: z.string().min(1), filter: filterSchema.optional() }).strict();
const describeSchema = z.object({}).strict();

export const readTools: ToolDefinition[] = [
  {
    name: 'describe_sheet',
    description: 'The sheet: name, version, row count, how its rows are indented (outline), and each column with its type and a summary (options, top values, min/max, empty count). Call first when unsure of column names or values.',
    schema: describeSchema,
    readOnly: true,
    run: (_args: z.infer<typeof describeSchema>, ctx) => {
      const outline = outlineShape(ctx.sheet.rows);
      return { name: ctx.sheet.name, version: ctx.sheet.version, rowCount: ctx.sheet.rows.length, ...(outline.indented ? { outline } : {}), columns: summariseColumns(ctx.sheet) };
    },
  },
  {
    name: 'query_rows',
    description:
      'Find rows: filter (typed: numbers, dates incl. in_period/within_last, checkboxes, contacts), sort, select columns, limit/offset. Returns the rows, the total match count and every matching row id; `hints` when a filter value is in no row (with the values the column holds). `computed` adds columns worked out per row (Budget - Spent, TODAY() - [Due Date]) to filter, sort and show: "over budget" is a filter on Spent - Budget > 0.',
    schema: querySchema,
    readOnly: true,
    run: (args: z.infer<typeof querySchema>, ctx) => {
      const result = runQuery(ctx.sheet, args, ctx);
      return {
        total: result.total,
        columns: result.columns,
        rows: result.rows.map((r) => ({ ...r, values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, clip(v)])) })),
        ...capIds(result.rowIds),
        ...(result.more ? { more: result.more, note: `${result.more} more matching rows not shown; page with offset or narrow the filter.` } : {}),
        ...hinted(ctx, args.filter, args.computed),
      };
    },
  },
  {
    name: 'aggregate',
    description:
      'Exact numbers: count, sum, avg, min, max, median, count_distinct, percent (each group\'s share of the rows, or of a column\'s total: "what % of tasks are Complete" is percent grouped by Status; with `where`, the share of each group\'s own rows matching a filter: "% of each owner\'s tasks that are complete") over rows matching a filter, optionally grouped by columns or date buckets (day, week, month, quarter, year). Use this for every number in an answer. Each group lists the rows holding its min and max values (`heldBy`; ungrouped, also what they are called, `heldByNames`: "which task has the highest Budget"); `hints` when a filter value is in no row. `computed` adds columns worked out per row to group, filter and sum: "budget left" is sum of Budget - Spent.',
    schema: aggregateSchema,
    readOnly: true,
    run: (args: z.infer<typeof aggregateSchema>, ctx) => {
      const result = runAggregate(ctx.sheet, args, ctx);
      return {
        groupBy: result.groupBy,
        metrics: result.metrics,
        groups: result.groups.map((g) => ({ key: g.key, metrics: g.metrics, count: g.count, ...(g.heldBy ? { heldBy: g.heldBy, ...(result.groupBy.length ? {} : { heldByNames: heldNames(ctx.sheet, g.heldBy) }) } : {}), ...capIds(g.rowIds) })),
        totalRows: result.rowIds.length,
        ...(result.more ? { more: result.more, note: `${result.more} more groups not shown.` } : {}),
        ...withHints(hinted(ctx, everyFilter(args), args.computed), (result.rolledUp ?? []).map(rolledUpHint)),
      };
    },
  },
  {
    name: 'column_stats',
    description: 'Distribution of one column (optionally over filtered rows): count, empty, distinct, top values; for numbers also min/max/mean/median/percentiles/stddev/sum and outliers beyond 3 median absolute deviations.',
    schema: columnStatsSchema,
    readOnly: true,
    run: (args: z.infer<typeof columnStatsSchema>, ctx) => {
      const stats = columnStats(withComputed(ctx.sheet, args.computed, ctx).sheet, args.column, args.filter, ctx);
      return { ...stats, ...capIds(stats.rowIds), outliers: stats.outliers?.slice(0, 50), ...withHints(hinted(ctx, args.filter, args.computed), stats.rolledUp ? [rolledUpHint(stats.rolledUp)] : []) };
    },
  },
  {
    name: 'get_rows',
    description: 'Full rows by id (for details of rows found earlier), or by the row numbers the user sees in the sheet ("row 5").',
    schema: getRowsSchema,
    readOnly: true,
    run: (args: z.infer<typeof getRowsSchema>, ctx) => {
      const wanted = new Set(args.rowIds);
      const rows = args.rowNumbers ? rowsByNumber(ctx.sheet.rows, args.rowNumbers) : ctx.sheet.rows.filter((r) => wanted.has(r.id));
      const missing = (args.rowIds ?? []).filter((id) => !rows.some((r) => r.id === id));
      const columns = args.select?.length ? args.select : ctx.sheet.columns.map((c) => c.title);
      const at = columns.map((title) => columnOf(ctx.sheet, title));
      return {
        rows: rows.map((r) => ({ rowId: r.id, rowNumber: r.rowNumber, values: Object.fromEntries(at.map((c) => [c.title, clip(r.values[c.index] ?? null)])) })),
        rowIds: rows.map((r) => r.id),
        ...(missing.length ? { missing, note: `${missing.length} row id(s) are not in this version of the sheet.` } : {}),
      };
    },
  },
];

/** Runs a tool by name with raw arguments (as the model sent them), always answering in the envelope. */
export function runTool(tools: readonly ToolDefinition[], name: string, rawArgs: unknown, ctx: ToolContext): ToolResult {
  const tool = tools.find((t) => t.name === name);
  if (!tool) return fail('UNKNOWN_TOOL', `There is no tool "${name}". Tools: ${tools.map((t) => t.name).join(', ')}.`);
  let args: unknown = rawArgs;
  if (typeof rawArgs === 'string') {
    try {
      args = rawArgs.trim() ? JSON.parse(rawArgs) : {};
    } catch {
      return fail('INVALID_ARGUMENTS', `The arguments for ${name} are not valid JSON: ${rawArgs.slice(0, 200)}`);
    }
  }
  const parsed = tool.schema.safeParse(args ?? {});
  if (!parsed.success) return fail('INVALID_ARGUMENTS', `Invalid arguments for ${name}: ${describeIssues(parsed.error.issues, 'arguments')}`);
  try {
    return ok(tool.run(parsed.data as never, ctx));
  } catch (error) {
    if (error instanceof QueryError) return fail('INVALID_QUERY', error.message);
    return fail('TOOL_FAILED', `${name} failed: ${(error as Error)?.message ?? String(error)}`, false);
  }
}

/** The tool list in the shape chat-completions takes (`tools: [{type:'function', function:{…}}]`). */
export function toolSpecs(tools: readonly ToolDefinition[]) {
  return tools.map((tool) => ({
    type: 'function' as const,
    function: { name: tool.name, description: tool.description, parameters: toolParameters(tool.schema) },
  }));
}

export { displayValue };
