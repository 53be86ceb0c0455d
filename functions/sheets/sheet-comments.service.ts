import type { CommentCounts, CommentEditRequest, CommentPosted, CommentPostRequest, Conversations, RowComments } from '../../shared/api/contracts.js';
import type { Sheet } from '../../shared/sheet/model.js';
import { signed } from '../../shared/sheet/comment-signature.js';
import { mayComment } from '../changesets/write-targets.js';
import type { SheetEventsPublisher } from '../events/sheet-events.port.js';
import { NotFoundError } from '../platform/errors.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import { liveRead } from '../smartsheet/live-read.js';
import type { SmartsheetPort, ThreadCount } from '../smartsheet/smartsheet.port.js';
import { postedCommentId, type PostedCommentStore } from '../storage/stores.port.js';

/**
 * The comments on a session's sheet, for the grid: how many each row has, a row's threads, every thread on the sheet
 * (Smartsheet's Conversations), and the person's own comment — on a row or on the sheet itself — posted at once (no
 * approval: it is their act, as an inline edit is). Comments are not part of a sheet's version, so each is read from
 * Smartsheet when asked; a comment posted publishes the notice that tells every open grid of the sheet.
 */
export class SheetCommentsService {
  constructor(
    private readonly deps: {
      sessions: SessionsService;
      smartsheet: SmartsheetPort;
      publisher: SheetEventsPublisher;
      /** Who posted which comment from the grid: theirs to delete. */
      posted: PostedCommentStore;
      /** Signed with the person's name (shared/sheet/comment-signature.ts). */
      signComments?: boolean;
      now?: () => Date;
    },
  ) {}

  /** How many comments each row has (rows with none left out), and the sheet itself: one light read. */
  async counts(userId: string, sessionId: string): Promise<CommentCounts> {
    const { sheet } = await this.deps.sessions.requireReady(userId, sessionId);
    return countComments(await liveRead(() => this.deps.smartsheet.getCommentCounts(sheet.id), 'Smartsheet no longer has this sheet.'));
  }

