import { z } from 'zod';
import { JOB_STATUSES } from '../jobs/job-types.js';
import { formulaIn } from '../sheet/values.js';
import { MESSAGE_MAX, SELECTION_MAX_ROWS } from './limits.js';

/**
 * The HTTP contracts the browser and the functions share: request bodies the
 * functions validate with, and the shapes of what they answer. The web app's
 * types are inferred from these; a contract test checks the server's real
 * answers against them.
 */
const value: z.ZodType<unknown> = z.unknown();

export const sessionStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('loading') }),
  z.object({ status: z.literal('ready'), sheetVersion: z.number() }),
  z.object({ status: z.literal('failed'), reason: z.string(), retryable: z.boolean() }),
  z.object({ status: z.literal('expired') }),
]);

export const sessionViewSchema = z.object({
  sessionId: z.string(),
  sheetId: z.number(),
  sheetName: z.string().optional(),
  /** The app's access to the sheet (Smartsheet's level); VIEWER or COMMENTER: nothing can be changed. */
  access: z.string().optional(),
  state: sessionStateSchema,
  conversation: z.number().int(),
  /** Earlier conversations, newest first, named by their first message. */
  conversations: z.array(z.object({ conversation: z.number().int(), title: z.string(), startedAt: z.string() })).optional(),
  createdAt: z.string(),
  lastActiveAt: z.string(),
  /** Present while Smartsheet does not answer for the sheet: the session is read-only on its last snapshot. */
  smartsheet: z.object({ unreachableSince: z.string(), reason: z.string() }).optional(),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

export const sheetSummarySchema = z.object({ id: z.number(), name: z.string(), accessLevel: z.string(), modifiedAt: z.string() });
export type SheetSummary = z.infer<typeof sheetSummarySchema>;

export const chartDataSchema = z.object({ title: z.string(), labels: z.array(z.string()), series: z.array(z.object({ name: z.string(), values: z.array(z.number().nullable()) })) });
export type ChartData = z.infer<typeof chartDataSchema>;

/** `found`: how many rows a query_rows step matched (its answer may show fewer). */
export const toolStepSchema = z.object({ tool: z.string(), args: value, ok: z.boolean(), detail: z.string(), found: z.number().int().optional() });
export type ToolStep = z.infer<typeof toolStepSchema>;

export const messageSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  createdAt: z.string(),
  conversation: z.number().int(),
  clientMessageId: z.string().optional(),
  sheetVersion: z.number().optional(),
  citedRowIds: z.array(z.number()).optional(),
  stale: z.boolean().optional(),
  extra: z
    .object({
      steps: z.array(toolStepSchema).optional(),
      changeSetIds: z.array(z.string()).optional(),
      jobIds: z.array(z.string()).optional(),
      model: z.string().optional(),
      chart: chartDataSchema.optional(),
      /** A failed turn: what failed, and the request's correlation id to quote. */
      error: z.object({ code: z.string(), retryable: z.boolean(), reference: z.string().optional() }).optional(),
      replyTo: z.string().optional(),
      /** A user message's: the grid's selection it was sent with. */
      selection: z.object({ rowIds: z.array(z.number()), columnIds: z.array(z.number()).optional() }).optional(),
    })
    .optional(),
});
export type Message = z.infer<typeof messageSchema>;

/** A page of history: forward pages carry `next`; the newest messages (`?last=`) say whether there are `earlier` ones. */
export const messagesPageSchema = z.object({ messages: z.array(messageSchema), next: z.string().nullable(), earlier: z.boolean().optional() });

/** The id a client gives its message: a turn sent twice with it is one turn. */
export const clientMessageIdSchema = z.string().min(1).max(100).regex(/^[\w-]+$/, 'use letters, digits, - and _');

