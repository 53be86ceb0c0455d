import { z } from 'zod';
import { commentCountsSchema } from '../api/contracts.js';
import { JOB_STATUSES } from '../jobs/job-types.js';
import type { Column, Row, Sheet } from '../sheet/model.js';

/**
 * What the server pushes through Web PubSub, as zod contracts the browser and the
 * functions share. `sheet.changed` and `comments.changed` go to group `sheet:<id>`; per-user events
 * (`answer.stale`, `job.progress`, `chat.messages`) go to the user.
 */
export const sheetGroup = (sheetId: number) => `sheet:${sheetId}`;
export const userGroup = (userId: string) => `user:${userId}`;

/** Above this many changed rows the event carries none: clients refetch the sheet instead. */
export const MAX_PUSHED_ROWS = 500;

const row = z.object({ id: z.number(), rowNumber: z.number(), parentId: z.number().optional(), locked: z.literal(true).optional(), collapsed: z.literal(true).optional(), modifiedAt: z.string(), values: z.array(z.unknown()), shown: z.record(z.string(), z.string()).optional(), formulas: z.record(z.string(), z.string()).optional() });
const column = z.object({ id: z.number(), index: z.number(), title: z.string(), type: z.string(), primary: z.boolean(), options: z.array(z.string()).optional(), hidden: z.boolean(), readOnly: z.boolean(), locked: z.literal(true).optional() });

export const sheetChangedEvent = z.object({
  type: z.literal('sheet.changed'),
  sheetId: z.number(),
  version: z.number(),
  /** The version this change applies on top of: a client holding another one refetches. */
  previousVersion: z.number(),
  changedRows: z.array(row),
  /** True when more rows changed than an event carries (`changedRowIds` still lists them). */
  rowsOmitted: z.boolean(),
  changedRowIds: z.array(z.number()),
  deletedRowIds: z.array(z.number()),
  columnsChanged: z.boolean(),
  /** The full column list when columns changed. */
  columns: z.array(column).optional(),
  source: z.enum(['app', 'webhook', 'reconciliation']),
  at: z.string(),
  /** The request whose write this is, when it was ours. */
  correlationId: z.string().optional(),
});
export type SheetChangedEvent = Omit<z.infer<typeof sheetChangedEvent>, 'changedRows' | 'columns'> & { changedRows: Row[]; columns?: Column[] };

export const answerStaleEvent = z.object({
  type: z.literal('answer.stale'),
  sessionId: z.string(),
  messageIds: z.array(z.string()),
  sheetVersion: z.number(),
});
export type AnswerStaleEvent = z.infer<typeof answerStaleEvent>;

export const jobProgressEvent = z.object({
  type: z.literal('job.progress'),
  jobId: z.string(),
  sessionId: z.string(),
  status: z.enum(JOB_STATUSES),
  progress: z.object({ phase: z.enum(['planning', 'pilot', 'awaiting_approval', 'running', 'finished']), done: z.number(), total: z.number(), failed: z.number(), conflicts: z.number().optional(), etaSeconds: z.number().optional() }),
  correlationId: z.string().optional(),
});
export type JobProgressEvent = z.infer<typeof jobProgressEvent>;

/** A turn stored messages in a session's current conversation (or a new chat began one, with none yet): the user's other tabs and devices follow. */
export const chatMessagesEvent = z.object({
  type: z.literal('chat.messages'),
  sessionId: z.string(),
  conversation: z.number(),
  messageIds: z.array(z.string()),
});
export type ChatMessagesEvent = z.infer<typeof chatMessagesEvent>;

/** Above this many commented rows a `comments.changed` carries no counts: clients read them instead. */
export const MAX_PUSHED_COUNTS = 5000;

/**
 * Comments on a sheet were added or deleted (to group `sheet:<id>`, as `sheet.changed`), with the sheet's comment counts
 * as they now stand — read once for everyone — unless they could not be read or are too many: then clients read them.
 */
export const commentsChangedEvent = z.object({
  type: z.literal('comments.changed'),
  sheetId: z.number(),
  at: z.string(),
  counts: commentCountsSchema.optional(),
});
export type CommentsChangedEvent = z.infer<typeof commentsChangedEvent>;

export const realtimeEvent = z.discriminatedUnion('type', [sheetChangedEvent, answerStaleEvent, jobProgressEvent, chatMessagesEvent, commentsChangedEvent]);
export type RealtimeEvent = SheetChangedEvent | AnswerStaleEvent | JobProgressEvent | ChatMessagesEvent | CommentsChangedEvent;

/**
 * What a client holding `localVersion` does with a `sheet.changed`: apply it when it
 * follows on directly, ignore it when already seen, refetch when it missed one
 * (or the event omits rows).
 */
export function planSheetUpdate(localVersion: number | undefined, event: Pick<SheetChangedEvent, 'version' | 'previousVersion' | 'rowsOmitted' | 'columnsChanged' | 'columns'>): 'apply' | 'ignore' | 'refetch' {
  if (localVersion === undefined) return 'refetch';
  if (event.version <= localVersion) return 'ignore';
  if (event.previousVersion !== localVersion || event.rowsOmitted || (event.columnsChanged && !event.columns)) return 'refetch';
  return 'apply';
}

/** The sheet after a `sheet.changed` that `planSheetUpdate` said to apply. */
export function applySheetChanged(sheet: Sheet, event: SheetChangedEvent): Sheet {
  const deleted = new Set(event.deletedRowIds);
  const changed = new Map(event.changedRows.map((r) => [r.id, r]));
  const rows = sheet.rows.filter((r) => !deleted.has(r.id) && !changed.has(r.id)).concat(event.changedRows);
  rows.sort((a, b) => a.rowNumber - b.rowNumber);
  return { ...sheet, version: event.version, columns: event.columns ?? sheet.columns, rows };
}

/** What changed between two versions of a sheet, for the push. */
export function diffSheets(before: Sheet, after: Sheet): { changedRows: Row[]; deletedRowIds: number[]; columnsChanged: boolean } {
  const old = new Map(before.rows.map((r) => [r.id, r]));
  const columnsChanged = JSON.stringify(before.columns) !== JSON.stringify(after.columns);
  const changedRows = after.rows.filter((r) => {
    const previous = old.get(r.id);
    // Where it stands in the outline and whether it is locked count too: an indent keeps the row's number.
    const placed = previous && previous.parentId === r.parentId && previous.locked === r.locked && previous.collapsed === r.collapsed;
    return !previous || !placed || columnsChanged || previous.rowNumber !== r.rowNumber || previous.modifiedAt !== r.modifiedAt || JSON.stringify(previous.values) !== JSON.stringify(r.values) || JSON.stringify(previous.shown) !== JSON.stringify(r.shown) || JSON.stringify(previous.formulas) !== JSON.stringify(r.formulas);
  });
  const present = new Set(after.rows.map((r) => r.id));
  return { changedRows, deletedRowIds: before.rows.filter((r) => !present.has(r.id)).map((r) => r.id), columnsChanged };
}
