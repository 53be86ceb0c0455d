import { rowsUnder, type Column, type Sheet } from '../sheet/model.js';
import { displayValue, type SheetValue } from '../sheet/values.js';
import { isEmpty, percentOf, textsOf, toAmount, toDay, toNumber } from './compare.js';

/**
 * Column views of an immutable snapshot, computed once per column and reused by
 * every query on it: numbers (NaN when not numeric), lower-cased display text,
 * days, match texts. Snapshots never change, so the cache never goes stale; it
 * is keyed by the rows array and dies with it.
 */
interface ColumnViews {
  memo?: Map<string, unknown>;
  numbers?: Float64Array;
  lower?: (string | null)[];
  display?: (string | null)[];
  days?: (string | undefined)[];
  texts?: string[][];
  rollups?: Map<number, number[]>;
}

const cache = new WeakMap<readonly unknown[], Map<number, ColumnViews>>();
/** Snapshots with computed columns after their own: the views of their first `count` columns are the snapshot's. */
const sharing = new WeakMap<readonly unknown[], { rows: readonly unknown[]; count: number }>();

/**
 * Declares `derived` the snapshot `of` with columns added after its first `count` (same rows, in order, with the same
 * values there): the views of those columns, and of the row ids, are built once for both.
 */
export function shareViews(derived: Pick<Sheet, 'rows'>, of: Pick<Sheet, 'rows'>, count: number): void {
  sharing.set(derived.rows, { rows: of.rows, count });
}

function views(sheet: Pick<Sheet, 'rows'>, at: number): ColumnViews {
  const shared = sharing.get(sheet.rows);
  const key = shared && at < shared.count ? shared.rows : sheet.rows;
  let byColumn = cache.get(key);
  if (!byColumn) {
    byColumn = new Map();
    cache.set(key, byColumn);
  }
  let v = byColumn.get(at);
  if (!v) {
    v = {};
    byColumn.set(at, v);
  }
  return v;
}

const valueAt = (sheet: Pick<Sheet, 'rows'>, i: number, at: number): SheetValue => sheet.rows[i]!.values[at] ?? null;

export function numbersOf(sheet: Pick<Sheet, 'rows'>, at: number): Float64Array {
  const v = views(sheet, at);
  if (!v.numbers) {
    const out = new Float64Array(sheet.rows.length);
    for (let i = 0; i < out.length; i++) out[i] = toNumber(valueAt(sheet, i, at)) ?? NaN;
    v.numbers = out;
  }
  return v.numbers;
}

/**
 * A column of numbers — amounts, counts, scores: a TEXT_NUMBER column where at least four in five of the filled cells
 * are numbers (numeric text counted). Text written there drops out of its totals. Worked out once per snapshot.
 */
export function holdsNumbers(sheet: Pick<Sheet, 'rows'>, col: Pick<Column, 'type' | 'index'>): boolean {
  if (col.type !== 'TEXT_NUMBER') return false;
  return memoOf(sheet, col.index, 'holds-numbers', () => {
    const [numbers, shown] = [numbersOf(sheet, col.index), displayOf(sheet, col.index)];
    let filled = 0;
    let numeric = 0;
    for (let i = 0; i < shown.length; i++) {
      if (shown[i] === null) continue;
      filled++;
      if (!Number.isNaN(numbers[i]!)) numeric++;
    }
    return numeric > 0 && numeric >= 0.8 * filled;
  });
}

/**
 * How Smartsheet shows a column's numbers when its format makes them look other than plain: the first such cell's
 * value and text, not zero if another will do ({value: 0.35, shown: "35%"}, {value: 12500, shown: "$12,500"}); undefined for a column shown plain.
 * Worked out once per snapshot.
 */
export function shownLike(sheet: Pick<Sheet, 'rows'>, col: Pick<Column, 'index'>): { value: number; shown: string } | undefined {
  return memoOf(sheet, col.index, 'shown-like', () => {
    let zero: { value: number; shown: string } | undefined;
    for (const row of sheet.rows) {
      const [shown, value] = [row.shown?.[col.index], row.values[col.index]];
      if (shown === undefined || typeof value !== 'number') continue;
      if (value !== 0) return { value, shown };
      zero ??= { value, shown }; // "0 shows as 0%" says little: another number, if there is one
    }
    return zero;
  });
}

/** A column whose numbers Smartsheet shows as percentages (0.35 as "35%"): "35%" said of it means 0.35. */
export const shownAsPercent = (sheet: Pick<Sheet, 'rows'>, col: Pick<Column, 'index'>) => /%\s*$/.test(shownLike(sheet, col)?.shown ?? '');

/**
 * The number text says of a column: an amount ("$12,000", "50k", "$1.2M"); a percentage as its fraction ("35%" → 0.35)
 * where the column shows percentages (shownAsPercent). A percentage said of another column is undefined: whether
 * "12%" is 12 or 0.12 there would be a guess. Writes and filters both read values so.
 */
