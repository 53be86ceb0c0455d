import type { z } from 'zod';
import { columnByTitle, VIEW_ONLY_LEVELS, withRowsUnder, type Column, type Sheet } from '../../shared/sheet/model.js';
import type { writeToolSchemas } from '../../shared/tools/write-tools.js';
import { plural } from '../../shared/util/plural.js';
import type { SheetSummary, SmartsheetPort } from '../smartsheet/smartsheet.port.js';
import type { ChangeSet, Conflict, RowTransfer, RowValues } from './changeset.model.js';
import { placedRuns, placeNow } from './row-places.js';
import { rowContent } from './changeset.builder.js';
import { deletionConflicts } from './changeset.diff.js';
import { ProposalError, rowCalled, rowsToChange, unlockedRows } from './write-targets.js';

/**
 * Rows sent to another sheet (move_rows with toSheet): the sheet they go to, the proposal, what stands in the way, the
 * writes, and their undo — a copy's rows deleted there, a move's brought back (with their comments and attachments)
 * and put where they stood.
 */

/** Rows a change set sends to another sheet at most (each with the rows under it): one Smartsheet call. */
export const MAX_TRANSFER = 500;

/** The sheet rows go to, as the proposal reads it: its columns (to say which Smartsheet will add). */
export interface TransferTarget {
  id: number;
  name: string;
  columns: Column[];
}

type MoveArgs = z.infer<(typeof writeToolSchemas)['move_rows']>;

/** A sheet name's words, for matching: lower case, accents and punctuation aside. */
const wordsOf = (name: string) => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * The sheet `said` among those shared with the app: its id, its name in any case, else the one sheet whose name holds
 * every word said ("archive" → "Project Archive"; the card names the sheet before anything is sent). Refused with the
 * names it could be.
 */
export async function transferTarget(smartsheet: SmartsheetPort, said: string, from: Sheet): Promise<TransferTarget> {
  const sheets = await smartsheet.listSheets();
  const wanted = said.trim().toLowerCase();
  const words = wordsOf(said);
  const exact = sheets.filter((s) => String(s.id) === wanted || s.name.trim().toLowerCase() === wanted);
  const found = exact.length || !words.length ? exact : sheets.filter((s) => s.id !== from.id && words.every((w) => wordsOf(s.name).includes(w)));
  const names = (list: readonly SheetSummary[]) => `${list.slice(0, 12).map((s) => `"${s.name}"`).join(', ')}${list.length > 12 ? ', …' : ''}`;
  if (found.length === 0) {
    const others = sheets.filter((s) => s.id !== from.id);
    throw new ProposalError(`No sheet called "${said}" is shared with the app${others.length ? `; the others are ${names(others)}` : ''}.`);
  }
  if (found.length > 1 && exact.length) throw new ProposalError(`${found.length} sheets are called "${found[0]!.name}" (ids ${found.map((s) => s.id).join(', ')}); give the id of the one meant.`);
  if (found.length > 1) throw new ProposalError(`No sheet is called "${said}"; ${found.length} have it in their name: ${names(found)}. Say which.`);
  const target = found[0]!;
  if (target.id === from.id) throw new ProposalError(`"${target.name}" is this sheet: to move rows within it, give "to", "under", "after" or "before" instead.`);
  if (VIEW_ONLY_LEVELS.has(target.accessLevel)) throw new ProposalError(`"${target.name}" is shared with the app's account as ${target.accessLevel.charAt(0)}${target.accessLevel.slice(1).toLowerCase()}, so rows cannot go there; its owner can give Editor access.`);
  // Its columns alone: a read with no rows.
  const { columns } = await smartsheet.getRowsModifiedSince(target.id, new Date().toISOString());
  return { id: target.id, name: target.name, columns };
}

/** The proposal: the rows (each with the rows under it) and what the person should know before approving. */
export function proposeTransfer(args: MoveArgs, sheet: Sheet, today: string, target: TransferTarget): Pick<ChangeSet, 'transfer' | 'summary' | 'notes'> {
  const move = !args.copy;
  const chosen = rowsToChange(sheet, args, today, `No rows match, so nothing would be ${move ? 'moved' : 'copied'}.`);
  // Moving takes rows out of this sheet: not a locked one (nor one with a locked row under it) for an editor. A copy reads them.
  const kept = move ? unlockedRows(sheet, chosen, true) : { rows: chosen, notes: [] };
  const { rows, under } = withRowsUnder(sheet.rows, kept.rows);
  if (rows.length > MAX_TRANSFER) throw new ProposalError(`That would ${move ? 'move' : 'copy'} ${rows.length} rows; a change set sends at most ${MAX_TRANSFER} to another sheet. Narrow the filter.`);
  const content = rowContent(sheet, rows);
  const lacking = sheet.columns.filter((c) => !c.readOnly && !columnByTitle(target, c.title) && rows.some((r) => (r.values[c.index] ?? null) !== null));
  const named = rows.length === 1 ? rowCalled(sheet, rows[0]!) : `${plural(rows.length, 'row')} (rows ${rows.slice(0, 8).map((r) => r.rowNumber).join(', ')}${rows.length > 8 ? ', …' : ''})`;
  const notes = [
    ...kept.notes,
    ...(under.length ? [`The ${plural(under.length, 'row')} indented under ${kept.rows.length === 1 ? 'it' : 'them'} ${under.length === 1 ? 'goes' : 'go'} too, still indented.`] : []),
    ...(lacking.length ? [`"${target.name}" has no column ${lacking.map((c) => `"${c.title}"`).join(', ')}: Smartsheet adds ${lacking.length === 1 ? 'it' : 'them'} to it.`] : []),
    move
      ? `The rows leave this sheet for the bottom of "${target.name}", with their comments and attachments; undo brings them back where they were.`
      : `Copies go to the bottom of "${target.name}"; the rows here stay as they are. Undo deletes the copies.`,
  ];
  const transfer: RowTransfer = { mode: move ? 'move' : 'copy', sheetId: target.id, sheetName: target.name, rows: content, ...(lacking.length ? { addsColumns: lacking.map((c) => c.title) } : {}) };
  return { transfer, notes, summary: `${move ? 'Move' : 'Copy'} ${named} to "${target.name}"` };
}

