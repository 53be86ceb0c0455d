import type { ColumnType } from '../../shared/sheet/smartsheet-json.js';
import { apiRoutes, type ApiContext, type ApiRequest } from './api-routes.js';
import { ACCESS_LEVELS, DEFAULT_TOKEN, type AccessLevel, type EmulatorConfig, type Fault } from './emulator-state.js';
import { errors } from './errors.js';
import { defaultSeed, emptySheet } from './seed.js';
import { addRows, deleteRows, updateRows, type RowInput, type StoredSheet } from './sheet-store.js';
import { seedHistory } from './cell-history.js';
import { addComment, commentEvents } from './discussions.js';

/**
 * The admin API for tests and demos (`/admin/…`, never part of Smartsheet's API):
 * seed and reset, edit as another user, inject faults, read the write log, tune limits.
 */
export interface AdminRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

const EXTERNAL_USER = { userId: 2002, email: 'colleague@example.com', name: 'A Colleague', sheets: 'all' as const };

function stored(ctx: ApiContext, id: string | undefined): StoredSheet {
  const sheet = ctx.state.sheets.get(Number(id));
  if (!sheet) throw errors.badSheet(id);
  return sheet;
}

/** Cells given by column title ({"Status": "Done"}) or as Smartsheet cells. */
function cellsFrom(sheet: StoredSheet, cells: unknown): RowInput['cells'] {
  if (Array.isArray(cells)) return cells as RowInput['cells'];
  return Object.entries((cells ?? {}) as Record<string, unknown>).map(([title, value]) => {
    const column = sheet.sheet.columns.find((c) => c.title === title);
    if (!column) throw errors.badColumn(title);
    const isObject = value !== null && typeof value === 'object';
    return isObject && !Array.isArray(value) && column.type === 'CONTACT_LIST'
      ? { columnId: column.id, objectValue: { objectType: 'CONTACT', ...(value as object) } }
      : typeof value === 'string' && value.startsWith('=')
        ? { columnId: column.id, formula: value }
        : { columnId: column.id, value };
  });
}

