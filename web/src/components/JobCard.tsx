import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { isFinished, UNDOABLE_KINDS, type JobView, type UndoableKind } from '../../../shared/jobs/job-types';
import { plural } from '../../../shared/util/plural';
import { duration } from '../../../shared/util/duration';
import { api } from '../api';
import { jobKey } from '../realtime';
import { RowChip, RowNameOf, type RowName } from './ChangeSetCard';
import { Notes } from './Notes';
import { useCountdown } from './useCountdown';
import { useShowValue, type ShowValue } from './value-shown';

type Action = 'approve' | 'reject' | 'cancel' | 'retry-failed' | 'resume' | 'undo';
const count = (n: number, what: string) => plural(n, what, (x) => x.toLocaleString());
/** A pilot's value: a row's cells by column ("Budget: $1,200"), or one cell of the column written. */
const showWith = (show: ShowValue, value: unknown, column?: string) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value).map(([k, v]) => `${k}: ${show(k, v)}`).join(', ') || '(empty)' : show(column, value);

/** The rows of a job's pilot that the sheet has (not an import's rows to add). */
const pilotRows = (job: JobView) => (job.preview?.sample ?? []).flatMap((s) => (s.rowId === undefined ? [] : [s.rowId]));

/** A bulk job: pilot preview and estimate, approve; a progress bar with done/total, failed and ETA; cancel and resume; retry failed rows; undo. */
/** `writesPaused`: why writing is not possible now (Smartsheet not answering): running and retrying wait; reject and cancel do not. */
/** `rowName`: what a row is called (its first column's value in the grid), shown beside its number in the pilot. */
/** `onRow`: a pilot row's number, clicked, shows the row in the grid. */
export function JobView({ job, onAction, busy, writesPaused, rowName, onRow }: { job: JobView; onAction(action: Action): void; busy: boolean; writesPaused?: string; rowName?: RowName; onRow?(rowId: number): void }) {
  const left = useCountdown(job.status === 'awaiting_approval' ? job.approvalExpiresAt : undefined);
  const show = useShowValue();
  const { done, total, failed, etaSeconds } = job.progress;
  const conflicts = job.progress.conflicts ?? 0;
  const finished = done + failed + conflicts;
  const percent = total ? Math.round((finished / total) * 100) : 0;
  const deleting = job.kind === 'delete' || job.undoes?.kind === 'import';
  const leftAlone = deleting ? 'not deleted' : 'not overwritten';
  // Once undone (or being undone) a job is not run again: its undo was planned on what it wrote.
  const mayRunAgain = !job.undoneBy;
  const mayUndo = UNDOABLE_KINDS.includes(job.kind as UndoableKind) && isFinished(job.status) && (job.result?.written ?? 0) > 0 && !job.undoneBy;
  return (
    <article className={`card job ${job.status}`} aria-label={`Job: ${job.summary}`}>
      <header>
        <strong>{job.summary}</strong>
        <span className="status">{job.status.replace('_', ' ')}</span>
      </header>
      {job.status === 'planning' && <p className="muted">Planning and running the pilot…</p>}
      {['planning', 'awaiting_approval'].includes(job.status) && <Notes notes={job.notes} />}
      {job.preview && job.status === 'awaiting_approval' && (
        <>
          <p>{job.preview.summary}</p>
          <table className="diff">
            <caption className="sr-only">Pilot results</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {job.preview.sample.map((s, i) => (
                <tr key={s.rowId ?? i}>
                  <td>
                    {s.rowId !== undefined && s.rowNumber !== undefined ? <RowChip rowId={s.rowId} rowNumber={s.rowNumber} onRow={onRow} /> : (s.rowNumber ?? '+')}
                    <RowNameOf rowId={s.rowId} rowName={rowName} />
                  </td>
                  <td className="old">{showWith(show, s.before ?? s.values ?? null)}</td>
                  <td className={deleting ? 'muted' : 'new'}>{s.after !== undefined ? showWith(show, s.after) : deleting ? '(deleted)' : job.kind === 'import' ? '(added)' : show(undefined, null)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {job.preview.invalid?.length ? (
            <details>
              <summary>{job.preview.invalid.length} invalid lines will be skipped</summary>
              <ul>
                {job.preview.invalid.map((x) => (
                  <li key={x.line}>
                    line {x.line}: {x.reason}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <dl className="estimate">
            <dt>Rows</dt>
            <dd>{job.preview.estimate.rows.toLocaleString()}</dd>
            <dt>Model calls</dt>
            <dd>{job.preview.estimate.modelCalls.toLocaleString()}</dd>
            <dt>Tokens</dt>
            <dd>~{job.preview.estimate.promptTokens.toLocaleString()}</dd>
            <dt>Smartsheet requests</dt>
            <dd>{job.preview.estimate.smartsheetRequests}</dd>
            <dt>Time</dt>
            <dd>~{duration(job.preview.estimate.seconds)}</dd>
          </dl>
        </>
      )}
      {(job.status === 'running' || isFinished(job.status)) && total > 0 && (
        <div className="progress-block">
          <progress max={total} value={finished} aria-label={`${done} of ${total} rows done`} />
          <span data-testid="job-progress">
            {done.toLocaleString()} / {total.toLocaleString()} done{failed ? ` · ${failed} failed` : ''}{conflicts ? ` · ${conflicts} ${leftAlone}` : ''}
            {job.status === 'running' && etaSeconds !== undefined ? ` · about ${duration(etaSeconds)} left` : ''} ({percent}%)
          </span>
        </div>
      )}
      {isFinished(job.status) && job.result && (job.result.written > 0 || job.result.failed > 0) && (
        <p className="muted" data-testid="job-result">
          {[
            `${job.result.written.toLocaleString()} written`,
            job.result.failed ? `${job.result.failed.toLocaleString()} failed` : '',
            job.result.skipped ? `${job.result.skipped.toLocaleString()} skipped` : '',
            job.result.modelCalls ? count(job.result.modelCalls, 'model call') : '',
            count(job.result.smartsheetRequests, 'Smartsheet request'),
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
      )}
      {job.result?.conflicts ? (
        <p className="conflicts" data-testid="job-conflicts">
          {count(job.result.conflicts, 'row')} {leftAlone}: changed in the sheet after the job was planned
          {job.result.conflictRows?.length ? ` (row ${job.result.conflictRows.join(', ')}${job.result.conflicts > job.result.conflictRows.length ? ', …' : ''})` : ''}.
        </p>
      ) : null}
      {job.error && <p role="alert">{job.error}</p>}
      <footer>
        {job.status === 'awaiting_approval' && (
          <>
            <button type="button" className="primary" disabled={busy || Boolean(writesPaused)} title={writesPaused} onClick={() => onAction('approve')}>
              Approve and run
            </button>
            <button type="button" disabled={busy} onClick={() => onAction('reject')}>
              Reject
            </button>
            <span className="muted">{left} left</span>
          </>
        )}
        {job.status === 'running' && (
          <button type="button" disabled={busy} onClick={() => onAction('cancel')}>
            Cancel
          </button>
        )}
        {job.resumable && (
          <button type="button" className="primary" disabled={busy || Boolean(writesPaused)} title={writesPaused} onClick={() => onAction('resume')}>
            Resume ({(total - finished).toLocaleString()} rows left)
          </button>
        )}
        {isFinished(job.status) && failed > 0 && mayRunAgain && (
          <button type="button" disabled={busy || Boolean(writesPaused)} title={writesPaused} onClick={() => onAction('retry-failed')}>
            Retry {failed} failed rows
          </button>
        )}
        {mayUndo && (
          <button
            type="button"
            disabled={busy || Boolean(writesPaused)}
            title={writesPaused ?? (job.kind === 'import' ? 'Plan deleting the rows this import added; you approve it first' : 'Plan putting back the cells this job wrote over; you approve it first')}
            onClick={() => onAction('undo')}
          >
            Undo
          </button>
        )}
      </footer>
    </article>
  );
}

/** `inConversation`: jobs the conversation shows under their own message (an undo asked for in chat is not shown twice). */
/** `onRows`: a pilot row's number, clicked, highlights the pilot's rows in the grid and shows that one. */
export function JobCard({ id, writesPaused, inConversation, rowName, onRows }: { id: string; writesPaused?: string; inConversation?: ReadonlySet<string>; rowName?: RowName; onRows?(rowIds: number[], focus: number): void }) {
  const queries = useQueryClient();
  const query = useQuery({ queryKey: jobKey(id), queryFn: () => api.job(id), refetchInterval: (q) => (q.state.data && isFinished(q.state.data.status) ? false : 1500) });
  const act = useMutation({ mutationFn: (action: Action) => api.jobAction(id, action), onSettled: () => queries.invalidateQueries({ queryKey: jobKey(id) }) });
  const job = query.data;
  // An undo that ends having written nothing (rejected, expired) frees its job to be undone again: the job's card reads it anew.
  const undoes = job?.undoes?.jobId;
  const undoEnded = Boolean(job && isFinished(job.status));
  useEffect(() => {
    if (undoes && undoEnded) void queries.invalidateQueries({ queryKey: jobKey(undoes) });
  }, [undoes, undoEnded, queries]);
  if (!job) return <div className="card muted">{query.error ? `Could not load the job: ${(query.error as Error).message}` : 'Loading the job…'}</div>;
  return (
    <>
      <JobView job={job} busy={act.isPending} writesPaused={writesPaused} onAction={(a) => act.mutate(a)} rowName={rowName} onRow={onRows && ((rowId) => onRows(pilotRows(job), rowId))} />
      {act.error && <p role="alert">{(act.error as Error).message}</p>}
      {job.undoneBy && !inConversation?.has(job.undoneBy) && <JobCard id={job.undoneBy} writesPaused={writesPaused} />}
    </>
  );
}
