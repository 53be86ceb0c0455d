import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { rowDepths, type Column, type Row } from '../../../shared/sheet/model';
import { isArriving } from './arriving-rows';

/** The grid's controls beyond its cells: the outline's collapse and expand, a row brought into view, what cannot be edited. */

/**
 * The sheet's outline in the grid: how far each row is indented (a parent comes before its children), which rows have
 * rows under them, and which of those the person has collapsed — their rows hidden until expanded again, or until a
 * row under them is to be shown (`reveal`: a cited row, a chip clicked).
 */
export function useOutline(rows: readonly Row[]) {
  const depths = useMemo(() => rowDepths(rows), [rows]);
  const parents = useMemo(() => new Set(rows.flatMap((r) => (r.parentId !== undefined ? [r.parentId] : []))), [rows]);
  // It opens as Smartsheet shows the sheet: the rows collapsed there, collapsed.
  const [chosen, setChosen] = useState<ReadonlySet<number>>(() => new Set(rows.flatMap((r) => (r.collapsed ? [r.id] : []))));
  // A row deleted, or with no rows under it any more, is not collapsed.
  const collapsed = useMemo(() => new Set([...chosen].filter((id) => parents.has(id))), [chosen, parents]);
  const toggle = useCallback((rowId: number) => setChosen((c) => toggled(c, rowId)), []);
  const setAll = useCallback((collapse: boolean) => setChosen(collapse ? parents : new Set()), [parents]);
  /** Expands the rows a row is under, so it shows. */
  const reveal = useCallback(
    (rowId: number) => {
      const parentOf = new Map(rows.map((r) => [r.id, r.parentId]));
      const above = new Set<number>();
      for (let p = parentOf.get(rowId); p !== undefined; p = parentOf.get(p)) above.add(p);
      setChosen((c) => ([...above].some((id) => c.has(id)) ? new Set([...c].filter((id) => !above.has(id))) : c));
    },
    [rows],
  );
  return { depths, parents, collapsed, toggle, setAll, reveal };
}

/**
 * A row to show: `focusRowId` (a chip clicked) — the rows it is under expand, then it is brought into view once among
 * the rows shown (`show(index)`); or, through the function returned, a row just inserted, which also takes the active
 * cell (`activate`), to be typed in, once it arrives.
 */
export function useRowFocus(rows: readonly Row[], focusRowId: number | undefined, reveal: (rowId: number) => void, show: (index: number, activate: boolean) => void): (rowId: number) => void {
  const focusing = useRef<{ rowId: number; activate: boolean } | undefined>(undefined);
  const latest = useRef({ rows, show });
  latest.current = { rows, show };
  useEffect(() => {
    if (focusRowId === undefined) return;
    focusing.current = { rowId: focusRowId, activate: false };
    reveal(focusRowId);
  }, [focusRowId]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const wanted = focusing.current;
    const index = wanted ? rows.findIndex((r) => r.id === wanted.rowId) : -1;
    if (index < 0) return;
    focusing.current = undefined;
    show(index, wanted!.activate);
  }, [rows, focusRowId]); // eslint-disable-line react-hooks/exhaustive-deps
  return useCallback((rowId: number) => {
    // Shown already (the sheet's push came first), or once it is.
    const index = latest.current.rows.findIndex((r) => r.id === rowId);
    if (index >= 0) latest.current.show(index, true);
    else focusing.current = { rowId, activate: true };
  }, []);
}

export function toggled(set: ReadonlySet<number>, id: number): ReadonlySet<number> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

/** Why the person cannot edit a cell, in words that follow its name ("Status in row 3 is calculated"); undefined when they can. */
export function whyUneditable(row: Row, column: Column, readOnly: boolean): string | undefined {
  if (readOnly) return 'cannot be edited now';
  if (isArriving(row)) return 'is in a row not yet added';
  if (column.readOnly) return 'is calculated';
  return column.locked || row.locked ? 'is locked in Smartsheet' : undefined;
}
