import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GridSelection } from '../../../shared/api/contracts';
import type { Column, Row, Sheet } from '../../../shared/sheet/model';
import { peopleIn } from '../../../shared/sheet/people';
import type { SheetValue } from '../../../shared/sheet/values';
import { CellContent, cellClass, CommentMark, Padlock } from './GridCells';
import { defaultWidth, HeaderRow, type GridSort } from './ColumnHeader';
import { COLUMN_WIDTH, useColumnMenu } from './ColumnMenu';
import { gridRows } from './grid-rows';
import { useOutline, useRowFocus, whyUneditable } from './grid-controls';
import { gridKeyDown } from './grid-keys';
import { GridToolbar, type EditStep } from './GridToolbar';
import { useRowActions, type RowEdits } from './RowButtons';
import { NO_PREVIEW, type PendingPreview } from './pending-preview';
import type { ColumnChange } from '../sheet-edits';
import { isArriving, withArriving } from './arriving-rows';
import { inBlock, useSelection } from './grid-clipboard';

/**
 * The live grid: rows and columns virtualised (20,000 × 50 scrolls smoothly), cells
 * rendered by type, citations highlighted (or shown alone), live changes flashing; sort, search,
 * column show/hide and resize, wrap; inline editing with an editor per type. The
 * view never writes: only an edit the person saves goes to the server.
 */
export interface CellSave {
  row: Row;
  column: Column;
  value: SheetValue;
  expected: SheetValue;
  /** A formula typed ("=SUM(CHILDREN())"), written instead of the value: Smartsheet works the value out. */
  formula?: string | undefined;
}

export interface GridProps {
  sheet: Sheet;
  highlighted: ReadonlySet<number>;
  /** Scrolls this row into view when it changes. */
  focusRowId?: number;
  flashes: ReadonlyMap<number, number>;
  /** The person's edit of one cell or several (a paste): written at once, no approval. */
  onSave(saves: CellSave[]): Promise<void>;
  /**
   * The latest edit that can be undone (Ctrl+Z) and the latest undone that can be redone (Ctrl+Shift+Z, Ctrl+Y); rows
   * inserted, deleted, indented and moved, and columns changed (with why they cannot be, on this sheet).
   */
  edits?: { undo?: EditStep | undefined; redo?: EditStep | undefined; editColumn?: (change: ColumnChange) => unknown; columnsRefused?: string | undefined } & RowEdits;
  /** No cell can be edited (Smartsheet is not answering; the grid shows the last snapshot). */
  readOnly?: boolean;
  /** Only the highlighted rows are shown (the person's "Only highlighted rows", or an answer's "Show all N in the grid"). */
  onlyHighlighted: boolean;
  onOnlyHighlighted(only: boolean): void;
  /** The view's sort and visible columns (for Export CSV). */
  onViewChange?(view: { sort?: { column: string; direction: 'asc' | 'desc' }; columns: string[] }): void;
  /** What the change sets awaiting approval would do: shown in place (the person may hide it). */
  pending?: PendingPreview;
  /** A cell's history asked for (right-click, or the context-menu key on the active cell). */
  onCellHistory?(row: Row, column: Column): void;
  /** How many comments each row has (rows with none left out): marked 💬 beside the row's number. */
  comments?: ReadonlyMap<number, number>;
  /** How many comments the sheet holds in all (its rows' and its own), once known: the toolbar's Comments. */
  commentTotal?: number | undefined;
  /** Comments asked for: a row's (its 💬, or Ctrl+Alt+M on the active cell), or (no row) the whole sheet's. */
  onComments?(row?: Row): void;
  /** The cells selected, when more than one (the chat's next message may be about them); undefined when not. */
  onSelection?(selection: GridSelection | undefined): void;
}

const ROW_HEIGHT = 32;
const WRAP_HEIGHT = 72;
const NUMBER_WIDTH = 84;
const NO_COMMENTS: ReadonlyMap<number, number> = new Map();

