import type { SmartsheetColumn, SmartsheetRow } from '../../shared/sheet/smartsheet-json.js';
import type { EmulatorState, TokenGrant } from './emulator-state.js';
import { errors } from './errors.js';
import { addRows, deleteRows, now, sortRows, totalRows, updateRows, type ChangeSummary, type RowInput, type StoredSheet } from './sheet-store.js';
import { addColumns, deleteColumn, updateColumn } from './column-store.js';
import { isAdmin, levelOf, seenLocks } from './access.js';
import { transferRoute } from './row-transfer.js';
import { changed, ok, paged, sheetFor } from './route-helpers.js';
import { discussionRoutes } from './discussion-routes.js';
import { cellHistoryRoutes } from './cell-history.js';
import type { Webhook, WebhookEvent, WebhookHub } from './webhooks.js';

/** What a route sees of the request. */
export interface ApiRequest {
  method: string;
  params: string[];
  query: URLSearchParams;
  body: unknown;
  grant: TokenGrant;
  changeAgent?: string;
  integrationSource?: string;
}

export interface ApiContext {
  state: EmulatorState;
  hooks: WebhookHub;
  /** Records a change: write log, webhook callbacks, persistence. */
  recordChange(request: ApiRequest, path: string, sheetId: number, change: Partial<ChangeSummary>): void;
}

type Handler = (ctx: ApiContext, req: ApiRequest, path: string) => unknown | Promise<unknown>;
export interface Route {
  method: string;
  pattern: RegExp;
  write?: boolean;
  handler: Handler;
}




function asRows(body: unknown): { rows: RowInput[]; single: boolean } {
  if (Array.isArray(body)) return { rows: body as RowInput[], single: false };
  if (body && typeof body === 'object') return { rows: [body as RowInput], single: true };
  throw errors.parse('Expected a row or an array of rows.');
}

function idList(text: string | null): number[] {
  if (!text) throw errors.missingAttribute('ids');
  const ids = text.split(',').map((s) => Number(s.trim()));
  if (ids.some((n) => !Number.isSafeInteger(n))) throw errors.parse('ids must be numbers.');
  return ids;
}

/** A response body already rendered to JSON text. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Whole-sheet responses rendered once per version: a 20k-row sheet is tens of MB of JSON. */
const rendered = new WeakMap<StoredSheet, { version: number; body: RawJson }>();

/** Columns without their format descriptors, which Smartsheet sends only when asked (include=format); cells' displayValue follows them always. */
const unformatted = (columns: SmartsheetColumn[]) => columns.map(({ format: _format, ...column }) => column);
/** The columns with their format descriptors when the request asks for them (include=format), without otherwise. */
const asked = (req: ApiRequest, columns: SmartsheetColumn[]) => ((req.query.get('include') ?? '').split(',').includes('format') ? columns : unformatted(columns));


/** The sheet as the token's user sees it: with the access they have to it and its columns as locked for them. */
const asSeenBy = (stored: StoredSheet, grant: TokenGrant) => ({ ...totalRows(stored), accessLevel: levelOf(stored, grant) });

/** GET /sheets/{id} with the documented query parameters. */
function getSheet(ctx: ApiContext, req: ApiRequest) {
  const stored = sheetFor(ctx, req, req.params[0]);
  const cap = ctx.state.config.sheetRowCap;
  const paged = req.query.has('page') || req.query.has('pageSize') || req.query.has('rowIds') || req.query.has('rowsModifiedSince');
  if (cap > 0 && !paged && stored.rows.length > cap) {
    const after = req.query.get('ifVersionAfter');
    if (after !== null && stored.sheet.version <= Number(after)) return { version: stored.sheet.version };
    return { ...asSeenBy(stored, req.grant), columns: unformatted(seenLocks(stored.sheet.columns, levelOf(stored, req.grant))), rows: seenLocks(stored.rows.slice(0, cap), levelOf(stored, req.grant)) };
  }
  if ([...req.query.keys()].length === 0 && !req.grant.accessLevel) {
    const cached = rendered.get(stored);
    if (cached?.version === stored.sheet.version) return cached.body;
    const body = new RawJson(JSON.stringify({ ...totalRows(stored), rows: seenLocks(stored.rows, stored.sheet.accessLevel), columns: unformatted(seenLocks(stored.sheet.columns, stored.sheet.accessLevel)) }));
    rendered.set(stored, { version: stored.sheet.version, body });
    return body;
  }
  const after = req.query.get('ifVersionAfter');
  if (after !== null && stored.sheet.version <= Number(after)) return { version: stored.sheet.version };
  let rows: SmartsheetRow[] = stored.rows;
  const rowIds = req.query.get('rowIds');
  if (rowIds) {
    const wanted = new Set(idList(rowIds));
    rows = rows.filter((r) => wanted.has(r.id));
  }
  const since = req.query.get('rowsModifiedSince');
  if (since) {
    const at = Date.parse(since);
    if (Number.isNaN(at)) throw errors.parse('rowsModifiedSince must be ISO-8601.');
    rows = rows.filter((r) => Date.parse(r.modifiedAt) >= at);
  }
  if (req.query.has('page') || req.query.has('pageSize')) {
    const pageSize = Number(req.query.get('pageSize') ?? 100);
    const page = Number(req.query.get('page') ?? 1);
    rows = rows.slice((page - 1) * pageSize, page * pageSize);
  }
  let columns: SmartsheetColumn[] = stored.sheet.columns;
  const columnIds = req.query.get('columnIds');
  const excludeEmpty = (req.query.get('exclude') ?? '').split(',').includes('nonexistentCells');
  if (columnIds || excludeEmpty) {
    const keep = columnIds ? new Set(idList(columnIds)) : undefined;
    if (keep) columns = columns.filter((c) => keep.has(c.id));
    rows = rows.map((r) => ({
      ...r,
      cells: r.cells.filter((c) => (!keep || keep.has(c.columnId)) && (!excludeEmpty || c.value !== undefined || c.objectValue !== undefined)),
    }));
  }
  columns = asked(req, seenLocks(columns, levelOf(stored, req.grant)));
  return { ...asSeenBy(stored, req.grant), columns, rows: seenLocks(rows, levelOf(stored, req.grant)) };
}

