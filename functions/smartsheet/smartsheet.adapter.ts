import { createHash } from 'node:crypto';
import type { IPolicy } from 'cockatiel';
import { toColumn, toRow, toSheet, type Column, type Sheet } from '../../shared/sheet/model.js';
import type { SmartsheetColumn, SmartsheetSheet } from '../../shared/sheet/smartsheet-json.js';
import { toCell } from '../../shared/sheet/values.js';
import { readPages, readWebhookPages, toCellChange, toDiscussion, toThreadCount, toWebhook } from './smartsheet-lists.js';
import { chunkLocation, chunkOutcomes, chunks } from './row-chunks.js';
import { toSmartsheetError } from './smartsheet-errors.js';
import { policyFor, fromPolicyError, type ResilienceOptions } from './resilience.adapter.js';
import type { SheetWriteLock } from './sheet-write-lock.js';
import { createSdkClient, type BulkResponse, type SdkClient } from './smartsheet-client.adapter.js';
import {
  SmartsheetError,
  type CellChange,
  type CellWrite,
  type ColumnSpec,
  type LoadedSheet,
  type RowAdd,
  type RowDiscussion,
  type ThreadCount,
  type RowLocation,
  type RowOutcome,
  type RowUpdate,
  type SheetSummary,
  type SmartsheetPort,
  type Webhook,
  type WriteResult,
} from './smartsheet.port.js';

/** No documented per-call caps; these are the sizes Smartsheet handles well. */
export const ROWS_PER_WRITE = 500;
export const IDS_PER_DELETE = 375;
/** A sheet read page by page stops here (Smartsheet sheets hold at most 20,000 rows). */
const MAX_SHEET_PAGES = 1000;

export interface SmartsheetAdapterOptions extends ResilienceOptions {
  baseUrl: string;
  accessToken: string;
  changeAgent: string;
  /** Smartsheet's `smartsheet-integration-source` header ("AI,<organisation>,<name>"), on every request; none when unset. */
  integrationSource?: string;
  lock: SheetWriteLock;
  /** Items per page where Smartsheet only pages (List webhooks); 1,000 unless told. */
  listPageSize?: number;
}

/** The Smartsheet port over the official SDK, with retries, a breaker, timeouts, chunking and a per-sheet write lock. */
export class SmartsheetAdapter implements SmartsheetPort {
  readonly #client: SdkClient;
  readonly #policy: IPolicy;

  constructor(
    private readonly options: SmartsheetAdapterOptions,
    shared?: { client: SdkClient; policy: IPolicy },
  ) {
    this.#client = shared?.client ?? createSdkClient(options.baseUrl, options.accessToken, options.integrationSource ? { 'smartsheet-integration-source': options.integrationSource } : {});
    // Built once; the breaker inside is shared by every adapter using the same token.
    this.#policy = shared?.policy ?? policyFor(createHash('sha256').update(`${options.baseUrl}|${options.accessToken}`).digest('hex'), options);
  }