  /** A row's threads, oldest first, each one's comments oldest first. */
  async threads(userId: string, sessionId: string, rowId: number): Promise<RowComments> {
    const { sheet } = await this.deps.sessions.requireReady(userId, sessionId);
    return { rowId, threads: await this.#mine(userId, sheet, await this.#threads(sheet, rowId)) };
  }

  /** Every thread on the sheet and its rows, the one with the newest comment first. */
  async conversations(userId: string, sessionId: string): Promise<Conversations> {
    const { sheet } = await this.deps.sessions.requireReady(userId, sessionId);
    const threads = await this.#mine(userId, sheet, await this.#threads(sheet, undefined));
    const newest = (t: (typeof threads)[number]) => t.comments.at(-1)?.at ?? '';
    return { threads: threads.sort((a, b) => newest(b).localeCompare(newest(a))) };
  }

  /**
   * The person's comment on a row (or, `rowId` undefined, on the sheet itself): a new thread, or a reply in one of the
   * row's (the sheet's own) threads. Commenter access is enough. Signed with `author`, the person's sign-in name, unless
   * signatures are off.
   */
  async post(userId: string, sessionId: string, rowId: number | undefined, input: CommentPostRequest, author?: string): Promise<CommentPosted> {
    const { session, sheet } = await this.deps.sessions.requireReady(userId, sessionId);
    mayComment(session.access);
    const place = rowId === undefined ? 'The sheet' : `Row ${rowNumberOf(sheet, rowId)}`;
    if (input.discussionId !== undefined && !(await this.#threads(sheet, rowId)).some((t) => t.id === input.discussionId && t.rowId === rowId)) {
      throw new NotFoundError(`${place} has no thread ${input.discussionId}.`);
    }
    const text = signed(input.text, this.deps.signComments ? author : undefined);
    const posted = await this.deps.sessions.written(session.id, () => liveRead(() => this.deps.smartsheet.addComment(sheet.id, rowId, text, input.discussionId), `Smartsheet no longer has ${place.toLowerCase()}.`));
    // Whose it is, for deleting it later. Best effort: the comment is posted either way, only not deletable from here.
    const postedAt = (this.deps.now?.() ?? new Date()).toISOString();
    await this.deps.posted.create({ id: postedCommentId(sheet.id, posted.commentId), sheetId: sheet.id, commentId: posted.commentId, userId, postedAt }).catch(() => undefined);
    await this.#told(sheet.id);
    return { ...(rowId === undefined ? {} : { rowId }), ...posted };
  }

  /** Deletes a comment the person posted from the grid (no one else's: 404, as for one that is not there). */
  async delete(userId: string, sessionId: string, commentId: number): Promise<{ deleted: boolean }> {
    return { deleted: await this.#theirs(userId, sessionId, commentId, 'deleting', (sheetId) => this.deps.smartsheet.deleteComment(sheetId, commentId)) };
  }

  /** A comment the person posted from the grid, its text replaced (signed again); 404 when it is not theirs, or gone. */
  async edit(userId: string, sessionId: string, commentId: number, input: CommentEditRequest, author?: string): Promise<{ commentId: number }> {
    const text = signed(input.text, this.deps.signComments ? author : undefined);
    if (!(await this.#theirs(userId, sessionId, commentId, 'editing', (sheetId) => this.deps.smartsheet.editComment(sheetId, commentId, text)))) throw new NotFoundError('That comment is no longer in Smartsheet.');
    return { commentId };
  }

  /**
   * Edits or deletes a comment the person posted from the grid: `change` answers false when Smartsheet no longer has
   * it. The record of whose it is goes with the comment; every open grid is told when something changed.
   */
  async #theirs(userId: string, sessionId: string, commentId: number, doing: 'editing' | 'deleting', change: (sheetId: number) => Promise<boolean>): Promise<boolean> {
    const { session, sheet } = await this.deps.sessions.requireReady(userId, sessionId);
    const id = postedCommentId(sheet.id, commentId);
    const record = await this.deps.posted.get(id);
    if (record?.value.userId !== userId) throw new NotFoundError(`You posted no comment ${commentId} on this sheet from here.`);
    mayComment(session.access);
    const changed = await this.deps.sessions.written(session.id, () => liveRead(() => change(sheet.id), 'Smartsheet no longer has this sheet.'));
    if (!changed || doing === 'deleting') await this.deps.posted.delete(id);
    if (changed) await this.#told(sheet.id);
    return changed;
  }

  /** Every open grid of the sheet is told its comments changed; the change has happened whatever the channel says. */
  async #told(sheetId: number): Promise<void> {
    await this.deps.publisher.publishSheetChanged({ type: 'sheet.changed', sheetId, changedRowIds: [], deletedRowIds: [], columnsChanged: false, comments: true, source: 'app' }).catch(() => undefined);
  }

  /** The comments the person posted from the grid marked `mine` (theirs to delete). */
  async #mine<T extends { comments: { id: number }[] }>(userId: string, sheet: Sheet, threads: T[]): Promise<T[]> {
    const mine = new Set((await this.deps.posted.listByAuthor(sheet.id, userId)).map((c) => c.commentId));
    return mine.size ? threads.map((t) => ({ ...t, comments: t.comments.map((c) => (mine.has(c.id) ? { ...c, mine: true } : c)) })) : threads;
  }

  /** A row's threads (`rowId` undefined: every thread on the sheet, the sheet's own and its rows'). */
  async #threads(sheet: Sheet, rowId: number | undefined): Promise<Conversations['threads']> {
    const gone = rowId === undefined ? 'Smartsheet no longer has this sheet.' : `Smartsheet no longer has row ${rowNumberOf(sheet, rowId)}.`;
    const threads = await liveRead(() => this.deps.smartsheet.getDiscussions(sheet.id, rowId), gone);
    return threads.filter((t) => rowId === undefined || t.rowId === rowId);
  }
}

/** A sheet's threads summed per row (rows with none left out, each with its newest comment's time), and on the sheet. */
export function countComments(threads: readonly ThreadCount[]): CommentCounts {
  const rows = new Map<number, { rowId: number; comments: number; lastAt?: string }>();
  let onSheet = 0;
  for (const thread of threads) {
    if (thread.rowId === undefined) {
      onSheet += thread.comments;
      continue;
    }
    const row = rows.get(thread.rowId) ?? { rowId: thread.rowId, comments: 0 };
    row.comments += thread.comments;
    if (thread.lastAt && (!row.lastAt || thread.lastAt > row.lastAt)) row.lastAt = thread.lastAt;
    rows.set(thread.rowId, row);
  }
  return { rows: [...rows.values()].filter((r) => r.comments > 0), onSheet };
}

/** The number the grid shows for a row of the session's version of the sheet; 404 for a row it does not have. */
function rowNumberOf(sheet: Sheet, rowId: number): number {
  const row = sheet.rows.find((r) => r.id === rowId);
  if (!row) throw new NotFoundError(`Row ${rowId} is not in version ${sheet.version} of the sheet.`);
  return row.rowNumber;
}
