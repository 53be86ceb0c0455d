import { describe, expect, it } from 'vitest';
import { showAs } from '../../shared/sheet/shown.js';

describe('numbers shown as a formatted column shows them, learnt from one of its numbers', () => {
  it('takes the symbol, the percent sign, the decimals and the grouping of the example', () => {
    expect(showAs({ value: 12500, shown: '$12,500' }, 1250000)).toBe('$1,250,000');
    expect(showAs({ value: 1234.5678, shown: '$1,234.57' }, -5)).toBe('-$5.00');
    expect(showAs({ value: 0.35, shown: '35%' }, 0.625)).toBe('63%');
    expect(showAs({ value: 0.123, shown: '12.3%' }, 1)).toBe('100.0%');
    expect(showAs({ value: 12500, shown: '12500 units' }, 7000)).toBe('7000 units');
    expect(showAs({ value: 25, shown: '$25' }, 4000)).toBe('$4,000'); // too small to say: grouped, as Smartsheet's default is
  });

  it('leaves alone a way of showing numbers it does not read back exactly (so shows nothing wrong)', () => {
    expect(showAs({ value: 1234.56, shown: '1.234,56 €' }, 5)).toBeUndefined();
    expect(showAs({ value: -1234, shown: '($1,234)' }, 5)).toBeUndefined();
    expect(showAs({ value: 3, shown: 'three' }, 5)).toBeUndefined();
  });
});
