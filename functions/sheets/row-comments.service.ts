import type { CommentCounts, CommentPosted, CommentPostRequest, RowComments } from '../../shared/api/contracts.js';
import type { Sheet } from '../../shared/sheet/model.js';
import { mayComment } from '../changesets/write-targets.js';
import type { SheetEventsPublisher } from '../events/sheet-events.port.js';
import { NotFoundError } from '../platform/errors.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import { liveRead } from '../smartsheet/live-read.js';
import type { SmartsheetPort, ThreadCount } from '../smartsheet/smartsheet.port.js';

/**
 * The comments on a session's rows, for the grid: how many each row has, a row's threads, and the person's own comment
 * posted on a row (no approval: it is their act, as an inline edit is). Comments are not part of a sheet's version, so
 * each is read from Smartsheet when asked; a comment posted publishes the notice that has every open grid of the sheet
 * read them again.
 */
export class RowCommentsService {
  constructor(private readonly deps: { sessions: SessionsService; smartsheet: SmartsheetPort; publisher: SheetEventsPublisher }) {}

  /** How many comments each row has (rows with none left out), and the sheet itself: one light read. */
  async counts(userId: string, sessionId: string): Promise<CommentCounts> {
    const { sheet } = await this.deps.sessions.requireReady(userId, sessionId);
    return countComments(await liveRead(() => this.deps.smartsheet.getCommentCounts(sheet.id), 'Smartsheet no longer has this sheet.'));
  }

  /** A row's threads, oldest first, each one's comments oldest first. */
  async threads(userId: string, sessionId: string, rowId: number): Promise<RowComments> {
    const { sheet } = await this.deps.sessions.requireReady(userId, sessionId);
    return { rowId, threads: await this.#threads(sheet, rowId) };
  }

  /** The person's comment on a row: a new thread, or a reply in one of the row's threads. Commenter access is enough. */
  async post(userId: string, sessionId: string, rowId: number, input: CommentPostRequest): Promise<CommentPosted> {
    const { session, sheet } = await this.deps.sessions.requireReady(userId, sessionId);
    mayComment(session.access);
    const rowNumber = rowNumberOf(sheet, rowId);
    if (input.discussionId !== undefined && !(await this.#threads(sheet, rowId)).some((t) => t.id === input.discussionId)) {
      throw new NotFoundError(`Row ${rowNumber} has no thread ${input.discussionId}.`);
    }
    let posted: { discussionId: number; commentId: number };
    try {
      posted = await liveRead(() => this.deps.smartsheet.addComment(sheet.id, rowId, input.text, input.discussionId), `Smartsheet no longer has row ${rowNumber}.`);
    } catch (error) {
      // Refused for the app's access: the session learns it is view only before the refusal is answered.
      await this.deps.sessions.afterRefusal(session.id, error);
      throw error;
    }
    // The comment is posted whatever the channel says; open grids catch up when they next read the counts.
    await this.deps.publisher
      .publishSheetChanged({ type: 'sheet.changed', sheetId: sheet.id, changedRowIds: [], deletedRowIds: [], columnsChanged: false, comments: true, source: 'app' }, `app:${sheet.id}:comment:${posted.commentId}`)
      .catch(() => undefined);
    return { rowId, ...posted };
  }

  async #threads(sheet: Sheet, rowId: number): Promise<RowComments['threads']> {
    const rowNumber = rowNumberOf(sheet, rowId);
    const threads = await liveRead(() => this.deps.smartsheet.getDiscussions(sheet.id, rowId), `Smartsheet no longer has row ${rowNumber}.`);
    return threads.filter((t) => t.rowId === rowId).map(({ id, comments }) => ({ id, comments }));
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
