import type { OutlinePlace } from '../../shared/sheet/model.js';
import type { RowLocation } from '../smartsheet/smartsheet.port.js';
import type { RowValues } from './changeset.model.js';

/**
 * The rows an undo adds for deleted rows: their values and formulas, and where each stood — under the same parent,
 * below the same row — so a project plan comes back as it was, not as rows at the end (deletions recorded before
 * places were kept do go to the end).
 */
export function restoredRows(deleted: readonly RowValues[]): RowValues[] {
  return deleted.map((r) => ({ values: r.values, ...(r.formulas ? { formulas: r.formulas } : {}), ...(r.place && r.rowId !== undefined ? { place: r.place, restores: r.rowId } : {}) }));
}

/** Deleted rows go back where they stood in at most this many calls (one per run of rows that stood together); rows more scattered than that go back at the end of the sheet. */
export const MAX_RESTORE_CALLS = 40;

/** One Smartsheet call of a change set's added rows; `at`: where its first row stood, when it goes back there. */
export interface AddCall {
  rows: RowValues[];
  at?: OutlinePlace;
}

/**
 * The calls that add a change set's rows. Rows an undo brings back go where they stood: a row that stood just below
 * the one before it at its level (its sibling) joins that row's call, any other starts one — so a parent and the row
 * above a row are always added before it. Other rows (and rows too scattered to place) are one call.
 */
export function addCalls(rows: readonly RowValues[]): AddCall[] {
  if (rows.some((row) => !row.place || row.restores === undefined)) return [{ rows: [...rows] }];
  const calls = placedRuns(rows, (row) => row.restores!, (row) => row.place!).map(({ items, at }) => ({ rows: items, at }));
  return calls.length > MAX_RESTORE_CALLS ? [{ rows: [...rows] }] : calls;
}

/**
 * Rows going back where they stood, top to bottom, in runs: a row that stood just below the one before it at its level
 * (its sibling) joins that row's run, any other (or one `startsRun` says) starts one — so a parent and the row above a row
 * always go first.
 * `idOf`: the id other rows' places name the row by.
 */
export function placedRuns<T>(items: readonly T[], idOf: (item: T) => number, placeOf: (item: T) => OutlinePlace, startsRun?: (item: T) => boolean): { items: T[]; at: OutlinePlace }[] {
  const runs: { items: T[]; at: OutlinePlace }[] = [];
  const endingWith = new Map<number, { items: T[]; at: OutlinePlace }>();
  for (const item of items) {
    const after = placeOf(item).siblingId;
    let run = after !== undefined && !startsRun?.(item) ? endingWith.get(after) : undefined;
    if (run) {
      endingWith.delete(after!);
      run.items.push(item);
    } else runs.push((run = { items: [item], at: placeOf(item) }));
    endingWith.set(idOf(item), run);
  }
  return runs;
}

/**
 * Where a call's rows go. A place is named by row ids of when the rows were deleted: `idNow` gives each as it is now
 * (a row added back meanwhile has a new id), or undefined when it is gone — then the row goes last under its parent,
 * or at the end of the sheet.
 */
export function locationOf(call: AddCall, idNow: (rowId: number) => number | undefined): RowLocation {
  const under = call.rows[0]?.parentId;
  const nextTo = call.rows[0]?.nextTo;
  if (!call.at) return under !== undefined ? { parentId: under, toBottom: true } : nextTo ? { ...nextTo } : { toBottom: true };
  return placeNow(call.at, idNow);
}

/** Where rows that stood at `at` go back to now: below the same row, else first (or, that row gone, last) under the same parent. */
export function placeNow(at: OutlinePlace, idNow: (rowId: number) => number | undefined): RowLocation {
  const { parentId, siblingId } = at;
  const sibling = siblingId !== undefined ? idNow(siblingId) : undefined;
  if (sibling !== undefined) return { siblingId: sibling };
  const parent = parentId !== undefined ? idNow(parentId) : undefined;
  if (parentId !== undefined && parent === undefined) return { toBottom: true };
  const first = siblingId === undefined;
  if (parent !== undefined) return first ? { parentId: parent } : { parentId: parent, toBottom: true };
  return first ? { toTop: true } : { toBottom: true };
}
