import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { rowDepths, type Column, type Row } from '../../../shared/sheet/model';
import type { Indent } from '../../../shared/sheet/row-moves';
import { isArriving } from './arriving-rows';

/** The grid's controls beyond its cells: the outline's collapse and expand, and the keys. */

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

/** Where the keyboard's cell is, and how to move it. */
interface KeyPlace {
  active: { row: number; col: number };
  /** Rows a Page Up/Down moves. */
  page: number;
  ctrl: boolean;
  last: { row: number; col: number };
  move(row: number, col: number): void;
}

/**
 * The grid's keys: arrows, Page Up/Down and Home/End (with Ctrl: the first / last row) move the active cell; Enter (or F2) edits
 * it, Space ticks a checkbox; "-" collapses the rows under the active row, "+" expands them; the context-menu key (or
 * Shift+F10) opens its history; Ctrl+Alt+M its row's comments; Delete or Backspace empties the selected cells, Ctrl+D fills them down; Ctrl+Z undoes the person's latest edit, Ctrl+Shift+Z or Ctrl+Y
 * redoes it; Ctrl+A selects every cell in view; Ctrl+] indents the selected rows and Ctrl+[ outdents them (Smartsheet's keys). With Shift the moving keys grow the selection (the caller's `move` reads the event).
 */
export function gridKeys(at: KeyPlace & { shift: boolean; alt: boolean }, act: { edit(): unknown; tick(): unknown; collapse(): unknown; expand(): unknown; history(): unknown; comments(): unknown; undo(): unknown; redo(): unknown; clear(): unknown; fillDown(): unknown; selectAll(): unknown; indent(direction: Indent): unknown }): Record<string, () => void> {
  const { active, page, move } = at;
  return {
    ArrowDown: () => move(active.row + 1, active.col),
    ArrowUp: () => move(active.row - 1, active.col),
    ArrowRight: () => move(active.row, active.col + 1),
    ArrowLeft: () => move(active.row, active.col - 1),
    PageDown: () => move(active.row + page, active.col),
    PageUp: () => move(active.row - page, active.col),
    Home: () => move(at.ctrl ? 0 : active.row, 0),
    End: () => move(at.ctrl ? at.last.row : active.row, at.last.col),
    Enter: () => void act.edit(),
    F2: () => void act.edit(),
    Delete: () => void act.clear(),
    Backspace: () => void act.clear(),
    ' ': () => void act.tick(),
    '-': () => void act.collapse(),
    '+': () => void act.expand(),
    ContextMenu: () => void act.history(),
    ...(at.shift ? { F10: () => void act.history() } : {}),
    ...(at.ctrl && at.alt ? { m: () => void act.comments(), M: () => void act.comments() } : {}),
    // Ctrl+Z undoes the latest edit; Ctrl+Shift+Z or Ctrl+Y redoes it (Shift makes the key "Z", or "z" with Caps Lock on).
    ...(at.ctrl && !at.alt ? { z: () => void (at.shift ? act.redo() : act.undo()), Z: () => void (at.shift ? act.redo() : act.undo()), y: () => void act.redo(), Y: () => void act.redo(), d: () => void act.fillDown(), D: () => void act.fillDown(), a: () => void act.selectAll(), A: () => void act.selectAll(), ']': () => void act.indent('indent'), '[': () => void act.indent('outdent') } : {}),
  };
}

/** A key that starts typing into the active cell: one printable character, without Ctrl, ⌘ or Alt ("-", "+" and Space have their own use). */
export const startsTyping = (e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean => [...e.key].length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey;

/** Why the person cannot edit a cell, in words that follow its name ("Status in row 3 is calculated"); undefined when they can. */
export function whyUneditable(row: Row, column: Column, readOnly: boolean): string | undefined {
  if (readOnly) return 'cannot be edited now';
  if (isArriving(row)) return 'is in a row not yet added';
  if (column.readOnly) return 'is calculated';
  return column.locked || row.locked ? 'is locked in Smartsheet' : undefined;
}
