import { columnByTitle, type Column, type Row, type Sheet } from '../sheet/model.js';
import type { SheetValue } from '../sheet/values.js';
import { daysOf, dictionaryOf, displayOf, lowerOf, numbersOf, rowIdsOf, textsOfColumn, type Dictionary } from './columns.js';
import { compareValues, isEmpty, kindOf, toBoolean, toDay, toNumber } from './compare.js';
import { addUnits, bucketOf, periodRange } from './dates.js';
import { aggregateSchema, querySchema, type AggregateQuery, type BUCKETS, type Condition, type Filter, type Query } from './query-types.js';

/**
 * The query engine: exact answers over one immutable snapshot. Pure, no I/O.
 * Every result carries the ids of the rows it used, so answers can cite them.
 */
export class QueryError extends Error {}

export interface QueryContext {
  /** 'YYYY-MM-DD' that relative dates resolve against. */
  today: string;
}

/** A row test; `i` is the row's index in the snapshot (for the column views). */
type Predicate = (row: Row, i: number) => boolean;

function columnOf(sheet: Pick<Sheet, 'columns'>, title: string): Column {
  const column = columnByTitle(sheet, title);
  if (!column) throw new QueryError(`No column named "${title}". Columns: ${sheet.columns.map((c) => c.title).join(', ')}.`);
  return column;
}

function need<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new QueryError(message);
  return value;
}

const sign = (x: number, y: number) => (x < y ? -1 : x > y ? 1 : 0);

/** Compiles one condition into a predicate over the snapshot's column views, coercing its value once. */
function compileCondition(sheet: Pick<Sheet, 'columns' | 'rows'>, c: Condition, ctx: QueryContext): Predicate {
  const column = columnOf(sheet, c.column);
  const at = column.index;
  const kind = kindOf(column.type);
  const label = `"${column.title}" (${column.type})`;

  if (c.op === 'is_empty' || c.op === 'not_empty') {
    const low = lowerOf(sheet, at);
    return c.op === 'is_empty' ? (_row, i) => low[i] === null : (_row, i) => low[i] !== null;
  }

  if (kind === 'date' || kind === 'datetime') {
    const days = daysOf(sheet, at);
    const range = (from: string, to: string): Predicate => (_row, i) => {
      const d = days[i];
      return d !== undefined && d >= from && d <= to;
    };
    if (c.op === 'in_period') {
      const r = need(periodRange(String(c.value ?? ''), ctx.today), `Unknown period "${c.value}" for ${label}; use today, this_week, last_month, this_quarter, "Q3 2026", "2026-07", "2026", …`);
      return range(r[0], r[1]);
    }
    if (c.op === 'within_last' || c.op === 'within_next') {
      const amount = need(c.amount, `${c.op} needs "amount" and "unit"`);
      const unit = need(c.unit, `${c.op} needs "amount" and "unit"`);
      return c.op === 'within_last' ? range(addUnits(ctx.today, -amount, unit), ctx.today) : range(ctx.today, addUnits(ctx.today, amount, unit));
    }
    const day = (v: unknown) => need(toDay(resolveDateWord(v, ctx)), `${label} compares with dates as YYYY-MM-DD (or today/yesterday/tomorrow), not ${JSON.stringify(v)}.`);
    if (c.op === 'between') {
      const [low, high] = need(c.values?.length === 2 ? c.values : undefined, 'between needs "values": [low, high]');
      return range(day(low), day(high));
    }
    if (c.op === 'in' || c.op === 'not_in') {
      const set = new Set(need(c.values, `${c.op} needs "values"`).map(day));
      return c.op === 'in' ? (_row, i) => days[i] !== undefined && set.has(days[i]!) : (_row, i) => days[i] === undefined || !set.has(days[i]!);
    }
    const target = day(c.value);
    const test = ordering(c.op, label);
    return (_row, i) => {
      const d = days[i];
      return d === undefined ? c.op === 'ne' : test(d < target ? -1 : d > target ? 1 : 0);
    };
  }

  if (kind === 'boolean') {
    if (c.op !== 'eq' && c.op !== 'ne') throw new QueryError(`${label} is a checkbox: use eq or ne with true/false.`);
    const target = need(toBoolean(c.value), `${label} is a checkbox: compare with true or false.`);
    const want = c.op === 'eq';
    return (row) => ((row.values[at] === true) === target) === want;
  }

  if (c.op === 'in_period' || c.op === 'within_last' || c.op === 'within_next') throw new QueryError(`${c.op} works on date columns; ${label} is not one.`);

  const many = kind === 'contact' || kind === 'contacts' || kind === 'list';
  const lower = (v: unknown) => String(v ?? '').trim().toLowerCase();
  const low = lowerOf(sheet, at);
  const texts = many ? textsOfColumn(sheet, at) : undefined;
  /** Does any match-text of row i satisfy `test`? */
  const anyText = (i: number, test: (t: string) => boolean) => (texts ? texts[i]!.some(test) : low[i] !== null && test(low[i]!));

  if (c.op === 'contains' || c.op === 'not_contains' || c.op === 'starts_with') {
    const needle = lower(need(c.value, `${c.op} needs "value"`));
    const match = c.op === 'starts_with' ? (t: string) => t.startsWith(needle) : (t: string) => t.includes(needle);
    return c.op === 'not_contains' ? (_row, i) => !anyText(i, match) : (_row, i) => anyText(i, match);
  }
  if (c.op === 'in' || c.op === 'not_in') {
    const wanted = need(c.values, `${c.op} needs "values"`);
    const set = new Set(wanted.map(lower));
    const numbers = new Set(wanted.map(toNumber).filter((n): n is number => n !== undefined));
    const nums = many || numbers.size === 0 ? undefined : numbersOf(sheet, at);
    const has = (t: string) => set.has(t);
    const hit = (i: number) => (nums !== undefined && numbers.has(nums[i]!)) || anyText(i, has);
    return c.op === 'in' ? (_row, i) => hit(i) : (_row, i) => !hit(i);
  }
  if (c.op === 'between') {
    const [low0, high0] = need(c.values?.length === 2 ? c.values : undefined, 'between needs "values": [low, high]');
    const lo = toNumber(low0);
    const hi = toNumber(high0);
    if (lo === undefined || hi === undefined) {
      const from = lower(low0);
      const to = lower(high0);
      return (_row, i) => {
        const t = low[i];
        return t !== null && t !== undefined && t !== '' && t >= from && t <= to;
      };
    }
    const nums = numbersOf(sheet, at);
    return (_row, i) => nums[i]! >= lo && nums[i]! <= hi;
  }
  // eq, ne, lt, lte, gt, gte
  if (many) {
    if (c.op !== 'eq' && c.op !== 'ne') throw new QueryError(`${label} holds names or options: use eq, ne, contains, in.`);
    const target = lower(need(c.value, `${c.op} needs "value"`));
    const want = c.op === 'eq';
    return (_row, i) => texts![i]!.includes(target) === want;
  }
  const value = need(c.value, `${c.op} needs "value"`);
  const targetNumber = toNumber(value);
  const targetText = lower(value);
  const test = ordering(c.op, label);
  const nums = targetNumber === undefined ? undefined : numbersOf(sheet, at);
  const equality = c.op === 'eq' || c.op === 'ne';
  return (_row, i) => {
    const t = low[i];
    if (t === null || t === undefined) return c.op === 'ne';
    if (nums) {
      const n = nums[i]!;
      if (!Number.isNaN(n)) return test(sign(n, targetNumber!));
      if (!equality) return false;
    }
    return test(t < targetText ? -1 : t > targetText ? 1 : 0);
  };
}

