import { columnByTitle, type Column, type Row, type Sheet } from '../sheet/model.js';
import type { SheetValue } from '../sheet/values.js';
import { daysOf, displayOf, memoOf, numbersOf, shareViews } from './columns.js';
import { kindOf } from './compare.js';
import { addDays } from './dates.js';
import { parseExpression, TEXT_FUNCTIONS, type Node } from './expression.js';
import { QueryError, type QueryContext } from './filter.js';
import type { Computed } from './query-types.js';

/**
 * Computed columns: arithmetic over a row's cells ("Budget - Spent", "TODAY() - [Due Date]"), worked out exactly for
 * one tool call and then filtered, sorted, grouped and summed like any column. The language is Smartsheet's own
 * arithmetic: + - * / and parentheses over column titles ([in brackets] when a title holds an operator; `@row` is
 * allowed after them), numbers, TODAY(), MODIFIED() and LEVEL(). Blank number cells count as 0, as in a Smartsheet
 * formula; a date minus a date is a number of days, a date plus a number is a date. A row whose cell holds text that
 * is not a number, or whose date is blank, gets an empty value (named in a note), never a made-up one. PARENT() and
 * TOP() alone make a column of rows' names: the row each is indented under, and its top-level row (a project's phase).
 */

/**
 * A column of values while evaluating, one per row: numbers, or days (days since 1970-01-01, UTC) for dates; NaN where a
 * row has no value (a blank date, text that is not a number, a division by zero). Worked out a whole column at a time.
 */
type Typed = { type: 'number' | 'date'; values: Float64Array };

const DAY = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY;
/** Float noise of decimal arithmetic (0.1 + 0.2) rounded away; 12 significant digits are more than any sheet shows. */
const tidy = (n: number) => (n === 0 ? 0 : Number.isInteger(n) ? n : Number(n.toPrecision(12))); // -0 shows as 0

interface Source {
  sheet: Sheet;
  columns: Column[];
  /** The computed columns so far, by index from `sheet.columns.length` on ('text': rows' names, PARENT() or TOP()). */
  computed: (Typed | 'text')[];
}

/** A number column as arithmetic reads it (a blank is 0, as in a Smartsheet formula); memoised with the column views. */
const arithmeticNumbers = (sheet: Sheet, at: number) =>
  memoOf(sheet, at, 'arithmetic', () => {
    const numbers = numbersOf(sheet, at);
    const display = displayOf(sheet, at);
    return numbers.map((n, i) => (display[i] === null ? 0 : n));
  });

/** A date column as day numbers (NaN where blank); memoised with the column views. */
const dayNumbers = (sheet: Sheet, at: number) =>
  memoOf(sheet, at, 'day-numbers', () => {
    const seen = new Map<string, number>();
    return Float64Array.from(daysOf(sheet, at), (day) => {
      if (day === undefined) return NaN;
      let n = seen.get(day);
      if (n === undefined) seen.set(day, (n = dayNumber(day)));
      return n;
    });
  });

const modified = new WeakMap<readonly Row[], Float64Array>();

/** The day each row last changed (its modifiedAt, a UTC timestamp, as day numbers); once per snapshot. */
function modifiedDays(sheet: Sheet): Float64Array {
  let days = modified.get(sheet.rows);
  if (!days) modified.set(sheet.rows, (days = Float64Array.from(sheet.rows, (row) => (row.modifiedAt ? Math.floor(Date.parse(row.modifiedAt) / DAY) : NaN))));
  return days;
}

interface Outline {
  /** How many rows each row is indented under (0 at the top level). */
  levels: Float64Array;
  /** Each row's parent, and its top-level row, by index (-1: none). */
  parent: Int32Array;
  top: Int32Array;
}
const outlines = new WeakMap<readonly Row[], Outline>();

/** Each row's place in the outline, in one pass (a parent comes before the rows under it); once per snapshot. */
function outlineOf(sheet: Sheet): Outline {
  let outline = outlines.get(sheet.rows);
  if (outline) return outline;
  const n = sheet.rows.length;
  const index = new Map(sheet.rows.map((r, i) => [r.id, i]));
  outline = { levels: new Float64Array(n), parent: new Int32Array(n).fill(-1), top: new Int32Array(n) };
  sheet.rows.forEach((row, i) => {
    const p = row.parentId === undefined ? undefined : index.get(row.parentId);
    outline!.parent[i] = p ?? -1;
    outline!.levels[i] = p === undefined ? 0 : outline!.levels[p]! + 1;
    outline!.top[i] = p === undefined ? i : outline!.top[p]!;
  });
  outlines.set(sheet.rows, outline);
  return outline;
}

