import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Column, Sheet } from '../../shared/sheet/model.js';
import type { SheetValue } from '../../shared/sheet/values.js';
import { runAggregate, runQuery } from '../../shared/query/engine.js';
import { refMatches, refSum, type RefCondition } from './reference.js';

const columns: Column[] = [
  { id: 1, index: 0, title: 'Name', type: 'TEXT_NUMBER', primary: true, hidden: false, readOnly: false },
  { id: 2, index: 1, title: 'Amount', type: 'TEXT_NUMBER', primary: false, hidden: false, readOnly: false },
  { id: 3, index: 2, title: 'Due', type: 'DATE', primary: false, hidden: false, readOnly: false },
  { id: 4, index: 3, title: 'Done', type: 'CHECKBOX', primary: false, hidden: false, readOnly: false },
  { id: 5, index: 4, title: 'Status', type: 'PICKLIST', primary: false, hidden: false, readOnly: false, options: ['Open', 'Done', 'Blocked'] },
  { id: 6, index: 5, title: 'Owner', type: 'CONTACT_LIST', primary: false, hidden: false, readOnly: false },
];

const word = fc.constantFrom('alpha', 'Beta', 'gamma', 'delta', 'Alpha beta', 'zeta');
const amount = fc.oneof(fc.integer({ min: -50, max: 500 }), fc.integer({ min: 0, max: 99 }).map(String), fc.constant(null), fc.constantFrom('n/a', '12.5'));
const day = fc.integer({ min: 0, max: 60 }).map((d) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
const owner = fc.constantFrom({ name: 'Dana', email: 'dana@example.com' }, { email: 'ravi@example.com' }, { name: 'Mei' });

const rowValues = fc.tuple(
  fc.option(word, { nil: null }),
  amount,
  fc.option(day, { nil: null }),
  fc.option(fc.boolean(), { nil: null }),
  fc.option(fc.constantFrom('Open', 'Done', 'Blocked'), { nil: null }),
  fc.option(owner, { nil: null }),
);

// Sizes over the whole range: a column with 4× as many rows as distinct values is filtered through its dictionary.
const sheetArb = fc.array(rowValues, { minLength: 0, maxLength: 80, size: 'max' }).map(
  (rows): Sheet => ({
    id: 1,
    name: 'random',
    version: 1,
    permalink: '',
    modifiedAt: '2026-01-01T00:00:00Z',
    columns,
    rows: rows.map((values, i) => ({ id: 1000 + i, rowNumber: i + 1, modifiedAt: '2026-01-01T00:00:00Z', values: values as SheetValue[] })),
  }),
);

const conditionArb: fc.Arbitrary<RefCondition> = fc.oneof(
  fc.record({ column: fc.constantFrom('Name', 'name'), op: fc.constantFrom('eq', 'ne', 'lt', 'gt', 'contains', 'not_contains', 'starts_with', 'is_empty', 'not_empty'), value: fc.oneof(word, fc.constantFrom('al', 'a', 'eta')) }),
  fc.record({ column: fc.constant('Amount'), op: fc.constantFrom('eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'is_empty', 'not_empty'), value: fc.oneof(fc.integer({ min: -10, max: 300 }), fc.constant('12.5')) }),
  fc.record({ column: fc.constant('Amount'), op: fc.constant('between'), values: fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 100, max: 400 })) }),
  fc.record({ column: fc.constant('Amount'), op: fc.constant('in'), values: fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 1, maxLength: 4 }) }),
  fc.record({ column: fc.constant('Due'), op: fc.constantFrom('eq', 'ne', 'lt', 'gte', 'is_empty'), value: day }),
  fc.record({ column: fc.constant('Due'), op: fc.constant('between'), values: fc.tuple(day, day).map(([a, b]) => (a <= b ? [a, b] : [b, a])) }),
  fc.record({ column: fc.constant('Done'), op: fc.constantFrom('eq', 'ne'), value: fc.boolean() }),
  fc.record({ column: fc.constant('Status'), op: fc.constantFrom('eq', 'ne', 'contains', 'not_contains', 'starts_with'), value: fc.constantFrom('open', 'Done', 'Blocked', 'Nope', 'o', 'bl') }),
  fc.record({ column: fc.constant('Status'), op: fc.constantFrom('in', 'not_in'), values: fc.array(fc.constantFrom('Open', 'done'), { minLength: 1, maxLength: 2 }) }),
  fc.record({ column: fc.constant('Owner'), op: fc.constantFrom('eq', 'ne', 'contains', 'not_contains', 'starts_with', 'is_empty'), value: fc.constantFrom('dana', 'ravi@example.com', 'mei', 'x', 'ra', 'example') }),
  fc.record({ column: fc.constant('Owner'), op: fc.constantFrom('in', 'not_in'), values: fc.array(fc.constantFrom('dana', 'mei', 'ravi@example.com', 'Nobody'), { minLength: 1, maxLength: 3 }) }),
) as fc.Arbitrary<RefCondition>;

