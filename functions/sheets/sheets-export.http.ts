import { app } from '@azure/functions';
import { z } from 'zod';
import { compileFilter, QueryError, sortRows, withComputed } from '../../shared/query/engine.js';
import { computedSchema, filterSchema, sortSchema } from '../../shared/query/query-types.js';
import { columnOf } from '../../shared/query/filter.js';
import { displayValue } from '../../shared/sheet/values.js';
import { csvLine } from '../../shared/util/csv.js';
import { ValidationError } from '../platform/errors.js';
import { httpHandler, validate } from '../platform/http.js';
import { caller, numericId } from '../platform/request.js';
import { getServices } from '../platform/services.js';

const json = <T extends z.ZodType>(schema: T) => z.string().max(20_000).transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not JSON' });
    return z.NEVER;
  }
}).pipe(schema);

const query = z
  .object({
    computed: json(computedSchema).optional(),
    filter: json(filterSchema).optional(),
    sort: json(sortSchema).optional(),
    columns: z.string().max(4000).optional().transform((v) => v?.split(',').map((c) => c.trim()).filter(Boolean)),
  })
  .strict();

/**
 * GET /api/sheets/{id}/export?filter=<json>&sort=<json>&computed=<json>&columns=A,B: the sheet (or a
 * query over it, with any computed columns) as CSV, from the caller's ready session on that sheet — the version
 * the chat and grid show. Values as Smartsheet displays them; formula-looking text is
 * neutralised. 404 without a ready session on the sheet.
 */
export const sheetsExport = httpHandler(async (request) => {
  const { userId } = caller(request);
  const sheetId = validate(numericId, request.params.id, 'sheet id');
  const options = validate(query, Object.fromEntries(request.query.entries()), 'query');
  const { sessionStore, sessions } = getServices();
  const candidates = (await sessionStore.listByUser(userId)).filter((s) => s.sheetId === sheetId).sort((a, b) => b.lastActiveAt.localeCompare(a.lastActiveAt));
  let snapshot;
  for (const candidate of candidates) {
    snapshot = (await sessions.requireReady(userId, candidate.id).catch(() => undefined))?.sheet;
    if (snapshot) break;
  }
  if (!snapshot) return { status: 404, jsonBody: { error: { code: 'NOT_FOUND', message: 'Open a session on this sheet first; export reads the version you are looking at.' } } };
  const today = new Date().toISOString().slice(0, 10);
  let sheet, rows, columns;
  try {
    // Computed columns (as the chat's query worked them out) come after the sheet's own.
    sheet = withComputed(snapshot, options.computed, { today }).sheet;
    rows = options.filter ? sheet.rows.filter(compileFilter(sheet, options.filter, { today })) : sheet.rows;
    if (options.sort?.length) rows = sortRows(sheet, rows, options.sort);
    columns = options.columns?.length ? options.columns.map((title) => columnOf(sheet!, title)) : sheet.columns.filter((c) => !c.hidden);
  } catch (error) {
    if (error instanceof QueryError) throw new ValidationError(error.message);
    throw error;
  }
  const lines = [csvLine(columns.map((c) => c.title))];
  for (const row of rows) lines.push(csvLine(columns.map((c) => displayValue(row.values[c.index] ?? null))));
  const name = `${sheet.name.replace(/[^\w.-]+/g, '_') || 'sheet'}-v${sheet.version}.csv`;
  return {
    status: 200,
    body: `\uFEFF${lines.join('')}`,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'x-sheet-version': String(sheet.version), 'x-row-count': String(rows.length) },
  };
});

app.http('sheets-export', { route: 'sheets/{id}/export', methods: ['GET'], authLevel: 'anonymous', handler: sheetsExport });