/** Cells selected in the grid when the person sent a message: "these", "the selected rows" in it mean them. */
export const gridSelectionSchema = z
  .object({
    rowIds: z.array(z.number().int().positive()).min(1).max(SELECTION_MAX_ROWS, `at most ${SELECTION_MAX_ROWS} rows`),
    columnIds: z.array(z.number().int().positive()).max(400).optional(),
  })
  .strict();
export type GridSelection = z.infer<typeof gridSelectionSchema>;
export const sendMessageRequest = z
  .object({
    clientMessageId: clientMessageIdSchema,
    text: z.string().trim().min(1, 'is empty').max(MESSAGE_MAX, `is longer than ${MESSAGE_MAX} characters`),
    selection: gridSelectionSchema.optional(),
  })
  .strict();
export const turnResultSchema = z.object({ userMessage: messageSchema, reply: messageSchema });
/** A stop asked for: false when the message has its answer already (nothing to stop). */
export const stopResultSchema = z.object({ stopping: z.boolean() });

export const changeSetStatusSchema = z.enum(['awaiting_approval', 'applying', 'applied', 'reverting', 'rejected', 'expired', 'conflict', 'failed', 'reverted']);
export const changeSetViewSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  sheetId: z.number(),
  status: changeSetStatusSchema,
  summary: z.string(),
  /** `oldFormula`: the formula a cell held (`old` the value it showed); `newFormula`: one an undo writes back. */
  cells: z.array(z.object({ rowId: z.number(), rowNumber: z.number(), columnId: z.number(), column: z.string(), old: value, new: value, oldFormula: z.string().optional(), newFormula: z.string().optional() })),
  /**
   * Where each added row goes: indented under `parentId` (after the rows there), just below or `above` a row
   * (`nextTo`), or — a deleted row an undo brings back (`restores`: its id then) — where it stood (`place`: under
   * `parentId`, just below `siblingId`, first when no sibling); at the bottom when none says.
   */
  addedRows: z.array(
    z.object({
      values: z.record(z.string(), value),
      parentId: z.number().optional(),
      nextTo: z.object({ siblingId: z.number(), above: z.literal(true).optional() }).optional(),
      place: z.object({ parentId: z.number().optional(), siblingId: z.number().optional() }).optional(),
      restores: z.number().optional(),
    }),
  ),
  deletedRows: z.array(z.object({ rowId: z.number().optional(), rowNumber: z.number().optional(), values: z.record(z.string(), value) })),
  /** A column added (its title, type and place), changed (renamed: `title`; new dropdown `options`) or deleted. */
  columnOp: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('add'), title: z.string(), type: z.string(), index: z.number(), options: z.array(z.string()).optional() }),
      z.object({ kind: z.literal('update'), columnId: z.number(), column: z.string(), title: z.string().optional(), options: z.array(z.string()).optional() }),
      z.object({ kind: z.literal('delete'), columnId: z.number(), column: z.string(), index: z.number() }),
    ])
    .optional(),
  /** A sort; `orderKept`: the order before it was kept when it was applied, so it can be reverted. */
  sort: z.array(z.object({ column: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']) })).optional(),
  orderKept: z.literal(true).optional(),
  /** Rows moved (each with the rows under it), one place after another: their numbers when proposed and, for a proposal, after the move. */
  moves: z.array(z.object({ rowIds: z.array(z.number()), rowNumbers: z.array(z.number()), rowNumbersAfter: z.array(z.number()).optional() })).optional(),
  /**
   * Rows sent to another sheet: moved out of this one or copied, to the bottom of `sheetName`; `back`: the undo of that
   * (a move's rows brought back, a copy's deleted there). `rows`: as they stood here, each with the rows under it.
   */
  transfer: z
    .object({
      mode: z.enum(['move', 'copy']),
      sheetId: z.number(),
      sheetName: z.string(),
      rows: z.array(z.object({ rowId: z.number().optional(), rowNumber: z.number().optional(), values: z.record(z.string(), value) })),
      addsColumns: z.array(z.string()).optional(),
      back: z.literal(true).optional(),
    })
    .optional(),
  /** Comments to post on rows, each a new thread (add_comment); `remove` on its undo, which deletes them. */
  comments: z.array(z.object({ rowId: z.number(), rowNumber: z.number(), text: z.string(), remove: z.literal(true).optional() })).optional(),
  /** What to know before approving (a picklist value that is not one of its options). */
  notes: z.array(z.string()).optional(),
  expiresAt: z.string(),
  appliedVersion: z.number().optional(),
  /** No `rowId`: the whole column (renamed, deleted, a title in the way). */
  conflicts: z.array(z.object({ rowId: z.number().optional(), rowNumber: z.number().optional(), column: z.string().optional(), expected: value, actual: value })).optional(),
  failures: z.array(z.object({ rowId: z.number().optional(), message: z.string() })).optional(),
  /** Why the last attempt (to apply, or to revert) did not finish. */
  error: z.string().optional(),
  /** A chat "undo": the change set it undoes (reverted once this one is applied). */
  revertOf: z.string().optional(),
  /** Rows added or deleted by the person in the grid (applied at once, undone there). */
  origin: z.literal('grid').optional(),
  /** A reverted deletion: the ids its rows came back with. */
  restoredRowIds: z.array(z.number()).optional(),
});
export type ChangeSetView = z.infer<typeof changeSetViewSchema>;


/**
 * A change set that only posts (or deletes) comments — what a sheet shared with the app as Commenter may still have:
 * the server's check and the browser's card share it.
 */
export function commentsOnly(cs: { comments?: readonly unknown[] | undefined; cells: readonly unknown[]; addedRows: readonly unknown[]; deletedRows: readonly unknown[]; moves?: readonly unknown[] | undefined; sort?: readonly unknown[] | undefined; reorder?: readonly unknown[] | undefined; columnOp?: unknown; transfer?: unknown }): boolean {
  return Boolean(cs.comments?.length) && !cs.cells.length && !cs.addedRows.length && !cs.deletedRows.length && !cs.moves?.length && !cs.sort?.length && !cs.reorder?.length && !cs.columnOp && !cs.transfer;
}

export const jobViewSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  sheetId: z.number(),
  kind: z.enum(['fill', 'update', 'delete', 'import']),
  summary: z.string(),
  notes: z.array(z.string()).optional(),
  status: z.enum(JOB_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
  baseVersion: z.number(),
  approvalExpiresAt: z.string().optional(),
  progress: z.object({ phase: z.string(), done: z.number(), total: z.number(), failed: z.number(), etaSeconds: z.number().optional() }),
});

