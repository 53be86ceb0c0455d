import { z } from 'zod';
import { COLUMN_TYPES, type ColumnType } from '../sheet/smartsheet-json.js';
import { cellEditRequest } from './contracts.js';

/**
 * The person's own structural edits in the grid — rows inserted, deleted, indented, moved; a column added, renamed or
 * deleted — each written at once as a change set whose revert is the undo: the requests and the answer.
 */

/** At most this many blank rows inserted at once from the grid; at most this many rows deleted at once (the rows under them included). */
export const MAX_ROWS_INSERTED = 50;
export const MAX_ROWS_DELETED = 1000;
const rowId = z.number().int().positive();
/** The grid's rows as the person saw them: the session, and the sheet version the grid showed. */
const rowsEditBasis = { sessionId: cellEditRequest.shape.sessionId, version: z.number().int().nonnegative() };
/** The rows the person chose (up to 1,000). */
const chosenRowIds = z.array(rowId).min(1).max(MAX_ROWS_DELETED, `at most ${MAX_ROWS_DELETED} rows at once`);
/** POST /api/sheets/{sheetId}/rows: blank rows, just below (`after`) or above (`before`) a row at its level, else at the end. */
export const rowsInsertRequest = z
  .object({ ...rowsEditBasis, count: z.number().int().min(1).max(MAX_ROWS_INSERTED).default(1), after: rowId.optional(), before: rowId.optional() })
  .strict()
  .refine((r) => r.after === undefined || r.before === undefined, 'give "after" or "before", not both');
/** POST /api/sheets/{sheetId}/rows/delete: these rows, with the rows indented under them (as Smartsheet deletes them). */
export const rowsDeleteRequest = z
  .object({ ...rowsEditBasis, rowIds: chosenRowIds })
  .strict();
/**
 * POST /api/sheets/{sheetId}/rows/indent: these rows one level in (under the row above each at its level) or out (one
 * level up where each stands, the rows below it at its old level going under it), as Smartsheet's Indent and Outdent.
 */
export const rowsIndentRequest = z
  .object({ ...rowsEditBasis, rowIds: chosenRowIds, direction: z.enum(['indent', 'outdent']) })
  .strict();
/**
 * POST /api/sheets/{sheetId}/rows/move: these rows, each with the rows under it, dragged to just below (`after`, below
 * the rows under it) or just above (`before`) a row, at its level.
 */
export const rowsMoveRequest = z
  .object({ ...rowsEditBasis, rowIds: chosenRowIds, after: rowId.optional(), before: rowId.optional() })
  .strict()
  .refine((r) => (r.after === undefined) !== (r.before === undefined), 'give "after" or "before" (the row to move them next to)');
/**
 * POST /api/sheets/{sheetId}/columns: a column added (`index`: where, 0 first), renamed or deleted from the grid's
 * column header. Adding, renaming and deleting columns needs Admin access to the sheet in Smartsheet.
 */
const columnTitle = z.string().trim().min(1).max(255);
const columnId = z.number().int().positive();
export const columnEditRequest = z.discriminatedUnion('op', [
  z.object({ ...rowsEditBasis, op: z.literal('add'), title: columnTitle, type: z.enum(COLUMN_TYPES.filter((t) => t !== 'PREDECESSOR') as [ColumnType, ...ColumnType[]]).default('TEXT_NUMBER'), index: z.number().int().min(0) }).strict(),
  z.object({ ...rowsEditBasis, op: z.literal('rename'), columnId, title: columnTitle }).strict(),
  z.object({ ...rowsEditBasis, op: z.literal('delete'), columnId }).strict(),
]);
export type ColumnEdit = z.infer<typeof columnEditRequest>;
/** Rows added, deleted, indented or moved in the grid (or a column changed there): the change set that did it (its revert is the undo), the new version and the rows. */
export const rowsEditResponse = z.object({ changeSetId: z.string(), version: z.number(), rowIds: z.array(z.number()), summary: z.string() });
export type RowsEdited = z.infer<typeof rowsEditResponse>;