/**
 * PARENT() / TOP(): the first column of the row each row is indented under (empty at the top level), or of its
 * top-level row (its own at the top level).
 */
function outlineText(sheet: Sheet, kind: 'parent' | 'top'): SheetValue[] {
  const outline = outlineOf(sheet);
  const primary = sheet.columns.find((c) => c.primary) ?? sheet.columns[0];
  const name = (i: number): SheetValue => (i < 0 || !primary ? null : (sheet.rows[i]!.values[primary.index] ?? null));
  return sheet.rows.map((_row, i) => name(kind === 'parent' ? outline.parent[i]! : outline.top[i]!));
}

/** Works out an expression for every row; its type is checked before any row is read. */
function evaluate(node: Node, source: Source, ctx: QueryContext, text: string): Typed {
  const rows = source.sheet.rows.length;
  switch (node.kind) {
    case 'number':
      return { type: 'number', values: new Float64Array(rows).fill(node.value) };
    case 'today':
      return { type: 'date', values: new Float64Array(rows).fill(dayNumber(ctx.today)) };
    case 'modified':
      return { type: 'date', values: modifiedDays(source.sheet) };
    case 'level':
      return { type: 'number', values: outlineOf(source.sheet).levels };
    case 'parent':
    case 'top':
      throw new QueryError(`In "${text}", ${node.kind.toUpperCase()}() is a row's name (its first column), not a number: use it alone, as a computed column of its own ("expression": "${node.kind.toUpperCase()}()").`);
    case 'column': {
      const column = columnByTitle(source, node.title);
      if (!column) throw new QueryError(`The expression "${text}" names no column "${node.title}" (put a title that holds + - * / ( ) in [brackets]). Columns: ${source.columns.map((c) => c.title).join(', ')}.`);
      const earlier = source.computed[column.index - source.sheet.columns.length];
      if (earlier === 'text') throw new QueryError(`In "${text}", "${column.title}" holds rows' names (PARENT() or TOP()), not numbers or dates.`);
      if (earlier) return earlier; // an earlier computed column: a row it has no value for has none here either
      const kind = kindOf(column.type);
      if (kind === 'date' || kind === 'datetime') return { type: 'date', values: dayNumbers(source.sheet, column.index) };
      if (kind !== 'text') throw new QueryError(`"${column.title}" is a ${column.type} column: an expression works with numbers and dates.`);
      return { type: 'number', values: arithmeticNumbers(source.sheet, column.index) };
    }
    case 'negate': {
      const of = evaluate(node.of, source, ctx, text);
      if (of.type !== 'number') throw new QueryError(`In "${text}", a date cannot be negated.`);
      return { type: 'number', values: of.values.map((v) => -v) };
    }
    case 'binary': {
      const left = evaluate(node.left, source, ctx, text);
      const right = evaluate(node.right, source, ctx, text);
      const type = resultType(node.op, left.type, right.type, text);
      const [x, y, out] = [left.values, right.values, new Float64Array(rows)];
      // NaN (no value) carries through; Smartsheet answers #DIVIDE BY ZERO, so such a row gets no value.
      if (node.op === '+') for (let i = 0; i < rows; i++) out[i] = x[i]! + y[i]!;
      else if (node.op === '-') for (let i = 0; i < rows; i++) out[i] = x[i]! - y[i]!;
      else if (node.op === '*') for (let i = 0; i < rows; i++) out[i] = x[i]! * y[i]!;
      else for (let i = 0; i < rows; i++) out[i] = y[i] === 0 ? NaN : x[i]! / y[i]!;
      return { type, values: out };
    }
  }
}

/** Dates: date − date is days, date ± days is a date; nothing else mixes them. */
function resultType(op: '+' | '-' | '*' | '/', left: 'number' | 'date', right: 'number' | 'date', text: string): 'number' | 'date' {
  if (left === 'number' && right === 'number') return 'number';
  if (op === '-' && left === 'date') return right === 'date' ? 'number' : 'date';
  if (op === '+' && left !== right) return 'date';
  throw new QueryError(`In "${text}", ${left === 'date' ? 'a date' : 'a number'} ${op} ${right === 'date' ? 'a date' : 'a number'} has no meaning: a date minus a date is a number of days, a date plus or minus a number of days is a date.`);
}

