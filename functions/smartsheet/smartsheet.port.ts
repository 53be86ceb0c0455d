import type { Column, Row, Sheet } from '../../shared/sheet/model.js';
import type { ColumnType } from '../../shared/sheet/smartsheet-json.js';
import type { SheetValue } from '../../shared/sheet/values.js';
import { AppError } from '../platform/errors.js';

/** A whole sheet as read, with the access the token has to it (Smartsheet's `accessLevel`): the session keeps that. */
export type LoadedSheet = Sheet & { accessLevel?: string };

/** Everything the app asks of Smartsheet. The SDK lives behind this port. */
export interface SheetSummary {
  id: number;
  name: string;
  accessLevel: string;
  modifiedAt: string;
  permalink: string;
}

export interface CellWrite {
  columnId: number;
  value: SheetValue;
  /** Written as the cell's formula instead of the value (undo putting a formula back); Smartsheet works out the value. */
  formula?: string;
}

export interface RowUpdate {
  id: number;
  cells: CellWrite[];
}

export interface RowAdd {
  cells: CellWrite[];
}

/**
 * Where added rows go — one place for every row of a call, as Smartsheet requires (error 1123 otherwise): the top or
 * bottom of the sheet; the first children of `parentId`, or its last with `toBottom`; just below `siblingId` (after the
 * rows indented under it) at its level, or just above it with `above`. The rows keep their order there.
 */
export type RowLocation = { toTop: true } | { toBottom: true } | { parentId: number; toBottom?: true } | { siblingId: number; above?: true };

/** Per-row outcome of a bulk write: Smartsheet's partial success, surfaced row by row. */
export type RowOutcome = { index: number; ok: true; rowId: number } | { index: number; ok: false; rowId?: number; error: { code: number; message: string } };

export interface WriteResult {
  version: number;
  outcomes: RowOutcome[];
  requests: number;
}

export interface ColumnSpec {
  title: string;
  type: ColumnType;
  index: number;
  options?: string[];
}

export interface Webhook {
  id: number;
  name: string;
  callbackUrl: string;
  sheetId: number;
  enabled: boolean;
  status: string;
  sharedSecret: string;
}

/** A thread of comments on a row (or, no row, on the sheet itself), oldest comment first. */
export interface RowDiscussion {
  id: number;
  rowId?: number;
  comments: { id: number; text: string; by: string; at: string }[];
}

/** A thread's size and place: on a row, or (no row) on the sheet itself. */
export interface ThreadCount {
  rowId?: number;
  comments: number;
  lastAt?: string;
}

/** One of a cell's past values (Smartsheet's cell history): what it held (`shown` as Smartsheet shows a formatted number), who wrote it, when. */
export interface CellChange {
  value: SheetValue;
  shown?: string;
  by: string;
  at: string;
}