function rowWrite(kind: 'add' | 'update'): Handler {
  return (ctx, req, path) => {
    const stored = changed(ctx, req);
    const { rows, single } = asRows(req.body);
    // From someone who is not an owner or admin: locking refused; a cell of a locked column refuses the whole request; a locked row, itself.
    const editor = !isAdmin(stored, req.grant);
    if (editor) {
      if (rows.some((r) => r.locked !== undefined)) throw errors.forbidden();
      const locked = new Set(stored.sheet.columns.filter((c) => c.locked).map((c) => c.id));
      const cell = rows.flatMap((r) => r.cells ?? []).find((c) => locked.has(Number(c.columnId)));
      if (cell) throw errors.lockedColumn(Number(cell.columnId));
    }
    const refuse = (row: SmartsheetRow) => (ctx.state.failingRows.has(row.id) ? errors.typeViolation(`Injected failure for row ${row.id}.`) : editor && row.locked ? errors.lockedRow() : undefined);
    const partial = req.query.get('allowPartialSuccess') === 'true';
    const result = kind === 'add' ? addRows(stored, rows, partial) : updateRows(stored, rows, partial, refuse);
    const cells = result.rows.flatMap((r) => (rows.find((input) => Number(input.id) === r.id)?.cells ?? (kind === 'add' ? r.cells : [])).map((c) => ({ rowId: r.id, columnId: Number(c.columnId) })));
    if (result.rows.length) ctx.recordChange(req, path, stored.sheet.id, { rowIds: result.rows.map((r) => r.id), cells, ...(kind === 'add' ? { created: true } : {}) } as Partial<ChangeSummary>);
    const payload = single && !partial ? result.rows[0] : result.rows;
    if (result.failed.length === 0) return ok(payload, result.version);
    return {
      message: 'PARTIAL_SUCCESS',
      resultCode: 3,
      result: result.rows,
      version: result.version,
      failedItems: result.failed.map((f) => {
        const { errorCode, message, refId } = f.toJSON();
        return { index: f.index, ...(f.rowId !== undefined ? { rowId: f.rowId } : {}), error: { errorCode, message, refId } };
      }),
    };
  };
}

function webhookBody(webhook: Webhook) {
  return webhook;
}