const contact = z.object({ email: z.string().optional(), name: z.string().optional() }).strict();
/** A typed cell value on the wire (the column's type is checked on the server). */
export const sheetValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), contact, z.array(z.union([z.string(), contact]))]);
/** GET /api/sessions/{id}/cell-history?rowId=&columnId=: a cell's past values, newest first (Smartsheet's cell history). */
export const cellHistorySchema = z.object({
  rowId: z.number(),
  columnId: z.number(),
  changes: z.array(z.object({ value, shown: z.string().optional(), by: z.string(), at: z.string() })),
});
export type CellHistory = z.infer<typeof cellHistorySchema>;

/** GET /api/sessions/{id}/comments: how many comments each row has (rows with none left out), and the sheet itself. */
export const commentCountsSchema = z.object({
  rows: z.array(z.object({ rowId: z.number(), comments: z.number(), lastAt: z.string().optional() })),
  onSheet: z.number(),
});
export type CommentCounts = z.infer<typeof commentCountsSchema>;
/** `mine`: posted by the caller from the grid — theirs to delete (Smartsheet names the app's account as every such comment's author). */
const comment = z.object({ id: z.number(), text: z.string(), by: z.string(), at: z.string(), mine: z.literal(true).optional() });
/** GET /api/sessions/{id}/rows/{rowId}/comments: a row's threads, oldest first, each one's comments oldest first. */
export const rowCommentsSchema = z.object({ rowId: z.number(), threads: z.array(z.object({ id: z.number(), comments: z.array(comment) })) });
export type RowComments = z.infer<typeof rowCommentsSchema>;
/** GET /api/sessions/{id}/conversations: every thread on the sheet — on a row (`rowId`) or the sheet itself — newest comment first. */
export const conversationsSchema = z.object({ threads: z.array(z.object({ id: z.number(), rowId: z.number().optional(), comments: z.array(comment) })) });
export type Conversations = z.infer<typeof conversationsSchema>;
/** The most a comment may say (Smartsheet keeps 4,000 characters of a cell; a comment is held to the same). */
export const COMMENT_MAX = 4000;
/** POST /api/sessions/{id}/rows/{rowId}/comments (or …/conversations, on the sheet itself): a new thread, or (`discussionId`) a reply in one of its threads. */
export const commentPostRequest = z
  .object({
    text: z.string().trim().min(1, 'is empty').max(COMMENT_MAX, `is longer than ${COMMENT_MAX} characters`),
    discussionId: z.number().int().positive().optional(),
  })
  .strict();
