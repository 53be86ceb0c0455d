import type { SmartsheetCell, SmartsheetColumn, SmartsheetRow } from '../../shared/sheet/smartsheet-json.js';
import { rowsUnder } from '../../shared/sheet/model.js';
import { addColumns } from './column-store.js';
import { errors } from './errors.js';
import { CHILDREN_FORMULA, systemCell } from './cell-formulas.js';
import { carryDiscussions } from './discussions.js';
import { newId, now, renumber, touch, type ChangeSummary, type StoredSheet } from './sheet-store.js';
import { isAdmin, mayChange } from './access.js';
import type { Route } from './api-routes.js';
import { changed, sheetFor } from './route-helpers.js';

/**
 * Rows moved or copied to (the bottom of) another sheet, as Smartsheet's POST /sheets/{id}/rows/move and /rows/copy:
 * cells go to the destination's columns of the same title — a column it lacks is added to it (not a calculated one:
 * those values stay behind), and its calculated columns work their own values out; a row keeps its parent when the
 * parent goes too, else it goes in at the top level. A move takes the rows indented under a moved row along (as a
 * delete does) and takes them out of the source; the rows' comments go along (copied with a copy). The result pairs
 * each row's id with its new id.
 */
export function transferRows(source: StoredSheet, destination: StoredSheet, rowIds: readonly number[], mode: 'move' | 'copy', ignoreNotFound: boolean): { rowMappings: { from: number; to: number }[]; movedOut: number[] } {
  if (!Array.isArray(rowIds) || rowIds.length === 0) throw errors.missingAttribute('rowIds');
  if (source === destination) throw errors.invalidRequest('The destination sheet must be another sheet.');
  const present = new Set(source.rows.map((r) => r.id));
  const missing = rowIds.filter((id) => !present.has(Number(id)));
  if (missing.length && !ignoreNotFound) throw errors.notFound(`Row not found: ${missing[0]}`);
  const asked = new Set(rowIds.map(Number).filter((id) => present.has(id)));
  const going = mode === 'move' ? new Set([...asked, ...rowsUnder(source.rows, asked).map((r) => r.id)]) : asked;
  const rows = source.rows.filter((r) => going.has(r.id));
  if (!rows.length) return { rowMappings: [], movedOut: [] };
  const columns = destinationColumns(source, destination, rows);
  const stamp = now();
  const newIds = new Map(rows.map((r) => [r.id, newId()]));
  const added: SmartsheetRow[] = rows.map((row) => ({
    id: newIds.get(row.id)!,
    sheetId: destination.sheet.id,
    rowNumber: 0,
    ...(row.parentId !== undefined && newIds.has(row.parentId) ? { parentId: newIds.get(row.parentId)! } : {}),
    expanded: row.expanded ?? true,
    createdAt: stamp,
    modifiedAt: stamp,
    cells: destination.sheet.columns.map((column) => systemCell(destination, carried(row, columns.get(column.id), column, destination), stamp)),
  }));
  destination.rows.push(...added);
  carryDiscussions(source, destination, newIds, mode);
  renumber(destination);
  const version = touch(destination);
  for (const row of added) row.version = version;
  if (mode === 'move') {
    source.rows = source.rows.filter((r) => !going.has(r.id));
    renumber(source);
    touch(source);
  }
  return { rowMappings: rows.map((r) => ({ from: r.id, to: newIds.get(r.id)! })), movedOut: mode === 'move' ? rows.map((r) => r.id) : [] };
}

/** The source column each destination column takes its cells from (by title), adding the ones the destination lacks. */
function destinationColumns(source: StoredSheet, destination: StoredSheet, rows: readonly SmartsheetRow[]): Map<number, SmartsheetColumn> {
  const byTitle = new Map(destination.sheet.columns.map((c) => [c.title, c]));
  const used = (column: SmartsheetColumn) => rows.some((r) => r.cells.some((c) => c.columnId === column.id && (c.value !== undefined || c.objectValue !== undefined)));
  const lacking = source.sheet.columns.filter((c) => !byTitle.has(c.title) && !c.formula && !c.systemColumnType && used(c));
  if (lacking.length) {
    const { columns } = addColumns(destination, lacking.map((c, i) => ({ title: c.title, type: c.type, index: destination.sheet.columns.length + i, ...(c.options ? { options: c.options } : {}) })));
    for (const column of columns) byTitle.set(column.title, column);
  }
  const from = new Map<number, SmartsheetColumn>();
  for (const column of source.sheet.columns) {
    const to = byTitle.get(column.title);
    if (to) from.set(to.id, column);
  }
  return from;
}

/** A row's cell as it arrives in a destination column: empty there when calculated or when the source has no such column. */
function carried(row: SmartsheetRow, from: SmartsheetColumn | undefined, to: SmartsheetColumn, destination: StoredSheet): SmartsheetCell {
  const cell = from && !to.formula && !to.systemColumnType ? row.cells.find((c) => c.columnId === from.id) : undefined;
  if (!cell) return { columnId: to.id };
  const { columnId: _id, ...content } = cell;
  if (content.formula && CHILDREN_FORMULA.test(content.formula)) destination.hasFormulas = true;
  return { columnId: to.id, ...content };
}

/** POST /sheets/{id}/rows/move and /rows/copy `{rowIds, to: {sheetId}}` (`ignoreRowsNotFound`): `{destinationSheetId, rowMappings}`. */
export const transferRoute: Route = {
    method: 'POST',
    pattern: /^\/sheets\/(\d+)\/rows\/(move|copy)$/,
    write: true,
    handler: (ctx, req, path) => {
      const mode = req.params[1] as 'move' | 'copy';
      // Moving takes rows out of the source: an Editor's (locked rows an admin's); copying reads it only.
      const source = mode === 'move' ? changed(ctx, req) : sheetFor(ctx, req, req.params[0]);
      const body = (req.body ?? {}) as { rowIds?: number[]; to?: { sheetId?: number } };
      if (body.to?.sheetId === undefined) throw errors.missingAttribute('to.sheetId');
      const destination = sheetFor(ctx, req, String(body.to.sheetId));
      mayChange(destination, req.grant);
      const ids = new Set((body.rowIds ?? []).map(Number));
      if (mode === 'move' && !isAdmin(source, req.grant) && source.rows.some((r) => r.locked && ids.has(r.id))) throw errors.lockedDelete();
      const { rowMappings, movedOut } = transferRows(source, destination, body.rowIds ?? [], mode, req.query.get('ignoreRowsNotFound') === 'true');
      if (rowMappings.length) ctx.recordChange(req, path, destination.sheet.id, { rowIds: rowMappings.map((m) => m.to), created: true } as Partial<ChangeSummary>);
      if (movedOut.length) ctx.recordChange(req, path, source.sheet.id, { deletedRowIds: movedOut });
      return { destinationSheetId: destination.sheet.id, rowMappings };
    },
  };
