import type { Row } from '../sheet/model.js';
import { QueryError, type Predicate } from './filter.js';

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

/** A filter kept to some rows by number (`rowNumbers` of a query: rows named, or selected in the grid), or as it is. */
export function amongRows(rows: readonly Row[], rowNumbers: readonly number[] | undefined, keep: Predicate): Predicate {
  if (!rowNumbers) return keep;
  const among = new Set(rowsByNumber(rows, rowNumbers).map((r) => r.id));
  return (row, i) => among.has(row.id) && keep(row, i);
}
