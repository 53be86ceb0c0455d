import { QueryError } from './filter.js';

/**
 * The rows a person named by the numbers the grid shows ("row 5"), in sheet order. A number the snapshot does not
 * have is an error naming it — never a silently shorter selection.
 */
export function rowsByNumber<R extends { rowNumber: number }>(rows: readonly R[], numbers: readonly number[]): R[] {
  const wanted = new Set(numbers);
  const found = rows.filter((r) => wanted.has(r.rowNumber));
  if (found.length < wanted.size) {
    const have = new Set(found.map((r) => r.rowNumber));
    const missing = [...wanted].filter((n) => !have.has(n)).sort((a, b) => a - b);
    throw new QueryError(`The sheet has ${rows.length} rows, so there is no row ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}.`);
  }
  return found;
}
