import { useQuery } from '@tanstack/react-query';
import type { SheetValue } from '../../../shared/sheet/values';
import { api } from '../api';
import { PanelOverGrid } from './PanelOverGrid';
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
  const label = `History of ${cell.column} in row ${cell.rowNumber}`;
  const title = (
    <>
      <strong>{cell.column}</strong> · row {cell.rowNumber}
      {cell.rowName && <span className="muted"> {cell.rowName}</span>}
    </>
  );
  return (
    <PanelOverGrid label={label} title={title} opened={cell} onClose={onClose} read={{ query: history, reading: 'Reading its history from Smartsheet…', isEmpty: (h) => h.changes.length === 0, empty: 'No changes recorded.' }}>
      {(h) => (
        <ol aria-label={label}>
          {h.changes.map((c, i) => (
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
    </PanelOverGrid>
  );
}
