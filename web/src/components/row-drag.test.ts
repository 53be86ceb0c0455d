import { describe, expect, it } from 'vitest';
import { dropsSomewhere } from './row-drag';

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
