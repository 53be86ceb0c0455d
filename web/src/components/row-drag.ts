import { useRef, useState, type DragEvent } from 'react';
import { rowsUnder, type Row } from '../../../shared/sheet/model';
import { moveInOutline, type OutlineRow } from '../../../shared/sheet/row-moves';
import { isArriving } from './arriving-rows';

/** Where dragged rows go: just above a row, or just below the last row shown, at that row's level. */
export type DropPlace = { before: Row } | { after: Row };

/**
 * Whether `rows` (each with the rows under it) dropped at `place` go somewhere: not beside a row they carry along, and
 * not where they already stand at their level (nothing would move).
 */
export function dropsSomewhere(sheetRows: readonly OutlineRow[], rows: readonly OutlineRow[], place: { before: OutlineRow } | { after: OutlineRow }): boolean {
  const ids = new Set(rows.map((r) => r.id));
  const anchor = 'before' in place ? place.before : place.after;
  if (ids.has(anchor.id) || rowsUnder(sheetRows, ids).some((r) => r.id === anchor.id)) return false;
  // Played on a copy of the outline (moveInOutline sets the moved rows' parents).
  const outline = sheetRows.map((r) => ({ id: r.id, ...(r.parentId !== undefined ? { parentId: r.parentId } : {}) }));
  const byId = new Map(outline.map((r) => [r.id, r]));
  const after = moveInOutline(outline, rows.map((r) => byId.get(r.id)!), 'before' in place ? { siblingId: anchor.id, above: true } : { siblingId: anchor.id });
  return after.some((r, i) => r.id !== sheetRows[i]!.id || r.parentId !== sheetRows[i]!.parentId);
}

/** A step up or down: the rows' move past the row next to them at their level, without dragging (the row menu, Alt+Shift+↑ / ↓). */
export type Step = 'up' | 'down';

/**
 * Where `rows` go one step up or down, as in an outline: past the row above or below them at their level, with the
 * rows under each — their level kept. Rows under a parent stay under it (Outdent takes a row out, Indent puts one in).
 * `rows` are the rows chosen, in sheet order: the ones under another chosen row go along with it. Either the place,
 * or why there is none.
 */
export function stepPlace<R extends OutlineRow>(sheetRows: readonly R[], rows: readonly R[], step: Step): { before: R } | { after: R } | { why: string } {
  const ids = new Set(rows.map((r) => r.id));
  // The rows that move themselves: the others are under one of them (chosen or not), and go along.
  const under = new Set(rowsUnder(sheetRows, ids).map((r) => r.id));
  const tops = rows.filter((r) => r.parentId === undefined || !(ids.has(r.parentId) || under.has(r.parentId)));
  const parentId = tops[0]?.parentId;
  const siblings = sheetRows.filter((r) => r.parentId === parentId);
  const first = siblings.findIndex((r) => r.id === tops[0]?.id);
  // By id: the rows chosen may be from an older read of the sheet than `sheetRows` (a menu open as a new version arrives).
  if (!tops.length || tops.some((r, i) => siblings[first + i]?.id !== r.id)) return { why: 'Only rows side by side at one level move a step together' };
  const past = step === 'up' ? siblings[first - 1] : siblings[first + tops.length];
  if (!past) return { why: `Nothing ${step === 'up' ? 'above' : 'below'} at their level to move past${parentId === undefined ? '' : ' under their parent (Outdent takes a row out)'}` };
  return step === 'up' ? { before: past } : { after: past };
}

/**
 * Rows dragged by their number to another place, as in Smartsheet: the rows selected when the row taken is one of
 * them, else that row — each with the rows under it. The line drawn is where they go: above the row under the pointer
 * (its upper half) or above the next row shown (its lower half; below the last row), at the level of the row below the
 * line. A place that would move nothing, or beside a row being dragged, draws no line and takes no drop. `why`: why
 * rows cannot be dragged now (undefined when they can).
 */
export function useRowDrag(view: { sheetRows: readonly Row[]; shown: readonly Row[]; chosen: readonly Row[]; why: string | undefined; move(rows: readonly Row[], place: DropPlace): void }) {
  const dragged = useRef<readonly Row[] | undefined>(undefined);
  const [line, setLine] = useState<{ key: string; rowId: number; below: boolean; place: DropPlace | undefined }>();
  const end = () => {
    dragged.current = undefined;
    setLine(undefined);
  };
  return {
    /** The row number's props: what it takes to drag its row. */
    handle: (row: Row) =>
      view.why || isArriving(row)
        ? {}
        : {
            draggable: true,
            onDragStart: (e: DragEvent) => {
              const rows = view.chosen.some((r) => r.id === row.id) ? view.chosen : [row];
              dragged.current = rows;
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', rows.map((r) => r.rowNumber).join(', '));
            },
            onDragEnd: end,
          },
    /** A row's props: dropping rows above or below it. */
    target: (row: Row, index: number) => ({
      onDragOver: (e: DragEvent) => {
        const rows = dragged.current;
        if (!rows) return;
        const box = e.currentTarget.getBoundingClientRect();
        const below = e.clientY > box.top + box.height / 2;
        const key = `${row.id}:${below}`;
        let place = line?.key === key ? line.place : undefined;
        if (line?.key !== key) {
          const next = below ? view.shown[index + 1] : row;
          const candidate: DropPlace = next ? { before: next } : { after: row };
          place = dropsSomewhere(view.sheetRows, rows, candidate) ? candidate : undefined;
          setLine({ key, rowId: row.id, below, place });
        }
        if (!place) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
      },
      onDrop: (e: DragEvent) => {
        e.preventDefault();
        if (dragged.current && line?.place) view.move(dragged.current, line.place);
        end();
      },
    }),
    /** The class that draws the drop line on a row. */
    mark: (rowId: number) => (line?.place && line.rowId === rowId ? (line.below ? ' drop-below' : ' drop-above') : ''),
  };
}
