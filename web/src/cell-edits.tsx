import type { QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { withValue, type Sheet } from '../../shared/sheet/model';
import { displayValue, type SheetValue } from '../../shared/sheet/values';
import { plural } from '../../shared/util/plural';
import { api, ApiError, type SessionView } from './api';
import type { CellSave } from './components/Grid';
import { sessionKey, sheetKey } from './realtime';

/**
 * The person's own edits in the grid — a cell typed in, a block pasted — written at once (their act: no approval),
 * each never over a value that changed meanwhile, and undone or redone (Ctrl+Z, Ctrl+Shift+Z or Ctrl+Y, or the
 * toolbar) in the same way: an undo writes each cell's earlier value only while the cell still holds what the edit
 * wrote. The latest 100 edits of the session can be undone.
 */
type How = 'edit' | 'undo' | 'redo';

/** An edit done: each cell's value before it and after it, as Smartsheet holds them. */
interface Done {
  cells: { rowId: number; columnId: number; before: SheetValue; after: SheetValue }[];
  /** "Status in row 3", "6 cells". */
  what: string;
}

interface Conflict {
  saves: CellSave[];
  how: How;
  moved: { rowId: number; columnId: number; current: SheetValue; deleted?: boolean }[];
}

const KEPT = 100;
const NOT_DONE: Record<How, string> = { edit: 'nothing was written', undo: 'it was not undone', redo: 'it was not redone' };

function described(saves: readonly CellSave[]): string {
  const [first] = saves;
  return saves.length === 1 && first ? `${first.column.title} in row ${first.row.rowNumber}` : plural(saves.length, 'cell');
}

/** The sheet with these cells holding these values. */
function withCells(sheet: Sheet, cells: { rowId: number; columnId: number; value: SheetValue }[]): Sheet {
  const byRow = new Map<number, typeof cells>();
  for (const cell of cells) byRow.set(cell.rowId, [...(byRow.get(cell.rowId) ?? []), cell]);
  const index = new Map(sheet.columns.map((c) => [c.id, c.index]));
  return { ...sheet, rows: sheet.rows.map((r) => (byRow.get(r.id) ?? []).reduce((row, c) => (index.has(c.columnId) ? withValue(row, index.get(c.columnId)!, c.value) : row), r)) };
}

const cellKey = (c: { rowId: number; columnId: number }) => `${c.rowId}:${c.columnId}`;
const shown = (value: SheetValue) => displayValue(value) || '(empty)';

export function useCellEdits(session: SessionView | undefined, queries: QueryClient) {
  const [conflict, setConflict] = useState<Conflict | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [history, setHistory] = useState<{ done: Done[]; undone: Done[] }>({ done: [], undone: [] });
  const busy = useRef(false);
  const sessionId = session?.sessionId;
  useEffect(() => {
    setHistory({ done: [], undone: [] });
    setConflict(undefined);
  }, [sessionId]);
  // A save that failed while Smartsheet stopped answering is explained by the read-only label, and is no news once it answers again.
  const unreachableSince = session?.smartsheet?.unreachableSince;
  useEffect(() => setError(undefined), [unreachableSince]);

  const write = useCallback(
    async (saves: CellSave[], how: How, entry?: Done): Promise<void> => {
      if (!session || !saves.length) return;
      setError(undefined);
      const key = sheetKey(session.sessionId);
      const before = queries.getQueryData<Sheet>(key);
      // Optimistic: the cells show the new values at once; the push or a refetch confirms them.
      queries.setQueryData<Sheet>(key, (s) => s && withCells(s, saves.map((save) => ({ rowId: save.row.id, columnId: save.column.id, value: save.value }))));
      busy.current = true;
      try {
        const result = await api.editCells(session.sheetId, { sessionId: session.sessionId, cells: saves.map((s) => ({ rowId: s.row.id, columnId: s.column.id, value: s.value, expected: s.expected })) });
        setConflict(undefined);
        const written = new Map(result.cells.map((c) => [cellKey(c), c.value]));
        // An undo's entry goes to the redo list holding what the undo wrote as its "before", and back again.
        const next: Done =
          how === 'edit' || !entry
            ? { what: described(saves), cells: saves.map((s) => ({ rowId: s.row.id, columnId: s.column.id, before: s.expected })).filter((c) => written.has(cellKey(c))).map((c) => ({ ...c, after: written.get(cellKey(c))! })) }
            : { what: entry.what, cells: entry.cells.filter((c) => written.has(cellKey(c))).map((c) => (how === 'undo' ? { ...c, before: written.get(cellKey(c))! } : { ...c, after: written.get(cellKey(c))! })) };
        // An edit none of whose cells were written has nothing to undo.
        const kept = (list: Done[]) => (next.cells.length ? [...list, next].slice(-KEPT) : list);
        setHistory((h) =>
          how === 'undo'
            ? { done: h.done.filter((d) => d !== entry), undone: kept(h.undone) }
            : { done: kept(h.done), undone: how === 'redo' ? h.undone.filter((d) => d !== entry) : [] },
        );
        if (result.refused.length) {
          setError(`${plural(result.refused.length, 'cell')} not written: ${result.refused[0]!.message}`);
          void queries.invalidateQueries({ queryKey: key });
        }
      } catch (failure) {
        if (before) queries.setQueryData(key, before);
        const moved = failure instanceof ApiError && failure.status === 409 ? (failure.details as { conflicts?: Conflict['moved'] } | undefined)?.conflicts : undefined;
        // The cells as Smartsheet holds them now, shown at once (the sheet's push confirms them).
        const now = (moved ?? []).filter((m) => !m.deleted).map((m) => ({ rowId: m.rowId, columnId: m.columnId, value: m.current }));
        if (now.length) queries.setQueryData<Sheet>(key, (s) => s && withCells(s, now));
        if (moved?.length) setConflict({ saves, how, moved });
        else setError(failure instanceof Error ? failure.message : String(failure));
        void queries.invalidateQueries({ queryKey: key });
        // A 503 may mean Smartsheet stopped answering, a 403 that the sheet's sharing changed: the session says so.
        if (failure instanceof ApiError && (failure.status === 503 || failure.status === 403)) void queries.invalidateQueries({ queryKey: sessionKey(session.sessionId) });
      } finally {
        busy.current = false;
      }
    },
    [session, queries],
  );

  /** The latest edit done (how = undo) or undone (redo), written back over what it left. */
  const step = useCallback(
    (how: 'undo' | 'redo') => {
      const entry = (how === 'undo' ? history.done : history.undone).at(-1);
      const sheet = session && queries.getQueryData<Sheet>(sheetKey(session.sessionId));
      if (!entry || !sheet || busy.current) return;
      const rowsById = new Map(sheet.rows.map((r) => [r.id, r]));
      const saves = entry.cells.flatMap((c): CellSave[] => {
        const row = rowsById.get(c.rowId);
        const column = sheet.columns.find((col) => col.id === c.columnId);
        return row && column ? [{ row, column, value: how === 'undo' ? c.before : c.after, expected: how === 'undo' ? c.after : c.before }] : [];
      });
      if (saves.length < entry.cells.length) {
        setError(`${entry.what}: a row or column was deleted since, so ${NOT_DONE[how]}.`);
        setHistory((h) => ({ done: h.done.filter((d) => d !== entry), undone: h.undone.filter((d) => d !== entry) }));
        return;
      }
      void write(saves, how, entry);
    },
    [history, session, queries, write],
  );

  const banners: ReactNode = (
    <>
      {conflict && <ConflictBanner conflict={conflict} onMine={(saves) => void write(saves, conflict.how, (conflict.how === 'undo' ? history.done : history.undone).at(-1))} onTheirs={() => setConflict(undefined)} />}
      {error && !session?.smartsheet && (
        <div role="alert" className="banner">
          {error}{' '}
          <button type="button" onClick={() => setError(undefined)}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
  return {
    save: (saves: CellSave[]) => write(saves, 'edit'),
    undo: history.done.length ? { what: history.done.at(-1)!.what, run: () => step('undo') } : undefined,
    redo: history.undone.length ? { what: history.undone.at(-1)!.what, run: () => step('redo') } : undefined,
    banners,
  };
}

/**
 * Cells changed meanwhile: what they hold now and what the person wrote, nothing written. "Use mine" writes over
 * them; "Keep theirs" leaves them. A row or column deleted meanwhile can only be left.
 */
function ConflictBanner({ conflict, onMine, onTheirs }: { conflict: Conflict; onMine(saves: CellSave[]): void; onTheirs(): void }) {
  const { saves, how, moved } = conflict;
  const saveOf = (m: Conflict['moved'][number]) => saves.find((s) => s.row.id === m.rowId && s.column.id === m.columnId);
  const deleted = moved.some((m) => m.deleted);
  const one = moved.length === 1 ? saveOf(moved[0]!) : undefined;
  const mine = () => onMine(saves.map((s) => ({ ...s, expected: moved.find((m) => m.rowId === s.row.id && m.columnId === s.column.id)?.current ?? s.expected })));
  return (
    <div role="alert" className="banner conflict" data-testid="conflict">
      {deleted ? (
        <>A row or column was deleted meanwhile, so {NOT_DONE[how]}. </>
      ) : one ? (
        <>
          <strong>{one.column.title}</strong> in row {one.row.rowNumber} changed meanwhile{how === 'edit' ? '' : `, so ${NOT_DONE[how]}`}. Now: <em>{shown(moved[0]!.current)}</em>; yours: <em>{shown(one.value)}</em>.{' '}
        </>
      ) : (
        <>
          {plural(moved.length, 'cell')} changed meanwhile, so {NOT_DONE[how]}:{' '}
          {moved.slice(0, 5).map((m, i) => {
            const save = saveOf(m);
            return (
              <span key={`${m.rowId}:${m.columnId}`}>
                {i ? '; ' : ''}
                {save ? `${save.column.title} in row ${save.row.rowNumber}` : 'a cell'} now <em>{shown(m.current)}</em>
              </span>
            );
          })}
          {moved.length > 5 ? '; …' : ''}.{' '}
        </>
      )}
      {!deleted && (
        <button type="button" onClick={mine}>
          Use mine
        </button>
      )}
      <button type="button" onClick={onTheirs}>
        {deleted ? 'Dismiss' : 'Keep theirs'}
      </button>
    </div>
  );
}
