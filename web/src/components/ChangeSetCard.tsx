import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { plural } from '../../../shared/util/plural';
import { commentsOnly } from '../../../shared/api/contracts';
import { api, type ChangeSet } from '../api';
import { Notes } from './Notes';
import { useCountdown } from './useCountdown';
import { useShowValue } from './value-shown';

/** Rows a card lists at most; the rest are counted. */
const SHOWN_ROWS = 20;
const More = ({ count, shown = SHOWN_ROWS, what = 'row' }: { count: number; shown?: number; what?: string }) =>
  count > shown ? <p className="muted">…and {plural(count - shown, `more ${what}`)}.</p> : null;

/** A cell in the diff: its value as its column shows it, and the formula behind it when it has one (written over, or written back by an undo). */
function Shown({ column, value, formula }: { column: string; value: unknown; formula?: string | undefined }) {
  const show = useShowValue();
  return (
    <>
      {show(column, value)}
      {formula && <code className="formula"> {formula}</code>}
    </>
  );
}
/** What a row is called: its first column's value in the grid (undefined when the grid does not have it). */
export type RowName = (rowId: number) => string | undefined;

/** A row's name beside its number in a diff, cut short with the whole of it on hover. */
export function RowNameOf({ rowId, rowName }: { rowId: number | undefined; rowName: RowName | undefined }) {
  const name = rowId === undefined ? undefined : rowName?.(rowId);
  return name ? (
    <span className="row-name" title={name}>
      {name}
    </span>
  ) : null;
}
const PENDING = new Set(['awaiting_approval', 'applying', 'reverting']);

/** The rows a change set touches, in the order the diff shows them. */
export const touchedRows = (cs: ChangeSet): number[] => [...new Set([...cs.cells.map((c) => c.rowId), ...[...cs.deletedRows, ...(cs.transfer?.back ? [] : (cs.transfer?.rows ?? []))].flatMap((r) => (r.rowId === undefined ? [] : [r.rowId])), ...(cs.moves ?? []).flatMap((m) => m.rowIds), ...(cs.comments ?? []).map((c) => c.rowId)])];

/** Each row a change set moves: its number when proposed and, for a proposal, after the move. */
const movedRows = (cs: ChangeSet) => (cs.moves ?? []).flatMap((m) => m.rowIds.map((rowId, i) => ({ rowId, from: m.rowNumbers[i]!, to: m.rowNumbersAfter?.[i] })));

/**
 * Rows sent to another sheet, each with a few of its values: still here (a proposal; a copy's rows, applied) they show
 * in the grid when clicked; an undo lists them as they stood.
 */
function SentRows({ transfer, onRow }: { transfer: NonNullable<ChangeSet['transfer']>; onRow?: ((rowId: number) => void) | undefined }) {
  const show = useShowValue();
  const sheet = `“${transfer.sheetName}”`;
  const [mark, label, where] = transfer.back
    ? transfer.mode === 'move'
      ? ['←', `Rows to bring back from ${sheet}`, `back from ${sheet}`]
      : ['−', `Copies to delete from ${sheet}`, `its copy deleted from ${sheet}`]
    : transfer.mode === 'move'
      ? ['→', `Rows to move to ${sheet}`, `to ${sheet}`]
      : ['+', `Rows to copy to ${sheet}`, `copied to ${sheet}`];
  return (
    <>
      <ul className="moved" aria-label={label}>
        {transfer.rows.slice(0, SHOWN_ROWS).map((r) => (
          <li key={r.rowId}>
            {mark} row {transfer.back || r.rowId === undefined ? r.rowNumber : <RowChip rowId={r.rowId} rowNumber={r.rowNumber ?? 0} onRow={onRow} />}:{' '}
            {Object.entries(r.values).filter(([, v]) => v !== null && v !== '').slice(0, 3).map(([k, v]) => show(k, v)).join(' · ')} <span className="muted">{where}</span>
          </li>
        ))}
      </ul>
      <More count={transfer.rows.length} />
    </>
  );
}

/** A row's number in a diff: clicked, it shows the row in the grid. */
export function RowChip({ rowId, rowNumber, onRow }: { rowId: number; rowNumber: number; onRow?: ((rowId: number) => void) | undefined }) {
  return onRow ? (
    <button type="button" className="chip" aria-label={`Show row ${rowNumber} in the grid`} onClick={() => onRow(rowId)}>
      {rowNumber}
    </button>
  ) : (
    <>{rowNumber}</>
  );
}