export function Grid({ sheet, highlighted, focusRowId, flashes, onSave, edits = {}, readOnly = false, onlyHighlighted, onOnlyHighlighted, onViewChange, pending = NO_PREVIEW, onCellHistory, comments = NO_COMMENTS, commentTotal, onComments, onSelection }: GridProps) {
  const locked = (row: Row, column: Column) => Boolean(whyUneditable(row, column, readOnly));
  const [sort, setSort] = useState<GridSort>();
  const [search, setSearch] = useState('');
  // A sort by a column deleted since (from its header, the chat or Smartsheet) is no sort: nothing shows it to clear.
  useEffect(() => void (sort && !sheet.columns.some((c) => c.id === sort.columnId) && setSort(undefined)), [sheet.columns, sort]);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(() => new Set(sheet.columns.filter((c) => c.hidden).map((c) => c.id)));
  const [widths, setWidths] = useState<ReadonlyMap<number, number>>(new Map());
  const [wrap, setWrap] = useState(false);
  const [showProposals, setShowProposals] = useState(true);
  const [keysShown, setKeysShown] = useState(false);
  const proposed = showProposals ? pending : NO_PREVIEW;
  const [editing, setEditing] = useState<{ rowId: number; columnId: number; typed?: string } | undefined>();
  /** The keyboard's cell (row and column positions in the current view). */
  const [active, setActive] = useState<{ row: number; col: number }>({ row: 0, col: 0 });
  const [, setTick] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);

  const columns = useMemo(() => sheet.columns.filter((c) => !hidden.has(c.id)), [sheet.columns, hidden]);
  // How far each row is indented in Smartsheet, shown in the primary column; a row with rows under it collapses them.
  const outline = useOutline(sheet.rows);
  const { depths, collapsed } = outline;
  // Only the rows the latest answer (or the row chip clicked) cited, when the person asks; their count beside the box.
  const cited = useMemo(() => sheet.rows.filter((r) => highlighted.has(r.id)).length, [sheet.rows, highlighted]);
  const only = onlyHighlighted && cited > 0 ? highlighted : undefined;
  const sheetRows = useMemo(() => gridRows(sheet, columns, { search, sort, only, collapsed }), [sheet, columns, search, sort, only, collapsed]);
  // Rows a proposal would add: where they would go in the sheet's own order, else at the bottom.
  const placed = useMemo(() => withArriving(sheetRows, proposed.arriving, sheet.columns, depths, !search.trim() && !sort && !only), [sheetRows, proposed.arriving, sheet.columns, depths, search, sort, only]);
  const rows = placed.rows;
  const selection = useSelection({ rows, columns, active, setActive }, (row, column) => whyUneditable(row, column, readOnly), onSave, onSelection);
  const depthOf = (row: Row) => depths.get(row.id) ?? placed.depths.get(row.id);
  /** The primary cell's left padding: its depth, and room for the collapse toggle when the sheet has any. */
  const indentOf = (row: Row) => 8 + 16 * (depthOf(row) ?? 0) + (outline.parents.size ? 16 : 0);

  useEffect(() => {
    const column = sort && sheet.columns.find((c) => c.id === sort.columnId);
    onViewChange?.({ ...(column ? { sort: { column: column.title, direction: sort!.dir === 1 ? 'asc' : 'desc' } } : {}), columns: columns.map((c) => c.title) });
  }, [sort, columns, sheet.columns, onViewChange]);

  const widthOf = (c: Column) => widths.get(c.id) ?? defaultWidth(c);
  const setWidth = (id: number, width: number) => setWidths((m) => new Map(m).set(id, Math.min(COLUMN_WIDTH.max, Math.max(COLUMN_WIDTH.min, width))));
  // Rows are drawn a header row down and columns a number column across, so a cell scrolled to the end clears them.
  const rowVirtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => (wrap ? WRAP_HEIGHT : ROW_HEIGHT), overscan: 12, scrollPaddingEnd: ROW_HEIGHT });
  const columnVirtualizer = useVirtualizer({ horizontal: true, count: columns.length, getScrollElement: () => scroller.current, estimateSize: (i) => widthOf(columns[i]!), overscan: 3, scrollPaddingEnd: NUMBER_WIDTH });
  useEffect(() => {
    rowVirtualizer.measure();
  }, [wrap, rowVirtualizer]);
  useEffect(() => {
    columnVirtualizer.measure();
  }, [widths, columns, columnVirtualizer]);

  const showRow = useRowFocus(rows, focusRowId, outline.reveal, (index, activate) => {
    if (activate) setActive((a) => ({ row: index, col: a.col }));
    rowVirtualizer.scrollToIndex(index, { align: 'center' });
  });
  const focusGrid = () => scroller.current?.focus({ preventScroll: true });
  const columnMenu = useColumnMenu(edits.editColumn, { columns: sheet.columns, why: readOnly ? 'Columns cannot be changed now' : edits.columnsRefused, hide: (id) => setHidden((h) => new Set([...h, id])), width: widthOf, setWidth, focus: focusGrid });
  const rowActions = useRowActions(edits, { sheet, shown: rows, chosen: selection.rows, readOnly, reordered: Boolean(sort || search || onlyHighlighted), show: showRow, focus: focusGrid, comments: onComments });

  // The menu key: whole rows chosen, their menu; a whole column, its menu; else the cell's history — below what it is for.
  const menuAt = (selector: string) => {
    const box = scroller.current?.querySelector(selector)?.getBoundingClientRect() ?? scroller.current?.getBoundingClientRect();
    return { x: (box?.left ?? 0) + 8, y: box?.bottom ?? 0 };
  };
  const onKeyDown = gridKeyDown({
    rows,
    columns,
    active,
    page: () => Math.max(1, Math.floor((scroller.current?.clientHeight ?? 320) / ROW_HEIGHT) - 1),
    moveTo: (next, extend) => {
      selection.moved(extend);
      setActive(next);
      rowVirtualizer.scrollToIndex(next.row);
      columnVirtualizer.scrollToIndex(next.col);
    },
    locked,
    startEditing: (row, column, typed) => setEditing({ rowId: row.id, columnId: column.id, ...(typed ? { typed } : {}) }),
    save: onSave,
    menu: (row, column) =>
      selection.whole === 'rows' && rowActions
        ? rowActions.openAt(row, menuAt(`[data-row-id="${row.id}"] .rownum`))
        : selection.whole === 'columns' && columnMenu
          ? columnMenu.openAt(column, menuAt(`[data-column-id="${column.id}"]`))
          : onCellHistory?.(row, column),
    comments: onComments,
    outline: { parents: outline.parents, collapsed, toggle: outline.toggle },
    acts: { undo: () => edits.undo?.run(), redo: () => edits.redo?.run(), clear: selection.clear, fillDown: selection.fillDown, selectAll: selection.all, selectRows: selection.rowsWhole, selectColumns: selection.columnsWhole, indent: (direction) => rowActions?.toolbar.indent(direction), step: (step) => rowActions?.toolbar.step(step), help: () => setKeysShown((shown) => !shown) },
  });

  // Flashing rows fade out: re-render once their time is up.
  useEffect(() => {
    const next = Math.min(...[...flashes.values()].filter((t) => t > Date.now()));
    if (!Number.isFinite(next)) return;
    const timer = setTimeout(() => setTick((t) => t + 1), next - Date.now() + 20);
    return () => clearTimeout(timer);
  });

  const totalWidth = columnVirtualizer.getTotalSize() + NUMBER_WIDTH;
  const now = Date.now();

  return (
    <section className="grid-panel" aria-label={`Sheet ${sheet.name}`}>
      <GridToolbar
        sheet={sheet}
        shownRows={sheetRows.length}
        search={search}
        onSearch={setSearch}
        highlighted={{ count: cited, on: onlyHighlighted, set: onOnlyHighlighted }}
        proposals={{ count: pending.changeSets, on: showProposals, set: setShowProposals }}
        wrap={{ on: wrap, set: setWrap }}
        outline={{ parents: outline.parents.size, anyCollapsed: collapsed.size > 0, setAll: outline.setAll }}
        hidden={hidden}
        onHidden={setHidden}
        {...(onComments && commentTotal !== undefined ? { comments: { count: commentTotal, open: () => onComments() } } : {})}
        edits={edits}
        rows={rowActions?.toolbar}
        note={selection.note}
        keys={{ on: keysShown, set: (on) => (setKeysShown(on), on || focusGrid()) }}
      />
      <div
        className="grid-scroll"
        ref={scroller}
        role="grid"
        tabIndex={0}
        aria-label={`${sheet.name}: arrow keys move (with Shift they select), Enter edits (or type over the cell), Space toggles a checkbox, Shift+Space selects rows and Ctrl+Space columns, the menu key opens their menu (a cell's history), Alt+Shift+arrows move rows, Ctrl+/ lists the keys, Ctrl+C and Ctrl+V copy and paste, Ctrl+Z undoes`}
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length + 1}
        aria-activedescendant={rows[active.row] && columns[active.col] ? `cell-${rows[active.row]!.id}-${columns[active.col]!.id}` : undefined}
        data-testid="grid"
        aria-multiselectable
        onCopy={selection.onCopy}
        onPaste={(e) => !editing && selection.onPaste(e)}
        onKeyDown={(e) => onKeyDown(e, Boolean(editing))}
      >
        <div style={{ height: rowVirtualizer.getTotalSize() + ROW_HEIGHT, width: totalWidth, position: 'relative' }}>
          <HeaderRow columns={columns} items={columnVirtualizer.getVirtualItems()} offset={NUMBER_WIDTH} width={totalWidth} sort={sort} onSort={setSort} changes={proposed.columns} onWidth={setWidth} onMenu={columnMenu?.open} />
          {rowVirtualizer.getVirtualItems().map((vr) => {
            const row = rows[vr.index]!;
            const flashing = (flashes.get(row.id) ?? 0) > now;
            const leaving = proposed.leaving.get(row.id);
            const changing = proposed.cells.get(row.id);
            const arriving = isArriving(row);
            const className = `grid-row${highlighted.has(row.id) ? ' highlighted' : ''}${flashing ? ' flash' : ''}${wrap ? ' wrap' : ''}${leaving ? ' leaving' : ''}${arriving ? ' arriving' : ''}${rowActions?.drag.mark(row.id) ?? ''}`;
            const title = leaving ? `Awaiting approval: this row would be ${leaving}` : arriving ? 'Awaiting approval: this row would be added here' : undefined;
            return (
              <div key={row.id} className={className} role="row" aria-rowindex={vr.index + 2} data-row-id={row.id} title={title} style={{ top: vr.start + ROW_HEIGHT, height: vr.size, width: totalWidth }} {...rowActions?.drag.target(row, vr.index)}>
                <div className="cell rownum" role="rowheader" style={{ width: NUMBER_WIDTH }} onContextMenu={(e) => !arriving && rowActions?.openMenu(e, row)} onClick={(e) => (selection.wholeRows(vr.index, e.shiftKey), focusGrid())} {...rowActions?.drag.handle(row)}>
                  {onComments && !arriving && <CommentMark row={row} count={comments.get(row.id) ?? 0} onOpen={() => onComments(row)} />}
                  {arriving ? '+' : row.rowNumber}
                  {row.locked && <Padlock />}
                </div>
                {columnVirtualizer.getVirtualItems().map((vc) => {
                  const column = columns[vc.index]!;
                  const isEditing = editing?.rowId === row.id && editing.columnId === column.id;
                  const isActive = active.row === vr.index && active.col === vc.index;
                  const selected = isActive || (selection.several && inBlock(selection.block, vr.index, vc.index));
                  return (
                    <div
                      key={column.id}
                      role="gridcell"
                      id={`cell-${row.id}-${column.id}`}
                      aria-selected={selected}
                      className={`cell ${cellClass(column)}${isActive ? ' active' : selected ? ' selected' : ''}${changing?.has(column.id) ? ' proposed' : ''}${proposed.columns.get(column.id)?.deleted ? ' leaving' : ''}`}
                      style={{ left: vc.start + NUMBER_WIDTH, width: vc.size, ...(column.primary ? { paddingLeft: indentOf(row) } : {}) }}
                      data-depth={column.primary ? depthOf(row) : undefined}
                      data-column={column.title}
                      onClick={(e) => {
                        selection.moved(e.shiftKey);
                        setActive({ row: vr.index, col: vc.index });
                      }}
                      onDoubleClick={() => !locked(row, column) && column.type !== 'CHECKBOX' && setEditing({ rowId: row.id, columnId: column.id })}
                      onContextMenu={(e) => {
                        if (!onCellHistory || arriving) return;
                        e.preventDefault();
                        setActive({ row: vr.index, col: vc.index });
                        onCellHistory(row, column);
                      }}
                    >
                      {column.primary && outline.parents.has(row.id) && (
                        <button
                          type="button"
                          className="outline-toggle"
                          style={{ left: indentOf(row) - 18 }}
                          aria-expanded={!collapsed.has(row.id)}
                          aria-label={`${collapsed.has(row.id) ? 'Expand' : 'Collapse'} row ${row.rowNumber}`}
                          onClick={(e) => {
                            e.stopPropagation();
                            outline.toggle(row.id);
                          }}
                        />
                      )}
                      <CellContent
                        row={row}
                        column={column}
                        editing={isEditing ? editing : undefined}
                        proposal={changing?.get(column.id)}
                        locked={locked(row, column)}
                        people={column.type === 'CONTACT_LIST' && isEditing ? peopleIn(sheet, column) : undefined}
                        onSave={onSave}
                        onEdited={() => (setEditing(undefined), focusGrid())}
                      />
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      {rowActions?.menu}
      {columnMenu?.menu}
    </section>
  );
}