const ctx = { today: '2026-01-20' };

describe('query engine vs a naive reference (property-based)', () => {
  it('single conditions select exactly the rows the reference selects', () => {
    fc.assert(
      fc.property(sheetArb, conditionArb, (sheet, condition) => {
        const got = runQuery(sheet, { filter: condition as never, limit: 500 }, ctx).rowIds;
        const want = sheet.rows.filter((r) => refMatches(sheet, r, condition)).map((r) => r.id);
        expect(got).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  it('and/or/not groups combine like boolean logic', () => {
    fc.assert(
      fc.property(sheetArb, conditionArb, conditionArb, conditionArb, (sheet, a, b, c) => {
        const filter = { or: [{ and: [a, b] }, { not: c }] };
        const got = runQuery(sheet, { filter: filter as never, limit: 500 }, ctx).rowIds;
        const want = sheet.rows.filter((r) => (refMatches(sheet, r, a) && refMatches(sheet, r, b)) || !refMatches(sheet, r, c)).map((r) => r.id);
        expect(got).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });

  it('sum and count by group equal the reference, and groups partition the matched rows', () => {
    fc.assert(
      fc.property(sheetArb, conditionArb, (sheet, condition) => {
        const result = runAggregate(sheet, { filter: condition as never, groupBy: ['Status'], metrics: [{ fn: 'count' }, { fn: 'sum', column: 'Amount' }], limit: 500 }, ctx);
        const matched = sheet.rows.filter((r) => refMatches(sheet, r, condition));
        expect(result.rowIds).toEqual(matched.map((r) => r.id));
        expect(result.groups.reduce((n, g) => n + g.count, 0)).toBe(matched.length);
        for (const group of result.groups) {
          const rows = matched.filter((r) => (r.values[4] ?? null) === group.key.Status);
          expect(group.rowIds).toEqual(rows.map((r) => r.id));
          expect(group.metrics['sum(Amount)']).toBeCloseTo(refSum(sheet, 'Amount', rows), 6);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('sorting is a typed, stable permutation with blanks last', () => {
    const isNumber = (v: SheetValue) => typeof v === 'number' || /^-?\d+(\.\d+)?$/.test(String(v));
    // Reference order: numbers (numerically) before text (case-insensitively); the direction flips both.
    const refCompare = (a: SheetValue, b: SheetValue) => {
      if (isNumber(a) !== isNumber(b)) return isNumber(a) ? -1 : 1;
      if (isNumber(a)) return Number(a) - Number(b);
      const x = String(a).toLowerCase();
      const y = String(b).toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    };
    fc.assert(
      fc.property(sheetArb, fc.constantFrom('Amount', 'Due', 'Name'), fc.constantFrom('asc', 'desc'), fc.boolean(), (mixed, column, direction, numbersOnly) => {
        // Amount mixes numbers and text; numbers alone (and blanks) are sorted another way, so both are checked.
        const sheet = numbersOnly ? { ...mixed, rows: mixed.rows.map((r) => ({ ...r, values: r.values.map((v, i) => (i === 1 && typeof v !== 'number' ? null : v)) })) } : mixed;
        const result = runQuery(sheet, { sort: [{ column, direction: direction as 'asc' | 'desc' }], limit: 500 }, ctx);
        expect([...result.rowIds].sort()).toEqual(sheet.rows.map((r) => r.id).sort());
        const at = columns.find((c) => c.title === column)!.index;
        const rows = result.rowIds.map((id) => sheet.rows.find((r) => r.id === id)!);
        const blank = (v: SheetValue) => v === null || v === '';
        const dir = direction === 'asc' ? 1 : -1;
        for (let i = 0; i + 1 < rows.length; i++) {
          const a = rows[i]!.values[at] ?? null;
          const b = rows[i + 1]!.values[at] ?? null;
          if (blank(a)) expect(blank(b)).toBe(true); // blanks last, whatever the direction
          const cmp = blank(a) || blank(b) ? (blank(a) === blank(b) ? 0 : -1) : refCompare(a, b) * dir;
          expect(cmp).toBeLessThanOrEqual(0);
          if (cmp === 0) expect(rows[i]!.rowNumber).toBeLessThan(rows[i + 1]!.rowNumber); // ties keep sheet order
        }
      }),
      { numRuns: 200 },
    );
  });
});
