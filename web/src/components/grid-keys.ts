import type { KeyboardEvent } from 'react';
import type { Column, Row } from '../../../shared/sheet/model';
import type { Indent } from '../../../shared/sheet/row-moves';
import type { SheetValue } from '../../../shared/sheet/values';
import { isArriving } from './arriving-rows';
import type { Step } from './row-drag';
import type { CellSave } from './Grid';
import { typedInto } from './GridCells';

/** Where the keyboard's cell is, and how to move it. */
interface KeyPlace {
  active: { row: number; col: number };
  /** Rows a Page Up/Down moves. */
  page: number;
  ctrl: boolean;
  last: { row: number; col: number };
  move(row: number, col: number): void;
}

/** What the grid's keys do beyond moving. */
export interface KeyActs {
  edit(): unknown;
  tick(): unknown;
  collapse(): unknown;
  expand(): unknown;
  /** The context-menu key: the menu of what is selected (whole rows, whole columns), else the active cell's history. */
  menu(): unknown;
  comments(): unknown;
  undo(): unknown;
  redo(): unknown;
  clear(): unknown;
  fillDown(): unknown;
  selectAll(): unknown;
  selectRows(): unknown;
  selectColumns(): unknown;
  indent(direction: Indent): unknown;
  /** Alt+Shift+↑ / ↓: the selected rows a step up or down at their level. */
  step(step: Step): unknown;
  /** Ctrl+/: the list of these keys, opened or closed. */
  help(): unknown;
}

/**
 * The grid's keys as the person reads them (the toolbar's ⌨ Keys): `keys`, the KeyboardEvent keys each line covers —
 * every key gridKeys handles is on a line (a test holds it to that), so the list cannot fall behind the handler.
 */