function resolveDateWord(value: unknown, ctx: QueryContext): unknown {
  const word = String(value ?? '').trim().toLowerCase();
  if (word === 'today') return ctx.today;
  if (word === 'yesterday') return addUnits(ctx.today, -1, 'day');
  if (word === 'tomorrow') return addUnits(ctx.today, 1, 'day');
  return value;
}

function ordering(op: Condition['op'], label: string): (cmp: number) => boolean {
  switch (op) {
    case 'eq':
      return (x) => x === 0;
    case 'ne':
      return (x) => x !== 0;
    case 'lt':
      return (x) => x < 0;
    case 'lte':
      return (x) => x <= 0;
    case 'gt':
      return (x) => x > 0;
    case 'gte':
      return (x) => x >= 0;
    default:
      throw new QueryError(`Operator ${op} does not apply to ${label}.`);
  }
}

export function compileFilter(sheet: Pick<Sheet, 'columns' | 'rows'>, filter: Filter | undefined, ctx: QueryContext): Predicate {
  if (!filter) return () => true;
  if ('and' in filter) {
    const parts = filter.and.map((f) => compileFilter(sheet, f, ctx));
    return (row, i) => parts.every((p) => p(row, i));
  }
  if ('or' in filter) {
    const parts = filter.or.map((f) => compileFilter(sheet, f, ctx));
    return (row, i) => parts.some((p) => p(row, i));
  }
  if ('not' in filter) {
    const inner = compileFilter(sheet, filter.not, ctx);
    return (row, i) => !inner(row, i);
  }
  return compileCondition(sheet, filter, ctx);
}

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

