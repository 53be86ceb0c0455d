import type { Column, Row } from '../../../shared/sheet/model';
import type { SheetValue } from '../../../shared/sheet/values';
import type { ChangeSet } from '../api';

/**
 * Rows a change awaiting approval would add, shown in the grid where Smartsheet would put them (before anyone
 * approves): just below or above a row, first or last under a row, or at the top or bottom of the sheet.
 */
export interface ArrivingRow {
  values: Record<string, SheetValue>;
  /** Beside a row (`next`: below it and the rows under it, or `above` it); else under a row (`under`; the top level when absent), first or last. */
  at: { next: number; above?: true } | { under?: number; first?: true };
  /** The deleted row it brings back (an undo): rows placed beside or under that row go beside or under this one. */
  restores?: number;
}

/** Where each of a change set's added rows goes, read as the writer reads it (`functions/changesets/row-places.ts`). */
export function arrivingRows(added: ChangeSet['addedRows']): ArrivingRow[] {
  return added.map((r) => ({
    values: r.values as Record<string, SheetValue>,
    at: r.nextTo
      ? { next: r.nextTo.siblingId, ...(r.nextTo.above ? { above: true as const } : {}) }
      : r.place
        ? r.place.siblingId !== undefined
          ? { next: r.place.siblingId }
          : { ...(r.place.parentId !== undefined ? { under: r.place.parentId } : {}), first: true as const }
        : r.parentId !== undefined
          ? { under: r.parentId }
          : {},
    ...(r.restores !== undefined ? { restores: r.restores } : {}),
  }));
}

/** A row the grid shows as arriving: its id is below zero, never a sheet row's. */
export const isArriving = (row: Pick<Row, 'id'>) => row.id < 0;

/**
 * The grid's rows with the arriving ones among them, each where it would go — when the grid shows the sheet in its own
 * order (`inPlace`); sorted, searched, or a place the grid does not show (a row under a collapsed one): at the bottom.
 * Their depths in the outline come back beside them.
 */
export function withArriving(shown: readonly Row[], arriving: readonly ArrivingRow[], columns: readonly Column[], depths: ReadonlyMap<number, number>, inPlace: boolean): { rows: readonly Row[]; depths: ReadonlyMap<number, number> } {
  if (!arriving.length) return { rows: shown, depths: new Map() };
  const list = [...shown];
  const own = new Map<number, number>();
  const depthOf = (id: number) => depths.get(id) ?? own.get(id) ?? 0;
  // A row brought back stands in for the deleted row it restores.
  const standIns = new Map<number, number>();
  const find = (id: number) => (inPlace ? list.findIndex((r) => r.id === (standIns.get(id) ?? id)) : -1);
  /** Just past a row and the rows under it. */
  const past = (index: number) => {
    let i = index + 1;
    while (i < list.length && depthOf(list[i]!.id) > depthOf(list[index]!.id)) i++;
    return i;
  };
  arriving.forEach((a, n) => {
    const id = -(n + 1);
    let index = list.length;
    let parentId: number | undefined;
    if ('next' in a.at) {
      const at = find(a.at.next);
      if (at >= 0) [index, parentId] = [a.at.above ? at : past(at), list[at]!.parentId];
    } else if (a.at.under !== undefined) {
      const at = find(a.at.under);
      if (at >= 0) [index, parentId] = [a.at.first ? at + 1 : past(at), list[at]!.id];
    } else if (a.at.first && inPlace) index = 0;
    const values: SheetValue[] = [];
    for (const c of columns) values[c.index] = a.values[c.title] ?? null;
    list.splice(index, 0, { id, rowNumber: 0, modifiedAt: '', values, ...(parentId !== undefined ? { parentId } : {}) });
    own.set(id, parentId !== undefined ? depthOf(parentId) + 1 : 0);
    if (a.restores !== undefined) standIns.set(a.restores, id);
  });
  return { rows: list, depths: own };
}