export function numberSaid(sheet: Pick<Sheet, 'rows'>, col: Pick<Column, 'index'>, text: string): number | undefined {
  if (!/%\s*$/.test(text)) return toAmount(text);
  return shownAsPercent(sheet, col) ? percentOf(text) : undefined;
}

export function displayOf(sheet: Pick<Sheet, 'rows'>, at: number): (string | null)[] {
  const v = views(sheet, at);
  v.display ??= sheet.rows.map((_, i) => {
    const value = valueAt(sheet, i, at);
    return isEmpty(value) ? null : displayValue(value);
  });
  return v.display;
}

export function lowerOf(sheet: Pick<Sheet, 'rows'>, at: number): (string | null)[] {
  const v = views(sheet, at);
  v.lower ??= displayOf(sheet, at).map((t) => (t === null ? null : t.toLowerCase()));
  return v.lower;
}

export function daysOf(sheet: Pick<Sheet, 'rows'>, at: number): (string | undefined)[] {
  const v = views(sheet, at);
  if (!v.days) {
    const seen = new Map<string, string | undefined>();
    v.days = sheet.rows.map((_, i) => {
      const value = valueAt(sheet, i, at);
      if (typeof value !== 'string') return undefined;
      let day = seen.get(value);
      if (day === undefined && !seen.has(value)) {
        day = toDay(value);
        seen.set(value, day);
      }
      return day;
    });
  }
  return v.days;
}

export function textsOfColumn(sheet: Pick<Sheet, 'rows'>, at: number): string[][] {
  const v = views(sheet, at);
  v.texts ??= sheet.rows.map((_, i) => textsOf(valueAt(sheet, i, at)));
  return v.texts;
}

/** Any other per-column view, computed once per snapshot under `name`. */
export function memoOf<T>(sheet: Pick<Sheet, 'rows'>, at: number, name: string, make: () => T): T {
  const v = views(sheet, at);
  v.memo ??= new Map();
  if (!v.memo.has(name)) v.memo.set(name, make());
  return v.memo.get(name) as T;
}

/** The row ids of the snapshot, as an array indexed like its rows. */
export function rowIdsOf(sheet: Pick<Sheet, 'rows'>): number[] {
  return memoOf(sheet, -1, 'ids', () => sheet.rows.map((r) => r.id));
}

/** Dictionary encoding of a column view: one small integer per row, and the distinct keys. */
export interface Dictionary<K> {
  codes: Int32Array;
  keys: K[];
}

export function dictionaryOf<K>(sheet: Pick<Sheet, 'rows'>, at: number, name: string, keyOf: (i: number) => K): Dictionary<K> {
  return memoOf(sheet, at, `dict:${name}`, () => {
    const codes = new Int32Array(sheet.rows.length);
    const keys: K[] = [];
    const index = new Map<K, number>();
    for (let i = 0; i < codes.length; i++) {
      const key = keyOf(i);
      let code = index.get(key);
      if (code === undefined) {
        code = keys.length;
        keys.push(key);
        index.set(key, code);
      }
      codes[i] = code;
    }
    return { codes, keys };
  });
}

/** A cell formula that rolls up the rows under its row: `=SUM(CHILDREN())`, `=AVG(CHILDREN([Budget]@row))`, … */
const ROLLUP = /\bCHILDREN\s*\(/i;

/**
 * The rows whose cell in column `at` rolls up the rows indented under them (a formula over CHILDREN()), each with the
 * indices of those rows: a total over both would count the same amounts twice. Empty for a flat sheet.
 */
export function rollupsOf(sheet: Pick<Sheet, 'rows'>, at: number): Map<number, number[]> {
  const v = views(sheet, at);
  if (!v.rollups) {
    const out = new Map<number, number[]>();
    const rows = sheet.rows;
    const rolling = rows.flatMap((r, i) => (r.formulas?.[at] && ROLLUP.test(r.formulas[at]!) ? [i] : []));
    if (rolling.length) {
      const indexOf = new Map(rows.map((r, i) => [r.id, i]));
      for (const i of rolling) out.set(i, rowsUnder(rows, new Set([rows[i]!.id])).map((r) => indexOf.get(r.id)!));
    }
    v.rollups = out;
  }
  return v.rollups;
}

/** Of the rows at `kept` (indices), those whose cell in `at` rolls up rows that are among `kept` too: counting both counts twice. */
export function doubledRollups(sheet: Pick<Sheet, 'rows'>, at: number, kept: ReadonlySet<number>): number[] {
  const rollups = rollupsOf(sheet, at);
  if (!rollups.size) return [];
  return [...rollups].filter(([i, under]) => kept.has(i) && under.some((u) => kept.has(u))).map(([i]) => i);
}