export function runQuery(sheet: Sheet, input: Query, ctx: QueryContext): QueryResult {
  const query = querySchema.parse(input);
  const keep = compileFilter(sheet, query.filter, ctx);
  let matched = sheet.rows.filter(keep);
  if (query.sort?.length) {
    const keys = query.sort.map((s) => ({ at: columnOf(sheet, s.column).index, dir: s.direction === 'desc' ? -1 : 1 }));
    matched = [...matched].sort((a, b) => {
      for (const { at, dir } of keys) {
        const x = a.values[at] ?? null;
        const y = b.values[at] ?? null;
        const cmp = compareValues(x, y);
        if (cmp !== 0) return isEmpty(x) || isEmpty(y) ? cmp : cmp * dir;
      }
      return a.rowNumber - b.rowNumber;
    });
  }
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

export interface AggregateGroup {
  key: Record<string, string | number | boolean | null>;
  metrics: Record<string, number | string | null>;
  count: number;
  rowIds: number[];
}

export interface AggregateResult {
  groupBy: string[];
  metrics: string[];
  groups: AggregateGroup[];
  /** Every row the aggregate used. */
  rowIds: number[];
  more: number;
}

export function metricName(m: { fn: string; column?: string }): string {
  return m.column ? `${m.fn}(${m.column})` : m.fn;
}

/** One metric over the rows at `indices`, from the column views. */
function metricValue(sheet: Sheet, fn: string, at: number, indices: Int32Array): number | string | null {
  if (fn === 'count') {
    const display = displayOf(sheet, at);
    let count = 0;
    for (const i of indices) if (display[i] !== null) count++;
    return count;
  }
  if (fn === 'count_distinct') {
    const low = lowerOf(sheet, at);
    const dict = dictionaryOf(sheet, at, 'lower', (i) => low[i] ?? null);
    const seen = new Uint8Array(dict.keys.length);
    let distinct = 0;
    for (const i of indices) {
      const code = dict.codes[i]!;
      if (!seen[code] && dict.keys[code] !== null) {
        seen[code] = 1;
        distinct++;
      }
    }
    return distinct;
  }
  const nums = numbersOf(sheet, at);
  if (fn === 'median') {
    const numbers: number[] = [];
    for (const i of indices) if (!Number.isNaN(nums[i]!)) numbers.push(nums[i]!);
    if (numbers.length === 0) return null;
    numbers.sort((a, b) => a - b);
    const mid = Math.floor(numbers.length / 2);
    return numbers.length % 2 ? numbers[mid]! : round((numbers[mid - 1]! + numbers[mid]!) / 2);
  }
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const i of indices) {
    const n = nums[i]!;
    if (Number.isNaN(n)) continue;
    count++;
    sum += n;
    if (n < min) min = n;
    if (n > max) max = n;
  }
  if (count === 0) {
    if (fn === 'min' || fn === 'max') {
      const days = daysOf(sheet, at);
      let best: string | undefined;
      for (const i of indices) {
        const d = days[i];
        if (d !== undefined && (best === undefined || (fn === 'min' ? d < best : d > best))) best = d;
      }
      return best ?? null;
    }
    return fn === 'sum' ? 0 : null;
  }
  switch (fn) {
    case 'sum':
      return round(sum);
    case 'avg':
      return round(sum / count);
    case 'min':
      return min;
    case 'max':
      return max;
  }
  return null;
}

