import { useCallback, useMemo, useState, type MouseEvent } from 'react';
import { MAX_ROWS_DELETED } from '../../../shared/api/grid-edits';
import type { Row, Sheet } from '../../../shared/sheet/model';
import { whyNotIndented, type Indent } from '../../../shared/sheet/row-moves';
import { numberRanges } from '../../../shared/util/number-ranges';
import { deletionQuestion, insertCount } from '../sheet-edits';
import { RowMenu } from './RowMenu';
import { stepPlace, useRowDrag, type DropPlace, type Step } from './row-drag';

/** Where a blank row goes: just below or above a row, at its level; at the end of the sheet when undefined. */
export type RowPlace = { after: Row } | { before: Row } | undefined;

/** Writing rows: blank ones inserted (the new rows' ids once written), rows deleted with the rows under them, rows moved or indented. */
export interface RowEdits {
  insertRows?(count: number, place?: { after?: number; before?: number }): Promise<number[] | undefined>;
  deleteRows?(rowIds: number[]): Promise<unknown>;
  indentRows?(rowIds: number[], direction: Indent): Promise<unknown>;
  moveRows?(rowIds: number[], place: { after: number } | { before: number }): Promise<unknown>;
}

/** Rows inserted, deleted and indented from the grid's toolbar: what is chosen, why not (when not), and doing it. */
export interface RowActions {
  sheet: Sheet;
  /** The rows selected (the active cell's row when one cell is): a row goes in below the last, Delete takes them all. */
  chosen: readonly Row[];
  /** Why rows cannot be inserted or deleted now (a Viewer's sheet, Smartsheet not answering); undefined when they can. */
  disabled?: string | undefined;
  /** The rows the person is asked about deleting, until they answer. */
  asking: readonly Row[] | undefined;
  ask(rows: readonly Row[] | undefined): void;
  /** `count` blank rows (one when not given) at `place`. */
  insert(place: RowPlace, count?: number): void;
  remove(rows: readonly Row[]): void;
  /** Why these rows cannot go one level in or out now; undefined when they can. */
  whyNotIndent(rows: readonly Row[], direction: Indent): string | undefined;
  /** These rows (the chosen ones when not given) one level in or out — nothing when they cannot. */
  indent(direction: Indent, rows?: readonly Row[]): void;
  /** Why these rows cannot move a step up or down now; undefined when they can. */
  whyNotStep(rows: readonly Row[], step: Step): string | undefined;
  /** These rows (the chosen ones when not given) a step up or down at their level — nothing when they cannot. */
  step(step: Step, rows?: readonly Row[]): void;
  /** The keyboard goes back to the grid. */
  done(): void;
}

/**
 * The grid's row actions: the toolbar's Insert row, Delete rows, Indent and Outdent, the menu a row's number opens
 * (right-click, or the menu key with the row selected whole) — Insert row above / below, Delete, Indent, Outdent, Move
 * up / down, its comments — and rows dragged by their number.
 * A deletion is asked about first, in the toolbar, as there is no approval for the person's own act. Undefined when
 * the grid cannot write rows.
 */
export function useRowActions(edits: RowEdits, view: { sheet: Sheet; shown: readonly Row[]; chosen: readonly Row[]; readOnly: boolean; reordered: boolean; show(rowId: number): void; focus(): void; comments?: ((row: Row) => void) | undefined }) {
  const [asking, setAsking] = useState<readonly Row[] | undefined>();
  const [menu, setMenu] = useState<{ row: Row; x: number; y: number } | undefined>();
  const { readOnly, reordered, sheet } = view;
  // "The row above" is the sheet's: with the grid sorted or searched, the person would not see where a row goes.
  const whyNotIndent = useCallback(
    (rows: readonly Row[], direction: Indent) => (readOnly ? 'Rows cannot be indented now' : reordered ? `Rows are indented in the sheet's own order: clear the sort and the search to ${direction}` : whyNotIndented(sheet.rows, rows, direction)),
    [readOnly, reordered, sheet.rows],
  );
  const { insertRows, deleteRows, indentRows, moveRows } = edits;
  const move = (rows: readonly Row[], place: DropPlace) => void moveRows?.(rows.map((r) => r.id), 'before' in place ? { before: place.before.id } : { after: place.after.id });
  const drag = useRowDrag({ sheetRows: sheet.rows, shown: view.shown, chosen: view.chosen, why: !moveRows || readOnly || reordered ? 'Rows cannot be moved now' : undefined, move });
  const stepOf = useCallback(
    (rows: readonly Row[], step: Step) => (!moveRows || readOnly ? { why: 'Rows cannot be moved now' } : reordered ? { why: "Rows move in the sheet's own order: clear the sort and the search to move them" } : stepPlace(sheet.rows, rows, step)),
    [moveRows, readOnly, reordered, sheet.rows],
  );
  if (!insertRows || !deleteRows || !indentRows) return undefined;
  const disabled = view.readOnly ? 'Rows cannot be inserted or deleted now' : undefined;
  const toolbar: RowActions = {
    sheet: view.sheet,
    chosen: view.chosen,
    disabled,
    asking,
    ask: setAsking,
    insert: (place, count = 1) => void insertRows(count, place && ('after' in place ? { after: place.after.id } : { before: place.before.id })).then((ids) => ids?.[0] !== undefined && view.show(ids[0])),
    remove: (rows) => void deleteRows(rows.map((r) => r.id)),
    whyNotIndent,
    indent: (direction, rows = view.chosen) => void (!whyNotIndent(rows, direction) && indentRows(rows.map((r) => r.id), direction)),
    whyNotStep: (rows, step) => {
      const place = stepOf(rows, step);
      return 'why' in place ? place.why : undefined;
    },
    step: (step, rows = view.chosen) => {
      const place = stepOf(rows, step);
      if (!('why' in place)) move(rows, place);
    },
    done: view.focus,
  };
  const close = () => {
    setMenu(undefined);
    view.focus();
  };
  return {
    toolbar,
    /** Rows dragged by their number to another place. */
    drag,
    /** A row's number right-clicked: its menu, where the pointer is. */
    openMenu: (e: MouseEvent, row: Row) => {
      e.preventDefault();
      setMenu({ row, x: e.clientX, y: e.clientY });
    },
    /** A row's menu opened from the keyboard (its row selected whole, the menu key), at `at`. */
    openAt: (row: Row, at: { x: number; y: number }) => setMenu({ row, ...at }),
    menu: menu && (
      <RowMenu
        at={menu}
        // The rows selected when the row is one of them, else the row alone.
        rows={view.chosen.some((r) => r.id === menu.row.id) ? view.chosen : [menu.row]}
        disabled={disabled}
        onInsert={(place, count) => (close(), toolbar.insert(place, count))}
        onDelete={(rows) => (setMenu(undefined), setAsking(rows))}
        onIndent={(direction, rows) => (close(), toolbar.indent(direction, rows))}
        whyNotIndent={whyNotIndent}
        onStep={(step, rows) => (close(), toolbar.step(step, rows))}
        whyNotStep={toolbar.whyNotStep}
        {...(view.comments ? { onComments: () => (close(), view.comments!(menu.row)) } : {})}
        onClose={close}
      />
    ),
  };
}

