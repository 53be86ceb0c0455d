import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { COMMENT_MAX } from '../../../shared/api/contracts';
import { api } from '../api';
import { commentCountsKey, commentsKey, rowCommentsKey } from '../realtime';
import { shownDate } from './value-shown';

/** The row whose comments are shown: its id, the number the grid shows, and its name (its primary value). */
export interface CommentsRow {
  rowId: number;
  rowNumber: number;
  rowName?: string;
}

/**
 * How many comments each row of the session's sheet has (rows with none left out), for the grid's 💬 marks. Read from
 * Smartsheet once, and again when a `comments.changed` push (or a comment posted here) says they changed.
 */
export function useCommentCounts(sessionId: string | undefined, ready: boolean): ReadonlyMap<number, number> {
  const counts = useQuery({ queryKey: commentCountsKey(sessionId ?? ''), queryFn: () => api.commentCounts(sessionId!), enabled: Boolean(sessionId) && ready, staleTime: Infinity, retry: false });
  return useMemo(() => new Map((counts.data?.rows ?? []).map((r) => [r.rowId, r.comments])), [counts.data]);
}

/**
 * A row's comments over the grid (its 💬, or Ctrl+Alt+M on the active cell): each thread oldest first, with a reply box,
 * and a box for a new comment — posted in Smartsheet straight away, by the app's account (the person's own act, as an
 * inline edit is; no approval). `cannotComment` says why a sheet shared as Viewer takes no comment. Escape or Close
 * puts the focus back on the grid.
 */
export function CommentsPanel({ sessionId, row, cannotComment, onClose }: { sessionId: string; row: CommentsRow; cannotComment?: string | undefined; onClose(): void }) {
  const threads = useQuery({ queryKey: [...rowCommentsKey(sessionId), row.rowId], queryFn: () => api.rowComments(sessionId, row.rowId), staleTime: 0, retry: false });
  const [replying, setReplying] = useState<number | undefined>();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
    setReplying(undefined);
  }, [row.rowId]);
  const label = `Comments on row ${row.rowNumber}`;
  return (
    <div
      role="dialog"
      aria-label={label}
      className="cell-history comments-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <header>
        <span className="title">
          <strong>Comments</strong> · row {row.rowNumber}
          {row.rowName && <span className="muted"> {row.rowName}</span>}
        </span>
        <button type="button" ref={close} onClick={onClose}>
          Close
        </button>
      </header>
      {threads.isPending ? (
        <p className="muted">Reading the comments from Smartsheet…</p>
      ) : threads.error ? (
        <p role="alert">{(threads.error as Error).message}</p>
      ) : threads.data.threads.length === 0 ? (
        <p className="muted">No comments on this row yet.</p>
      ) : (
        <ol className="threads" aria-label={label}>
          {threads.data.threads.map((thread) => (
            <li key={thread.id}>
              <ul aria-label="Thread">
                {thread.comments.map((c) => (
                  <li key={c.id}>
                    <span className="muted">
                      <strong>{c.by}</strong>, <time dateTime={c.at}>{shownDate(c.at) ?? c.at}</time>
                    </span>
                    <p>{c.text}</p>
                  </li>
                ))}
              </ul>
              {!cannotComment &&
                (replying === thread.id ? (
                  <CommentBox sessionId={sessionId} rowId={row.rowId} discussionId={thread.id} label={`Reply to ${thread.comments[0]?.by ?? 'this thread'}`} onDone={() => {
                    setReplying(undefined);
                    close.current?.focus();
                  }} />
                ) : (
                  <button type="button" className="link" onClick={() => setReplying(thread.id)}>
                    Reply
                  </button>
                ))}
            </li>
          ))}
        </ol>
      )}
      {cannotComment ? <p className="muted">{cannotComment}</p> : <CommentBox sessionId={sessionId} rowId={row.rowId} label={`New comment on row ${row.rowNumber}`} />}
    </div>
  );
}

/** A comment to post (Ctrl+Enter or Post): kept, with the reason, when Smartsheet refuses it. */
function CommentBox({ sessionId, rowId, discussionId, label, onDone }: { sessionId: string; rowId: number; discussionId?: number; label: string; onDone?(): void }) {
  const queries = useQueryClient();
  const [text, setText] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  const post = useMutation({
    mutationFn: () => api.postComment(sessionId, rowId, { text, ...(discussionId === undefined ? {} : { discussionId }) }),
    onSuccess: async () => {
      setText('');
      // The Post button, now disabled, would drop the focus out of the panel (and Escape with it): back to the box.
      box.current?.focus();
      onDone?.();
      await queries.invalidateQueries({ queryKey: commentsKey(sessionId) });
    },
  });
  const send = () => text.trim() && !post.isPending && post.mutate();
  return (
    <form
      className="comment-box"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <textarea
        ref={box}
        aria-label={label}
        placeholder={discussionId === undefined ? 'Add a comment… (posted in Smartsheet by the app)' : 'Reply…'}
        value={text}
        maxLength={COMMENT_MAX}
        rows={2}
        autoFocus={discussionId !== undefined}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            send();
          }
        }}
      />
      {post.error && <p role="alert">{(post.error as Error).message}</p>}
      <button type="submit" disabled={!text.trim() || post.isPending}>
        {post.isPending ? 'Posting…' : discussionId === undefined ? 'Post' : 'Reply'}
      </button>
    </form>
  );
}
