import type { SmartsheetDiscussion } from '../../shared/sheet/smartsheet-json.js';
import { errors } from './errors.js';
import type { WebhookEvent } from './webhooks.js';
import { newId, now, type StoredSheet } from './sheet-store.js';

/**
 * Comments on rows, as Smartsheet keeps them: a discussion per thread on a row, holding its comments (GET
 * /sheets/{id}/discussions and /rows/{rowId}/discussions, `include=comments`). Adding one does not change the sheet's
 * version. A deleted row's discussions go with it; rows moved to another sheet take theirs along, copied ones a copy.
 */
export interface StoredComment {
  id: number;
  text: string;
  createdBy: { name?: string; email?: string };
  createdAt: string;
  modifiedAt: string;
}

export interface StoredDiscussion {
  id: number;
  /** The row it is on; absent: on the sheet itself (Smartsheet's sheet-level conversation). */
  rowId?: number;
  title: string;
  comments: StoredComment[];
}

/** Discussions as the API answers them: on rows (`parentType: ROW`) or the sheet (`SHEET`), their comments when asked for, oldest first. */
export function discussionsOf(stored: StoredSheet, withComments: boolean, rowId?: number): SmartsheetDiscussion[] {
  return (stored.discussions ?? [])
    .filter((d) => rowId === undefined || d.rowId === rowId)
    .map((d) => {
      const last = d.comments.at(-1);
      return {
        id: d.id,
        title: d.title,
        parentId: d.rowId ?? stored.sheet.id,
        parentType: d.rowId === undefined ? 'SHEET' : 'ROW',
        commentCount: d.comments.length,
        readOnly: false,
        createdBy: d.comments[0]?.createdBy,
        ...(last ? { lastCommentedAt: last.createdAt, lastCommentedUser: last.createdBy } : {}),
        ...(withComments ? { comments: d.comments.map((c) => ({ ...c, discussionId: d.id })) } : {}),
      };
    });
}

/** A comment on a row (or, no row, on the sheet): a new discussion, or (`discussionId`) a reply in one. */
export function addComment(stored: StoredSheet, input: { rowId?: number; text?: unknown; by: { name?: string; email?: string }; at?: string; discussionId?: number }): StoredComment {
  if (typeof input.text !== 'string' || !input.text.trim()) throw errors.missingAttribute('comment.text');
  if (input.rowId !== undefined && !stored.rows.some((r) => r.id === input.rowId)) throw errors.notFound(`Row not found: ${input.rowId}`);
  const at = input.at ?? now();
  const comment: StoredComment = { id: newId(), text: input.text, createdBy: input.by, createdAt: at, modifiedAt: at };
  const discussions = (stored.discussions ??= []);
  const thread = input.discussionId === undefined ? undefined : discussions.find((d) => d.id === input.discussionId && d.rowId === input.rowId);
  if (input.discussionId !== undefined && !thread) throw errors.notFound(`Discussion not found: ${input.discussionId}`);
  if (thread) thread.comments.push(comment);
  else discussions.push({ id: newId(), ...(input.rowId !== undefined ? { rowId: input.rowId } : {}), title: input.text.slice(0, 100), comments: [comment] });
  return comment;
}

/**
 * The webhook events a comment makes, as Smartsheet sends them: the comment's, and its thread's when the thread begins
 * or ends with it (neither names the row). Taken while the comment is there: after adding it, before deleting it.
 */
export function commentEvents(stored: StoredSheet, commentId: number, eventType: 'created' | 'updated' | 'deleted', by: { userId: number; changeAgent?: string | undefined }): WebhookEvent[] {
  const thread = (stored.discussions ?? []).find((d) => d.comments.some((c) => c.id === commentId));
  const base = { eventType, userId: by.userId, timestamp: now(), ...(by.changeAgent ? { changeAgent: by.changeAgent } : {}) };
  const events: WebhookEvent[] = [{ objectType: 'comment', id: commentId, ...base }];
  if (eventType !== 'updated' && thread?.comments.length === 1) events.unshift({ objectType: 'discussion', id: thread.id, ...base });
  return events;
}

/** A comment's new text, by its author only (anyone else: 403/1004, as Smartsheet); 404 when there is none. */
export function editComment(stored: StoredSheet, commentId: number, text: unknown, by: { email?: string }): StoredComment {
  if (typeof text !== 'string' || !text.trim()) throw errors.missingAttribute('text');
  const comment = (stored.discussions ?? []).flatMap((d) => d.comments).find((c) => c.id === commentId);
  if (!comment) throw errors.notFound(`Comment not found: ${commentId}`);
  if (comment.createdBy.email !== by.email) throw errors.forbidden();
  comment.text = text;
  comment.modifiedAt = now();
  return comment;
}

/** Deletes a comment (404 when there is none); a thread left with no comment goes too. */
export function deleteComment(stored: StoredSheet, commentId: number): void {
  const thread = (stored.discussions ?? []).find((d) => d.comments.some((c) => c.id === commentId));
  if (!thread) throw errors.notFound(`Comment not found: ${commentId}`);
  thread.comments = thread.comments.filter((c) => c.id !== commentId);
  if (!thread.comments.length) stored.discussions = stored.discussions!.filter((d) => d !== thread);
}

/** Rows gone from the sheet take their discussions with them. */
export function dropDiscussions(stored: StoredSheet, rowIds: ReadonlySet<number>): void {
  if (stored.discussions?.length) stored.discussions = stored.discussions.filter((d) => d.rowId === undefined || !rowIds.has(d.rowId));
}

/** Rows sent to another sheet: their discussions go along (a move) or are copied (a copy), on the rows' new ids. */
export function carryDiscussions(source: StoredSheet, destination: StoredSheet, newIds: ReadonlyMap<number, number>, mode: 'move' | 'copy'): void {
  const going = (source.discussions ?? []).filter((d) => d.rowId !== undefined && newIds.has(d.rowId));
  if (!going.length) return;
  (destination.discussions ??= []).push(...going.map((d) => ({ ...d, id: mode === 'move' ? d.id : newId(), rowId: newIds.get(d.rowId!)!, comments: d.comments.map((c) => ({ ...c, id: mode === 'move' ? c.id : newId() })) })));
  if (mode === 'move') dropDiscussions(source, new Set(newIds.keys()));
}
