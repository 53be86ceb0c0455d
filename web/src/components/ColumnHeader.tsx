import type { VirtualItem } from '@tanstack/react-virtual';
import type { MouseEvent } from 'react';
import type { Column } from '../../../shared/sheet/model';
import { Padlock } from './GridCells';
import type { ColumnChange } from './pending-preview';

/**
 * A column's header: its title (click sorts; ▲ ▼ say how; right-click opens its menu), a padlock when locked in
 * Smartsheet, a handle to resize it —
 * and a change awaiting approval: the new title beside the old one struck through, or the whole header struck through
 * when the column would be deleted.
 */
export function ColumnHeader({ column, left, width, sorted, change, onSort, onWidth, onMenu }: { column: Column; left: number; width: number; sorted: 'ascending' | 'descending' | 'none'; change: ColumnChange | undefined; onSort(): void; onWidth(width: number): void; onMenu?: ((e: MouseEvent) => void) | undefined }) {
  // Dragged wider or narrower until the pointer is let go (the grid keeps it from 60 to 1,000 px).
  const resize = (startX: number) => {
    const move = (e: PointerEvent) => onWidth(width + e.clientX - startX);
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const proposal = change?.deleted ? 'Awaiting approval: this column would be deleted' : change?.renamed ? `Awaiting approval: renamed “${change.renamed}”` : undefined;
  return (
    <div className={`cell header${change?.deleted ? ' leaving' : change?.renamed ? ' proposed' : ''}`} role="columnheader" aria-sort={sorted} data-column-id={column.id} style={{ left, width }} onContextMenu={onMenu}>
      <button
        type="button"
        className="header-button"
        title={`${column.title} (${column.type})${column.locked ? ', locked in Smartsheet: only its owner and admins can change it' : ''}${proposal ? `. ${proposal}` : ''} — sort`}
        onClick={onSort}
      >
        {change?.renamed ? (
          <span className="proposal">
            <del>{column.title}</del>
            <ins>{change.renamed}</ins>
          </span>
        ) : (
          column.title
        )}
        {column.locked && <Padlock />}
        {sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : ''}
      </button>
      <span className="resize" role="separator" aria-label={`Resize ${column.title}`} onPointerDown={(e) => resize(e.clientX)} />
    </div>
  );
}

/** A column's width until the person drags it: by what it holds. */
export function defaultWidth(column: Column): number {
  if (column.type === 'CHECKBOX') return 80;
  if (column.type === 'DATE') return 120;
  return column.primary ? 260 : 170;
}

/** The grid's sort: by one column, ascending (1) or descending (-1). */
export type GridSort = { columnId: number; dir: 1 | -1 } | undefined;

/** The header row: "#" over the row numbers, then the columns in view; a click on a title sorts by it, then the other way, then not. */
export function HeaderRow({ columns, items, offset, width, sort, onSort, changes, onWidth, onMenu }: { columns: readonly Column[]; items: VirtualItem[]; offset: number; width: number; sort: GridSort; onSort(sort: GridSort): void; changes: ReadonlyMap<number, ColumnChange>; onWidth(columnId: number, width: number): void; onMenu?: ((e: MouseEvent, column: Column) => void) | undefined }) {
  return (
    <div className="grid-header" role="row" style={{ width }}>
      <div className="cell rownum" role="columnheader" style={{ width: offset }}>
        #
      </div>
      {items.map((v) => {
        const column = columns[v.index]!;
        const sorted = sort?.columnId === column.id ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none';
        const next: GridSort = sort?.columnId !== column.id ? { columnId: column.id, dir: 1 } : sort.dir === 1 ? { columnId: column.id, dir: -1 } : undefined;
        return <ColumnHeader key={column.id} column={column} left={v.start + offset} width={v.size} sorted={sorted} change={changes.get(column.id)} onSort={() => onSort(next)} onWidth={(w) => onWidth(column.id, w)} onMenu={onMenu && ((e) => onMenu(e, column))} />;
      })}
    </div>
  );
}