/** "row 12" as the grid numbers it (Smartsheet's row ids mean nothing to people); "column" for a whole column. */
function rowLabel(cs: ChangeSet, conflict: { rowId?: number | undefined; rowNumber?: number | undefined }): string {
  const { rowId } = conflict;
  if (rowId === undefined) return 'column';
  const n = conflict.rowNumber ?? cs.cells.find((c) => c.rowId === rowId)?.rowNumber ?? cs.deletedRows.find((r) => r.rowId === rowId)?.rowNumber;
  return n === undefined ? `row id ${rowId}` : `row ${n}`;
}

/** A proposed change as a diff: approve or reject (with time left), then revert; conflicts name the rows that changed. */
/** `writesPaused`: why writing is not possible now (Smartsheet not answering): Approve and Revert wait, Reject does not. */
/** `onRow`: a diff's row number, clicked, shows the row in the grid. */
/** `onAskAgain`: after a conflict or the deadline, sends the request that proposed it again — proposed afresh on the sheet as it is now. */
/** `rowName`: what a row is called (its first column's value in the grid), shown beside its number. */
export function ChangeSetView({
  changeSet,
  onDecide,
  busy,
  writesPaused,
  onRow,
  onAskAgain,
  rowName,
  onHistory,
}: {
  changeSet: ChangeSet;
  onDecide(action: 'approve' | 'reject' | 'revert'): void;
  busy: boolean;
  writesPaused?: string;
  onRow?(rowId: number): void;
  onAskAgain?(): void;
  rowName?: RowName;
  /** A conflicting cell's history asked for: who changed it meanwhile. */
  onHistory?(rowId: number, column: string): void;
}) {
  const left = useCountdown(changeSet.status === 'awaiting_approval' ? changeSet.expiresAt : undefined);
  const show = useShowValue();
  return (
    <article className={`card changeset ${changeSet.status}`} aria-label={`Change set: ${changeSet.summary}`}>
      <header>
        <strong>{changeSet.summary}</strong>
        <span className="status">{changeSet.status.replace('_', ' ')}</span>
      </header>
      {changeSet.cells.length > 0 && (
        <table className="diff">
          <caption className="sr-only">Cells that change</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {changeSet.cells.slice(0, 50).map((c) => (
              <tr key={`${c.rowId}:${c.columnId}`}>
                <td>
                  <RowChip rowId={c.rowId} rowNumber={c.rowNumber} onRow={onRow} />
                  <RowNameOf rowId={c.rowId} rowName={rowName} />
                </td>
                <td>{c.column}</td>
                <td className="old">
                  <Shown column={c.column} value={c.old} formula={c.oldFormula} />
                </td>
                <td className="new">
                  <Shown column={c.column} value={c.new} formula={c.newFormula} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <More count={changeSet.cells.length} shown={50} what="cell" />
      {changeSet.addedRows.length > 0 && (
        <ul className="added" aria-label="Rows to add">
          {changeSet.addedRows.slice(0, SHOWN_ROWS).map((r, i) => {
            const filled = Object.entries(r.values).filter(([, v]) => v !== null && v !== '');
            const all = filled.map(([k, v]) => `${k}: ${show(k, v)}`).join(', ');
            return (
              <li key={i} title={all}>
                + {filled.slice(0, 4).map(([k, v]) => `${k}: ${show(k, v)}`).join(', ')}
                {filled.length > 4 ? ', …' : ''}
              </li>
            );
          })}
        </ul>
      )}
      <More count={changeSet.addedRows.length} />
      {changeSet.deletedRows.length > 0 && (
        <ul className="deleted" aria-label="Rows to delete">
          {changeSet.deletedRows.slice(0, SHOWN_ROWS).map((r) => (
            <li key={r.rowId}>
              − row {r.rowNumber}: {Object.entries(r.values).slice(0, 3).map(([k, v]) => show(k, v)).join(' · ')}
            </li>
          ))}
        </ul>
      )}
      <More count={changeSet.deletedRows.length} />
      {changeSet.moves?.length ? (
        <ul className="moved" aria-label="Rows to move">
          {movedRows(changeSet)
            .slice(0, SHOWN_ROWS)
            .map((r) => (
              <li key={r.rowId}>
                ↕ row <RowChip rowId={r.rowId} rowNumber={r.from} onRow={onRow} />
                <RowNameOf rowId={r.rowId} rowName={rowName} />
                {r.to !== undefined && r.to !== r.from && <span className="muted"> → row {r.to}</span>}
              </li>
            ))}
        </ul>
      ) : null}
      <More count={movedRows(changeSet).length} />
      {changeSet.transfer && <SentRows transfer={changeSet.transfer} onRow={onRow} />}
      {changeSet.comments?.length ? (
        <ul className="comments" aria-label={changeSet.comments[0]!.remove ? 'Comments to delete' : 'Comments to add'}>
          {changeSet.comments.slice(0, SHOWN_ROWS).map((c) => (
            <li key={`${c.rowId}:${c.text}`}>
              {c.remove ? '−' : '💬'} row <RowChip rowId={c.rowId} rowNumber={c.rowNumber} onRow={onRow} />
              <RowNameOf rowId={c.rowId} rowName={rowName} />: <q>{c.text}</q>
            </li>
          ))}
        </ul>
      ) : null}
      <More count={changeSet.comments?.length ?? 0} />
      {changeSet.conflicts?.length ? (
        <div role="alert" className="conflicts">
          Not applied: these cells changed since the proposal —
          <ul>
            {changeSet.conflicts.slice(0, SHOWN_ROWS).map((c) => (
              <li key={`${c.rowId}:${c.column}`}>
                {rowLabel(changeSet, c)} · {c.column}: expected {show(c.column, c.expected)}, now {show(c.column, c.actual)}
                {onHistory && c.rowId !== undefined && c.column && c.actual !== 'row deleted' && (
                  <>
                    {' '}
                    <button type="button" className="link" onClick={() => onHistory(c.rowId!, c.column!)}>
                      Who changed it?
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
          <More count={changeSet.conflicts.length} what="cell" />
        </div>
      ) : null}
      {changeSet.error && <p role="alert">{changeSet.error}</p>}
      <Notes notes={changeSet.notes} />
      <footer>
        {changeSet.status === 'awaiting_approval' && (
          <>
            <button type="button" className="primary" disabled={busy || Boolean(writesPaused)} title={writesPaused} onClick={() => onDecide('approve')}>
              Approve
            </button>
            <button type="button" disabled={busy} onClick={() => onDecide('reject')}>
              Reject
            </button>
            <span className="muted">{left} left</span>
          </>
        )}
        {changeSet.status === 'applied' && (!changeSet.sort || changeSet.orderKept) && !changeSet.transfer?.back && (
          <button type="button" disabled={busy || Boolean(writesPaused)} title={writesPaused} onClick={() => onDecide('revert')}>
            Revert
          </button>
        )}
        {(changeSet.status === 'conflict' || changeSet.status === 'expired') && onAskAgain && (
          <button type="button" title="Send the same request again: it is proposed afresh on the sheet as it is now" onClick={onAskAgain}>
            Ask again
          </button>
        )}
        {changeSet.status === 'applying' && <span className="muted">Applying…</span>}
        {changeSet.status === 'reverting' && <span className="muted">Reverting…</span>}
      </footer>
    </article>
  );
}

/** `commenter`: the sheet is shared with the app as Commenter (and Smartsheet answers): a comments-only card is not paused. */
export function ChangeSetCard({ id, writesPaused, commenter, onRows, onAskAgain, rowName, onHistory }: { id: string; writesPaused?: string; commenter?: boolean; onRows?(rowIds: number[], focus: number): void; onAskAgain?(): void; rowName?: RowName; onHistory?(rowId: number, column: string): void }) {
  const queries = useQueryClient();
  const query = useQuery({ queryKey: ['changeSet', id], queryFn: () => api.changeSet(id), refetchInterval: (q) => (q.state.data && PENDING.has(q.state.data.status) ? 1000 : false) });
  const decide = useMutation({
    mutationFn: (action: 'approve' | 'reject' | 'revert') => api.decideChangeSet(id, action),
    onSettled: () => queries.invalidateQueries({ queryKey: ['changeSet', id] }),
  });
  // An applied undo has reverted the change it undoes: that card shows it (no Revert button left behind).
  const undid = query.data?.status === 'applied' ? query.data.revertOf : undefined;
  useEffect(() => {
    if (undid) void queries.invalidateQueries({ queryKey: ['changeSet', undid] });
  }, [undid, queries]);
  if (!query.data) return <div className="card muted">{query.error ? `Could not load the change: ${(query.error as Error).message}` : 'Loading the proposed change…'}</div>;
  return (
    <>
      <ChangeSetView changeSet={query.data} busy={decide.isPending} writesPaused={commenter && commentsOnly(query.data) ? undefined : writesPaused} onDecide={(a) => decide.mutate(a)} onRow={onRows && ((rowId) => onRows(touchedRows(query.data), rowId))} onAskAgain={onAskAgain} rowName={rowName} onHistory={onHistory} />
      {decide.error && <p role="alert">{(decide.error as Error).message}</p>}
    </>
  );
}
