import type { Row, Sheet } from '../sheet/model.js';
import type { SheetValue } from '../sheet/values.js';
import { compareKeys, sortKey } from './compare.js';
import { memoOf } from './columns.js';
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

/** Where each row object stands in its snapshot (by identity: not shared with a snapshot's computed-column view). */
const rowIndexes = new WeakMap<readonly Row[], Map<Row, number>>();

/**
 * Rows in multi-key order (empty values last either way), ties by row number. Each column's sort keys are worked out
 * once per snapshot (a number or a text per row, not per comparison).
 */
export function sortRows(sheet: Sheet, rows: Row[], sort: { column: string; direction?: 'asc' | 'desc' }[]): Row[] {
  let index = rowIndexes.get(sheet.rows);
  if (!index) rowIndexes.set(sheet.rows, (index = new Map(sheet.rows.map((r, i) => [r, i]))));
  const columns = sort.map((s) => {
    const at = columnOf(sheet, s.column).index;
    const keys = memoOf(sheet, at, 'sort-keys', () => sheet.rows.map((r) => sortKey(r.values[at] ?? null)));
    // A row that is not one of the snapshot's own is keyed as it comes.
    return { keyOf: (row: Row) => keys[index.get(row) ?? -1] ?? sortKey(row.values[at] ?? null), dir: s.direction === 'desc' ? -1 : 1 };
  });
  const keyed = rows.map((row) => ({ row, keys: columns.map((c) => c.keyOf(row)) }));
  keyed.sort((a, b) => {
    for (let k = 0; k < columns.length; k++) {
      const x = a.keys[k]!;
      const y = b.keys[k]!;
      const cmp = compareKeys(x, y);
      if (cmp !== 0) return x.empty || y.empty ? cmp : cmp * columns[k]!.dir;
    }
    return a.row.rowNumber - b.row.rowNumber;
  });
  return keyed.map((k) => k.row);
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