export function adminRoute(ctx: ApiContext, request: AdminRequest): unknown {
  const { method, path, body, query } = request;
  // An edit "in Smartsheet" by a colleague — or by the person it names (`by`), whose name its cells' history shows.
  const by = (body as { by?: { name?: string; email?: string } } | undefined)?.by;
  const editor = by?.name || by?.email ? { ...EXTERNAL_USER, ...(by.name ? { name: by.name } : {}), ...(by.email ? { email: by.email } : {}) } : EXTERNAL_USER;
  const asExternal = (sheet: StoredSheet): ApiRequest => ({ method, params: [String(sheet.sheet.id)], query, body, grant: editor });
  let match: RegExpExecArray | null;

  if (method === 'POST' && path === '/admin/reset') {
    ctx.state.seed(defaultSeed());
    for (const id of [...ctx.hooks.webhooks.keys()]) ctx.hooks.delete(id);
    ctx.state.changed();
    return { sheets: [...ctx.state.sheets.keys()] };
  }
  if (method === 'GET' && path === '/admin/sheets') return [...ctx.state.sheets.values()].map((s) => ({ id: s.sheet.id, name: s.sheet.name, version: s.sheet.version, rows: s.rows.length }));
  if (method === 'POST' && path === '/admin/sheets') {
    const input = body as { id?: number; name: string; accessLevel?: AccessLevel; columns: { title: string; type: ColumnType; options?: string[]; validation?: boolean; systemColumnType?: 'AUTO_NUMBER' | 'CREATED_DATE'; format?: string; locked?: boolean }[]; rows?: Record<string, unknown>[]; lockedRows?: number[]; collapsedRows?: number[] };
    if (!input?.name || !Array.isArray(input.columns) || input.columns.length === 0) throw errors.missingAttribute('name, columns');
    const id = input.id ?? 7_200_000_000_000_000 + ctx.state.sheets.size + Math.floor(Math.random() * 1e6);
    const sheet = emptySheet(id, input.name, input.columns.map((c) => [c.title, c.type, c.options, c.validation ? 'restricted' : c.systemColumnType, c.format]));
    if (input.accessLevel !== undefined && !ACCESS_LEVELS.includes(input.accessLevel)) throw errors.invalidRequest(`accessLevel is one of ${ACCESS_LEVELS.join(', ')}.`);
    // The access the emulator's default token has to it (the owner's unless said); columns the owner locked.
    if (input.accessLevel) sheet.sheet.accessLevel = input.accessLevel;
    input.columns.forEach((c, i) => c.locked && (sheet.sheet.columns[i]!.locked = true));
    if (input.rows?.length) addRows(sheet, input.rows.map((r) => ({ cells: cellsFrom(sheet, r) })), false);
    // Each value's history begins with it, written by the sheet's owner (the default token's user).
    const owner = ctx.state.tokens.get(DEFAULT_TOKEN);
    seedHistory(sheet, { name: owner?.name, email: owner?.email });
    // Rows the owner locked, by their place in `rows`.
    for (const at of input.lockedRows ?? []) if (sheet.rows[at]) sheet.rows[at]!.locked = true;
    // Rows collapsed in Smartsheet (expanded: false), by their place in `rows`.
    for (const at of input.collapsedRows ?? []) if (sheet.rows[at]) sheet.rows[at]!.expanded = false;
    sheet.sheet.version = 1;
    ctx.state.sheets.set(id, sheet);
    ctx.state.changed();
    return { id, version: sheet.sheet.version, columns: sheet.sheet.columns, rowIds: sheet.rows.map((r) => r.id) };
  }
  if ((match = /^\/admin\/sheets\/(\d+)$/.exec(path)) && method === 'GET') {
    const sheet = stored(ctx, match[1]);
    return { ...sheet.sheet, totalRowCount: sheet.rows.length, rows: sheet.rows };
  }
  if ((match = /^\/admin\/sheets\/(\d+)\/comments$/.exec(path)) && method === 'POST') {
    // A comment someone made in Smartsheet: on a row, or (no rowId) on the sheet; a new thread, or a reply with discussionId.
    const input = (body ?? {}) as { rowId?: number; text?: string; by?: { name?: string; email?: string }; at?: string; discussionId?: number };
    const sheet = stored(ctx, match[1]);
    const comment = addComment(sheet, { ...(input.rowId !== undefined ? { rowId: input.rowId } : {}), text: input.text, by: input.by ?? { name: 'Someone Else', email: 'someone@example.com' }, ...(input.at ? { at: input.at } : {}), ...(input.discussionId !== undefined ? { discussionId: input.discussionId } : {}) });
    ctx.hooks.notify(sheet.sheet.id, commentEvents(sheet, comment.id, 'created', { userId: editor.userId }));
    ctx.state.changed();
    return comment;
  }
  if ((match = /^\/admin\/sheets\/(\d+)\/external-edit$/.exec(path)) && method === 'POST') {
    const sheet = stored(ctx, match[1]);
    const edit = (body ?? {}) as { rowId?: number; cells?: unknown; add?: Record<string, unknown>[]; parentId?: number; delete?: number[] };
    const req = asExternal(sheet);
    if (edit.rowId !== undefined) {
      const cells = cellsFrom(sheet, edit.cells);
      const result = updateRows(sheet, [{ id: edit.rowId, cells }], false);
      ctx.recordChange(req, path, sheet.sheet.id, { rowIds: [edit.rowId], cells: (cells ?? []).map((c) => ({ rowId: edit.rowId!, columnId: Number(c.columnId) })) });
      return { version: result.version };
    }
    if (edit.add?.length) {
      const result = addRows(sheet, edit.add.map((r) => ({ cells: cellsFrom(sheet, r), ...(edit.parentId !== undefined ? { parentId: edit.parentId, toBottom: true } : {}) })), false);
      ctx.recordChange(req, path, sheet.sheet.id, { rowIds: result.rows.map((r) => r.id), created: true } as never);
      return { version: result.version, rowIds: result.rows.map((r) => r.id) };
    }
    if (edit.delete?.length) {
      const result = deleteRows(sheet, edit.delete, false);
      ctx.recordChange(req, path, sheet.sheet.id, { deletedRowIds: result.deleted });
      return { version: result.version };
    }
    throw errors.missingAttribute('rowId+cells, add or delete');
  }
  if (method === 'POST' && path === '/admin/tokens') {
    const input = body as { token: string; email?: string; name?: string; sheets?: number[] | 'all'; accessLevel?: AccessLevel };
    if (!input?.token) throw errors.missingAttribute('token');
    if (input.accessLevel !== undefined && !ACCESS_LEVELS.includes(input.accessLevel)) throw errors.invalidRequest(`accessLevel is one of ${ACCESS_LEVELS.join(', ')}.`);
    ctx.state.tokens.set(input.token, {
      userId: 3000 + ctx.state.tokens.size,
      email: input.email ?? `${input.token}@example.com`,
      name: input.name ?? input.token,
      sheets: input.sheets === undefined || input.sheets === 'all' ? 'all' : new Set(input.sheets.map(Number)),
      ...(input.accessLevel ? { accessLevel: input.accessLevel } : {}),
    });
    return { token: input.token };
  }
  if (path === '/admin/faults') {
    if (method === 'POST') return ctx.state.addFault(body as Omit<Fault, 'id'>);
    if (method === 'GET') return ctx.state.faults;
    if (method === 'DELETE') {
      ctx.state.faults = [];
      return { cleared: true };
    }
  }
  if (path === '/admin/write-log') {
    if (method === 'GET') {
      const sheetId = query.get('sheetId');
      return ctx.state.writeLog.filter((e) => !sheetId || e.sheetId === Number(sheetId));
    }
    if (method === 'DELETE') {
      ctx.state.writeLog = [];
      return { cleared: true };
    }
  }
  if (path === '/admin/config') {
    if (method === 'PUT') Object.assign(ctx.state.config, body as Partial<EmulatorConfig>);
    if (method === 'PUT' || method === 'GET') return ctx.state.config;
  }
  if (method === 'GET' && path === '/admin/webhooks') return [...ctx.hooks.webhooks.values()];
  if (method === 'GET' && path === '/admin/stats') return { rateLimited: ctx.state.rateLimited, writes: ctx.state.writeLog.length };
  if (path === '/admin/failing-rows') {
    if (method === 'PUT') ctx.state.failingRows = new Set(((body as { rowIds?: number[] } | undefined)?.rowIds ?? []).map(Number));
    return { rowIds: [...ctx.state.failingRows] };
  }
  // What Smartsheet does to a webhook whose callbacks keep failing (or that it disables for other reasons).
  if ((match = /^\/admin\/webhooks\/(\d+)\/disable$/.exec(path)) && method === 'POST') {
    const webhook = ctx.hooks.get(Number(match[1]));
    webhook.enabled = false;
    webhook.status = (body as { status?: typeof webhook.status } | undefined)?.status ?? 'DISABLED_CALLBACK_FAILED';
    return webhook;
  }
  if (method === 'GET' && path === '/admin/routes') return apiRoutes.map((r) => `${r.method} ${r.pattern.source}`);
  throw errors.notFound(`No admin route ${method} ${path}`);
}
