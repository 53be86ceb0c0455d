import { describe, expect, it } from 'vitest';
import { dropsSomewhere, stepPlace } from './row-drag';

// Row 2 has rows 3 and 4 under it (4 under 3).
const rows = [{ id: 1 }, { id: 2 }, { id: 3, parentId: 2 }, { id: 4, parentId: 3 }, { id: 5 }];
const [r1, r2, r3, r4, r5] = rows as [(typeof rows)[number], (typeof rows)[number], (typeof rows)[number], (typeof rows)[number], (typeof rows)[number]];

describe('where dragged rows may drop', () => {
  it('anywhere they would move: above or below a row, into another level', () => {
    expect(dropsSomewhere(rows, [r1], { before: r5 })).toBe(true);
    expect(dropsSomewhere(rows, [r5], { before: r3 })).toBe(true);
    expect(dropsSomewhere(rows, [r1], { after: r5 })).toBe(true);
  });

  it('not beside a row they carry along (their own, or one under them), nor where they already stand', () => {
    expect(dropsSomewhere(rows, [r2], { before: r4 })).toBe(false);
    expect(dropsSomewhere(rows, [r2], { after: r2 })).toBe(false);
    // Row 1 above row 2, and row 5 below the last row: where they are.
    expect(dropsSomewhere(rows, [r1], { before: r2 })).toBe(false);
    expect(dropsSomewhere(rows, [r5], { after: r5 })).toBe(false);
    // Row 2 above row 5 is where it stands too: its rows come along, and row 5 is next.
    expect(dropsSomewhere(rows, [r2], { before: r5 })).toBe(false);
    // The outline given is not changed by asking.
    expect(rows[2]).toEqual({ id: 3, parentId: 2 });
  });
});

describe('rows moved a step up or down (the row menu, Alt+Shift+↑ / ↓)', () => {
  it('go past the row above or below at their level, with the rows under it; their level kept', () => {
    expect(stepPlace(rows, [r1], 'down')).toEqual({ after: r2 });
    expect(stepPlace(rows, [r5], 'up')).toEqual({ before: r2 });
    expect(stepPlace(rows, [r2], 'up')).toEqual({ before: r1 });
    expect(stepPlace(rows, [r2], 'down')).toEqual({ after: r5 });
    // Rows 1 and 2 chosen (2 with the rows under it, chosen or not): together past row 5.
    expect(stepPlace(rows, [r1, r2, r3], 'down')).toEqual({ after: r5 });
    // Each place moves them: what a drop there would do.
    for (const [chosen, step] of [[[r1], 'down'], [[r5], 'up'], [[r2], 'up'], [[r2], 'down']] as const) {
      const place = stepPlace(rows, chosen, step);
      expect('why' in place ? place.why : dropsSomewhere(rows, chosen, place)).toBe(true);
    }
  });

  it('nowhere past the first or last at their level — a row under a parent stays under it; nor rows at two levels', () => {
    expect(stepPlace(rows, [r1], 'up')).toEqual({ why: 'Nothing above at their level to move past' });
    expect(stepPlace(rows, [r5], 'down')).toEqual({ why: 'Nothing below at their level to move past' });
    expect(stepPlace(rows, [r3], 'up')).toEqual({ why: 'Nothing above at their level to move past under their parent (Outdent takes a row out)' });
    expect(stepPlace(rows, [r4, r5], 'up')).toEqual({ why: 'Only rows side by side at one level move a step together' });
    // The rows chosen as read before the sheet was read again (other objects, the same rows): the same answers.
    expect(stepPlace(rows, [{ ...r3 }], 'up')).toEqual({ why: 'Nothing above at their level to move past under their parent (Outdent takes a row out)' });
    expect(stepPlace(rows, [{ ...r1 }], 'down')).toEqual({ after: r2 });
  });
});