  /**
   * Holds the sheet's write lock for `work`, which gets this adapter as the holder: its writes to the sheet do not
   * take the lock again (writes through any other port would wait for it — work uses the port it is given).
   */
  exclusive<T>(sheetId: number, work: (port: SmartsheetPort) => Promise<T>): Promise<T> {
    const lock = this.options.lock;
    const holding: SheetWriteLock = { withLock: (id, inside) => (id === sheetId ? inside() : lock.withLock(id, inside)) };
    return lock.withLock(sheetId, () => work(new SmartsheetAdapter({ ...this.options, lock: holding }, { client: this.#client, policy: this.#policy })));
  }

  async #call<T>(what: string, run: (client: SdkClient) => Promise<T>): Promise<T> {
    try {
      return await this.#policy.execute(() => run(this.#client).catch((raw: unknown) => Promise.reject(toSmartsheetError(raw, what))), new AbortController().signal);
    } catch (error) {
      throw fromPolicyError(error, what, this.options.timeoutMs);
    }
  }

  #write<T>(what: string, sheetId: number, run: (client: SdkClient, agent: { changeAgent: string }) => Promise<T>): Promise<T> {
    return this.#call(what, (client) => run(client, { changeAgent: this.options.changeAgent }));
  }

  async listSheets(): Promise<SheetSummary[]> {
    const page = await this.#call('listing sheets', (c) => c.sheets.listSheets({ queryParameters: { includeAll: true } }));
    return (page.data as SheetSummary[]).map(({ id, name, accessLevel, modifiedAt, permalink }) => ({ id, name, accessLevel, modifiedAt, permalink }));
  }

  async getSheet(sheetId: number): Promise<LoadedSheet> {
    const json = await this.#whole(sheetId, (await this.#call(`loading sheet ${sheetId}`, (c) => c.sheets.getSheet({ id: sheetId }))) as SmartsheetSheet);
    return { ...toSheet(json), ...(json.accessLevel ? { accessLevel: json.accessLevel } : {}) };
  }

  /**
   * The sheet with every row. Smartsheet is bounding what its read endpoints answer at once (2025-08-04 deprecation):
   * a sheet answered with fewer rows than its totalRowCount is read on, page by page at that page's size, all at one
   * version — never a silently shorter sheet, whose answers would be wrong.
   */
  async #whole(sheetId: number, first: SmartsheetSheet): Promise<SmartsheetSheet> {
    const rows = [...(first.rows ?? [])];
    const total = first.totalRowCount ?? rows.length;
    const pageSize = rows.length;
    for (let page = 2; rows.length < total && pageSize > 0 && page <= MAX_SHEET_PAGES; page++) {
      const next = (await this.#call(`loading sheet ${sheetId} (rows from ${rows.length + 1})`, (c) => c.sheets.getSheet({ id: sheetId, queryParameters: { page, pageSize } }))) as SmartsheetSheet;
      if (next.version !== first.version) throw new SmartsheetError(`Sheet ${sheetId} changed while its ${total} rows were being read; read it again.`, 409, 4004, true);
      if (!next.rows?.length) break;
      rows.push(...next.rows);
    }
    if (rows.length < total) throw new SmartsheetError(`Smartsheet answered ${rows.length} of sheet ${sheetId}'s ${total} rows; nothing was loaded.`, 502, 4000, true);
    return { ...first, rows };
  }

  async getVersion(sheetId: number): Promise<number> {
    return (await this.#call(`reading the version of sheet ${sheetId}`, (c) => c.sheets.getSheetVersion({ sheetId }))).version;
  }

  async getRowsModifiedSince(sheetId: number, since: string, only: { rowIds?: readonly number[]; columnIds?: readonly number[] } = {}) {
    const queryParameters = { rowsModifiedSince: since, ...(only.rowIds ? { rowIds: only.rowIds.join(',') } : {}), ...(only.columnIds ? { columnIds: only.columnIds.join(',') } : {}) };
    const json = (await this.#call(`reading changes of sheet ${sheetId}`, (c) => c.sheets.getSheet({ id: sheetId, queryParameters }))) as SmartsheetSheet;
    const columns = [...json.columns].sort((a, b) => a.index - b.index);
    return { version: json.version, name: json.name, modifiedAt: json.modifiedAt, totalRowCount: json.totalRowCount ?? 0, ...(json.accessLevel ? { accessLevel: json.accessLevel } : {}), columns: columns.map(toColumn), rows: (json.rows ?? []).map((row) => toRow(columns, row)) };
  }

  async getSheetIfChanged(sheetId: number, version: number): Promise<Sheet | undefined> {
    const json = (await this.#call(`checking sheet ${sheetId}`, (c) => c.sheets.getSheet({ id: sheetId, queryParameters: { ifVersionAfter: version } }))) as SmartsheetSheet;
    return json.columns ? toSheet(await this.#whole(sheetId, json)) : undefined;
  }

  addColumns(sheetId: number, columns: ColumnSpec[]) {
    return this.options.lock.withLock(sheetId, async () => {
      const response = await this.#write(`adding columns to sheet ${sheetId}`, sheetId, (c, agent) => c.sheets.addColumn({ sheetId, body: columns, ...agent }));
      const result = (Array.isArray(response.result) ? response.result : [response.result]) as SmartsheetColumn[];
      return { version: response.version, columns: result.map(toColumn) };
    });
  }

  updateColumn(sheetId: number, columnId: number, patch: Partial<Pick<ColumnSpec, 'title' | 'options' | 'type' | 'index'>>) {
    return this.options.lock.withLock(sheetId, async () => {
      const response = await this.#write(`updating column ${columnId}`, sheetId, (c, agent) => c.sheets.updateColumn({ sheetId, columnId, body: patch, ...agent }));
      return { version: response.version, column: toColumn(response.result as SmartsheetColumn) };
    });
  }

  deleteColumn(sheetId: number, columnId: number) {
    return this.options.lock.withLock(sheetId, async () => {
      const response = await this.#write(`deleting column ${columnId}`, sheetId, (c, agent) => c.sheets.deleteColumn({ sheetId, columnId, ...agent }));
      return { version: response.version };
    });
  }

  sortSheet(sheetId: number, criteria: { columnId: number; direction: 'ASCENDING' | 'DESCENDING' }[]) {
    return this.options.lock.withLock(sheetId, async () => {
      const response = (await this.#write(`sorting sheet ${sheetId}`, sheetId, (c, agent) => c.sheets.sortRowsInSheet({ sheetId, body: { sortCriteria: criteria }, ...agent }))) as unknown as { version: number };
      return { version: response.version };
    });
  }

  #cells(cells: CellWrite[], columns: readonly Column[]) {
    return cells.map((cell) => {
      const column = columns.find((c) => c.id === cell.columnId);
      if (!column) throw new SmartsheetError(`Column ${cell.columnId} is not in the sheet.`, 400, 1036, false);
      return cell.formula !== undefined ? { columnId: column.id, formula: cell.formula } : toCell(column, cell.value);
    });
  }

  /**
   * Writes rows in chunks of 500 with partial success, one chunk at a time, under the sheet's lock; `send` is given
   * the outcomes so far (a later chunk of an insertion goes after the rows the earlier ones added).
   */
  async #bulk<T>(sheetId: number, rows: T[], what: string, send: (client: SdkClient, chunk: T[], agent: { changeAgent: string }, done: readonly RowOutcome[]) => Promise<BulkResponse>, idOf: (row: T) => number | undefined): Promise<WriteResult> {
    return this.options.lock.withLock(sheetId, async () => {
      const outcomes: RowOutcome[] = [];
      let version = 0;
      let requests = 0;
      for (const [n, chunk] of chunks(rows, ROWS_PER_WRITE).entries()) {
        const offset = n * ROWS_PER_WRITE;
        const response = await this.#write(`${what} (rows ${offset + 1}–${offset + chunk.length})`, sheetId, (c, agent) => send(c, chunk, agent, outcomes));
        requests++;
        version = response.version;
        outcomes.push(...chunkOutcomes(chunk, offset, response, idOf));
      }
      return { version, outcomes, requests };
    });
  }

  addRows(sheetId: number, rows: RowAdd[], columns: readonly Column[], location: RowLocation = { toBottom: true }): Promise<WriteResult> {
    const body = rows.map((row) => this.#cells(row.cells, columns));
    return this.#bulk(sheetId, body, `adding rows to sheet ${sheetId}`, (c, chunk, agent, done) => {
      const at = chunkLocation(location, done);
      return c.sheets.addRows({ sheetId, body: chunk.map((cells) => ({ ...at, cells })), queryParameters: { allowPartialSuccess: true }, ...agent });
    }, () => undefined);
  }

  updateRows(sheetId: number, rows: RowUpdate[], columns: readonly Column[]): Promise<WriteResult> {
    const body = rows.map((row) => ({ id: row.id, cells: this.#cells(row.cells, columns) }));
    return this.#bulk(sheetId, body, `updating rows of sheet ${sheetId}`, (c, chunk, agent) => c.sheets.updateRow({ sheetId, body: chunk, queryParameters: { allowPartialSuccess: true }, ...agent }), (row) => row.id);
  }

  moveRows(sheetId: number, rowIds: readonly number[], location: RowLocation): Promise<WriteResult> {
    return this.#bulk(sheetId, [...rowIds], `moving rows of sheet ${sheetId}`, (c, chunk, agent, done) => {
      const at = chunkLocation(location, done);
      return c.sheets.updateRow({ sheetId, body: chunk.map((id) => ({ id, ...at })), queryParameters: { allowPartialSuccess: true }, ...agent });
    }, (id) => id);
  }

  deleteRows(sheetId: number, rowIds: number[]) {
    return this.options.lock.withLock(sheetId, async () => {
      const deleted: number[] = [];
      let version = 0;
      let requests = 0;
      for (const ids of chunks(rowIds, IDS_PER_DELETE)) {
        const response = await this.#write(`deleting rows of sheet ${sheetId}`, sheetId, (c, agent) => c.sheets.deleteRows({ sheetId, queryParameters: { ids: ids.join(','), ignoreRowsNotFound: true }, ...agent }));
        requests++;
        version = response.version;
        deleted.push(...(response.result ?? []));
      }
      return { version, deleted, requests };
    });
  }

  getDiscussions(sheetId: number, rowId?: number): Promise<RowDiscussion[]> {
    const what = `reading the comments of sheet ${sheetId}`;
    return readPages((page) => this.#call(what, (c) => (rowId === undefined ? c.sheets.getDiscussions({ sheetId, queryParameters: { include: 'comments', ...page } }) : c.sheets.getRowDiscussions({ sheetId, rowId, queryParameters: { include: 'comments', ...page } }))), toDiscussion);
  }

  /** Each page counts as 10 requests against Smartsheet's rate limit: only as many pages as `limit` needs. */
  getCellHistory(sheetId: number, rowId: number, columnId: number, limit: number): Promise<CellChange[]> {
    const what = `reading the history of a cell of sheet ${sheetId}`;
    return readPages((page) => this.#call(what, (c) => c.sheets.getCellHistory({ sheetId, rowId, columnId, queryParameters: { include: 'columnType', ...page } })), toCellChange, limit);
  }

  getCommentCounts(sheetId: number): Promise<ThreadCount[]> {
    return readPages((page) => this.#call(`counting the comments of sheet ${sheetId}`, (c) => c.sheets.getDiscussions({ sheetId, queryParameters: page })), toThreadCount);
  }

  async addComment(sheetId: number, rowId: number | undefined, text: string, discussionId?: number): Promise<{ discussionId: number; commentId: number }> {
    const what = `commenting on ${rowId === undefined ? '' : `row ${rowId} of `}sheet ${sheetId}`;
    if (discussionId !== undefined) {
      const { result } = await this.#write(what, sheetId, (c, agent) => c.sheets.addDiscussionComment({ sheetId, discussionId, body: { text }, ...agent }));
      return { discussionId, commentId: result.id };
    }
    const body = { comment: { text } };
    const { result } = await this.#write(what, sheetId, (c, agent) => (rowId === undefined ? c.sheets.createDiscussion({ sheetId, body, ...agent }) : c.sheets.createRowDiscussion({ sheetId, rowId, body, ...agent })));
    return { discussionId: result.id, commentId: result.comments?.[0]?.id ?? 0 };
  }

  editComment(sheetId: number, commentId: number, text: string): Promise<boolean> {
    return this.#ifThere(this.#write(`editing comment ${commentId} of sheet ${sheetId}`, sheetId, (c, agent) => c.sheets.editComment({ sheetId, commentId, body: { text }, ...agent })));
  }

  deleteComment(sheetId: number, commentId: number): Promise<boolean> {
    return this.#ifThere(this.#write(`deleting comment ${commentId} of sheet ${sheetId}`, sheetId, (c, agent) => c.sheets.deleteComment({ sheetId, commentId, ...agent })));
  }

  /** A write to something that may be gone: true once done, false when Smartsheet no longer has it (404/1006). */
  async #ifThere(write: Promise<unknown>): Promise<boolean> {
    try {
      await write;
      return true;
    } catch (error) {
      if (error instanceof SmartsheetError && error.status === 404 && error.smartsheetCode === 1006) return false;
      throw error;
    }
  }

  transferRows(sheetId: number, rowIds: readonly number[], toSheetId: number, mode: 'move' | 'copy') {
    return this.options.lock.withLock(sheetId, async () => {
      const rowMap: { from: number; to: number }[] = [];
      for (const ids of chunks([...rowIds], ROWS_PER_WRITE)) {
        const request = { sheetId, body: { rowIds: ids, to: { sheetId: toSheetId } }, queryParameters: { include: 'attachments,discussions', ignoreRowsNotFound: true } };
        const response = await this.#write(`${mode === 'move' ? 'moving' : 'copying'} rows of sheet ${sheetId} to sheet ${toSheetId}`, sheetId, (c, agent) => (mode === 'move' ? c.sheets.moveRowToAnotherSheet({ ...request, ...agent }) : c.sheets.copyRowToAnotherSheet({ ...request, ...agent })));
        rowMap.push(...(response.rowMappings ?? []));
      }
      return { rowMap };
    });
  }

  async createWebhook(input: { name: string; callbackUrl: string; sheetId: number }): Promise<Webhook> {
    const body = { name: input.name, callbackUrl: input.callbackUrl, scope: 'sheet', scopeObjectId: input.sheetId, events: ['*.*'], version: 1 };
    return toWebhook((await this.#call('creating a webhook', (c) => c.webhooks.createWebhook({ body }))).result);
  }

  async enableWebhook(webhookId: number, callbackUrl?: string): Promise<Webhook> {
    const body = { enabled: true, ...(callbackUrl ? { callbackUrl } : {}) };
    return toWebhook((await this.#call(`enabling webhook ${webhookId}`, (c) => c.webhooks.updateWebhook({ webhookId, body }))).result);
  }

  listWebhooks(): Promise<Webhook[]> {
    const pageSize = this.options.listPageSize ?? 1000;
    return readWebhookPages((page) => this.#call('listing webhooks', (c) => c.webhooks.listWebhooks({ queryParameters: { page, pageSize } })), pageSize);
  }

  async deleteWebhook(webhookId: number): Promise<void> {
    await this.#call(`deleting webhook ${webhookId}`, (c) => c.webhooks.deleteWebhook({ webhookId }));
  }
}
