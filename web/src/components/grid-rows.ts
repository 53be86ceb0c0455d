import { compareValues, isEmpty } from '../../../shared/query/compare';
import type { Column, Row, Sheet } from '../../../shared/sheet/model';
import { displayValue } from '../../../shared/sheet/values';
import { DATED, shownDate } from './value-shown';

/** How the grid is looking at the sheet: words searched for, a column sorted by, only the rows an answer cited. */
export interface GridRowsView {
  search: string;
  sort?: { columnId: number; dir: 1 | -1 } | undefined;
  /** Only these rows (the cited ones), when set. */
  only?: ReadonlySet<number> | undefined;
  /** Rows collapsed in the outline: the rows under them are hidden — but not from a search or the cited rows. */
  collapsed?: ReadonlySet<number> | undefined;
}

/** What a cell reads as, for search: as Smartsheet shows it, or its value — and a date as shown too ("Dec 1, 2026"). */
function cellTexts(column: Column, row: Row): string[] {
  const value = row.values[column.index] ?? null;
  const date = typeof value === 'string' && DATED.has(column.type) ? shownDate(value) : undefined;
  return [row.shown?.[column.index] ?? displayValue(value), ...(date ? [date] : [])];
}

/**
 * The rows the grid shows, in order: those citing the answer (when asked), holding the words searched for in a
 * shown column (as the cell reads) — with neither, those not under a collapsed row — sorted by a column (ties, and
 * empty cells always last, in the sheet's order).
 */
export function gridRows(sheet: Sheet, columns: readonly Column[], view: GridRowsView): Row[] {
  const needle = view.search.trim().toLowerCase();
  let list = view.only ? sheet.rows.filter((r) => view.only!.has(r.id)) : sheet.rows;
  if (needle) list = list.filter((r) => columns.some((c) => cellTexts(c, r).some((text) => text.toLowerCase().includes(needle))));
  else if (!view.only && view.collapsed?.size) {
    // Under a collapsed row, at any depth (a collapsed row under another is hidden too); a parent comes before its rows.
    const hidden = new Set<number>();
    for (const r of sheet.rows) if (r.parentId !== undefined && (view.collapsed.has(r.parentId) || hidden.has(r.parentId))) hidden.add(r.id);
    list = list.filter((r) => !hidden.has(r.id));
  }
  const column = view.sort && sheet.columns.find((c) => c.id === view.sort!.columnId);
  if (!column) return list;
  const dir = view.sort!.dir;
  return [...list].sort((a, b) => {
    const x = a.values[column.index] ?? null;
    const y = b.values[column.index] ?? null;
    const cmp = compareValues(x, y);
    return cmp === 0 ? a.rowNumber - b.rowNumber : isEmpty(x) || isEmpty(y) ? cmp : cmp * dir;
  });
}
