import { describe, expect, it } from 'vitest';
import { withUsualSlips } from '../../shared/tools/slips.js';

describe("a model's usual slips in the tools' words", () => {
  it('operators, units, buckets and directions said another way are read as meant, in conditions at any depth', () => {
    expect(
      withUsualSlips({
        filter: { and: [{ column: 'Budget', op: '>=', value: 5000 }, { column: 'Due Date', op: 'within_next', amount: 2, unit: 'Weeks' }, { not: { column: 'Status', op: '==', value: 'Done' } }] },
        sort: [{ column: 'Budget', direction: 'descending' }],
        groupBy: [{ column: 'Due Date', bucket: 'months' }],
      }),
    ).toEqual({
      filter: { and: [{ column: 'Budget', op: 'gte', value: 5000 }, { column: 'Due Date', op: 'within_next', amount: 2, unit: 'week' }, { not: { column: 'Status', op: 'eq', value: 'Done' } }] },
      sort: [{ column: 'Budget', direction: 'desc' }],
      groupBy: [{ column: 'Due Date', bucket: 'month' }],
    });
    expect(withUsualSlips({ column: 'Spent', op: 'le', value: 1 })).toEqual({ column: 'Spent', op: 'lte', value: 1 });
    // A word in capitals is still the word.
    expect(withUsualSlips({ sort: [{ column: 'Budget', direction: 'DESC' }], filter: { column: 'Notes', op: 'NOT_EMPTY' } })).toEqual({ sort: [{ column: 'Budget', direction: 'desc' }], filter: { column: 'Notes', op: 'not_empty' } });
  });

  it('values to write are data, whatever their column is called; words it does not know are left for the schema to refuse', () => {
    const update = { rowIds: [1], set: { unit: 'weeks', op: '>=', direction: 'descending' } };
    expect(withUsualSlips(update)).toEqual(update);
    expect(withUsualSlips({ rows: [{ Task: 'a', unit: 'days' }] })).toEqual({ rows: [{ Task: 'a', unit: 'days' }] });
    expect(withUsualSlips({ filter: { column: 'Status', op: 'is like', value: 'x' } })).toEqual({ filter: { column: 'Status', op: 'is like', value: 'x' } });
    expect(withUsualSlips('not an object')).toBe('not an object');
  });
});