/**
 * What stands in the way of sending rows (before applying): a row deleted since, or not as shown — a cell edited, a
 * row indented under one since (checked as a delete's rows are: `deletion`).
 */
export function transferConflicts(rows: readonly RowValues[], current: Sheet, what: string): Conflict[] {
  const present = new Set(current.rows.map((r) => r.id));
  const gone = rows.filter((r) => !present.has(r.rowId!)).map((r) => ({ rowId: r.rowId!, ...(r.rowNumber !== undefined ? { rowNumber: r.rowNumber } : {}), column: '(row)', expected: what, actual: 'row deleted' as const }));
  return [...gone, ...deletionConflicts(rows, current)];
}

/** The rows of an applied transfer as they stand in the other sheet (by their ids there). */
export function rowsThere(transfer: RowTransfer): RowValues[] {
  if (!transfer.rowMap) throw new ProposalError('Where the rows went in the other sheet was not recorded, so they cannot be brought back automatically.');
  const there = new Map(transfer.rowMap.map((m) => [m.from, m.to]));
  return transfer.rows.flatMap((r) => (there.has(r.rowId!) ? [{ ...r, rowId: there.get(r.rowId!)! }] : []));
}

/**
 * Writes a transfer, `sheet` (this one, as read under its write lock): sends the rows, or for an undo deletes the
 * copies there, or moves the rows back and puts them where they stood. The new version here, and (sent) each row's id in the other sheet.
 */
export async function writeTransfer(smartsheet: SmartsheetPort, cs: ChangeSet, sheet: Sheet): Promise<{ version: number; rowMap?: { from: number; to: number }[]; failures: string[] }> {
  const t = cs.transfer!;
  if (!t.back) {
    const { rowMap } = await smartsheet.transferRows(cs.sheetId, t.rows.map((r) => r.rowId!), t.sheetId, t.mode);
    const version = t.mode === 'move' ? await versionAfter(smartsheet, cs.sheetId, sheet) : sheet.version;
    const missing = t.rows.length - rowMap.length;
    return { version, rowMap, failures: missing > 0 ? [`${plural(missing, 'row')} did not reach "${t.sheetName}".`] : [] };
  }
  const there = rowsThere(t);
  if (t.mode === 'copy') {
    await smartsheet.deleteRows(t.sheetId, there.map((r) => r.rowId!));
    return { version: sheet.version, failures: [] };
  }
  // Moved back, they arrive at the bottom, still indented among themselves; then each run of rows that stood together goes to its place.
  const { rowMap } = await smartsheet.transferRows(t.sheetId, there.map((r) => r.rowId!), cs.sheetId, 'move');
  const hereAgain = new Map(rowMap.map((m) => [m.from, m.to]));
  const fromThere = new Map(t.rowMap!.map((m) => [m.from, m.to]));
  const newId = new Map(t.rows.flatMap((r) => { const id = hereAgain.get(fromThere.get(r.rowId!)!); return id === undefined ? [] : [[r.rowId!, id] as const]; }));
  const present = new Set(sheet.rows.map((r) => r.id));
  const idNow = (id: number) => newId.get(id) ?? (present.has(id) ? id : undefined);
  const moving = new Set(t.rows.map((r) => r.rowId!));
  const leading = t.rows.filter((r) => newId.has(r.rowId!) && r.place && !(r.place.parentId !== undefined && moving.has(r.place.parentId)));
  let version = 0;
  for (const run of placedRuns(leading, (r) => r.rowId!, (r) => r.place!)) {
    version = (await smartsheet.moveRows(cs.sheetId, run.items.map((r) => newId.get(r.rowId!)!), placeNow(run.at, idNow))).version;
  }
  const lost = t.rows.length - newId.size;
  return { version: version || (await versionAfter(smartsheet, cs.sheetId, sheet)), failures: lost > 0 ? [`${plural(lost, 'row')} could not be brought back from "${t.sheetName}".`] : [] };
}

/**
 * The sheet's version after rows left or arrived (the move calls answer none). The rows have gone by then: a failed
 * read must not lose where they went — the version read before stands, and the reconciliation timer announces the change.
 */
const versionAfter = (smartsheet: SmartsheetPort, sheetId: number, before: Sheet): Promise<number> => smartsheet.getVersion(sheetId).catch(() => before.version);