export type CommentPostRequest = z.infer<typeof commentPostRequest>;
/** PATCH /api/sessions/{id}/comments/{commentId}: a comment's new text (signed again, as when posted). */
export const commentEditRequest = commentPostRequest.omit({ discussionId: true });
export type CommentEditRequest = z.infer<typeof commentEditRequest>;
export const commentPostedSchema = z.object({ rowId: z.number().optional(), discussionId: z.number(), commentId: z.number() });
export type CommentPosted = z.infer<typeof commentPostedSchema>;

/** A cell formula the person types ("=SUM(CHILDREN())"): written as the formula, and Smartsheet works out the value. */
const cellFormula = z.string().trim().refine((text) => formulaIn(text) !== undefined, 'is not a formula (it starts with =)').max(4000, 'is longer than 4,000 characters');
export const cellEditRequest = z
  .object({
    sessionId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'is not a valid id'),
    columnId: z.number().int().positive(),
    value: sheetValueSchema,
    expected: sheetValueSchema,
    /** Written instead of `value`, which is then what the cell shows until Smartsheet has worked the formula out. */
    formula: cellFormula.optional(),
  })
  .strict();
export type CellEditRequest = z.infer<typeof cellEditRequest>;
export const cellEditResponse = z.object({ version: z.number(), rowId: z.number(), columnId: z.number(), value });

/** At most this many cells in one paste (or its undo): one request, and one write to Smartsheet. */
export const MAX_CELLS_PER_EDIT = 5000;
export const cellsEditRequest = z
  .object({
    sessionId: cellEditRequest.shape.sessionId,
    cells: z
      .array(z.object({ rowId: z.number().int().positive(), columnId: z.number().int().positive(), value: sheetValueSchema, expected: sheetValueSchema, formula: cellFormula.optional() }).strict())
      .min(1)
      .max(MAX_CELLS_PER_EDIT, `at most ${MAX_CELLS_PER_EDIT} cells at once`),
  })
  .strict();
export type CellsEditRequest = z.infer<typeof cellsEditRequest>;
export const cellsEditResponse = z.object({
  version: z.number(),
  cells: z.array(z.object({ rowId: z.number(), columnId: z.number(), value })),
  refused: z.array(z.object({ rowId: z.number(), columnId: z.number(), message: z.string() })),
});
export type CellsEdited = z.infer<typeof cellsEditResponse>;


export const infoSchema = z.object({ version: z.string(), model: z.string(), environment: z.enum(['local', 'azure']) });
export const negotiateSchema = z.object({ url: z.string(), userId: z.string(), groups: z.array(z.string()) });
export const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string(), details: value.optional() }) });
