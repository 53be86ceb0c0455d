import { columnByTitle, type Column, type Row, type Sheet } from '../sheet/model.js';
import { noSuchColumn } from './close-to.js';
import { daysOf, dictionaryOf, lowerOf, numberSaid, numbersOf, textsOfColumn } from './columns.js';
import { kindOf, toBoolean, toDay, toNumber } from './compare.js';
import { addUnits, periodRange } from './dates.js';
import type { Condition, Filter } from './query-types.js';

/**
 * Filters: conditions compiled once into predicates over a snapshot's column views.
 */
export class QueryError extends Error {}

export interface QueryContext {
  /** 'YYYY-MM-DD' that relative dates resolve against. */
  today: string;
}

/** A row test; `i` is the row's index in the snapshot (for the column views). */
export type Predicate = (row: Row, i: number) => boolean;

export function columnOf(sheet: Pick<Sheet, 'columns'>, title: string): Column {
  const column = columnByTitle(sheet, title);
  if (!column) throw new QueryError(noSuchColumn(sheet, title));
  return column;
}

function need<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new QueryError(message);
  return value;
}

/** The number a condition's value means for the column (numberSaid; "12%" of a column not shown as percentages: 12). */
function numberMeant(sheet: Pick<Sheet, 'rows'>, column: Column, value: unknown): number | undefined {
  return (typeof value === 'string' ? numberSaid(sheet, column, value) : undefined) ?? toNumber(value);
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
  /**
   * `anyText`, asked once per distinct value of the column — a picklist or a contact column holds a handful over
   * thousands of rows — then looked up per row. A column of mostly unique text is tested row by row.
   */
  const textTest = (test: (t: string) => boolean): ((i: number) => boolean) => {
    const dict = texts ? dictionaryOf(sheet, at, 'texts', (i) => texts[i]!.join('\u0000')) : dictionaryOf(sheet, at, 'lower', (i) => low[i] ?? null);
    if (dict.keys.length * 4 > dict.codes.length) return (i) => anyText(i, test);
    const hits = dict.keys.map((key) => (key === null ? false : texts ? key !== '' && key.split('\u0000').some(test) : test(key)));
    return (i) => hits[dict.codes[i]!]!;
  };

  if (c.op === 'contains' || c.op === 'not_contains' || c.op === 'starts_with') {
    const needle = lower(need(c.value, `${c.op} needs "value"`));
    const matches = textTest(c.op === 'starts_with' ? (t: string) => t.startsWith(needle) : (t: string) => t.includes(needle));
    return c.op === 'not_contains' ? (_row, i) => !matches(i) : (_row, i) => matches(i);
  }
  if (c.op === 'in' || c.op === 'not_in') {
    const wanted = need(c.values, `${c.op} needs "values"`);
    const set = new Set(wanted.map(lower));
    const numbers = new Set(wanted.map((v) => numberMeant(sheet, column, v)).filter((n): n is number => n !== undefined));
    const nums = many || numbers.size === 0 ? undefined : numbersOf(sheet, at);
    const listed = textTest((t: string) => set.has(t));
    const hit = (i: number) => (nums !== undefined && numbers.has(nums[i]!)) || listed(i);
    return c.op === 'in' ? (_row, i) => hit(i) : (_row, i) => !hit(i);
  }
  if (c.op === 'between') {
    const [low0, high0] = need(c.values?.length === 2 ? c.values : undefined, 'between needs "values": [low, high]');
    const lo = numberMeant(sheet, column, low0);
    const hi = numberMeant(sheet, column, high0);
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
  const targetNumber = numberMeant(sheet, column, value);
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

/** The conditions of a filter, however nested. */
export function conditionsOf(filter: Filter | undefined): Condition[] {
  if (!filter) return [];
  if ('and' in filter) return filter.and.flatMap(conditionsOf);
  if ('or' in filter) return filter.or.flatMap(conditionsOf);
  if ('not' in filter) return conditionsOf(filter.not);
  return [filter];
}

/** The column titles a filter reads, each once: a change to one of them can change which rows it selects. */
export function filterColumns(filter: Filter | undefined): string[] {
  return [...new Set(conditionsOf(filter).map((c) => c.column))];
}
