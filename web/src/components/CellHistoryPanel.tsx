import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { SheetValue } from '../../../shared/sheet/values';
import { api } from '../api';
import { shownDate, useShowValue } from './value-shown';

/** The cell whose history is shown: its row (number and name) and column. */
export interface HistoryCell {
  rowId: number;
  rowNumber: number;
  rowName?: string;
  columnId: number;
  column: string;
}

/**
 * A cell's history over the grid (right-click a cell, or the context-menu key on the active one): who changed it, to
 * what and when, newest first — read from Smartsheet when opened. Escape or Close puts the focus back on the grid.
 */
export function CellHistoryPanel({ sessionId, cell, onClose }: { sessionId: string; cell: HistoryCell; onClose(): void }) {
  const show = useShowValue();
  const history = useQuery({ queryKey: ['cellHistory', sessionId, cell.rowId, cell.columnId], queryFn: () => api.cellHistory(sessionId, cell.rowId, cell.columnId), staleTime: 0, retry: false });
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), [cell]);
  const label = `History of ${cell.column} in row ${cell.rowNumber}`;
  return (
    <div
      role="dialog"
      aria-label={label}
      className="cell-history"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <header>
        <strong>{cell.column}</strong> · row {cell.rowNumber}
        {cell.rowName && <span className="muted"> {cell.rowName}</span>}
        <button type="button" ref={close} onClick={onClose}>
          Close
        </button>
      </header>
      {history.isPending ? (
        <p className="muted">Reading its history from Smartsheet…</p>
      ) : history.error ? (
        <p role="alert">{(history.error as Error).message}</p>
      ) : history.data.changes.length === 0 ? (
        <p className="muted">No changes recorded.</p>
      ) : (
        <ol aria-label={label}>
          {history.data.changes.map((c, i) => (
            <li key={`${c.at}-${i}`}>
              <span className="value">{c.shown ?? show(cell.column, c.value as SheetValue)}</span>
              {i === 0 && <span className="muted"> (now)</span>}
              <span className="muted">
                {' '}
                — {c.by}, <time dateTime={c.at}>{shownDate(c.at) ?? c.at}</time>
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