export interface SmartsheetPort {
  listSheets(): Promise<SheetSummary[]>;
  getSheet(sheetId: number): Promise<LoadedSheet>;
  getVersion(sheetId: number): Promise<number>;
  /**
   * Rows modified at or after `since`, plus the current columns, version and row count; only the rows and
   * columns named, when named (the rows' values follow the returned columns).
   */
  getRowsModifiedSince(sheetId: number, since: string, only?: { rowIds?: readonly number[]; columnIds?: readonly number[] }): Promise<{ version: number; name: string; modifiedAt: string; totalRowCount: number; accessLevel?: string; columns: Column[]; rows: Row[] }>;
  /** The sheet when its version is newer than `version`, else undefined. */
  getSheetIfChanged(sheetId: number, version: number): Promise<Sheet | undefined>;
  addColumns(sheetId: number, columns: ColumnSpec[]): Promise<{ version: number; columns: Column[] }>;
  updateColumn(sheetId: number, columnId: number, patch: Partial<Pick<ColumnSpec, 'title' | 'options' | 'type' | 'index'>>): Promise<{ version: number; column: Column }>;
  deleteColumn(sheetId: number, columnId: number): Promise<{ version: number }>;
  sortSheet(sheetId: number, criteria: { columnId: number; direction: 'ASCENDING' | 'DESCENDING' }[]): Promise<{ version: number }>;
  /** At the bottom of the sheet unless `location` says otherwise. */
  addRows(sheetId: number, rows: RowAdd[], columns: readonly Column[], location?: RowLocation): Promise<WriteResult>;
  updateRows(sheetId: number, rows: RowUpdate[], columns: readonly Column[]): Promise<WriteResult>;
  /** Moves rows, each with the rows indented under it, to `location`, keeping the order given. */
  moveRows(sheetId: number, rowIds: readonly number[], location: RowLocation): Promise<WriteResult>;
  deleteRows(sheetId: number, rowIds: number[]): Promise<{ version: number; deleted: number[]; requests: number }>;
  /** The comments on the sheet and its rows (on `rowId` alone when given): read live, they are not part of a sheet's version. */
  getDiscussions(sheetId: number, rowId?: number): Promise<RowDiscussion[]>;
  /** A cell's past values, newest first, at most `limit` (Smartsheet counts each page as 10 requests): read live, like comments. */
  getCellHistory(sheetId: number, rowId: number, columnId: number, limit: number): Promise<CellChange[]>;
  /** How many comments each thread on the sheet holds, and where it is (one light read: no comment text). */
  getCommentCounts(sheetId: number): Promise<ThreadCount[]>;
  /**
   * A comment by the app's account, on a row (or, `rowId` undefined, on the sheet itself): a new thread, or a reply in
   * the thread `discussionId`.
   */
  addComment(sheetId: number, rowId: number | undefined, text: string, discussionId?: number): Promise<{ discussionId: number; commentId: number }>;
  /** Replaces a comment's text (only its author — for the app, one it posted — may); false when it is gone. */
  editComment(sheetId: number, commentId: number, text: string): Promise<boolean>;
  /** Deletes a comment; false when it is gone already. */
  deleteComment(sheetId: number, commentId: number): Promise<boolean>;
  /**
   * Moves (out of this sheet) or copies rows to the bottom of another sheet, with their attachments and comments:
   * cells go to its columns of the same title (Smartsheet adds a column it lacks). Each row's id there, by its id here.
   */
  transferRows(sheetId: number, rowIds: readonly number[], toSheetId: number, mode: 'move' | 'copy'): Promise<{ rowMap: { from: number; to: number }[] }>;
  /**
   * Runs `work` with the sheet's writes held for it across every instance: a read, a check and the writes
   * inside are not interleaved with this app's other writers (edits made in Smartsheet itself still can be).
   * `work` reads and writes through the port it is given (the holder); the lock is not taken twice.
   */
  exclusive<T>(sheetId: number, work: (port: SmartsheetPort) => Promise<T>): Promise<T>;
  createWebhook(input: { name: string; callbackUrl: string; sheetId: number }): Promise<Webhook>;
  enableWebhook(webhookId: number, callbackUrl?: string): Promise<Webhook>;
  listWebhooks(): Promise<Webhook[]>;
  deleteWebhook(webhookId: number): Promise<void>;
}

/** A Smartsheet call that failed: our error type, with Smartsheet's code kept. */
export class SmartsheetError extends AppError {
  constructor(
    message: string,
    status: number,
    readonly smartsheetCode: number | undefined,
    retryable: boolean,
    details?: unknown,
  ) {
    super(status === 404 ? 'NOT_FOUND' : status === 400 ? 'BAD_REQUEST' : status === 403 ? 'FORBIDDEN' : 'DEPENDENCY_FAILED', message, status, { retryable, details });
  }
}

/** Smartsheet refused for the app's access to the sheet (403/1004): its sharing changed to view only, or was removed. */
export const refusedAccess = (error: unknown): boolean => error instanceof SmartsheetError && error.smartsheetCode === 1004;

/** Smartsheet's codes for a locked column (1039), a locked row written (1050) or deleted (1092) by one not an Admin. */
export const LOCKED_COLUMN_CODE = 1039;
export const LOCKED_ROW_CODE = 1050;
export const LOCKED_DELETE_CODE = 1092;

/** Smartsheet's codes for the app's own token: missing, invalid, expired. */
const TOKEN_CODES = new Set([1001, 1002, 1003]);

/**
 * A refusal no retry mends — the app's token, the sheet's sharing, the sheet gone, a request Smartsheet rejects —
 * said for the person (Smartsheet's code kept); undefined for an error a retry may get past.
 */
export function lastingRefusal(error: unknown): string | undefined {
  if (!(error instanceof SmartsheetError) || error.retryable) return undefined;
  const code = error.smartsheetCode;
  if (refusedAccess(error)) return "Smartsheet refused: the account the app signs in with may no longer change this sheet — its sharing was changed to view only, or removed (Smartsheet error 1004)";
  if (code === LOCKED_COLUMN_CODE) return `Smartsheet refused: a column it writes is locked — only the sheet's owner and admins can change it (Smartsheet error ${code})`;
  if (code === LOCKED_ROW_CODE || code === LOCKED_DELETE_CODE) return `Smartsheet refused: a row it changes is locked — only the sheet's owner and admins can change it (Smartsheet error ${code})`;
  if (code !== undefined && TOKEN_CODES.has(code)) return `Smartsheet no longer accepts the app's access token: it was revoked or has expired (Smartsheet error ${code})`;
  if (error.status === 404) return `The sheet is no longer in Smartsheet: deleted, or no longer shared with the app's account (Smartsheet error ${code ?? 404})`;
  return error.message;
}
