import { describe, expect, it } from 'vitest';
import { canonicalCitations, citedRows } from '../../functions/chat/citations.js';

const known = new Set([101, 202, 303]);

describe('row citations in an answer', () => {
  it('citations written another way become [row:id], one per row', () => {
    expect(canonicalCitations('Blocked: [row: 101] and [Row:202].', known)).toBe('Blocked: [row:101] and [row:202].');
    expect(canonicalCitations('Three tasks [rows: 101, 202; 303].', known)).toBe('Three tasks [row:101], [row:202], [row:303].');
    expect(canonicalCitations('Both [row:101, row: 202]', known)).toBe('Both [row:101], [row:202]');
    expect(canonicalCitations('Already [row:101]', known)).toBe('Already [row:101]');
  });

  it('brackets naming a row the sheet does not have, or not rows at all, are left as written', () => {
    expect(canonicalCitations('Row five [row: 5] and [rows: 101, 7]', known)).toBe('Row five [row: 5] and [rows: 101, 7]');
    expect(canonicalCitations('[note: 101] [rowing: 101] [row 101]', known)).toBe('[note: 101] [rowing: 101] [row 101]');
  });

  it('the rows cited are those the sheet has, each once, in the order first cited', () => {
    expect(citedRows('[row:202] then [row:101], again [row:202], and [row:999]', known)).toEqual([202, 101]);
    expect(citedRows(canonicalCitations('[rows: 303, 101]', known), known)).toEqual([303, 101]);
  });
});
