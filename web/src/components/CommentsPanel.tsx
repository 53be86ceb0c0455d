import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { COMMENT_MAX, type CommentPosted, type CommentPostRequest, type Conversations } from '../../../shared/api/contracts';
import { unsigned } from '../../../shared/sheet/comment-signature';
import { api } from '../api';
import { commentCountsKey, commentsKey, threadsKey } from '../realtime';
import { PanelOverGrid } from './PanelOverGrid';
import { shownDate } from './value-shown';

/** A row as the panel names it: the number the grid shows, and its name (its primary value). */
export interface RowLabel {
  rowNumber: number;
  rowName?: string;
}

/** What the panel shows: one row's comments, or every thread on the sheet — its rows' and its own (Smartsheet's Conversations). */
export type CommentsView = ({ kind: 'row'; rowId: number } & RowLabel) | { kind: 'sheet' };

type Thread = Conversations['threads'][number];

/**
 * How many comments each row of the session's sheet has (rows with none left out), for the grid's 💬 marks, and how
 * many the sheet holds in all. Read from Smartsheet once, and again when it answers after an outage (a read that
 * failed then would leave the grid without them); a `comments.changed` push brings them as they then stand.
 */
export function useCommentCounts(sessionId: string | undefined, ready: boolean, reachable: boolean): { byRow: ReadonlyMap<number, number>; total: number | undefined } {
  const queries = useQueryClient();
  const counts = useQuery({ queryKey: commentCountsKey(sessionId ?? ''), queryFn: () => api.commentCounts(sessionId!), enabled: Boolean(sessionId) && ready, staleTime: Infinity, retry: false });
  useEffect(() => {
    if (reachable && sessionId) void queries.invalidateQueries({ queryKey: commentCountsKey(sessionId) });
  }, [reachable]); // eslint-disable-line react-hooks/exhaustive-deps
  return useMemo(() => {
    const rows = counts.data?.rows ?? [];
    return { byRow: new Map(rows.map((r) => [r.rowId, r.comments])), total: counts.data && rows.reduce((n, r) => n + r.comments, counts.data.onSheet) };
  }, [counts.data]);
}

/**
 * Comments over the grid: a row's (its 💬, or Ctrl+Alt+M on the active cell), or the whole sheet's (the toolbar's
 * Comments: every thread, the one with the newest comment first, each naming its row — a click shows the row in the grid
 * — or "On the sheet"). Each thread oldest first, with Reply; a box for a new comment on the row, or on the sheet itself.
 * A comment is posted in Smartsheet straight away, by the app's account (the person's own act, as an inline edit is; no
 * approval). `cannotComment` says why a sheet shared as Viewer takes none. Escape or Close puts the focus back on the grid.
 */
export function CommentsPanel({ sessionId, view, rowLabel, cannotComment, onRow, onClose }: { sessionId: string; view: CommentsView; rowLabel(rowId: number): RowLabel | undefined; cannotComment?: string | undefined; onRow(rowId: number): void; onClose(): void }) {
  const rowId = view.kind === 'row' ? view.rowId : undefined;
  const threads = useQuery({
    queryKey: [...threadsKey(sessionId), rowId ?? 'all'],
    queryFn: async (): Promise<Thread[]> => (rowId === undefined ? (await api.conversations(sessionId)).threads : (await api.rowComments(sessionId, rowId)).threads.map((t) => ({ ...t, rowId }))),
    staleTime: 0,
    retry: false,
  });
  const [replying, setReplying] = useState<number | undefined>();
  /** The comment of the person's being edited. */
  const [editing, setEditing] = useState<number | undefined>();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    setReplying(undefined);
    setEditing(undefined);
  }, [rowId]);
  const label = view.kind === 'row' ? `Comments on row ${view.rowNumber}` : 'Comments on the sheet';
  const postTo = (thread?: Thread) => (body: CommentPostRequest): Promise<CommentPosted> => {
    const on = thread ? thread.rowId : rowId;
    return on === undefined ? api.postOnSheet(sessionId, body) : api.postComment(sessionId, on, body);
  };
  const title =
    view.kind === 'row' ? (
      <>
        <strong>Comments</strong> · row {view.rowNumber}
        {view.rowName && <span className="muted"> {view.rowName}</span>}
      </>
    ) : (
      <>
        <strong>Comments</strong>
        <span className="muted"> · the whole sheet</span>
      </>
    );
  const footer = cannotComment ? <p className="muted">{cannotComment}</p> : <CommentBox sessionId={sessionId} send={(text) => postTo()({ text })} action="Post" label={view.kind === 'row' ? `New comment on row ${view.rowNumber}` : 'New comment on the sheet'} />;
  return (
    <PanelOverGrid
      label={label}
      className="comments-panel"
      title={title}
      opened={rowId}
      closeRef={close}
      onClose={onClose}
      read={{ query: threads, reading: 'Reading the comments from Smartsheet…', isEmpty: (t) => t.length === 0, empty: view.kind === 'row' ? 'No comments on this row yet.' : 'No comments on this sheet yet.' }}
      footer={footer}
    >
      {(data) => (
        <ol className="threads" aria-label={label}>
          {data.map((thread) => (
            <li key={thread.id}>
              {view.kind === 'sheet' && <ThreadPlace thread={thread} rowLabel={rowLabel} onRow={onRow} />}
              <ul aria-label="Thread">
                {thread.comments.map((c) => (
                  <li key={c.id}>
                    <span className="muted">
                      <strong>{c.by}</strong>, <time dateTime={c.at}>{shownDate(c.at) ?? c.at}</time>
                    </span>
                    {c.mine && !cannotComment && editing !== c.id && (
                      <>
                        <button type="button" className="link comment-delete" onClick={() => setEditing(c.id)}>
                          Edit
                        </button>
                        <DeleteComment sessionId={sessionId} commentId={c.id} />
                      </>
                    )}
                    {editing === c.id ? (
                      <CommentBox sessionId={sessionId} send={(text) => api.editComment(sessionId, c.id, { text })} action="Save" label="Your comment" initial={unsigned(c.text)} onDone={() => setEditing(undefined)} onCancel={() => setEditing(undefined)} />
                    ) : (
                      <p>{c.text}</p>
                    )}
                  </li>
                ))}
              </ul>
              {!cannotComment &&
                (replying === thread.id ? (
                  <CommentBox
                    sessionId={sessionId}
                    send={(text) => postTo(thread)({ text, discussionId: thread.id })}
                    action="Reply"
                    label={`Reply to ${thread.comments[0]?.by ?? 'this thread'}`}
                    onDone={() => {
                      setReplying(undefined);
                      close.current?.focus();
                    }}
                  />
                ) : (
                  <button type="button" className="link" onClick={() => setReplying(thread.id)}>
                    Reply
                  </button>
                ))}
            </li>
          ))}
        </ol>
      )}
    </PanelOverGrid>
  );
}

