import type { QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { columnChangeReason, withValue, type Sheet } from '../../shared/sheet/model';
import type { Indent } from '../../shared/sheet/row-moves';
import { displayValue, type SheetValue } from '../../shared/sheet/values';
import { plural } from '../../shared/util/plural';
import { api, ApiError, type SessionView } from './api';
import type { CellSave } from './components/Grid';
import { sessionKey, sheetKey } from './realtime';
import { describedOp, runSheetOp, type ColumnChange, type SheetOp } from './sheet-edits';

/**
 * The person's own edits in the grid — a cell typed in, a block pasted, rows inserted, deleted, indented or moved, a
 * column changed — written at once (their act: no approval), each never over a value that changed meanwhile, and
 * undone or redone (Ctrl+Z, Ctrl+Shift+Z or Ctrl+Y, or the toolbar) in the same way: an undo writes each cell's earlier
 * value only while the cell still holds what the edit wrote; rows and columns come back (or go) by their change set's
 * revert, with the same check.
 * The latest 100 edits of the session can be undone.
 */
type How = 'edit' | 'undo' | 'redo';

/** An edit of cells done: each cell's value before it and after it, as Smartsheet holds them, and its formula then, if it had one. */
interface CellsDone {
  kind: 'cells';
  cells: { rowId: number; columnId: number; before: SheetValue; after: SheetValue; beforeFormula?: string | undefined; afterFormula?: string | undefined }[];
  /** "edit of Status in row 3", "edit of 6 cells". */
  what: string;
}

/** Rows inserted, deleted, indented or moved, or a column changed: the change set that did it (its revert is the undo), and what a redo does. */
interface SheetOpDone {
  kind: 'sheet';
  changeSetId: string;
  again: SheetOp;
  /** "insertion of a row below row 5", "deletion of rows 3-5", "indent of row 4", "deletion of column Budget". */
  what: string;
}

type Done = CellsDone | SheetOpDone;

interface Conflict {
  saves: CellSave[];
  how: How;
  moved: { rowId: number; columnId: number; current: SheetValue; deleted?: boolean }[];
}

const KEPT = 100;
type History = { done: Done[]; undone: Done[] };
const NO_HISTORY: History = { done: [], undone: [] };
const NOT_DONE: Record<How, string> = { edit: 'nothing was written', undo: 'it was not undone', redo: 'it was not redone' };

function described(saves: readonly CellSave[]): string {
  const [first] = saves;
  return `edit of ${saves.length === 1 && first ? `${first.column.title} in row ${first.row.rowNumber}` : plural(saves.length, 'cell')}`;
}

/** The sheet with these cells holding these values (or formulas). */
function withCells(sheet: Sheet, cells: { rowId: number; columnId: number; value: SheetValue; formula?: string | undefined }[]): Sheet {
  const byRow = new Map<number, typeof cells>();
  for (const cell of cells) byRow.set(cell.rowId, [...(byRow.get(cell.rowId) ?? []), cell]);
  const index = new Map(sheet.columns.map((c) => [c.id, c.index]));
  return { ...sheet, rows: sheet.rows.map((r) => (byRow.get(r.id) ?? []).reduce((row, c) => (index.has(c.columnId) ? withValue(row, index.get(c.columnId)!, c.value, c.formula) : row), r)) };
}

const cellsEntry = (entry: Done | undefined): CellsDone | undefined => (entry?.kind === 'cells' ? entry : undefined);
const cellKey = (c: { rowId: number; columnId: number }) => `${c.rowId}:${c.columnId}`;
const shown = (value: SheetValue) => displayValue(value) || '(empty)';

export function useGridEdits(session: SessionView | undefined, queries: QueryClient) {
  const [conflict, setConflict] = useState<Conflict | undefined>();
  const [error, setError] = useState<string | undefined>();
  // The lists as a ref too: an edit queued behind another reads them as that one left them, not as last rendered.
  const historyRef = useRef<History>(NO_HISTORY);
  const [history, setHistoryState] = useState<History>(NO_HISTORY);
  const setHistory = useCallback((change: (h: History) => History) => {
    historyRef.current = change(historyRef.current);
    setHistoryState(historyRef.current);
  }, []);
  // One edit at a time, in the order the person made them: an undo pressed while an edit is being saved runs once it is.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const [saving, setSaving] = useState(0);
  const enqueue = useCallback(<T,>(work: () => Promise<T>): Promise<T> => {
    setSaving((n) => n + 1);
    const run = queue.current.then(work, work).finally(() => setSaving((n) => n - 1));
    queue.current = run.catch(() => undefined);
    return run;
  }, []);
  const sessionId = session?.sessionId;
  useEffect(() => {
    setHistory(() => NO_HISTORY);
    setConflict(undefined);
  }, [sessionId, setHistory]);
  // A save that failed while Smartsheet stopped answering is explained by the read-only label, and is no news once it answers again.
  const unreachableSince = session?.smartsheet?.unreachableSince;
  useEffect(() => setError(undefined), [unreachableSince]);

  const write = useCallback(
    async (saves: CellSave[], how: How, entry?: CellsDone): Promise<void> => {
      if (!session || !saves.length) return;
      setError(undefined);
      const key = sheetKey(session.sessionId);
      const before = queries.getQueryData<Sheet>(key);
      // Optimistic: the cells show the new values at once; the push or a refetch confirms them.
      queries.setQueryData<Sheet>(key, (s) => s && withCells(s, saves.map((save) => ({ rowId: save.row.id, columnId: save.column.id, value: save.value, formula: save.formula }))));
      try {
        const result = await api.editCells(session.sheetId, { sessionId: session.sessionId, cells: saves.map((s) => ({ rowId: s.row.id, columnId: s.column.id, value: s.value, expected: s.expected, ...(s.formula ? { formula: s.formula } : {}) })) });
        setConflict(undefined);
        const written = new Map(result.cells.map((c) => [cellKey(c), c.value]));
        // An undo's entry goes to the redo list holding what the undo wrote as its "before", and back again.
        const next: CellsDone =
          how === 'edit' || !entry
            ? { kind: 'cells', what: described(saves), cells: saves.map((s) => ({ rowId: s.row.id, columnId: s.column.id, before: s.expected, beforeFormula: s.row.formulas?.[s.column.index], afterFormula: s.formula })).filter((c) => written.has(cellKey(c))).map((c) => ({ ...c, after: written.get(cellKey(c))! })) }
            : { kind: 'cells', what: entry.what, cells: entry.cells.filter((c) => written.has(cellKey(c))).map((c) => (how === 'undo' ? { ...c, before: written.get(cellKey(c))! } : { ...c, after: written.get(cellKey(c))! })) };
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
      }
    },
    [session, queries, setHistory],
  );

  /**
   * Rows inserted, deleted, indented or moved, or a column changed (an edit, or a redo of `entry`), or `entry` undone
   * by its change set's revert. A refusal (a row changed meanwhile, a locked row) leaves the sheet and the lists as
   * they were, and says why.
   */
  const sheetOp = useCallback(
    async (how: How, op: SheetOp, entry?: SheetOpDone): Promise<number[] | undefined> => {
      const sheet = session && queries.getQueryData<Sheet>(sheetKey(session.sessionId));
      if (!sheet) return undefined;
      setError(undefined);
      setConflict(undefined);
      try {
        if (how === 'undo' && entry) {
          const reverted = await api.decideChangeSet(entry.changeSetId, 'revert');
          // A deletion's redo deletes the rows as they came back, by their new ids.
          const again: SheetOp = 'delete' in entry.again ? { delete: reverted.restoredRowIds ?? [] } : entry.again;
          setHistory((h) => ({ done: h.done.filter((d) => d !== entry), undone: [...h.undone, { ...entry, again }].slice(-KEPT) }));
          return undefined;
        }
        const result = await runSheetOp(sheet, session.sessionId, op);
        const next: SheetOpDone = { kind: 'sheet', changeSetId: result.changeSetId, again: op, what: entry?.what ?? describedOp(sheet, op) };
        setHistory((h) => ({ done: [...h.done, next].slice(-KEPT), undone: how === 'redo' ? h.undone.filter((d) => d !== entry) : [] }));
        return result.rowIds;
      } catch (failure) {
        setError(`${failure instanceof Error ? failure.message : String(failure)}${how === 'edit' ? '' : ` (${NOT_DONE[how]})`}`);
        return undefined;
      } finally {
        // Read again before the next edit in the queue runs: a redo pressed at once works on the rows as they are now
        // (its version, the ids an undo brought back), not on the grid's copy from before.
        await queries.invalidateQueries({ queryKey: sheetKey(session.sessionId) }).catch(() => undefined);
      }
    },
    [session, queries, setHistory],
  );

  /** The latest edit done (how = undo) or undone (redo) when its turn comes, written back over what it left. */
  const step = useCallback(
    async (how: 'undo' | 'redo'): Promise<void> => {
      const entry = (how === 'undo' ? historyRef.current.done : historyRef.current.undone).at(-1);
      const sheet = session && queries.getQueryData<Sheet>(sheetKey(session.sessionId));
      if (!entry || !sheet) return;
      if (entry.kind === 'sheet') return void (await sheetOp(how, entry.again, entry));
      const rowsById = new Map(sheet.rows.map((r) => [r.id, r]));
      const saves = entry.cells.flatMap((c): CellSave[] => {
        const row = rowsById.get(c.rowId);
        const column = sheet.columns.find((col) => col.id === c.columnId);
        const formula = how === 'undo' ? c.beforeFormula : c.afterFormula;
        return row && column ? [{ row, column, value: how === 'undo' ? c.before : c.after, expected: how === 'undo' ? c.after : c.before, ...(formula ? { formula } : {}) }] : [];
      });
      if (saves.length < entry.cells.length) {
        setError(`A row or column was deleted since your ${entry.what}, so ${NOT_DONE[how]}.`);
        setHistory((h) => ({ done: h.done.filter((d) => d !== entry), undone: h.undone.filter((d) => d !== entry) }));
        return;
      }
      await write(saves, how, entry);
    },
    [session, queries, write, sheetOp, setHistory],
  );

  const banners: ReactNode = (
    <>
      {conflict && <ConflictBanner conflict={conflict} onMine={(saves) => void enqueue(() => write(saves, conflict.how, cellsEntry((conflict.how === 'undo' ? historyRef.current.done : historyRef.current.undone).at(-1))))} onTheirs={() => setConflict(undefined)} />}
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
    save: (saves: CellSave[]) => enqueue(() => write(saves, 'edit')),
    /** Blank rows inserted (just below `after` or above `before`, else at the end): the new rows' ids once written. */
    insertRows: (count: number, place: { after?: number; before?: number } = {}) => enqueue(() => sheetOp('edit', { insert: { count, ...place } })),
    /** These rows deleted, with the rows under them. */
    deleteRows: (rowIds: number[]) => enqueue(() => sheetOp('edit', { delete: rowIds })),
    /** These rows one level in or out; a redo does it again to the same rows (a move keeps their ids). */
    indentRows: (rowIds: number[], direction: Indent) => enqueue(() => sheetOp('edit', { indent: { rowIds, direction } })),
    /** A column added, renamed or deleted from its header. */
    editColumn: (change: ColumnChange) => enqueue(() => sheetOp('edit', { column: change })),
    /** Why columns cannot be changed on this sheet (the app's Smartsheet account is only an Editor); undefined when they can. */
    columnsRefused: columnChangeReason(session?.access),
    /** These rows (each with the rows under it) just below or above a row, at its level. */
    moveRows: (rowIds: number[], place: { after: number } | { before: number }) => enqueue(() => sheetOp('edit', { move: { rowIds, ...place } })),
    // While an edit is being saved, its undo can be asked for already: it runs once the edit is written.
    undo: history.done.length || saving ? { what: history.done.at(-1)?.what ?? 'edit being saved', run: () => void enqueue(() => step('undo')) } : undefined,
    redo: history.undone.length ? { what: history.undone.at(-1)!.what, run: () => void enqueue(() => step('redo')) } : undefined,
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
