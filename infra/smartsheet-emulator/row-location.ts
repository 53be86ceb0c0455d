import type { SmartsheetRow } from '../../shared/sheet/smartsheet-json.js';
import { rowsUnder } from '../../shared/sheet/model.js';
import { ApiError } from './errors.js';
import type { RowInput, StoredSheet } from './sheet-store.js';

/**
 * Where a call's rows go, as Smartsheet places them: every row of a call names the same location (1123 otherwise) —
 * toTop, toBottom (the default), parentId (its first children) or parentId with toBottom (its last), siblingId (just
 * below that row and the rows indented under it, at its level) or siblingId with above (just above it).
 */
export function insertionPoint(stored: StoredSheet, inputs: readonly RowInput[]): { index: number; parentId?: number } {
  const keyOf = (r: RowInput) => JSON.stringify([r.toTop ?? false, r.toBottom ?? false, r.parentId ?? null, r.siblingId ?? null, r.above ?? false]);
  if (new Set(inputs.map(keyOf)).size > 1) {
    throw new ApiError(400, 1123, 'Specifying multiple row locations is not yet supported. Each row must use the same row location attribute and value (toBottom, toTop, parentId, siblingId, above).');
  }
  const { toTop, toBottom, parentId, siblingId, above } = inputs[0] ?? {};
  const indexOf = (id: number) => stored.rows.findIndex((r) => r.id === id);
  /** Just after `id` and every row indented under it. */
  const after = (id: number) => {
    const family = new Set([id, ...rowsUnder(stored.rows, new Set([id])).map((r) => r.id)]);
    return stored.rows.reduce((at, r, i) => (family.has(r.id) ? i + 1 : at), 0);
  };
  if ((toTop && toBottom) || (parentId !== undefined && siblingId !== undefined) || (above && siblingId === undefined)) throw new ApiError(400, 1062, 'Invalid row location.');
  if (parentId !== undefined) {
    if (indexOf(parentId) < 0) throw new ApiError(400, 1063, `Invalid parentId: ${parentId}.`);
    return { index: toBottom ? after(parentId) : indexOf(parentId) + 1, parentId };
  }
  if (siblingId !== undefined) {
    const sibling = stored.rows[indexOf(siblingId)];
    if (!sibling || toTop || toBottom) throw new ApiError(400, sibling ? 1062 : 1064, sibling ? 'Invalid row location.' : `Invalid siblingId: ${siblingId}.`);
    return { index: above ? indexOf(siblingId) : after(siblingId), ...(sibling.parentId !== undefined ? { parentId: sibling.parentId } : {}) };
  }
  return { index: toTop ? 0 : stored.rows.length };
}

/**
 * Moves rows, each with the rows indented under it, to the call's one location (as adding puts rows there), in the
 * call's order. A location naming a moved row (or a row under one) is refused and nothing moves.
 */
export function moveRows(stored: StoredSheet, moved: readonly SmartsheetRow[], inputs: readonly RowInput[]): void {
  // A row under another moved row goes along with it.
  const byId = new Map(stored.rows.map((r) => [r.id, r]));
  const ids = new Set(moved.map((r) => r.id));
  const carriedAlong = (row: SmartsheetRow): boolean => row.parentId !== undefined && (ids.has(row.parentId) || carriedAlong(byId.get(row.parentId)!));
  const rows = moved.filter((r) => !carriedAlong(r));
  const block = new Map(rows.map((r) => [r.id, [r, ...rowsUnder(stored.rows, new Set([r.id]))]]));
  const carried = new Set([...block.values()].flat().map((r) => r.id));
  const before = stored.rows;
  stored.rows = before.filter((r) => !carried.has(r.id));
  let place: { index: number; parentId?: number };
  try {
    place = insertionPoint(stored, inputs);
  } catch (error) {
    stored.rows = before;
    throw error;
  }
  for (const row of rows) {
    if (place.parentId !== undefined) row.parentId = place.parentId;
    else delete row.parentId;
  }
  stored.rows.splice(place.index, 0, ...rows.flatMap((r) => block.get(r.id)!));
}
