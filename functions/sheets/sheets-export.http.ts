import { app } from '@azure/functions';
import { displayValue } from '../../shared/sheet/values.js';
import { csvLine } from '../../shared/util/csv.js';
import { httpHandler } from '../platform/http.js';
import { caller } from '../platform/request.js';
import { sheetQuery } from './sheet-query.js';

/**
 * GET /api/sheets/{id}/export?filter=<json>&sort=<json>&computed=<json>&columns=A,B: the sheet (or a query over it,
 * with any computed columns) as CSV, from the caller's ready session on that sheet. Values as Smartsheet displays
 * them; formula-looking text is neutralised.
 */
export const sheetsExport = httpHandler(async (request) => {
  const { sheet, rows, columns } = await sheetQuery(caller(request).userId, request.params.id, Object.fromEntries(request.query.entries()));
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
