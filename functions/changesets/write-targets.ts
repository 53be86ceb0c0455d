import type { Computed, Filter } from '../../shared/query/query-types.js';
import { kindOf } from '../../shared/query/compare.js';
import { holdsNumbers, numberSaid } from '../../shared/query/columns.js';
import { compileFilter, computedSources, filterColumns, QueryError, WHOLE_ROW, withComputed } from '../../shared/query/engine.js';
import { noSuchColumn } from '../../shared/query/close-to.js';
import { filterHints } from '../../shared/query/hints.js';
import { rowsByNumber } from '../../shared/query/row-numbers.js';
import { columnByTitle, columnChangeReason, EDITOR_LEVELS, lockedForDelete, readOnlyReason, type Column, type Row, type Sheet } from '../../shared/sheet/model.js';
import { ForbiddenError, NotFoundError } from '../platform/errors.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import { displayValue, formulaIn, inOptionSpelling, validateValue, type SheetValue } from '../../shared/sheet/values.js';
import { capitalise } from '../../shared/util/capitalise.js';
import { plural } from '../../shared/util/plural.js';
import { asKnownContacts } from '../../shared/sheet/people.js';

/**
 * What a write names, checked against one snapshot: its columns and values, the rows it acts on (by filter — over
 * the sheet and any computed columns — by id or by number), values worked out per row, and the columns that chose
 * them (checked again at approval). Used by change sets, bulk jobs and cell edits; a mistake is a ProposalError the
 * model (or person) reads and can correct.
 */
export class ProposalError extends Error {}

/** The column a title names; a title naming none is refused, naming the columns a typo away and all of them. */
export function column(sheet: Sheet, title: string): Column {
  const found = columnByTitle(sheet, title);
  if (!found) throw new ProposalError(noSuchColumn(sheet, title));
  return found;
}

export function writable(sheet: Sheet, title: string): Column {
  const found = column(sheet, title);
  const why = unwritable(found);
  if (why) throw new ProposalError(why);
  return found;
}

/** Why a column cannot be written (calculated, or locked in Smartsheet for the app's account), or undefined. */
export function unwritable(col: Column): string | undefined {
  if (col.readOnly) return `Column "${col.title}" is calculated and cannot be written.`;
  if (col.locked) return lockedInSmartsheet(`Column "${col.title}"`);
  return undefined;
}

/** "row 5 (Design review)": a row as the grid numbers it, with its primary column's value when it has one. */
export function rowCalled(sheet: Sheet, row: Row): string {
  const primary = sheet.columns.find((c) => c.primary);
  const name = primary ? row.values[primary.index] : undefined;
  return `row ${row.rowNumber}${name !== undefined && name !== null && name !== '' ? ` (${displayValue(name)})` : ''}`;
}

/** `what` (a column, a row) is locked in Smartsheet for the app's account: said one way wherever it is refused. */
export const lockedInSmartsheet = (what: string): string => `${what} is locked in Smartsheet: only the sheet's owner and admins can change it.`;

/** A value as it will be written to the column: checked for its type, a picklist value in its option's spelling. */
export function typed(col: Column, value: unknown): SheetValue {
  const checked = validateValue(col, inOptionSpelling(col, value));
  if (!checked.ok) throw new ProposalError(checked.message);
  return checked.value;
}

/** Refuses any change to a sheet the app's Smartsheet account has `access` to as Viewer or Commenter, saying why (403). */
export function mustBeWritable(access: string | undefined): void {
  const reason = readOnlyReason(access);
  if (reason) throw new ForbiddenError(reason);
}

/** Refuses sorting a sheet that has locked rows where the app's account is an Editor (Smartsheet keeps that for Admins), saying why (403). */
export function maySortRows(access: string | undefined, sheet: Sheet): void {
  if (access && EDITOR_LEVELS.has(access) && sheet.rows.some((r) => r.locked)) {
    throw new ForbiddenError("This sheet has locked rows, and sorting a sheet with locked rows needs Admin access; ChatSheetAI's Smartsheet account is an Editor here. Ask the sheet's owner for Admin access, or sort it in Smartsheet.");
  }
}

/** Refuses adding, renaming or deleting a column where the app's account is an Editor (Smartsheet keeps those for Admins), saying why (403). */
export function mayChangeColumns(access: string | undefined): void {
  const reason = columnChangeReason(access);
  if (reason) throw new ForbiddenError(reason);
}

/** The person's ready session on this sheet and its snapshot, for their own edit in the grid: 404, 409 or 403 otherwise. */
export async function writableSession(sessions: Pick<SessionsService, 'requireReady'>, userId: string, sessionId: string, sheetId: number): ReturnType<SessionsService['requireReady']> {
  const ready = await sessions.requireReady(userId, sessionId);
  if (ready.session.sheetId !== sheetId) throw new NotFoundError('No such sheet in this session.');
  mustBeWritable(ready.session.access);
  return ready;
}

