import type { SmartsheetRow } from '../../shared/sheet/smartsheet-json.js';
import { insertionPoint as pointIn, moveInOutline, PlaceError, type PlaceSaid } from '../../shared/sheet/row-moves.js';
import { ApiError } from './errors.js';
import type { RowInput, StoredSheet } from './sheet-store.js';

/** A place Smartsheet refuses, as its API answers it. */
function asApiError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof PlaceError) throw new ApiError(400, error.code, error.message);
    throw error;
  }
}

/** The one place every row of a call names (1123 otherwise), as Smartsheet reads it (shared/sheet/row-moves.ts). */
function placeOf(inputs: readonly RowInput[]): PlaceSaid {
  const keyOf = (r: RowInput) => JSON.stringify([r.toTop ?? false, r.toBottom ?? false, r.parentId ?? null, r.siblingId ?? null, r.above ?? false]);
  if (new Set(inputs.map(keyOf)).size > 1) {
    throw new ApiError(400, 1123, 'Specifying multiple row locations is not yet supported. Each row must use the same row location attribute and value (toBottom, toTop, parentId, siblingId, above).');
  }
  const { toTop, toBottom, parentId, siblingId, above } = inputs[0] ?? {};
  return { toTop, toBottom, parentId, siblingId, above };
}

/** Where a call's rows go: the index in the sheet and the row they go under. */
export function insertionPoint(stored: StoredSheet, inputs: readonly RowInput[]): { index: number; parentId?: number } {
  const at = placeOf(inputs);
  return asApiError(() => pointIn(stored.rows, at));
}

/**
 * Moves rows, each with the rows indented under it, to the call's one location, in the call's order. A location
 * naming a moved row (or a row under one) is refused and nothing moves.
 */
export function moveRows(stored: StoredSheet, moved: readonly SmartsheetRow[], inputs: readonly RowInput[]): void {
  const at = placeOf(inputs);
  // moveInOutline finds the place before it sets any row's parent: a place refused leaves the sheet as it was.
  stored.rows = asApiError(() => moveInOutline(stored.rows, moved, at));
}
