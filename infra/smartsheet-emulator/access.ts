import { ADMIN_LEVELS, VIEW_ONLY_LEVELS } from '../../shared/sheet/model.js';
import type { TokenGrant } from './emulator-state.js';
import { errors } from './errors.js';
import type { StoredSheet } from './sheet-store.js';

/**
 * What a token's user may do with a sheet, as Smartsheet's sharing levels say: a Viewer or Commenter changes nothing
 * (403/1004); an Editor changes cells and rows, but not columns, nor locked columns and rows; an Admin or the owner
 * does all of it (help.smartsheet.com, "Sharing permission levels").
 */

/** The access the token's user has to the sheet: the token's own level, else the sheet's. */
export const levelOf = (stored: StoredSheet, grant: TokenGrant): string => grant.accessLevel ?? stored.sheet.accessLevel;

/** Whether the token's user is the sheet's owner or an admin of it: locks, column changes and sorting locked rows are theirs. */
export const isAdmin = (stored: StoredSheet, grant: TokenGrant): boolean => ADMIN_LEVELS.has(levelOf(stored, grant));

/** Refuses a change the token's user may not make (403/1004): any as Viewer or Commenter; one `forAdmins` as an Editor. */
export function mayChange(stored: StoredSheet, grant: TokenGrant, forAdmins = false): void {
  const level = levelOf(stored, grant);
  if (VIEW_ONLY_LEVELS.has(level) || (forAdmins && !ADMIN_LEVELS.has(level))) throw errors.forbidden();
}

/** Columns or rows as the token's user sees them: one locked is locked for them (`lockedForUser`) unless they are an admin. */
export function seenLocks<T extends { locked?: boolean; lockedForUser?: boolean }>(items: T[], level: string): T[] {
  if (!items.some((c) => c.locked)) return items;
  return items.map((c) => (c.locked ? { ...c, lockedForUser: !ADMIN_LEVELS.has(level) } : c));
}