export const apiRoutes: Route[] = [
  { method: 'GET', pattern: /^\/sheets$/, handler: (ctx, req) => paged([...ctx.state.sheets.values()].filter((s) => ctx.state.canSee(req.grant, s.sheet.id)).map((s) => ({ id: s.sheet.id, name: s.sheet.name, accessLevel: levelOf(s, req.grant), permalink: s.sheet.permalink, createdAt: s.sheet.createdAt, modifiedAt: s.sheet.modifiedAt })), req.query) },
  { method: 'GET', pattern: /^\/sheets\/(\d+)$/, handler: getSheet },
  { method: 'GET', pattern: /^\/sheets\/(\d+)\/version$/, handler: (ctx, req) => ({ version: sheetFor(ctx, req, req.params[0]).sheet.version }) },
  {
    method: 'GET',
    pattern: /^\/sheets\/(\d+)\/columns$/,
    handler: (ctx, req) => {
      const stored = sheetFor(ctx, req, req.params[0]);
      return paged(asked(req, seenLocks(stored.sheet.columns, levelOf(stored, req.grant))), req.query);
    },
  },
  {
    method: 'POST',
    pattern: /^\/sheets\/(\d+)\/columns$/,
    write: true,
    handler: (ctx, req, path) => {
      const stored = changed(ctx, req, true);
      const inputs = (Array.isArray(req.body) ? req.body : [req.body]) as Partial<SmartsheetColumn>[];
      const { columns, version } = addColumns(stored, inputs);
      ctx.recordChange(req, path, stored.sheet.id, { columnsChanged: true });
      return ok(Array.isArray(req.body) ? columns : columns[0], version);
    },
  },
  {
    method: 'PUT',
    pattern: /^\/sheets\/(\d+)\/columns\/(\d+)$/,
    write: true,
    handler: (ctx, req, path) => {
      const stored = changed(ctx, req, true);
      const { column, version } = updateColumn(stored, Number(req.params[1]), (req.body ?? {}) as Partial<SmartsheetColumn>);
      ctx.recordChange(req, path, stored.sheet.id, { columnsChanged: true });
      return ok(column, version);
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/sheets\/(\d+)\/columns\/(\d+)$/,
    write: true,
    handler: (ctx, req, path) => {
      const stored = changed(ctx, req, true);
      const version = deleteColumn(stored, Number(req.params[1]));
      ctx.recordChange(req, path, stored.sheet.id, { columnsChanged: true });
      return ok(undefined, version);
    },
  },
  {
    method: 'POST',
    pattern: /^\/sheets\/(\d+)\/sort$/,
    write: true,
    handler: (ctx, req, path) => {
      const stored = changed(ctx, req);
      // Sorting locked rows: an owner's or admin's (Smartsheet's 1223 for an editor).
      if (!isAdmin(stored, req.grant) && stored.rows.some((r) => r.locked)) throw errors.lockedSort();
      sortRows(stored, ((req.body ?? {}) as { sortCriteria?: [] }).sortCriteria ?? []);
      ctx.recordChange(req, path, stored.sheet.id, { rowIds: stored.rows.map((r) => r.id) });
      return totalRows(stored);
    },
  },
  { method: 'POST', pattern: /^\/sheets\/(\d+)\/rows$/, write: true, handler: rowWrite('add') },
  { method: 'PUT', pattern: /^\/sheets\/(\d+)\/rows$/, write: true, handler: rowWrite('update') },
  {
    method: 'DELETE',
    pattern: /^\/sheets\/(\d+)\/rows$/,
    write: true,
    handler: (ctx, req, path) => {
      const stored = changed(ctx, req);
      const { deleted, version } = deleteRows(stored, idList(req.query.get('ids')), req.query.get('ignoreRowsNotFound') === 'true', !isAdmin(stored, req.grant));
      if (deleted.length) ctx.recordChange(req, path, stored.sheet.id, { deletedRowIds: deleted });
      return ok(deleted, version);
    },
  },
  transferRoute,
  ...discussionRoutes,
  ...cellHistoryRoutes,
  {
    method: 'GET',
    pattern: /^\/webhooks$/,
    // Newest first, as Smartsheet sorts them since it dropped includeAll here.
    handler: (ctx, req) => paged([...ctx.hooks.webhooks.values()].filter((w) => ctx.state.canSee(req.grant, w.scopeObjectId)).map(webhookBody).reverse(), req.query, true),
  },
  {
    method: 'POST',
    pattern: /^\/webhooks$/,
    handler: (ctx, req) => {
      const input = (req.body ?? {}) as Partial<Webhook>;
      if (input.scopeObjectId) sheetFor(ctx, req, String(input.scopeObjectId));
      return ok(webhookBody(ctx.hooks.create(input)));
    },
  },
  { method: 'GET', pattern: /^\/webhooks\/(\d+)$/, handler: (ctx, req) => webhookBody(ctx.hooks.get(Number(req.params[0]))) },
  { method: 'PUT', pattern: /^\/webhooks\/(\d+)$/, handler: async (ctx, req) => ok(webhookBody(await ctx.hooks.update(Number(req.params[0]), (req.body ?? {}) as Partial<Webhook>))) },
  {
    method: 'DELETE',
    pattern: /^\/webhooks\/(\d+)$/,
    handler: (ctx, req) => {
      ctx.hooks.delete(Number(req.params[0]));
      return ok(undefined);
    },
  },
  { method: 'POST', pattern: /^\/webhooks\/(\d+)\/resetsharedsecret$/, handler: (ctx, req) => ok({ sharedSecret: ctx.hooks.resetSecret(Number(req.params[0])).sharedSecret }) },
];

/** The webhook events a change produces (sheet, row and cell level, as Smartsheet sends). */
export function changeEvents(sheetId: number, change: Partial<ChangeSummary> & { created?: boolean }, userId: number, changeAgent?: string): WebhookEvent[] {
  const base = { userId, timestamp: now(), ...(changeAgent ? { changeAgent } : {}) };
  const events: WebhookEvent[] = [{ objectType: 'sheet', eventType: 'updated', id: sheetId, ...base }];
  for (const rowId of change.rowIds ?? []) events.push({ objectType: 'row', eventType: change.created ? 'created' : 'updated', id: rowId, ...base });
  for (const cell of change.cells ?? []) events.push({ objectType: 'cell', eventType: change.created ? 'created' : 'updated', rowId: cell.rowId, columnId: cell.columnId, ...base });
  for (const rowId of change.deletedRowIds ?? []) events.push({ objectType: 'row', eventType: 'deleted', id: rowId, ...base });
  if (change.columnsChanged) events.push({ objectType: 'column', eventType: 'updated', ...base });
  return events;
}
