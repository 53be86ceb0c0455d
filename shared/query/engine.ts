import type { Row, Sheet } from '../sheet/model.js';
import type { SheetValue } from '../sheet/values.js';
import { compareKeys, sortKey, textKey, type SortKey } from './compare.js';
import { memoOf } from './columns.js';
import { columnOf, compileFilter, type QueryContext } from './filter.js';
import { withComputed } from './computed.js';
import { amongRows } from './row-numbers.js';
import { querySchema, type Query } from './query-types.js';

/**
 * The query engine: exact answers over one immutable snapshot. Pure, no I/O.
 * Every result carries the ids of the rows it used, so answers can cite them.
 */
export { columnOf, compileFilter, filterColumns, QueryError, type QueryContext } from './filter.js';
export { withComputed } from './computed.js';
export { computedSources, WHOLE_ROW } from './expression.js';
export { round, runAggregate, type AggregateGroup, type AggregateResult } from './aggregate.js';
export { isShare, metricName, shareOf } from './metric-names.js';

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
  const known = index;
  const at = rows.map((row) => {
    const position = known.get(row);
    if (position === undefined) throw new Error('sortRows sorts rows of the sheet it is given.');
    return position;
  });
  const tests = sort.map((s) => comparer(sheet, columnOf(sheet, s.column).index, s.direction === 'desc' ? -1 : 1));
  const order = rows.map((_, k) => k);
  order.sort((p, q) => {
    for (const test of tests) {
      const cmp = test(at[p]!, at[q]!);
      if (cmp !== 0) return cmp;
    }
    return rows[p]!.rowNumber - rows[q]!.rowNumber;
  });
  return order.map((k) => rows[k]!);
}

/**
 * Sort keys of a column, once per snapshot; and when every value in it is a number, the numbers alone (NaN: empty), or
 * when none is a number or a checkbox, the texts alone (null: empty) — compared without looking at the keys again.
 */
function sortKeysOf(sheet: Sheet, at: number): { keys: SortKey[]; numbers?: Float64Array; texts?: (string | null)[] } {
  return memoOf(sheet, at, 'sort-keys', () => {
    const keys = sheet.rows.map((r) => sortKey(r.values[at] ?? null));
    if (keys.every((k) => k.empty || (k.number !== undefined && k.boolean === undefined))) return { keys, numbers: Float64Array.from(keys, (k) => (k.empty ? NaN : k.number!)) };
    if (keys.every((k) => k.empty || (k.number === undefined && k.boolean === undefined))) return { keys, texts: keys.map((k) => (k.empty ? null : textKey(k))) };
    return { keys };
  });
}

/** Compares two rows by their positions in the snapshot, in one column; empty last either way. */
function comparer(sheet: Sheet, at: number, dir: number): (p: number, q: number) => number {
  const { keys, numbers, texts } = sortKeysOf(sheet, at);
  if (numbers) {
    return (p, q) => {
      const x = numbers[p]!;
      const y = numbers[q]!;
      if (x !== x || y !== y) return x !== x && y !== y ? 0 : x !== x ? 1 : -1; // NaN: empty
      return x === y ? 0 : (x < y ? -1 : 1) * dir;
    };
  }
  if (texts) {
    return (p, q) => {
      const x = texts[p]!;
      const y = texts[q]!;
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return x === y ? 0 : (x < y ? -1 : 1) * dir;
    };
  }
  return (p, q) => {
    const x = keys[p]!;
    const y = keys[q]!;
    const cmp = compareKeys(x, y);
    return cmp === 0 || x.empty || y.empty ? cmp : cmp * dir;
  };
}

export function runQuery(snapshot: Sheet, input: Query, ctx: QueryContext): QueryResult {
  const query = querySchema.parse(input);
  const { sheet } = withComputed(snapshot, query.computed, ctx);
  const keep = amongRows(sheet.rows, query.rowNumbers, compileFilter(sheet, query.filter, ctx));
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