/**
 * "Insert row" inserts a blank row below the selection (at the end when nothing is selected) — as many as there are
 * rows selected, as in a spreadsheet (up to 50); "Delete" asks first — saying which rows, and the rows under them
 * Smartsheet deletes too; ⇥ and ⇤ indent and outdent the selected rows.
 */
export function RowButtons(p: RowActions) {
  const below = p.chosen.at(-1);
  const count = insertCount(p.chosen);
  const numbers = useMemo(() => numberRanges(p.chosen.map((r) => r.rowNumber)), [p.chosen]);
  const { whyNotIndent, chosen } = p;
  // Worked out when the rows or the sheet change, not on every render (each reads the whole outline).
  const whyNot = useMemo(() => ({ indent: whyNotIndent(chosen, 'indent'), outdent: whyNotIndent(chosen, 'outdent') }), [whyNotIndent, chosen]);
  const tooMany = p.chosen.length > MAX_ROWS_DELETED ? `At most ${MAX_ROWS_DELETED.toLocaleString()} rows can be deleted at once (${p.chosen.length.toLocaleString()} are selected); a bulk job deletes more` : undefined;
  const close = (then?: () => void) => {
    p.ask(undefined);
    then?.();
    p.done();
  };
  const { asking } = p;
  if (asking) {
    return (
      <span role="group" aria-label="Confirm the deletion" className="row-confirm" onKeyDown={(e) => e.key === 'Escape' && close()}>
        {deletionQuestion(p.sheet, asking)} Their comments and attachments go too; Undo brings back their values.{' '}
        <button type="button" className="danger" autoFocus onClick={() => close(() => p.remove(asking))}>
          Delete
        </button>
        <button type="button" onClick={() => close()}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <span className="row-buttons">
      <button type="button" disabled={Boolean(p.disabled)} title={p.disabled ?? `Insert ${count === 1 ? 'a blank row' : `${count} blank rows`} ${below ? `below row ${below.rowNumber}` : 'at the end'}`} onClick={() => close(() => p.insert(below && { after: below }, count))}>
        Insert {count === 1 ? 'row' : `${count} rows`}
      </button>
      <button type="button" disabled={Boolean(p.disabled ?? tooMany) || !p.chosen.length} title={p.disabled ?? tooMany ?? (p.chosen.length ? `Delete ${p.chosen.length === 1 ? 'row' : 'rows'} ${numbers}` : 'Select the rows to delete')} onClick={() => p.ask(p.chosen)}>
        Delete {p.chosen.length === 1 ? 'row' : 'rows'}
      </button>
      {(['indent', 'outdent'] as const).map((direction) => {
        const why = whyNot[direction];
        return (
          <button key={direction} type="button" className="icon" aria-label={direction === 'indent' ? 'Indent' : 'Outdent'} disabled={Boolean(why)} title={why ?? `${direction === 'indent' ? 'Indent' : 'Outdent'} ${p.chosen.length === 1 ? 'row' : 'rows'} ${numbers} (Ctrl+${direction === 'indent' ? ']' : '['})`} onClick={() => close(() => p.indent(direction))}>
            {direction === 'indent' ? '⇥' : '⇤'}
          </button>
        );
      })}
    </span>
  );
}