/**
 * Refuses (403) a write asked for on a session's behalf — approving, resuming, retrying, reverting — when its sheet is
 * one the app may only view now; a session since removed is not asked (Smartsheet still refuses what it must).
 */
export async function sessionMayWrite(sessions: Pick<SessionsService, 'get'>, userId: string, sessionId: string, comments = false): Promise<void> {
  const access = (await sessions.get(userId, sessionId).catch(() => undefined))?.value.access;
  if (comments) mayComment(access);
  else mustBeWritable(access);
}

/** Commenting needs Commenter access at least: refused as Viewer alone, saying why (403). */
export function mayComment(access: string | undefined): void {
  if (access === 'VIEWER') throw new ForbiddenError("This sheet is shared with ChatSheetAI's Smartsheet account as Viewer: questions are answered, but not even a comment can be added from here. Ask the sheet's owner to share it with Commenter access or more.");
}


/** A value for the column titled, as it will be written (asWritten). */
export function toWrite(sheet: Sheet, title: string, value: unknown): { col: Column; value: SheetValue } {
  const col = writable(sheet, title);
  // Written as a value, a formula would be its text in the cell: formulas are typed in the grid, where they are written as formulas.
  const formula = typeof value === 'string' ? formulaIn(value) : undefined;
  if (formula) throw new ProposalError(`${JSON.stringify(formula)} is a formula: changes from chat write values, not formulas. Type it into the ${col.title} cell in the grid (double-click it), where it is written as a formula.`);
  return { col, value: asWritten(sheet, col, value) };
}

/** A value as it will be written to the column: as meant (asMeant), then typed — for proposals, jobs and the grid's cell edits. */
export function asWritten(sheet: Sheet, col: Column, value: unknown): SheetValue {
  return typed(col, asMeant(sheet, col, value));
}

const LEADING_ZERO = /^\s*[-+]?0\d/;

/**
 * What a value said in words or loosely typed means for the column: a person as the contact the column holds; text
 * that reads as a number ("$12,000", "1,250.50", "50k", "$1.2M") as that number in a column of numbers
 * (holdsNumbers) — written as text, Smartsheet keeps it as text, which its SUM() and the column's number format pass
 * over; a percentage ("12%") as its fraction (0.12) in a column Smartsheet shows as percentages, and as said in any
 * other column, where 12 or 0.12 would be a guess (numberSaid); "yes" / "False" as a checkbox's true /
 * false; a one-item list as a dropdown's single option. A code with a leading zero ("02134") is left as said, since
 * the number would lose its zero.
 */
function asMeant(sheet: Sheet, col: Column, value: unknown): unknown {
  switch (col.type) {
    case 'TEXT_NUMBER':
      if (typeof value !== 'string' || LEADING_ZERO.test(value) || !holdsNumbers(sheet, col)) return value;
      return numberSaid(sheet, col, value) ?? value;
    case 'CHECKBOX': {
      const said = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
      return said === 'true' || said === 'yes' ? true : said === 'false' || said === 'no' ? false : value;
    }
    case 'PICKLIST':
      return Array.isArray(value) && value.length === 1 ? value[0] : value;
    default:
      return asKnownContacts(sheet, col, value);
  }
}

export { sameValue } from '../../shared/sheet/values.js';

/**
 * The rows a change may touch, leaving out those locked in Smartsheet for the app's account (only the sheet's owner and
 * admins change them) — for a delete, also a row with a locked row under it — with a note naming them; refused when
 * every row is locked.
 */
export function unlockedRows(sheet: Sheet, rows: Row[], deleting = false): { rows: Row[]; notes: string[] } {
  if (!sheet.rows.some((r) => r.locked)) return { rows, notes: [] };
  const locked = deleting ? lockedForDelete(sheet.rows) : new Set(rows.filter((r) => r.locked).map((r) => r.id));
  const left = rows.filter((r) => locked.has(r.id));
  if (left.length === 0) return { rows, notes: [] };
  const one = left.length === 1;
  const named = `${one ? 'row' : 'rows'} ${left.slice(0, 10).map((r) => r.rowNumber).join(', ')}${left.length > 10 ? ', …' : ''}`;
  const why = `locked in Smartsheet${deleting ? ', or with a locked row under it' : ''}: only the sheet's owner and admins can change ${one ? 'it' : 'them'}`;
  const kept = rows.filter((r) => !locked.has(r.id));
  if (kept.length === 0) throw new ProposalError(`${capitalise(named)} ${one ? 'is' : 'are'} ${why}.`);
  return { rows: kept, notes: [`${plural(left.length, 'row')} ${one ? 'is' : 'are'} left as ${one ? 'it is' : 'they are'} (${named}), ${why}.`] };
}

/** How a write names its rows: a filter (over the sheet and any computed columns), row ids, or the row numbers the user sees. */
type RowSelection = { filter?: unknown; computed?: Computed[]; rowIds?: number[]; rowNumbers?: number[] };

