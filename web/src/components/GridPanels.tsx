import { useEffect, useState, type ReactNode } from 'react';
import { rowName, type Row, type Sheet } from '../../../shared/sheet/model';
import type { SessionView } from '../api';
import { CellHistoryPanel, type HistoryCell } from './CellHistoryPanel';
import { CommentsPanel, useCommentCounts, type CommentsView, type RowLabel } from './CommentsPanel';

/**
 * The panels over the grid, one at a time: a cell's history, or comments (a row's, or the whole sheet's); and the
 * comment counts the grid marks. Closing one puts the focus back on the grid; another session closes it.
 */
export function useGridPanels(session: SessionView | undefined, sheet: Sheet | undefined, onRow: (rowId: number) => void): {
  openHistory(rowId: number, column: string): boolean;
  openComments(row?: Row): void;
  counts: ReturnType<typeof useCommentCounts>;
  panel: ReactNode;
} {
  const [historyCell, setHistoryCell] = useState<HistoryCell | undefined>();
  const [commentsView, setCommentsView] = useState<CommentsView | undefined>();
  const sessionId = session?.sessionId;
  useEffect(() => {
    setHistoryCell(undefined);
    setCommentsView(undefined);
  }, [sessionId]);
  const counts = useCommentCounts(sessionId, session?.state.status === 'ready', !session?.smartsheet);
  /** A row of the grid's sheet by its number and name (none when this version has no such row). */
  const rowLabel = (rowId: number): RowLabel | undefined => {
    const row = sheet?.rows.find((r) => r.id === rowId);
    const name = row && rowName(sheet!, row);
    return row && { rowNumber: row.rowNumber, ...(name ? { rowName: name } : {}) };
  };
  const close = () => {
    setHistoryCell(undefined);
    setCommentsView(undefined);
    document.querySelector<HTMLElement>('[data-testid=grid]')?.focus();
  };
  const cannotComment = session?.access === 'VIEWER' ? 'This sheet is shared with the app as Viewer: its comments can be read here, not added.' : session?.smartsheet ? 'Smartsheet is not answering: comments can be added once it is back.' : undefined;
  return {
    /** A cell's history, by its row and column title; false when the sheet has neither now. */
    openHistory(rowId, title) {
      const label = rowLabel(rowId);
      const column = sheet?.columns.find((c) => c.title === title);
      if (!label || !column) return false;
      setCommentsView(undefined);
      setHistoryCell({ rowId, ...label, columnId: column.id, column: column.title });
      return true;
    },
    openComments(row) {
      setHistoryCell(undefined);
      setCommentsView(row ? { kind: 'row', rowId: row.id, ...(rowLabel(row.id) ?? { rowNumber: row.rowNumber }) } : { kind: 'sheet' });
    },
    counts,
    panel: session && (
      <>
        {historyCell && <CellHistoryPanel sessionId={session.sessionId} cell={historyCell} onClose={close} />}
        {commentsView && <CommentsPanel sessionId={session.sessionId} view={commentsView} rowLabel={rowLabel} cannotComment={cannotComment} onRow={onRow} onClose={close} />}
      </>
    ),
  };
}
