import { describe, expect, it } from 'vitest';
import { duration } from '../../shared/util/duration.js';

describe('a time span as a person reads it', () => {
  it('seconds up to a minute and a half, then minutes, then hours and minutes', () => {
    expect([0, 12, 59.6, 89].map(duration)).toEqual(['0 s', '12 s', '60 s', '89 s']);
    expect([90, 150, 3569].map(duration)).toEqual(['2 min', '3 min', '59 min']);
    expect([3570, 3600, 4512, 7200, 90_000].map(duration)).toEqual(['1 h', '1 h', '1 h 15 min', '2 h', '25 h']);
    expect(duration(-5)).toBe('0 s');
  });
});
