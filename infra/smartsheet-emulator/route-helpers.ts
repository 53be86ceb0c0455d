import { mayChange } from './access.js';
import type { ApiContext, ApiRequest } from './api-routes.js';
import { errors } from './errors.js';
import type { StoredSheet } from './sheet-store.js';

/** What the API routes share: Smartsheet's answer shapes and the sheet a request names, seen or changed by its token. */

export const ok = (result: unknown, version?: number) => ({ message: 'SUCCESS', resultCode: 0, ...(result !== undefined ? { result } : {}), ...(version !== undefined ? { version } : {}) });

/**
 * Offset pagination as Smartsheet documents it: pages of 100 unless told, and a page past the end answers the last
 * page. `tokenEra` lists (List webhooks since the 2025-08-04 deprecation) have no includeAll any more, at most 10,000
 * a page, and totals of -1.
 */
export function paged<T>(items: T[], query: URLSearchParams, tokenEra = false) {
  const includeAll = !tokenEra && query.get('includeAll') === 'true';
  const asked = Number(query.get('pageSize') ?? 100);
  const pageSize = includeAll ? Math.max(1, items.length) : tokenEra ? Math.min(asked, 10_000) : asked;
  const totalPages = Math.max(1, Math.ceil(items.length / pageSize));
  const page = includeAll ? 1 : Math.min(Number(query.get('page') ?? 1), totalPages);
  const data = items.slice((page - 1) * pageSize, page * pageSize);
  return { pageNumber: page, pageSize, totalPages: tokenEra ? -1 : totalPages, totalCount: tokenEra ? -1 : items.length, data };
}

export function sheetFor(ctx: ApiContext, req: ApiRequest, rawId: string | undefined): StoredSheet {
  const id = Number(rawId);
  const stored = ctx.state.sheets.get(id);
  if (!stored || !ctx.state.canSee(req.grant, id)) throw errors.badSheet(rawId);
  return stored;
}

/** The sheet a change is asked of, when the token's user may make it (mayChange; `forAdmins`: column changes). */
export function changed(ctx: ApiContext, req: ApiRequest, forAdmins = false): StoredSheet {
  const stored = sheetFor(ctx, req, req.params[0]);
  mayChange(stored, req.grant, forAdmins);
  return stored;
}
