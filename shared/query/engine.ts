import type { Row, Sheet } from '../sheet/model.js';
import type { SheetValue } from '../sheet/values.js';
import { compareValues, isEmpty } from './compare.js';
import { columnOf, compileFilter, type QueryContext } from './filter.js';
import { withComputed } from './computed.js';
import { querySchema, type Query } from './query-types.js';

/**
 * The query engine: exact answers over one immutable snapshot. Pure, no I/O.
 * Every result carries the ids of the rows it used, so answers can cite them.
 */
export { compileFilter, filterColumns, QueryError, type QueryContext } from './filter.js';
export { withComputed, computedSources } from './computed.js';
export { metricName, round, runAggregate, type AggregateGroup, type AggregateResult } from './aggregate.js';

export interface QueryResult {
  columns: string[];
  rows: { rowId: number; rowNumber: number; values: Record<string, SheetValue> }[];
  /** How many rows matched (before limit/offset). */
  total: number;
  /** Every matching row id, in result order. */
  rowIds: number[];
  /** Matches beyond those returned. */
  more: number;
}

/** Rows in multi-key order (empty values last either way), ties by row number. */
export function sortRows(sheet: Sheet, rows: Row[], sort: { column: string; direction?: 'asc' | 'desc' }[]): Row[] {
  const keys = sort.map((s) => ({ at: columnOf(sheet, s.column).index, dir: s.direction === 'desc' ? -1 : 1 }));
  return [...rows].sort((a, b) => {
    for (const { at, dir } of keys) {
      const x = a.values[at] ?? null;
      const y = b.values[at] ?? null;
      const cmp = compareValues(x, y);
      if (cmp !== 0) return isEmpty(x) || isEmpty(y) ? cmp : cmp * dir;
    }
    return a.rowNumber - b.rowNumber;
  });
}

export function runQuery(snapshot: Sheet, input: Query, ctx: QueryContext): QueryResult {
  const query = querySchema.parse(input);
  const { sheet } = withComputed(snapshot, query.computed, ctx);
  const keep = compileFilter(sheet, query.filter, ctx);
  let matched = sheet.rows.filter(keep);
  if (query.sort?.length) matched = sortRows(sheet, matched, query.sort);
  const selected = (query.select?.length ? query.select.map((t) => columnOf(sheet, t)) : sheet.columns).map((c) => ({ title: c.title, at: c.index }));
  const page = matched.slice(query.offset, query.offset + query.limit);
  return {
    columns: selected.map((c) => c.title),
    rows: page.map((row) => ({ rowId: row.id, rowNumber: row.rowNumber, values: Object.fromEntries(selected.map((c) => [c.title, row.values[c.at] ?? null])) })),
    total: matched.length,
    rowIds: matched.map((r) => r.id),
    more: Math.max(0, matched.length - query.offset - page.length),
  };
}

