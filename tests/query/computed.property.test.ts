import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Column, Sheet } from '../../shared/sheet/model.js';
import { runAggregate, runQuery } from '../../shared/query/engine.js';

/**
 * Computed columns against arithmetic done here, on expression trees printed with the fewest parentheses: the parser's
 * precedence and associativity, and the engine's values, filters and totals over them, for any tree and any rows.
 */
type Tree = { n: number } | { col: 'A' | 'B' | 'Unit cost' } | { neg: Tree } | { op: '+' | '-' | '*' | '/'; l: Tree; r: Tree };

const columns: Column[] = ['Name', 'A', 'B', 'Unit cost'].map((title, index) => ({ id: index + 1, index, title, type: 'TEXT_NUMBER', primary: index === 0, hidden: false, readOnly: false }));
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: 0, max: 50 }).map((n) => ({ n })),
    fc.constantFrom('A', 'B', 'Unit cost').map((col) => ({ col }) as Tree),
    tie('tree').map((t) => ({ neg: t })),
    fc.record({ op: fc.constantFrom('+', '-', '*', '/'), l: tie('tree'), r: tie('tree') }) as fc.Arbitrary<Tree>,
  ),
}));

const rank = (t: Tree) => ('op' in t ? (t.op === '+' || t.op === '-' ? 1 : 2) : 3);

/** The tree as text, with parentheses only where precedence needs them (and around a right operand of equal rank). */
function print(t: Tree): string {
  if ('n' in t) return String(t.n);
  if ('col' in t) return t.col === 'Unit cost' ? '[Unit cost]' : t.col;
  if ('neg' in t) return `-${rank(t.neg) < 3 || 'neg' in t.neg ? `(${print(t.neg)})` : print(t.neg)}`;
  const left = rank(t.l) < rank(t) ? `(${print(t.l)})` : print(t.l);
  const right = rank(t.r) <= rank(t) ? `(${print(t.r)})` : print(t.r);
  return `${left} ${t.op} ${right}`;
}

/** The tree's value on a row (blank cells are 0; a division by zero is no value). */
function value(t: Tree, row: Record<string, number | null>): number | null {
  if ('n' in t) return t.n;
  if ('col' in t) return row[t.col] ?? 0;
  if ('neg' in t) {
    const v = value(t.neg, row);
    return v === null ? null : -v;
  }
  const [x, y] = [value(t.l, row), value(t.r, row)];
  if (x === null || y === null) return null;
  if (t.op === '/') return y === 0 ? null : x / y;
  return t.op === '+' ? x + y : t.op === '-' ? x - y : x * y;
}

const tidy = (v: number | null) => (v === null || !Number.isFinite(v) ? null : Number(v.toPrecision(12)));
const cell = fc.option(fc.integer({ min: -20, max: 20 }), { nil: null });
const rowsArb = fc.array(fc.record({ A: cell, B: cell, 'Unit cost': cell }), { minLength: 1, maxLength: 30 });

const sheetOf = (rows: Record<string, number | null>[]): Sheet => ({
  id: 1,
  name: 'random',
  version: 1,
  permalink: '',
  modifiedAt: '',
  columns,
  rows: rows.map((r, i) => ({ id: 100 + i, rowNumber: i + 1, modifiedAt: '', values: [`r${i}`, r.A ?? null, r.B ?? null, r['Unit cost'] ?? null] })),
});

describe('computed columns (property)', () => {
  it('work out any expression as arithmetic does, and filter and total over it exactly', () => {
    fc.assert(
      fc.property(tree, rowsArb, fc.integer({ min: -30, max: 30 }), (t, rows, threshold) => {
        const sheet = sheetOf(rows);
        const computed = [{ name: 'X', expression: print(t) }];
        const expected = rows.map((r) => tidy(value(t, r)));
        const ctx = { today: '2026-11-24' };
        expect(runQuery(sheet, { computed, select: ['X'], limit: 500 }, ctx).rows.map((r) => r.values.X)).toEqual(expected);
        const above = runQuery(sheet, { computed, filter: { column: 'X', op: 'gt', value: threshold }, limit: 500 }, ctx).rowIds;
        expect(above).toEqual(expected.flatMap((v, i) => (v !== null && v > threshold ? [100 + i] : [])));
        const total = runAggregate(sheet, { computed, metrics: [{ fn: 'sum', column: 'X' }] }, ctx).groups[0]!.metrics['sum(X)'];
        const present = expected.filter((v): v is number => v !== null);
        // Each value is rounded to 12 significant digits: the totals agree to that, relative to the values' size.
        const [sum, size] = present.reduce(([s, m], v) => [s + v, m + Math.abs(v)], [0, 1]);
        expect(Math.abs(Number(total) - sum)).toBeLessThanOrEqual(1e-9 * size);
      }),
      { numRuns: 400 },
    );
  });
});
