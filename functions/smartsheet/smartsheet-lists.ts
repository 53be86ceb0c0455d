import type { SmartsheetCellHistory, SmartsheetColumn, SmartsheetDiscussion } from '../../shared/sheet/smartsheet-json.js';
import { fromCell } from '../../shared/sheet/values.js';
import type { CellChange, RowDiscussion, ThreadCount, Webhook } from './smartsheet.port.js';

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

/** Where a discussion is: on a row (`{rowId}`) or the sheet itself (`{}`); undefined for one on anything else. */
function placeOf(d: SmartsheetDiscussion): { rowId?: number } | undefined {
  if (d.parentType === 'ROW' && d.parentId !== undefined) return { rowId: d.parentId };
  return d.parentType === 'SHEET' ? {} : undefined;
}

/** A discussion on a row or on the sheet itself, its comments oldest first; undefined for one on anything else. */
export function toDiscussion(item: unknown): RowDiscussion | undefined {
  const d = item as SmartsheetDiscussion;
  const place = placeOf(d);
  return place && { id: d.id, ...place, comments: (d.comments ?? []).map((c) => ({ id: c.id, text: c.text ?? '', by: who(c.createdBy), at: c.createdAt ?? '' })) };
}

/** A thread's size and place (a discussion read without its comments); undefined for one on anything but a row or the sheet. */
export function toThreadCount(item: unknown): ThreadCount | undefined {
  const d = item as SmartsheetDiscussion;
  const place = placeOf(d);
  return place && { ...place, comments: d.commentCount ?? d.comments?.length ?? 0, ...(d.lastCommentedAt ? { lastAt: d.lastCommentedAt } : {}) };
}

/** One of a cell's past values, typed by its column; a formatted number with the text Smartsheet shows for it. */
export function toCellChange(item: unknown): CellChange {
  const h = item as SmartsheetCellHistory;
  const shown = typeof h.value === 'number' && h.displayValue && h.displayValue !== String(h.value) ? h.displayValue : undefined;
  return { value: fromCell({ type: (h.columnType ?? 'TEXT_NUMBER') as SmartsheetColumn['type'] }, h), ...(shown ? { shown } : {}), by: who(h.modifiedBy), at: h.modifiedAt ?? '' };
}

/** A webhook as Smartsheet answers it: its sheet is its scope object. */
export function toWebhook(raw: unknown): Webhook {
  const w = raw as { id: number; name: string; callbackUrl: string; scopeObjectId: number; enabled: boolean; status: string; sharedSecret: string };
  return { id: w.id, name: w.name, callbackUrl: w.callbackUrl, sheetId: w.scopeObjectId, enabled: w.enabled, status: w.status, sharedSecret: w.sharedSecret };
}

/**
 * Every webhook of the token, page by page: Smartsheet dropped includeAll from List webhooks (deprecated 2025-08-04),
 * which now answers at most 10,000 a page, newest first, with no totals — and the last page again for a page past the
 * end. So reading stops at a short page or one that adds nothing new; a webhook seen twice (created meanwhile) counts once.
 */
export async function readWebhookPages(fetchPage: (page: number) => Promise<{ data: unknown[] }>, pageSize: number): Promise<Webhook[]> {
  const byId = new Map<number, Webhook>();
  for (let page = 1; page <= MAX_LIST_PAGES; page++) {
    const { data } = await fetchPage(page);
    const known = byId.size;
    for (const webhook of data.map(toWebhook)) byId.set(webhook.id, webhook);
    if (data.length < pageSize || byId.size === known) break;
  }
  return [...byId.values()];
}