export const KEY_HELP: readonly { shown: string; keys: readonly string[]; what: string }[] = [
  { shown: '↑ ↓ ← → · Page Up/Down · Home/End', keys: ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End'], what: 'Move the active cell; with Ctrl, Home and End go to the first and last row' },
  { shown: 'Shift + those, Shift+click', keys: [], what: 'Select the cells from where the selection started' },
  { shown: 'Shift+Space · Ctrl+Space', keys: [' '], what: "Select the selection's whole rows, or its whole columns (a click on a row's number selects its row)" },
  { shown: 'Ctrl+A', keys: ['a', 'A'], what: 'Select every cell in view' },
  { shown: 'Enter · F2 · or type', keys: ['Enter', 'F2'], what: 'Edit the active cell (typing replaces its value); Enter saves, Escape cancels' },
  { shown: 'Space', keys: [' '], what: 'Tick or untick a checkbox' },
  { shown: 'Delete · Backspace', keys: ['Delete', 'Backspace'], what: 'Empty the selected cells' },
  { shown: 'Ctrl+C · Ctrl+V', keys: [], what: 'Copy and paste, with spreadsheets too' },
  { shown: 'Ctrl+D', keys: ['d', 'D'], what: "Fill down: the top cell's value into the cells below it" },
  { shown: 'Ctrl+Z · Ctrl+Shift+Z · Ctrl+Y', keys: ['z', 'Z', 'y', 'Y'], what: 'Undo or redo your latest edit' },
  { shown: 'Ctrl+] · Ctrl+[', keys: [']', '['], what: 'Indent or outdent the selected rows' },
  { shown: 'Alt+Shift+↑ ↓', keys: ['ArrowUp', 'ArrowDown'], what: 'Move the selected rows a step up or down at their level' },
  { shown: '- · +', keys: ['-', '+'], what: 'Collapse or expand the rows under the active row' },
  { shown: 'Menu key · Shift+F10', keys: ['ContextMenu', 'F10'], what: "The selected rows' or column's menu; otherwise the active cell's history" },
  { shown: 'Ctrl+Alt+M', keys: ['m', 'M'], what: "The active row's comments" },
  { shown: 'Ctrl+/', keys: ['/'], what: 'This list' },
];

/**
 * The grid's keys: arrows, Page Up/Down and Home/End (with Ctrl: the first / last row) move the active cell; Enter (or F2) edits
 * it, Space ticks a checkbox; "-" collapses the rows under the active row, "+" expands them; Shift+Space selects the
 * selection's whole rows and Ctrl+Space its whole columns (as in a spreadsheet); the context-menu key (or Shift+F10)
 * opens the menu of the rows or the column so selected, else the active cell's history; Ctrl+Alt+M its row's comments;
 * Delete or Backspace empties the selected cells, Ctrl+D fills them down; Ctrl+Z undoes the person's latest edit,
 * Ctrl+Shift+Z or Ctrl+Y redoes it; Ctrl+A selects every cell in view; Ctrl+] indents the selected rows and Ctrl+[
 * outdents them (Smartsheet's keys), Alt+Shift+↑ / ↓ moves them a step up or down at their level; Ctrl+/ lists these keys (KEY_HELP). With Shift the moving keys grow the selection (the caller's `move` reads the event).
 */
export function gridKeys(at: KeyPlace & { shift: boolean; alt: boolean }, act: KeyActs): Record<string, () => void> {
  const { active, page, move } = at;
  return {
    ArrowDown: () => (at.alt && at.shift ? void act.step('down') : move(active.row + 1, active.col)),
    ArrowUp: () => (at.alt && at.shift ? void act.step('up') : move(active.row - 1, active.col)),
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
    ' ': () => void (at.ctrl ? act.selectColumns() : at.shift ? act.selectRows() : act.tick()),
    '-': () => void act.collapse(),
    '+': () => void act.expand(),
    ContextMenu: () => void act.menu(),
    ...(at.shift ? { F10: () => void act.menu() } : {}),
    ...(at.ctrl && at.alt ? { m: () => void act.comments(), M: () => void act.comments() } : {}),
    ...(at.ctrl ? { '/': () => void act.help() } : {}),
    // Ctrl+Z undoes the latest edit; Ctrl+Shift+Z or Ctrl+Y redoes it (Shift makes the key "Z", or "z" with Caps Lock on).
    ...(at.ctrl && !at.alt ? { z: () => void (at.shift ? act.redo() : act.undo()), Z: () => void (at.shift ? act.redo() : act.undo()), y: () => void act.redo(), Y: () => void act.redo(), d: () => void act.fillDown(), D: () => void act.fillDown(), a: () => void act.selectAll(), A: () => void act.selectAll(), ']': () => void act.indent('indent'), '[': () => void act.indent('outdent') } : {}),
  };
}

/** A key that starts typing into the active cell: one printable character, without Ctrl, ⌘ or Alt ("-", "+" and Space have their own use). */
export const startsTyping = (e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean => [...e.key].length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey;

/** What the grid's key handler reads and does: the view, the selection, and the grid's own acts. */
export interface GridKeyView {
  rows: readonly Row[];
  columns: readonly Column[];
  active: { row: number; col: number };
  /** Rows a Page Up/Down moves: read when the key is pressed (it measures the grid). */
  page(): number;
  /** The active cell moved to (row, col), kept inside the grid: with `extend` the selection grows to it. */
  moveTo(cell: { row: number; col: number }, extend: boolean): void;
  locked(row: Row, column: Column): boolean;
  startEditing(row: Row, column: Column, typed?: string): void;
  save(saves: CellSave[]): unknown;
  /** What the menu key does with the active cell (its row's menu, its column's, or its history). */
  menu(row: Row, column: Column): unknown;
  comments?: ((row: Row) => void) | undefined;
  outline: { parents: ReadonlySet<number>; collapsed: ReadonlySet<number>; toggle(rowId: number): void };
  acts: Pick<KeyActs, 'undo' | 'redo' | 'clear' | 'fillDown' | 'selectAll' | 'selectRows' | 'selectColumns' | 'indent' | 'step' | 'help'>;
}

/**
 * The grid's keydown handler (on the grid itself; a cell being edited has the keys to itself). A key the grid does not
 * use is left to the browser.
 */
export function gridKeyDown(view: GridKeyView) {
  return (e: KeyboardEvent<HTMLElement>, editing: boolean): void => {
    if (e.target !== e.currentTarget || editing) return;
    const { rows, columns, active, outline } = view;
    const row = rows[active.row];
    const column = columns[active.col];
    const move = (r: number, c: number) => view.moveTo({ row: Math.max(0, Math.min(rows.length - 1, r)), col: Math.max(0, Math.min(columns.length - 1, c)) }, e.shiftKey);
    const ok = (act: (row: Row, column: Column) => unknown) => () => row && column && act(row, column);
    const editable = (act: (row: Row, column: Column) => unknown) => ok((r, c) => !view.locked(r, c) && act(r, c));
    const keys = gridKeys(
      { active, page: view.page(), ctrl: e.ctrlKey || e.metaKey, shift: e.shiftKey, alt: e.altKey, last: { row: rows.length - 1, col: columns.length - 1 }, move },
      {
        ...view.acts,
        selectAll: () => (move(0, 0), view.acts.selectAll()),
        edit: editable((r, c) => c.type !== 'CHECKBOX' && view.startEditing(r, c)),
        tick: editable((r, c) => c.type === 'CHECKBOX' && view.save([{ row: r, column: c, value: !(r.values[c.index] === true), expected: (r.values[c.index] ?? null) as SheetValue }])),
        collapse: ok((r) => outline.parents.has(r.id) && !outline.collapsed.has(r.id) && outline.toggle(r.id)),
        expand: ok((r) => outline.collapsed.has(r.id) && outline.toggle(r.id)),
        menu: ok((r, c) => !isArriving(r) && view.menu(r, c)),
        comments: ok((r) => !isArriving(r) && view.comments?.(r)),
      },
    );
    // A character typed on a cell edited in a text box starts its editor with it, as in a spreadsheet.
    const action = keys[e.key] ?? (startsTyping(e) && row && column && typedInto(column) && !view.locked(row, column) ? () => view.startEditing(row, column, e.key) : undefined);
    if (action) {
      e.preventDefault();
      action();
    }
  };
}
