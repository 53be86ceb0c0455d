import type { Sheet } from '../sheet/model.js';
import { displayValue, type SheetValue } from '../sheet/values.js';
import { shownNote } from '../sheet/shown.js';
import { isEmpty, kindOf, toDay, toNumber } from './compare.js';
import { columnOf, compileFilter, round, type QueryContext } from './engine.js';
import { doubledRollups, shownLike } from './columns.js';
import type { Filter } from './query-types.js';

/** Per-column summaries for the model and the UI; their size does not grow with the row count. */
export interface ColumnSummary {
  title: string;
  type: string;
  empty: number;
  distinct: number;
  options?: string[];
  top?: { value: string; count: number }[];
  min?: number | string;
  max?: number | string;
  examples?: string[];
  /** How Smartsheet shows the column's numbers, when its format makes them look other than plain ("0.35 shows as 35%"). */
  shown?: string;
  /** Locked in Smartsheet for the app's account: read, never written. */
  locked?: true;
  /** Worked out by Smartsheet (a column formula, an auto-number, a created or modified date): read, never written. */
  calculated?: true;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return round(sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo));
}

function topValues(values: SheetValue[], n: number): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const v of values) {
    if (isEmpty(v)) continue;
    const parts = Array.isArray(v) ? v.map((x) => displayValue(typeof x === 'string' ? x : x)) : [displayValue(v)];
    for (const p of parts) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n).map(([value, count]) => ({ value, count }));
}

/** How many of a column's commonest values its summary keeps. */
export const SUMMARY_TOP = 8;

export function summariseColumns(sheet: Sheet, maxTop = SUMMARY_TOP): ColumnSummary[] {
  return sheet.columns.map((column) => {
    const values = sheet.rows.map((r) => r.values[column.index] ?? null);
    const present = values.filter((v) => !isEmpty(v));
    const distinctValues = new Set(present.map((v) => displayValue(v).toLowerCase()));
    const summary: ColumnSummary = { title: column.title, type: column.type, empty: values.length - present.length, distinct: distinctValues.size };
    if (column.options) summary.options = column.options;
    if (column.locked) summary.locked = true;
    if (column.readOnly) summary.calculated = true;
    const like = shownLike(sheet, column);
    if (like) summary.shown = shownNote(like);
    const kind = kindOf(column.type);
    const numbers = present.map(toNumber).filter((n): n is number => n !== undefined);
    if (kind === 'date' || kind === 'datetime') {
      const days = present.map((v) => (typeof v === 'string' ? toDay(v) : undefined)).filter((d): d is string => Boolean(d)).sort();
      if (days.length) Object.assign(summary, { min: days[0], max: days[days.length - 1] });
    } else if (kind === 'text' && numbers.length >= present.length * 0.8 && numbers.length > 0) {
      Object.assign(summary, { min: Math.min(...numbers), max: Math.max(...numbers) });
    } else if (distinctValues.size <= 25 || kind !== 'text') {
      summary.top = topValues(present, maxTop);
    } else {
      summary.examples = [...new Set(present.map((v) => displayValue(v)))].slice(0, 3).map((t) => (t.length > 60 ? `${t.slice(0, 57)}…` : t));
    }
    return summary;
  });
}

export interface ColumnStats {
  column: string;
  type: string;
  count: number;
  empty: number;
  distinct: number;
  top: { value: string; count: number }[];
  numeric?: { min: number; max: number; mean: number; median: number; p25: number; p75: number; p90: number; stddev: number; sum: number };
  /** Values beyond 3 median absolute deviations from the median. */
  outliers?: { rowId: number; value: number }[];
  rowIds: number[];
  /** Parent rows left out of the numbers: their cells add up rows counted already. */
  rolledUp?: { metric: string; rowIds: number[]; formula: string };
}

export function columnStats(sheet: Sheet, title: string, filter: Filter | undefined, ctx: QueryContext): ColumnStats {
  const column = columnOf(sheet, title);
  const keep = compileFilter(sheet, filter, ctx);
  const kept = sheet.rows.flatMap((r, i) => (keep(r, i) ? [i] : []));
  const rows = kept.map((i) => sheet.rows[i]!);
  // The numbers leave out a parent whose cell adds up rows counted already (a =SUM(CHILDREN()) phase next to its tasks).
  const doubled = doubledRollups(sheet, column.index, new Set(kept));
  const skip = new Set(doubled.map((i) => sheet.rows[i]!.id));
  const values = rows.map((r) => r.values[column.index] ?? null);
  const present = values.filter((v) => !isEmpty(v));
  const stats: ColumnStats = {
    column: column.title,
    type: column.type,
    count: present.length,
    empty: values.length - present.length,
    distinct: new Set(present.map((v) => displayValue(v).toLowerCase())).size,
    top: topValues(present, 10),
    rowIds: rows.map((r) => r.id),
  };
  if (doubled.length) stats.rolledUp = { metric: `column_stats(${column.title})`, rowIds: [...skip], formula: sheet.rows[doubled[0]!]!.formulas![column.index]! };
  const numeric = rows
    .filter((r) => !skip.has(r.id))
    .map((r) => ({ rowId: r.id, n: toNumber(r.values[column.index] ?? null) }))
    .filter((x): x is { rowId: number; n: number } => x.n !== undefined);
  if (numeric.length > 0 && numeric.length >= (present.length - skip.size) * 0.8) {
    const sorted = numeric.map((x) => x.n).sort((a, b) => a - b);
    const sum = sorted.reduce((a, b) => a + b, 0);
    const mean = sum / sorted.length;
    const median = percentile(sorted, 50);
    const variance = sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / sorted.length;
    stats.numeric = {
      min: sorted[0]!,
      max: sorted[sorted.length - 1]!,
      mean: round(mean),
      median,
      p25: percentile(sorted, 25),
      p75: percentile(sorted, 75),
      p90: percentile(sorted, 90),
      stddev: round(Math.sqrt(variance)),
      sum: round(sum),
    };
    const mad = percentile(sorted.map((v) => Math.abs(v - median)).sort((a, b) => a - b), 50);
    stats.outliers = mad === 0 ? [] : numeric.filter((x) => Math.abs(x.n - median) / mad > 3).map((x) => ({ rowId: x.rowId, value: x.n }));
  }
  return stats;
}
