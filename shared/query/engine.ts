import { columnByTitle, type Column, type Row, type Sheet } from '../sheet/model.js';
import { displayValue, type SheetValue } from '../sheet/values.js';
import { compareValues, isEmpty, kindOf, textsOf, toBoolean, toDay, toNumber } from './compare.js';
import { addUnits, bucketOf, periodRange } from './dates.js';
import { aggregateSchema, querySchema, type AggregateQuery, type Condition, type Filter, type Query } from './query-types.js';

/**
 * The query engine: exact answers over one immutable snapshot. Pure, no I/O.
 * Every result carries the ids of the rows it used, so answers can cite them.
 */
export class QueryError extends Error {}

export interface QueryContext {
  /** 'YYYY-MM-DD' that relative dates resolve against. */
  today: string;
}

type Predicate = (row: Row) => boolean;

function columnOf(sheet: Pick<Sheet, 'columns'>, title: string): Column {
  const column = columnByTitle(sheet, title);
  if (!column) throw new QueryError(`No column named "${title}". Columns: ${sheet.columns.map((c) => c.title).join(', ')}.`);
  return column;
}

function need<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new QueryError(message);
  return value;
}

/** Compiles one condition into a predicate, coercing its value to the column's type once. */
function compileCondition(sheet: Pick<Sheet, 'columns'>, c: Condition, ctx: QueryContext): Predicate {
  const column = columnOf(sheet, c.column);
  const at = column.index;
  const kind = kindOf(column.type);
  const label = `"${column.title}" (${column.type})`;

  if (c.op === 'is_empty') return (row) => isEmpty(row.values[at] ?? null);
  if (c.op === 'not_empty') return (row) => !isEmpty(row.values[at] ?? null);

  if (kind === 'date' || kind === 'datetime') {
    const dayOf = (v: SheetValue) => (typeof v === 'string' ? toDay(v) : undefined);
    const range = (from: string, to: string): Predicate => (row) => {
      const d = dayOf(row.values[at] ?? null);
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
      return (row) => {
        const d = dayOf(row.values[at] ?? null);
        return c.op === 'in' ? d !== undefined && set.has(d) : d === undefined || !set.has(d);
      };
    }
    const target = day(c.value);
    const test = ordering(c.op, label);
    return (row) => {
      const d = dayOf(row.values[at] ?? null);
      if (d === undefined) return c.op === 'ne';
      return test(d < target ? -1 : d > target ? 1 : 0);
    };
  }

  if (kind === 'boolean') {
    if (c.op !== 'eq' && c.op !== 'ne') throw new QueryError(`${label} is a checkbox: use eq or ne with true/false.`);
    const target = need(toBoolean(c.value), `${label} is a checkbox: compare with true or false.`);
    return (row) => (row.values[at] === true) === target === (c.op === 'eq');
  }

  if (c.op === 'in_period' || c.op === 'within_last' || c.op === 'within_next') throw new QueryError(`${c.op} works on date columns; ${label} is not one.`);

  const many = kind === 'contact' || kind === 'contacts' || kind === 'list';
  const lower = (v: unknown) => String(v ?? '').trim().toLowerCase();

  if (c.op === 'contains' || c.op === 'not_contains' || c.op === 'starts_with') {
    const needle = lower(need(c.value, `${c.op} needs "value"`));
    const match = c.op === 'starts_with' ? (t: string) => t.startsWith(needle) : (t: string) => t.includes(needle);
    return (row) => {
      const hit = textsOf(row.values[at] ?? null).some(match);
      return c.op === 'not_contains' ? !hit : hit;
    };
  }
  if (c.op === 'in' || c.op === 'not_in') {
    const wanted = need(c.values, `${c.op} needs "values"`);
    const texts = new Set(wanted.map(lower));
    const numbers = new Set(wanted.map(toNumber).filter((n): n is number => n !== undefined));
    return (row) => {
      const v = row.values[at] ?? null;
      const n = many ? undefined : toNumber(v);
      const hit = (n !== undefined && numbers.has(n)) || textsOf(v).some((t) => texts.has(t));
      return c.op === 'in' ? hit : !hit;
    };
  }
  if (c.op === 'between') {
    const [low, high] = need(c.values?.length === 2 ? c.values : undefined, 'between needs "values": [low, high]');
    const lo = toNumber(low);
    const hi = toNumber(high);
    if (lo === undefined || hi === undefined) {
      return (row) => {
        const t = lower(displayValue(row.values[at] ?? null));
        return t !== '' && t >= lower(low) && t <= lower(high);
      };
    }
    return (row) => {
      const n = toNumber(row.values[at] ?? null);
      return n !== undefined && n >= lo && n <= hi;
    };
  }
  // eq, ne, lt, lte, gt, gte
  if (many) {
    if (c.op !== 'eq' && c.op !== 'ne') throw new QueryError(`${label} holds names or options: use eq, ne, contains, in.`);
    const target = lower(need(c.value, `${c.op} needs "value"`));
    return (row) => textsOf(row.values[at] ?? null).includes(target) === (c.op === 'eq');
  }
  const value = need(c.value, `${c.op} needs "value"`);
  const targetNumber = toNumber(value);
  const targetText = lower(value);
  const test = ordering(c.op, label);
  return (row) => {
    const v = row.values[at] ?? null;
    if (isEmpty(v)) return c.op === 'ne';
    const n = targetNumber === undefined ? undefined : toNumber(v);
    if (n !== undefined) return test(n < targetNumber! ? -1 : n > targetNumber! ? 1 : 0);
    if (targetNumber !== undefined && c.op !== 'eq' && c.op !== 'ne') return false;
    const t = lower(displayValue(v));
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

export function compileFilter(sheet: Pick<Sheet, 'columns'>, filter: Filter | undefined, ctx: QueryContext): Predicate {
  if (!filter) return () => true;
  if ('and' in filter) {
    const parts = filter.and.map((f) => compileFilter(sheet, f, ctx));
    return (row) => parts.every((p) => p(row));
  }
  if ('or' in filter) {
    const parts = filter.or.map((f) => compileFilter(sheet, f, ctx));
    return (row) => parts.some((p) => p(row));
  }
  if ('not' in filter) {
    const inner = compileFilter(sheet, filter.not, ctx);
    return (row) => !inner(row);
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

function metricValue(fn: string, values: SheetValue[]): number | string | null {
  if (fn === 'count') return values.filter((v) => !isEmpty(v)).length;
  if (fn === 'count_distinct') return new Set(values.filter((v) => !isEmpty(v)).map((v) => displayValue(v).toLowerCase())).size;
  const numbers = values.map(toNumber).filter((n): n is number => n !== undefined);
  if (numbers.length === 0) {
    if (fn === 'min' || fn === 'max') {
      const days = values.map((v) => (typeof v === 'string' ? toDay(v) : undefined)).filter((d): d is string => Boolean(d)).sort();
      return days.length ? (fn === 'min' ? days[0]! : days[days.length - 1]!) : null;
    }
    return fn === 'sum' ? 0 : null;
  }
  switch (fn) {
    case 'sum':
      return round(numbers.reduce((a, b) => a + b, 0));
    case 'avg':
      return round(numbers.reduce((a, b) => a + b, 0) / numbers.length);
    case 'min':
      return Math.min(...numbers);
    case 'max':
      return Math.max(...numbers);
    case 'median': {
      const sorted = [...numbers].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? sorted[mid]! : round((sorted[mid - 1]! + sorted[mid]!) / 2);
    }
  }
  return null;
}

/** Rounds away floating-point noise (0.1 + 0.2) without hiding real precision. */
export function round(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

export function runAggregate(sheet: Sheet, input: AggregateQuery, ctx: QueryContext): AggregateResult {
  const query = aggregateSchema.parse(input);
  const keep = compileFilter(sheet, query.filter, ctx);
  const groupers = query.groupBy.map((g) => {
    const spec = typeof g === 'string' ? { column: g } : g;
    const column = columnOf(sheet, spec.column);
    const bucket = 'bucket' in spec ? spec.bucket : undefined;
    if (bucket && kindOf(column.type) !== 'date' && kindOf(column.type) !== 'datetime') throw new QueryError(`Bucketing by ${bucket} needs a date column; "${column.title}" is ${column.type}.`);
    const name = bucket ? `${column.title} (${bucket})` : column.title;
    const keyOf = (row: Row): string | number | boolean | null => {
      const v = row.values[column.index] ?? null;
      if (isEmpty(v)) return null;
      if (bucket) return typeof v === 'string' && toDay(v) ? bucketOf(v, bucket) : null;
      return typeof v === 'number' || typeof v === 'boolean' ? v : displayValue(v);
    };
    return { name, keyOf };
  });
  const metrics = query.metrics.map((m) => {
    if (m.fn !== 'count' && !m.column) throw new QueryError(`${m.fn} needs a "column".`);
    return { name: metricName(m), fn: m.fn, at: m.column ? columnOf(sheet, m.column).index : undefined };
  });
  const groups = new Map<string, { key: AggregateGroup['key']; rows: Row[] }>();
  const used: number[] = [];
  for (const row of sheet.rows) {
    if (!keep(row)) continue;
    used.push(row.id);
    const key = groupers.map((g) => g.keyOf(row));
    const id = JSON.stringify(key);
    let group = groups.get(id);
    if (!group) {
      group = { key: Object.fromEntries(groupers.map((g, i) => [g.name, key[i]!])), rows: [] };
      groups.set(id, group);
    }
    group.rows.push(row);
  }
  let result: AggregateGroup[] = [...groups.values()].map(({ key, rows }) => ({
    key,
    count: rows.length,
    rowIds: rows.map((r) => r.id),
    metrics: Object.fromEntries(metrics.map((m) => [m.name, m.fn === 'count' && m.at === undefined ? rows.length : metricValue(m.fn, rows.map((r) => r.values[m.at!] ?? null))])),
  }));
  if (groupers.length === 0 && result.length === 0) {
    result = [{ key: {}, count: 0, rowIds: [], metrics: Object.fromEntries(metrics.map((m) => [m.name, m.fn === 'count' || m.fn === 'count_distinct' || m.fn === 'sum' ? 0 : null])) }];
  }
  if (query.sort) {
    const by = query.sort.by;
    const dir = query.sort.direction === 'asc' ? 1 : -1;
    const valueOf = (g: AggregateGroup) => (by in g.metrics ? g.metrics[by] : by in g.key ? g.key[by] : g.metrics[by]) ?? null;
    if (!result.some((g) => by in g.metrics || by in g.key)) throw new QueryError(`Cannot sort by "${by}": use a metric such as "${metrics[0]!.name}" or a group column.`);
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
  return {
    groupBy: groupers.map((g) => g.name),
    metrics: metrics.map((m) => m.name),
    groups: result.slice(0, query.limit),
    rowIds: used,
    more: Math.max(0, result.length - query.limit),
  };
}
