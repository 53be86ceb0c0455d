import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { Row } from '../../../shared/sheet/model';
import { numberRanges } from '../../../shared/util/number-ranges';
import type { Indent } from '../../../shared/sheet/row-moves';
import { insertCount } from '../sheet-edits';
import type { RowPlace } from './RowButtons';

/**
 * The menu of a row's number (right-click), as Smartsheet's row menu: insert a blank row above or below it, delete,
 * indent or outdent it (or the selected rows it is one of), its comments. ↑/↓ move between the items, Escape or a click elsewhere closes it.
 */
export function RowMenu(p: {
  at: { row: Row; x: number; y: number };
  rows: readonly Row[];
  disabled?: string | undefined;
  onInsert(place: RowPlace, count: number): void;
  onDelete(rows: readonly Row[]): void;
  onIndent(direction: Indent, rows: readonly Row[]): void;
  whyNotIndent(rows: readonly Row[], direction: Indent): string | undefined;
  onComments?: () => void;
  onClose(): void;
}) {
  const { at, rows, disabled, onInsert, onDelete, onComments, onClose } = p;
  const menu = useRef<HTMLDivElement>(null);
  // Opened, the keyboard is on its first item (a menu opened for the keyboard as for the mouse).
  useEffect(() => menu.current?.querySelector<HTMLButtonElement>('[role=menuitem]:not(:disabled)')?.focus(), [at]);
  const keys = (e: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('[role=menuitem]:not(:disabled)') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') onClose();
    else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    else return;
    e.preventDefault();
  };
  const item = (label: string, act: () => void, off?: string) => (
    <button type="button" role="menuitem" disabled={Boolean(off)} title={off} onClick={act}>
      {label}
    </button>
  );
  const several = rows.length > 1;
  // As many blank rows as there are rows it is for, above the first or below the last.
  const count = insertCount(rows);
  const inserted = count === 1 ? 'row' : `${count} rows`;
  return (
    <div
      ref={menu}
      role="menu"
      aria-label={`Row ${at.row.rowNumber}`}
      className="row-menu"
      style={{ left: at.x, top: at.y }}
      onKeyDown={keys}
      // A click or focus elsewhere closes it.
      onBlur={(e) => !menu.current?.contains(e.relatedTarget as Node | null) && onClose()}
    >
      {item(`Insert ${inserted} above`, () => onInsert({ before: rows[0] ?? at.row }, count), disabled)}
      {item(`Insert ${inserted} below`, () => onInsert({ after: rows.at(-1) ?? at.row }, count), disabled)}
      {item(several ? `Delete rows ${numberRanges(rows.map((r) => r.rowNumber))}` : 'Delete row', () => onDelete(rows), disabled)}
      {item('Indent', () => p.onIndent('indent', rows), p.whyNotIndent(rows, 'indent'))}
      {item('Outdent', () => p.onIndent('outdent', rows), p.whyNotIndent(rows, 'outdent'))}
      {onComments && item('Comments', onComments)}
    </div>
  );
}
