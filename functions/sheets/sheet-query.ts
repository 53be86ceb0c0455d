import { z } from 'zod';
import { SELECTION_MAX_ROWS } from '../../shared/api/limits.js';
import { compileFilter, QueryError, sortRows, withComputed } from '../../shared/query/engine.js';
import { columnOf } from '../../shared/query/filter.js';
import { amongRows } from '../../shared/query/row-numbers.js';
import { computedSchema, filterSchema, sortSchema } from '../../shared/query/query-types.js';
import type { Column, Row, Sheet } from '../../shared/sheet/model.js';
import { NotFoundError, ValidationError } from '../platform/errors.js';
import { validate } from '../platform/http.js';
import { numericId } from '../platform/request.js';
import { getServices } from '../platform/services.js';

const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .max(20_000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const querySchema = z
  .object({
    computed: json(computedSchema).optional(),
    filter: json(filterSchema).optional(),
    rowNumbers: z
      .string()
      .max(20_000)
      .optional()
      .transform((v) => v?.split(',').map(Number))
      .pipe(z.array(z.number({ message: 'are row numbers, separated by commas' }).int().min(1)).max(SELECTION_MAX_ROWS).optional()),
    sort: json(sortSchema).optional(),
    columns: z.string().max(4000).optional().transform((v) => v?.split(',').map((c) => c.trim()).filter(Boolean)),
  })
  .strict();

/** A query over the sheet as the caller sees it: its rows in order, and the columns asked for (else the visible ones). */
export interface SheetQueryResult {
  sheet: Sheet;
  rows: Row[];
  columns: Column[];
}

/**
 * `GET /api/sheets/{id}/…?filter=<json>&rowNumbers=3,4,5&sort=<json>&computed=<json>&columns=A,B` (the route's id and query): the
 * query a chat answer ran (computed columns after the sheet's own), over the caller's ready session on that sheet —
 * the version the chat and grid show. 404 without a ready session on the sheet; 400 for a query that does not fit it.
 */
export async function sheetQuery(userId: string, rawSheetId: unknown, rawQuery: Record<string, string>): Promise<SheetQueryResult> {
  const sheetId = validate(numericId, rawSheetId, 'sheet id');
  const options = validate(querySchema, rawQuery, 'query');
  const { sessionStore, sessions } = getServices();
  const candidates = (await sessionStore.listByUser(userId)).filter((s) => s.sheetId === sheetId).sort((a, b) => b.lastActiveAt.localeCompare(a.lastActiveAt));
  let snapshot: Sheet | undefined;
  for (const candidate of candidates) {
    snapshot = (await sessions.requireReady(userId, candidate.id).catch(() => undefined))?.sheet;
    if (snapshot) break;
  }
  if (!snapshot) throw new NotFoundError('Open a session on this sheet first: this reads the version you are looking at.');
  const today = new Date().toISOString().slice(0, 10);
  try {
    const { sheet } = withComputed(snapshot, options.computed, { today });
    const keep = amongRows(sheet.rows, options.rowNumbers, options.filter ? compileFilter(sheet, options.filter, { today }) : () => true);
    let rows = options.filter || options.rowNumbers ? sheet.rows.filter(keep) : sheet.rows;
    if (options.sort?.length) rows = sortRows(sheet, rows, options.sort);
    const columns = options.columns?.length ? options.columns.map((title) => columnOf(sheet, title)) : sheet.columns.filter((c) => !c.hidden);
    return { sheet, rows, columns };
  } catch (error) {
    if (error instanceof QueryError) throw new ValidationError(error.message);
    throw error;
  }
}