export interface WithComputed {
  /** The snapshot with the computed columns after its own (same rows, ids and row numbers). */
  sheet: Sheet;
  /** Where a computed column is empty on some rows, and why. */
  notes: string[];
}

const MEMO_PER_SNAPSHOT = 32;
const memo = new WeakMap<readonly Row[], Map<string, WithComputed>>();

/**
 * The snapshot with `computed` columns added, worked out once per snapshot, set of expressions and day: a follow-up
 * asking again over "Remaining" reuses them (and the query engine's column views over them).
 */
export function withComputed(sheet: Sheet, computed: readonly Computed[] | undefined, ctx: QueryContext): WithComputed {
  if (!computed?.length) return { sheet, notes: [] };
  const key = JSON.stringify([ctx.today, computed.map((c) => [c.name, c.expression])]);
  let bySpec = memo.get(sheet.rows);
  if (!bySpec) memo.set(sheet.rows, (bySpec = new Map()));
  let made = bySpec.get(key);
  if (!made) {
    made = build(sheet, computed, ctx);
    if (bySpec.size >= MEMO_PER_SNAPSHOT) bySpec.delete(bySpec.keys().next().value!);
    bySpec.set(key, made);
  }
  return made;
}

/** A computed column's place after the columns so far (an id no sheet column has). */
const computedColumn = (source: Source, title: string, type: 'DATE' | 'TEXT_NUMBER'): Column => ({ id: -source.columns.length - 1, index: source.columns.length, title, type, primary: false, hidden: false, readOnly: true });

function build(sheet: Sheet, computed: readonly Computed[], ctx: QueryContext): WithComputed {
  const source: Source = { sheet, columns: [...sheet.columns], computed: [] };
  const extra: SheetValue[][] = [];
  const base = sheet.columns.length;
  const notes: string[] = [];
  for (const c of computed) {
    const name = c.name.trim();
    if (columnByTitle(source, name)) throw new QueryError(`"${name}" is already a column: give the computed column another name.`);
    const node = parseExpression(c.expression);
    if (TEXT_FUNCTIONS.has(node.kind)) {
      const names = outlineText(sheet, node.kind as 'parent' | 'top');
      const empty = names.filter((v) => v === null || v === '').length;
      if (empty) notes.push(`${name} is empty on ${empty} of ${names.length} rows: ${node.kind === 'parent' ? 'rows not indented under another' : 'rows whose top-level row has no name'}.`);
      extra.push(names);
      source.computed.push('text');
      source.columns.push(computedColumn(source, name, 'TEXT_NUMBER'));
      continue;
    }
    const typed = evaluate(node, source, ctx, c.expression);
    const days = new Map<number, string>();
    const dateOf = (n: number) => days.get(n) ?? (days.set(n, addDays('1970-01-01', Math.round(n))), days.get(n)!);
    const values: SheetValue[] = new Array(sheet.rows.length);
    let empty = 0;
    typed.values.forEach((v, i) => {
      if (Number.isFinite(v)) {
        values[i] = typed.type === 'date' ? dateOf(v) : tidy(v);
        return;
      }
      values[i] = null;
      empty++;
      // An overflow is no value either (for the columns after it too); only a fresh result can hold one, never a view.
      if (!Number.isNaN(v)) typed.values[i] = NaN;
    });
    if (empty) notes.push(`${name} is empty on ${empty} of ${values.length} rows: a blank date, text that is not a number, or a division by zero there.`);
    extra.push(values);
    source.computed.push(typed);
    source.columns.push(computedColumn(source, name, typed.type === 'date' ? 'DATE' : 'TEXT_NUMBER'));
  }
  const rows = sheet.rows.map((row, i) => {
    const values = row.values.slice(0, base);
    while (values.length < base) values.push(null);
    for (const column of extra) values.push(column[i]!);
    return { ...row, values };
  });
  const derived = { ...sheet, columns: source.columns, rows };
  shareViews(derived, sheet, base);
  return { sheet: derived, notes };
}