/** The rows a write acts on; none is an error the model can correct, naming filter values no row holds. */
export function rowsToChange(sheet: Sheet, args: RowSelection, today: string, nothing: string): Row[] {
  const rows = selectRows(sheet, args, today);
  if (rows.length === 0) throw new ProposalError([nothing, ...proposalErrors(() => filterHints(withComputed(sheet, args.computed, { today }).sheet, args.filter as Filter | undefined, { today }))].join(' '));
  return rows;
}

export function selectRows(sheet: Sheet, args: RowSelection, today: string): Row[] {
  if (args.rowNumbers) return proposalErrors(() => rowsByNumber(sheet.rows, args.rowNumbers!));
  if (args.rowIds) {
    const wanted = new Set(args.rowIds);
    const rows = sheet.rows.filter((r) => wanted.has(r.id));
    const missing = args.rowIds.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) throw new ProposalError(`Row id(s) not in this version of the sheet: ${missing.slice(0, 10).join(', ')}.`);
    return rows;
  }
  return proposalErrors(() => {
    // The filter may test computed columns ("Spent - Budget > 0"); the rows it keeps are the snapshot's own.
    const view = withComputed(sheet, args.computed, { today }).sheet;
    const keep = compileFilter(view, args.filter as never, { today });
    return sheet.rows.filter((_row, i) => keep(view.rows[i]!, i));
  });
}

/** A query's error as a proposal's (the model reads why and can correct the call). */
function proposalErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw error instanceof QueryError ? new ProposalError(error.message) : error;
  }
}

/**
 * Values worked out per row for `setComputed` (column → expression, over the row and the call's computed columns): each
 * column's value for a row, or null where the expression has none there (that cell is left as it is, and a note says
 * on how many rows); the sheet columns the expressions read, for the approval check. A date goes into a date column and
 * a number into a column of text or numbers; anything else is refused, naming both.
 */
export function workedOut(sheet: Sheet, setComputed: Record<string, string>, computed: Computed[] | undefined, today: string) {
  const wanted = Object.entries(setComputed).map(([title, expression], k) => ({ col: writable(sheet, title), expression, name: setName(k, title) }));
  const view = wanted.length ? proposalErrors(() => withComputed(sheet, [...(computed ?? []), ...wanted.map(({ name, expression }) => ({ name, expression }))], { today }).sheet) : sheet;
  const index = new Map(view.rows.map((r, i) => [r.id, i]));
  const columns = wanted.map((w) => {
    const at = columnByTitle(view, w.name)!;
    const dates = at.type === 'DATE';
    const kind = kindOf(w.col.type);
    if (dates !== (kind === 'date' || kind === 'datetime') || (!dates && kind !== 'text')) throw new ProposalError(`"${w.expression}" gives ${dates ? 'dates' : 'numbers'}; ${w.col.title} is a ${w.col.type} column.`);
    const valueOf = (row: Row): SheetValue => {
      const value = view.rows[index.get(row.id)!]!.values[at.index] ?? null;
      return value === null ? null : typed(w.col, value);
    };
    return { col: w.col, expression: w.expression, valueOf, skipped: 0 };
  });
  const reads = setComputedReads(sheet, setComputed, computed);
  const notes = () => columns.filter((c) => c.skipped).map((c) => `${c.col.title} stays as it is on ${plural(c.skipped, 'row')}: ${c.expression} has no value there (a blank date, text that is not a number, or a division by zero).`);
  return { columns, reads, notes };
}

/** The computed column a value to set is worked out in (a name no sheet column is likely to have). */
const setName = (k: number, title: string) => `#set ${k} ${title}`;

/** The ids of the columns titled (every column for WHOLE_ROW: when the row last changed), each once. */
const idsOf = (sheet: Sheet, titles: string[]) => [...new Set(titles.flatMap((title) => (title === WHOLE_ROW ? sheet.columns.map((c) => c.id) : (columnByTitle(sheet, title)?.id ?? []))))];

/** The sheet columns that values worked out per row (`setComputed`) read, through the call's computed columns. */
export function setComputedReads(sheet: Sheet, setComputed: Record<string, string>, computed: Computed[] | undefined): number[] {
  const wanted = Object.entries(setComputed).map(([title, expression], k) => ({ name: setName(k, title), expression }));
  const sources = computedSources([...(computed ?? []), ...wanted]);
  return idsOf(sheet, wanted.flatMap((w) => sources.get(w.name.toLowerCase()) ?? []));
}

/** The columns a filter reads that a change does not write: what chose its rows, checked again at approval. */
export function basisColumnIds(sheet: Sheet, filter: Filter | undefined, written: ReadonlySet<number>, computed?: Computed[]): number[] {
  const sources = computedSources(computed);
  const titles = filterColumns(filter).flatMap((title) => sources.get(title.trim().toLowerCase()) ?? [title]);
  return idsOf(sheet, titles).filter((id) => !written.has(id));
}
