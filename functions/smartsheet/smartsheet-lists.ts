import type { SmartsheetCellHistory, SmartsheetColumn, SmartsheetDiscussion } from '../../shared/sheet/smartsheet-json.js';
import { fromCell } from '../../shared/sheet/values.js';
import type { CellChange, RowDiscussion } from './smartsheet.port.js';

/** A bound on pages read from one list, in case a service keeps answering the same page. */
export const MAX_LIST_PAGES = 100;
const PAGE_SIZE = 100;

/**
 * A Smartsheet list read page after page (offset paging, 100 a page) until its last page, or `enough` items: each item
 * kept as `take` reads it (undefined: left out).
 */
export async function readPages<T>(fetchPage: (query: { page: number; pageSize: number }) => Promise<{ data: unknown[]; totalPages?: number }>, take: (item: unknown) => T | undefined, enough = Infinity): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; items.length < enough && page <= MAX_LIST_PAGES; page++) {
    const { data, totalPages } = await fetchPage({ page, pageSize: PAGE_SIZE });
    for (const item of data) {
      const kept = take(item);
      if (kept !== undefined) items.push(kept);
    }
    if (data.length < PAGE_SIZE || page >= (totalPages ?? page)) break;
  }
  return items.slice(0, enough);
}

const who = (user: { name?: string; email?: string } | undefined) => user?.name || user?.email || 'someone';

/** A discussion on a row or on the sheet itself, its comments oldest first; undefined for one on anything else. */
export function toDiscussion(item: unknown): RowDiscussion | undefined {
  const d = item as SmartsheetDiscussion;
  const onRow = d.parentType === 'ROW' && d.parentId !== undefined;
  if (!onRow && d.parentType !== 'SHEET') return undefined;
  return { id: d.id, ...(onRow ? { rowId: d.parentId } : {}), comments: (d.comments ?? []).map((c) => ({ id: c.id, text: c.text ?? '', by: who(c.createdBy), at: c.createdAt ?? '' })) };
}

/** One of a cell's past values, typed by its column; a formatted number with the text Smartsheet shows for it. */
export function toCellChange(item: unknown): CellChange {
  const h = item as SmartsheetCellHistory;
  const shown = typeof h.value === 'number' && h.displayValue && h.displayValue !== String(h.value) ? h.displayValue : undefined;
  return { value: fromCell({ type: (h.columnType ?? 'TEXT_NUMBER') as SmartsheetColumn['type'] }, h), ...(shown ? { shown } : {}), by: who(h.modifiedBy), at: h.modifiedAt ?? '' };
}