/** Rounds away floating-point noise (0.1 + 0.2) without hiding real precision. */
export function round(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

type GroupKey = string | number | boolean | null;

/** Each row's group key for one group-by column (typed values stay typed; dates may be bucketed), dictionary-encoded per snapshot. */
function groupKeys(sheet: Sheet, column: Column, bucket: (typeof BUCKETS)[number] | undefined): Dictionary<GroupKey> {
  if (bucket) {
    const days = daysOf(sheet, column.index);
    const labels = new Map<string, string>();
    return dictionaryOf(sheet, column.index, `bucket:${bucket}`, (i) => {
      const d = days[i];
      if (d === undefined) return null;
      let label = labels.get(d);
      if (label === undefined) {
        label = bucketOf(d, bucket);
        labels.set(d, label);
      }
      return label;
    });
  }
  const display = displayOf(sheet, column.index);
  return dictionaryOf(sheet, column.index, 'value', (i): GroupKey => {
    const v = sheet.rows[i]!.values[column.index] ?? null;
    return typeof v === 'number' || typeof v === 'boolean' ? v : display[i]!;
  });
}

export function runAggregate(sheet: Sheet, input: AggregateQuery, ctx: QueryContext): AggregateResult {
  const query = aggregateSchema.parse(input);
  const keep = compileFilter(sheet, query.filter, ctx);
  const groupers = query.groupBy.map((g) => {
    const spec = typeof g === 'string' ? { column: g } : g;
    const column = columnOf(sheet, spec.column);
    const bucket = 'bucket' in spec ? spec.bucket : undefined;
    if (bucket && kindOf(column.type) !== 'date' && kindOf(column.type) !== 'datetime') throw new QueryError(`Bucketing by ${bucket} needs a date column; "${column.title}" is ${column.type}.`);
    return { name: bucket ? `${column.title} (${bucket})` : column.title, dict: groupKeys(sheet, column, bucket) };
  });
  const metrics = query.metrics.map((m) => {
    if (m.fn !== 'count' && !m.column) throw new QueryError(`${m.fn} needs a "column".`);
    return { name: metricName(m), fn: m.fn, at: m.column ? columnOf(sheet, m.column).index : undefined };
  });
  // Pass 1: each kept row's group slot, from a combined integer code (mixed radix over the dictionaries).
  const n = sheet.rows.length;
  const strides: number[] = [];
  let span = 1;
  for (const g of groupers) {
    strides.push(span);
    span *= Math.max(1, g.dict.keys.length);
  }
  const direct = span <= 1 << 20 ? new Int32Array(span).fill(-1) : undefined;
  const byCode = direct ? undefined : new Map<number, number>();
  const slotOf = new Int32Array(n).fill(-1);
  const slots: { key: GroupKey[]; count: number }[] = [];
  let kept = 0;
  for (let i = 0; i < n; i++) {
    if (query.filter && !keep(sheet.rows[i]!, i)) continue;
    let code = 0;
    for (let g = 0; g < groupers.length; g++) code += groupers[g]!.dict.codes[i]! * strides[g]!;
    let slot = direct ? direct[code]! : (byCode!.get(code) ?? -1);
    if (slot < 0) {
      slot = slots.length;
      slots.push({ key: groupers.map((g) => g.dict.keys[g.dict.codes[i]!]!), count: 0 });
      if (direct) direct[code] = slot;
      else byCode!.set(code, slot);
    }
    slotOf[i] = slot;
    slots[slot]!.count++;
    kept++;
  }
  if (groupers.length === 0 && slots.length === 0) slots.push({ key: [], count: 0 });
  // Pass 2: every group's row indices, contiguous in one array (no per-row allocation).
  const offsets = new Int32Array(slots.length + 1);
  slots.forEach((slot, g) => (offsets[g + 1] = offsets[g]! + slot.count));
  const order = new Int32Array(kept);
  const next = offsets.slice(0, -1);
  for (let i = 0; i < n; i++) if (slotOf[i]! >= 0) order[next[slotOf[i]!]!++] = i;
  const ids = rowIdsOf(sheet);
  const idsOf = (indices: Int32Array): number[] => Array.from(indices, (i) => ids[i]!);
  const usedIndices = () => (groupers.length === 0 ? order : Int32Array.from(order).sort());
  let result: AggregateGroup[] = slots.map((slot, g) => {
    const indices = order.subarray(offsets[g]!, offsets[g + 1]!);
    return withLazyRowIds(
      {
        key: Object.fromEntries(groupers.map((gr, k) => [gr.name, slot.key[k]!])),
        count: slot.count,
        metrics: Object.fromEntries(metrics.map((m) => [m.name, m.at === undefined ? slot.count : metricValue(sheet, m.fn, m.at, indices)])),
      },
      () => idsOf(indices),
    );
  });
  if (query.sort) {
    const by = query.sort.by;
    const dir = query.sort.direction === 'asc' ? 1 : -1;
    if (!result.some((g) => by in g.metrics || by in g.key)) throw new QueryError(`Cannot sort by "${by}": use a metric such as "${metrics[0]!.name}" or a group column.`);
    const valueOf = (g: AggregateGroup) => (by in g.metrics ? g.metrics[by] : g.key[by]) ?? null;
    result.sort((a, b) => {
      const x = valueOf(a);
      const y = valueOf(b);
      const cmp = compareValues(x as SheetValue, y as SheetValue);
      return x === null || y === null ? cmp : cmp * dir;
    });
  } else {
    result.sort((a, b) => {
      for (const g of groupers) {
        const cmp = compareValues(a.key[g.name] as SheetValue, b.key[g.name] as SheetValue);
        if (cmp) return cmp;
      }
      return 0;
    });
  }
  return withLazyRowIds(
    { groupBy: groupers.map((g) => g.name), metrics: metrics.map((m) => m.name), groups: result.slice(0, query.limit), more: Math.max(0, result.length - query.limit) },
    () => idsOf(usedIndices()),
  );
}

/** Adds `rowIds` as an enumerable, memoised getter: computed only when read (or serialised). */
function withLazyRowIds<T extends object>(target: T, compute: () => number[]): T & { rowIds: number[] } {
  let cached: number[] | undefined;
  return Object.defineProperty(target, 'rowIds', { enumerable: true, get: () => (cached ??= compute()) }) as T & { rowIds: number[] };
}
