import { rowsUnder } from './model.js';

/** One level in (under the row above at its level) or out (one level up where it stands), as Smartsheet's Indent and Outdent. */
export type Indent = 'indent' | 'outdent';

/** A row as the outline knows it: its id and the row it is indented under. */
export interface OutlineRow {
  id: number;
  parentId?: number;
}

/**
 * Where rows go, in Smartsheet's words: toTop, toBottom (the default), parentId (its first children) or parentId with
 * toBottom (its last), siblingId (just below that row and the rows indented under it, at its level) or siblingId with
 * above (just above it).
 */
export interface PlaceSaid {
  toTop?: boolean;
  toBottom?: boolean;
  parentId?: number;
  siblingId?: number;
  above?: boolean;
}

/** A place Smartsheet refuses, with its error code: 1062 (not a place), 1063 (no such parent), 1064 (no such sibling). */
export class PlaceError extends Error {
  constructor(
    readonly code: 1062 | 1063 | 1064,
    message: string,
  ) {
    super(message);
  }
}

/** The index in `rows` where rows put `at` go, and the row they go under there. */
export function insertionPoint(rows: readonly OutlineRow[], at: PlaceSaid): { index: number; parentId?: number } {
  const { toTop, toBottom, parentId, siblingId, above } = at;
  const indexOf = (id: number) => rows.findIndex((r) => r.id === id);
  /** Just after `id` and every row indented under it. */
  const after = (id: number) => {
    const family = new Set([id, ...rowsUnder(rows, new Set([id])).map((r) => r.id)]);
    return rows.reduce((end, r, i) => (family.has(r.id) ? i + 1 : end), 0);
  };
  if ((toTop && toBottom) || (parentId !== undefined && siblingId !== undefined) || (above && siblingId === undefined)) throw new PlaceError(1062, 'Invalid row location.');
  if (parentId !== undefined) {
    if (indexOf(parentId) < 0) throw new PlaceError(1063, `Invalid parentId: ${parentId}.`);
    return { index: toBottom ? after(parentId) : indexOf(parentId) + 1, parentId };
  }
  if (siblingId !== undefined) {
    const sibling = rows[indexOf(siblingId)];
    if (!sibling) throw new PlaceError(1064, `Invalid siblingId: ${siblingId}.`);
    if (toTop || toBottom) throw new PlaceError(1062, 'Invalid row location.');
    return { index: above ? indexOf(siblingId) : after(siblingId), ...(sibling.parentId !== undefined ? { parentId: sibling.parentId } : {}) };
  }
  return { index: toTop ? 0 : rows.length };
}

/**
 * The rows after moving `moved`, each with the rows indented under it, to one place (as adding puts rows there), in
 * the order given; a row under another moved row goes along with it. The moved rows' `parentId` is set to their new
 * parent. A place naming a moved row (or a row under one) is refused (PlaceError) and nothing moves.
 */
export function moveInOutline<R extends OutlineRow>(rows: readonly R[], moved: readonly R[], at: PlaceSaid): R[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ids = new Set(moved.map((r) => r.id));
  const carriedAlong = (row: R): boolean => row.parentId !== undefined && (ids.has(row.parentId) || carriedAlong(byId.get(row.parentId)!));
  const leading = moved.filter((r) => !carriedAlong(r));
  const block = new Map(leading.map((r) => [r.id, [r, ...rowsUnder(rows, new Set([r.id]))]]));
  const carried = new Set([...block.values()].flat().map((r) => r.id));
  const rest = rows.filter((r) => !carried.has(r.id));
  const place = insertionPoint(rest, at);
  for (const row of leading) {
    if (place.parentId !== undefined) row.parentId = place.parentId;
    else delete row.parentId;
  }
  return [...rest.slice(0, place.index), ...leading.flatMap((r) => block.get(r.id)!), ...rest.slice(place.index)];
}

/**
 * Why these rows cannot be indented (no row above one at its level that stays where it is) or outdented (none is
 * indented); undefined when at least one can — as the server plays it, the others staying where they are.
 */
export function whyNotIndented(sheetRows: readonly OutlineRow[], rows: readonly OutlineRow[], direction: Indent): string | undefined {
  if (!rows.length) return `Select the rows to ${direction}`;
  const chosen = new Set(rows.map((r) => r.id));
  // The rows going, each with the rows under it (a row under another chosen row goes along, it is not moved itself).
  const going = new Set([...chosen, ...rowsUnder(sheetRows, chosen).map((r) => r.id)]);
  if (direction === 'outdent') return rows.some((r) => r.parentId !== undefined && !going.has(r.parentId)) ? undefined : rows.length === 1 ? 'The row is not indented' : 'None of the rows is indented';
  // A row above stays where it is when it is none of those going.
  const withRowAbove = new Set<number | undefined>();
  for (const row of sheetRows) {
    const carried = row.parentId !== undefined && going.has(row.parentId);
    if (chosen.has(row.id) && !carried && withRowAbove.has(row.parentId)) return undefined;
    if (!going.has(row.id)) withRowAbove.add(row.parentId);
  }
  return `${rows.length === 1 ? 'The row has' : 'The rows have'} no row above at ${rows.length === 1 ? 'its' : 'their'} level to go under`;
}
