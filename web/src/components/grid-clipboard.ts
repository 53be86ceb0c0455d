import { useEffect, useMemo, useRef, useState, type ClipboardEvent } from 'react';
import { MAX_CELLS_PER_EDIT, type GridSelection } from '../../../shared/api/contracts';
import type { Column, Row } from '../../../shared/sheet/model';
import { parseDelimited } from '../../../shared/util/csv';
import { plural } from '../../../shared/util/plural';
import { displayValue, formulaIn, sameValue, type SheetValue } from '../../../shared/sheet/values';
import type { CellSave } from './Grid';
import { isArriving } from './arriving-rows';

/**
 * Copy and paste between the grid and spreadsheets (Excel, Google Sheets, Smartsheet itself): a block of cells is
 * tab-separated text, a row a line, a cell holding a tab, a line break or a quote in quotes ("" for a quote), as
 * spreadsheets write and read it.
 */

/** The cells from (row, col) to (row, col), either corner first: view positions. */
export interface Block {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export const blockOf = (a: { row: number; col: number }, b: { row: number; col: number }): Block => ({
  top: Math.min(a.row, b.row),
  left: Math.min(a.col, b.col),
  bottom: Math.max(a.row, b.row),
  right: Math.max(a.col, b.col),
});

export const inBlock = (block: Block, row: number, col: number) => row >= block.top && row <= block.bottom && col >= block.left && col <= block.right;

/**
 * A cell as copied: as the grid shows it (a formatted number as Smartsheet shows it, "$75,000"; a person by name; a
 * dropdown's options "A, B"), but a date as YYYY-MM-DD, which every spreadsheet and every language reads the same.
 */
export function copiedText(column: Column, value: SheetValue, shown?: string): string {
  if (value === null) return '';
  if (typeof value === 'number') return shown ?? String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return displayValue(value);
}

const quoted = (text: string) => (/[\t\n\r"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** The block's cells as tab-separated lines. */
export function toTsv(cells: readonly (readonly string[])[]): string {
  return cells.map((line) => line.map(quoted).join('\t')).join('\n');
}

/** Tab-separated text as lines of cells (a spreadsheet's trailing line break is not another line). */
export const parseTsv = (text: string): string[][] => parseDelimited(text, '\t');

/**
 * Text pasted into a cell, for the server to read as typed there — but a checkbox pasted nothing is unticked, and a
 * date naming its month ("Dec 1, 2026", "1 December 2026") is that day (YYYY-MM-DD is as it is).
 */
export function pastedValue(column: Column, text: string): SheetValue {
  const trimmed = text.trim();
  if (column.type === 'CHECKBOX' && !trimmed) return false;
  if (column.type !== 'DATE' || !trimmed || /^\d{4}-\d{2}-\d{2}$/.test(trimmed) || !/[a-z]/i.test(trimmed)) return text;
  const day = new Date(Date.parse(trimmed));
  if (Number.isNaN(day.getTime())) return text;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${two(day.getMonth() + 1)}-${two(day.getDate())}`;
}

export type Pasted = { saves: CellSave[]; leftOut: number } | { refused: string };
/** A cell of a block to put: text (pasted, read as typed there: what starts with = is a formula) or a cell's value and formula as they are (filled down). */
export type Put = string | { value: SheetValue; formula?: string | undefined };

/**
 * What a paste writes: the block from the clipboard with its top left at the selection's; one value pasted over a
 * selection of several cells fills them all. What falls beyond the grid's last row or column is left out (counted);
 * a cell the person cannot edit (calculated, locked, a row being proposed) refuses the whole paste, saying which.
 * Cells that already hold what is pasted are not written.
 */
export function pasteInto(block: Block, clip: Put[][], rows: readonly Row[], columns: readonly Column[], editable: (row: Row, column: Column) => string | undefined, verb = 'pasted'): Pasted {
  const fill = clip.length === 1 && clip[0]!.length === 1;
  const height = fill ? block.bottom - block.top + 1 : clip.length;
  const width = fill ? block.right - block.left + 1 : Math.max(...clip.map((l) => l.length));
  const saves: CellSave[] = [];
  let leftOut = 0;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const text = fill ? clip[0]![0]! : clip[r]?.[c];
      if (text === undefined) continue;
      const row = rows[block.top + r];
      const column = columns[block.left + c];
      if (!row || !column) {
        leftOut++;
        continue;
      }
      const reason = editable(row, column);
      if (reason) return { refused: `Nothing was ${verb}: ${column.title} in row ${row.rowNumber} ${reason}.` };
      const current = row.values[column.index] ?? null;
      const formula = typeof text === 'string' ? formulaIn(text) : text.formula;
      if (formula) {
        if (row.formulas?.[column.index] !== formula) saves.push({ row, column, value: current, expected: current, formula });
        continue;
      }
      const value = typeof text === 'string' ? pastedValue(column, text) : text.value;
      if (copiedText(column, current, row.shown?.[column.index]) === text || sameValue(current, value)) continue;
      saves.push({ row, column, value, expected: current });
    }
  }
  return { saves, leftOut };
}

/**
 * The grid's selection — from the anchor (where a click or a key without Shift left it) to the active cell — and
 * its copy and paste: handlers for the grid's `copy` and `paste` events (Ctrl+C / Ctrl+V, ⌘ on a Mac, or the
 * browser's menu); `clear` empties its cells (Delete, Backspace); a note says what happened ("Copied 6 cells", why
 * nothing was pasted).
 */
export function useSelection(
  view: { rows: readonly Row[]; columns: readonly Column[]; active: { row: number; col: number }; setActive(cell: { row: number; col: number }): void },
  editable: (row: Row, column: Column) => string | undefined,
  onSave: (saves: CellSave[]) => unknown,
  onSelection?: (selection: GridSelection | undefined) => void,
) {
  const [anchor, setAnchor] = useState<{ row: number; col: number } | undefined>();
  // Whole rows or columns chosen as such (a row's number clicked, Shift+Space, Ctrl+Space): what the menu key opens on.
  const [chose, setChose] = useState<'rows' | 'columns'>();
  const [note, setNote] = useState<string | undefined>();
  const { rows, columns, active } = view;
  useFollowRows(rows, active, view.setActive, anchor, setAnchor);
  const block = blockOf(anchor ?? active, active);
  // Still whole: a Shift+arrow across the rows keeps whole rows, one along them does not.
  const whole = chose === 'rows' ? block.left === 0 && block.right === columns.length - 1 : chose === 'columns' ? block.top === 0 && block.bottom === rows.length - 1 : false;
  const cells = (block.bottom - block.top + 1) * (block.right - block.left + 1);
  // Worked out when the selection or the rows change, not on every render (a scroll of a grid with every row selected).
  const selectedRows = useMemo(() => rows.slice(block.top, block.bottom + 1).filter((r) => !isArriving(r)), [rows, block.top, block.bottom]);
  // The rows and columns selected (more than one cell), told when they change — not on every new version of the sheet.
  const told = useRef<string>('');
  useEffect(() => {
    const rowIds = cells > 1 ? selectedRows.map((r) => r.id) : [];
    const selection = rowIds.length ? { rowIds, columnIds: columns.slice(block.left, block.right + 1).map((c) => c.id) } : undefined;
    const key = JSON.stringify(selection ?? null);
    if (key === told.current) return;
    told.current = key;
    onSelection?.(selection);
  }, [cells, block.left, block.right, selectedRows, columns, onSelection]);
  /** Writes what a paste or a clear plans, or says why not. */
  const put = (planned: Pasted, done: string, nothing: string) => {
    if ('refused' in planned) return setNote(planned.refused);
    const beyond = planned.leftOut ? ` ${plural(planned.leftOut, 'cell')} beyond the grid's last row or column left out.` : '';
    if (planned.saves.length > MAX_CELLS_PER_EDIT) return setNote(`Nothing was changed: at most ${MAX_CELLS_PER_EDIT.toLocaleString()} cells at once.`);
    setNote(planned.saves.length ? `${done} ${plural(planned.saves.length, 'cell')}.${beyond}` : `${nothing}${beyond}`);
    if (planned.saves.length) void onSave(planned.saves);
  };
  useEffect(() => {
    if (!note) return;
    const timer = setTimeout(() => setNote(undefined), 6000);
    return () => clearTimeout(timer);
  }, [note]);
  return {
    block,
    /** More than the active cell is selected. */
    several: cells > 1,
    /** The rows selected (the active cell's row when one cell is), in view order; none a proposal would add. */
    rows: selectedRows,
    /** Whole rows or whole columns are what is selected (chosen as such, and still whole); undefined when cells are. */
    whole: whole ? chose : undefined,
    /** The active cell moved: with Shift the selection grows from where it started, else it starts there. */
    moved: (extend: boolean) => {
      setAnchor(extend ? (anchor ?? active) : undefined);
      if (!extend) setChose(undefined);
    },
    note,
    onCopy: (e: ClipboardEvent<HTMLElement>) => {
      if (e.target !== e.currentTarget) return;
      const lines: string[][] = [];
      for (let r = block.top; r <= block.bottom; r++) {
        const row = rows[r];
        if (row) lines.push(columns.slice(block.left, block.right + 1).map((c) => copiedText(c, row.values[c.index] ?? null, row.shown?.[c.index])));
      }
      if (!lines.length) return;
      e.preventDefault();
      e.clipboardData.setData('text/plain', toTsv(lines));
      setNote(`Copied ${plural(lines.length * (lines[0]?.length ?? 0), 'cell')}`);
    },
    onPaste: (e: ClipboardEvent<HTMLElement>) => {
      if (e.target !== e.currentTarget) return;
      e.preventDefault();
      const clip = parseTsv(e.clipboardData.getData('text/plain'));
      if (!clip.length) return;
      put(pasteInto(block, clip, rows, columns, editable), 'Pasted', 'Nothing to change: the cells already hold what was pasted.');
    },
    /**
     * Ctrl+D: each selected column's top cell written into the selected cells below it — or, one row selected, the
     * cell above it into it — as one edit.
     */
    fillDown: () => {
      const from = block.top === block.bottom ? block.top - 1 : block.top;
      const source = rows[from];
      if (!source) return;
      const line = columns.slice(block.left, block.right + 1).map((c) => ({ value: source.values[c.index] ?? null, formula: source.formulas?.[c.index] }));
      const below = { ...block, top: from + 1 };
      put(pasteInto(below, Array.from({ length: block.bottom - from }, () => line), rows, columns, editable, 'filled'), 'Filled', 'Nothing to change: the cells already hold it.');
    },
    /**
     * A row's number clicked: its whole row selected (the active cell on its first column); with Shift, every row from
     * where the selection started to it.
     */
    wholeRows: (index: number, extend: boolean) => {
      setAnchor({ row: extend ? (anchor ?? active).row : index, col: columns.length - 1 });
      setChose('rows');
      view.setActive({ row: index, col: 0 });
    },
    /** Shift+Space: the selection's rows, whole (the active cell to their first column). */
    rowsWhole: () => {
      setAnchor({ row: (anchor ?? active).row, col: columns.length - 1 });
      setChose('rows');
      view.setActive({ row: active.row, col: 0 });
    },
    /** Ctrl+Space: the selection's columns, whole (the active cell to their first row). */
    columnsWhole: () => {
      setAnchor({ row: rows.length - 1, col: (anchor ?? active).col });
      setChose('columns');
      view.setActive({ row: 0, col: active.col });
    },
    /** Ctrl+A: every cell in view selected, from the active cell (the caller moves it to the first) to the last. */
    all: () => {
      setAnchor({ row: rows.length - 1, col: columns.length - 1 });
      setChose(undefined);
    },
    /** The selected cells emptied, as one edit (undone as one). */
    clear: () => put(pasteInto(block, [['']], rows, columns, editable, 'cleared'), 'Cleared', 'Nothing to clear: the cells are empty.'),
  };
}

/**
 * The selection stays on its rows when rows arrive, go or move above it — a colleague's row added, a drag, an undo
 * putting rows back, a sort — so what is deleted, indented or asked about is what the person chose: the active cell
 * and the anchor follow their rows (by id) to wherever those rows are now. A row gone leaves its place as it was.
 */
function useFollowRows(rows: readonly Row[], active: { row: number; col: number }, setActive: (cell: { row: number; col: number }) => void, anchor: { row: number; col: number } | undefined, setAnchor: (cell: { row: number; col: number }) => void): void {
  const held = useRef<{ rows: readonly Row[]; activeId: number | undefined; anchorId: number | undefined }>({ rows, activeId: undefined, anchorId: undefined });
  useEffect(() => {
    const before = held.current;
    let activeRow = active.row;
    let anchorRow = anchor?.row;
    if (before.rows !== rows) {
      const now = (id: number | undefined) => (id === undefined ? -1 : rows.findIndex((r) => r.id === id));
      const activeNow = now(before.activeId);
      const anchorNow = anchor ? now(before.anchorId) : -1;
      if (activeNow >= 0 && activeNow !== active.row) setActive({ row: (activeRow = activeNow), col: active.col });
      if (anchor && anchorNow >= 0 && anchorNow !== anchor.row) setAnchor({ row: (anchorRow = anchorNow), col: anchor.col });
    }
    held.current = { rows, activeId: rows[activeRow]?.id, anchorId: anchorRow === undefined ? undefined : rows[anchorRow]?.id };
  });
}