/** Where a thread of the whole sheet's is: its row (a click shows it in the grid), or the sheet itself. */
function ThreadPlace({ thread, rowLabel, onRow }: { thread: Thread; rowLabel(rowId: number): RowLabel | undefined; onRow(rowId: number): void }) {
  if (thread.rowId === undefined) return <p className="thread-place muted">On the sheet</p>;
  const row = rowLabel(thread.rowId);
  if (!row) return <p className="thread-place muted">On a row this version of the sheet does not have</p>;
  const rowId = thread.rowId;
  return (
    <button type="button" className="link thread-place" onClick={() => onRow(rowId)}>
      Row {row.rowNumber}
      {row.rowName ? ` · ${row.rowName}` : ''}
    </button>
  );
}

/** Delete, on a comment the person posted from here: asked once more (Yes / No), then gone from Smartsheet. */
function DeleteComment({ sessionId, commentId }: { sessionId: string; commentId: number }) {
  const queries = useQueryClient();
  const [asking, setAsking] = useState(false);
  const remove = useMutation({
    mutationFn: () => api.deleteComment(sessionId, commentId),
    onSuccess: () => queries.invalidateQueries({ queryKey: commentsKey(sessionId) }),
  });
  if (remove.error) return <span role="alert"> {(remove.error as Error).message}</span>;
  if (!asking)
    return (
      <button type="button" className="link comment-delete" onClick={() => setAsking(true)}>
        Delete
      </button>
    );
  return (
    <span className="comment-delete">
      {' '}
      Delete your comment?{' '}
      <button type="button" className="link" disabled={remove.isPending} onClick={() => remove.mutate()}>
        Yes
      </button>{' '}
      <button type="button" className="link" onClick={() => setAsking(false)}>
        No
      </button>
    </span>
  );
}

/**
 * A comment's text to send (Ctrl+Enter, or the button named `action`: Post, Reply, Save): kept, with the reason, when
 * Smartsheet refuses it; emptied once sent (an edit starts from the comment's text, `initial`).
 */
function CommentBox({ sessionId, send, action, label, initial = '', onDone, onCancel }: { sessionId: string; send(text: string): Promise<unknown>; action: 'Post' | 'Reply' | 'Save'; label: string; initial?: string; onDone?(): void; onCancel?(): void }) {
  const queries = useQueryClient();
  const [text, setText] = useState(initial);
  const box = useRef<HTMLTextAreaElement>(null);
  const post = useMutation({
    mutationFn: () => send(text),
    onSuccess: async () => {
      setText('');
      // The Post button, now disabled, would drop the focus out of the panel (and Escape with it): back to the box.
      box.current?.focus();
      onDone?.();
      await queries.invalidateQueries({ queryKey: commentsKey(sessionId) });
    },
  });
  const ready = Boolean(text.trim()) && text !== initial && !post.isPending;
  const submit = () => ready && post.mutate();
  return (
    <form
      className="comment-box"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <textarea
        ref={box}
        aria-label={label}
        placeholder={action === 'Post' ? 'Add a comment… (posted in Smartsheet by the app)' : action === 'Reply' ? 'Reply…' : undefined}
        value={text}
        maxLength={COMMENT_MAX}
        rows={2}
        autoFocus={action !== 'Post'}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
      />
      {post.error && <p role="alert">{(post.error as Error).message}</p>}
      <span className="comment-box-actions">
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" disabled={!ready}>
          {post.isPending ? (action === 'Save' ? 'Saving…' : 'Posting…') : action}
        </button>
      </span>
    </form>
  );
}
