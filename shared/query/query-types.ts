import { z } from 'zod';
import { SELECTION_MAX_ROWS } from '../api/limits.js';

/**
 * The query language the tools speak: filters over typed columns (by title),
 * and/or/not groups, multi-key sort, select, limit/offset, group-by aggregates
 * with date buckets. Column titles match case-insensitively.
 */
export const OPERATORS = [
  'eq',
  'ne',
  'lt',
  'lte',
  'gt',
  'gte',
  'between',
  'contains',
  'not_contains',
  'starts_with',
  'in',
  'not_in',
  'is_empty',
  'not_empty',
  'in_period',
  'within_last',
  'within_next',
] as const;

export const UNITS = ['day', 'week', 'month', 'year'] as const;

export const PERIODS = ['today', 'yesterday', 'tomorrow', 'this_week', 'last_week', 'next_week', 'this_month', 'last_month', 'next_month', 'this_quarter', 'last_quarter', 'next_quarter', 'this_year', 'last_year', 'next_year'] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const conditionSchema = z
  .object({
    column: z.string().min(1).describe('Column title'),
    op: z.enum(OPERATORS).describe('Comparison operator'),
    value: z
      .union([z.string(), z.number(), z.boolean()], { error: (issue) => (Array.isArray(issue.input) ? 'a list goes in "values" (for in / not_in, or [low, high] for between): "value" is one string, number or boolean' : undefined) })
      .optional()
      .describe('Value to compare with (eq, ne, lt, lte, gt, gte, contains, starts_with). For in_period: a period name (this_month, last_quarter, …) or "Q3 2026", "2026-07", "2026".'),
    values: z.array(scalar).optional().describe('Values for in / not_in, or [low, high] for between'),
    amount: z.number().int().positive().optional().describe('For within_last / within_next: how many units'),
    unit: z.enum(UNITS).optional().describe('For within_last / within_next'),
  })
  .strict();

export type Condition = z.infer<typeof conditionSchema>;

export type Filter = Condition | { and: Filter[] } | { or: Filter[] } | { not: Filter };

export const filterSchema: z.ZodType<Filter> = z.lazy(() =>
  z.union([conditionSchema, z.object({ and: z.array(filterSchema).min(1) }).strict(), z.object({ or: z.array(filterSchema).min(1) }).strict(), z.object({ not: filterSchema }).strict()]),
);

/** Rows as the user sees them: the grid's row numbers (Smartsheet's rowNumber, 1-based, in the snapshot's order). */
export const rowNumbersSchema = z.array(z.number().int().min(1)).min(1).max(SELECTION_MAX_ROWS).describe('Or the row numbers the user sees in the sheet (1-based, as shown in its # column)');

/** Only these rows (before any filter): rows the user names by number, or has selected in the grid. */
const amongRowsSchema = z.array(z.number().int().min(1)).min(1).max(SELECTION_MAX_ROWS).describe('Only these rows, by the numbers the user sees (rows they name or selected in the grid); a filter then picks among them');

export const sortSchema = z.array(z.object({ column: z.string().min(1), direction: z.enum(['asc', 'desc']).default('asc') }).strict());

const computedName = z.string().trim().min(1).max(60);
const computedExpression = z.string().min(1).max(300);

/** Columns worked out per row for one tool call (see computed.ts): usable by name anywhere in that call. */
export const computedSchema = z
  .array(
    z
      .object({
        name: computedName.describe('Its title, for filter, sort, select, groupBy and metrics in this same call'),
        expression: computedExpression.describe(
          'Arithmetic over the row: + - * / and parentheses, column titles ([in brackets] when a title holds + - * / or parentheses), numbers, TODAY(), MODIFIED() (the day the row last changed: what changed this week), LEVEL() (0 for a row not indented). Blank numbers count as 0; a date minus a date is a number of days; a date plus a number is a date. Alone: PARENT() (the name of the row it is indented under: "tasks under Design") or TOP() (of its top-level row: "by phase").',
        ),
      })
      .strict(),
  )
  .min(1)
  .max(5)
  .describe('Columns worked out exactly per row, e.g. {"name":"Remaining","expression":"Budget - Spent"}, {"name":"Days late","expression":"TODAY() - [Due Date]"}, {"name":"Used %","expression":"Spent / Budget * 100"}; compare two columns by filtering on their difference');

/** The same, described in brief: for the tools that take it beside a filter (the model sees the full text once per tool list). */
export const computedBriefSchema = z
  .array(z.object({ name: computedName, expression: computedExpression }).strict())
  .min(1)
  .max(5)
  .describe('Columns worked out per row, as in query_rows ({"name":"Over","expression":"Spent - Budget"})');

export type Computed = z.infer<typeof computedSchema>[number];

/** Values worked out per row for an edit (column title → expression over the row), in the computed-column language. */
export const setComputedSchema = z
  .record(z.string(), computedExpression)
  .optional()
  .describe('Column title → an expression worked out for each row, as in computed columns: {"Budget":"Budget * 1.1"}, {"Due Date":"[Due Date] + 7"}');

/** An edit sets something: a value, or one worked out per row. */
export const SETS_SOMETHING = [(a: { set: object; setComputed?: object }) => Object.keys(a.set).length + Object.keys(a.setComputed ?? {}).length > 0, 'give "set" or "setComputed" (a column and its value)'] as const;

export const querySchema = z
  .object({
    computed: computedSchema.optional(),
    filter: filterSchema.optional().describe('Which rows; all rows when absent'),
    rowNumbers: amongRowsSchema.optional(),
    sort: sortSchema.optional(),
    select: z.array(z.string().min(1)).optional().describe('Columns to return; all when absent'),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

export type Query = z.input<typeof querySchema>;

export const BUCKETS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export const METRICS = ['count', 'sum', 'avg', 'min', 'max', 'median', 'count_distinct', 'percent'] as const;

export const aggregateSchema = z
  .object({
    computed: computedSchema.optional(),
    filter: filterSchema.optional(),
    rowNumbers: amongRowsSchema.optional(),
    groupBy: z
      .array(
        z.union([
          z.string().min(1),
          z.object({ column: z.string().min(1), bucket: z.enum(BUCKETS) }).strict(),
          z
            .object({ name: z.string().trim().min(1).max(60), filter: filterSchema })
            .strict()
            .describe('Rows that match this filter (true) or not (false): "what % of tasks are overdue" is percent grouped by {"name":"Overdue","filter":…}'),
        ]),
      )
      .default([]),
    metrics: z
      .array(
        z
          .object({
            fn: z.enum(METRICS).describe('percent: each group\'s share of the rows counted (with a column: of that column\'s total), in %'),
            column: z.string().min(1).optional().describe('Required except for count and percent'),
            where: filterSchema
              .optional()
              .describe('percent only: the share of each group\'s own rows (with a column: of its own total) matching this filter, e.g. each Owner\'s % of tasks with Status Complete'),
            name: z.string().trim().min(1).max(60).optional().describe('With where: what the matching rows are; the metric is then named "percent <name>"'),
          })
          .strict(),
      )
      .min(1)
      .default([{ fn: 'count' }]),
    sort: z.object({ by: z.string().min(1).describe('A metric name such as "sum(Budget)" or a group column'), direction: z.enum(['asc', 'desc']).default('desc') }).strict().optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

export type AggregateQuery = z.input<typeof aggregateSchema>;
