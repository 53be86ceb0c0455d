import type { z } from 'zod';
import { outlinePlaces, rowsUnder, type Row, type Sheet } from '../../shared/sheet/model.js';
import { moveInOutline, type OutlineRow } from '../../shared/sheet/row-moves.js';
import type { writeToolSchemas } from '../../shared/tools/write-tools.js';
import { capitalise } from '../../shared/util/capitalise.js';
import { numberRanges } from '../../shared/util/number-ranges.js';
import { plural } from '../../shared/util/plural.js';
import type { RowLocation } from '../smartsheet/smartsheet.port.js';
import type { ChangeSet, Conflict, RowMove, RowPlace } from './changeset.model.js';
import { placedRuns, placeNow } from './row-places.js';
import { ProposalError, rowCalled, rowsToChange, unlockedRows } from './write-targets.js';

/**
 * Moving rows (move_rows): the moves a proposal makes, checked by playing them on the snapshot's outline; what stands
 * in the way at approval; where the rows stood, kept when applied; and the moves that put them back.
 */

/** Rows a change set moves at most (each with the rows under it): its undo may take a call per place they came from. */
export const MAX_MOVES = 200;

type MoveArgs = z.infer<(typeof writeToolSchemas)['move_rows']>;

export function proposeMove(args: MoveArgs, sheet: Sheet, today: string): { moves: RowMove[]; summary: string; notes: string[] } {
  const chosen = unlockedRows(sheet, rowsToChange(sheet, args, today, 'No rows match, so nothing would move.'));
  // A row under another chosen row goes along with it: only the rows heading each family are moved.
  const byId = new Map(sheet.rows.map((r) => [r.id, r]));
  const ids = new Set(chosen.rows.map((r) => r.id));
  const carried = (row: Row): boolean => {
    const parent = row.parentId === undefined ? undefined : byId.get(row.parentId);
    return parent !== undefined && (ids.has(parent.id) || carried(parent));
  };
  const leading = chosen.rows.filter((r) => !carried(r));
  if (leading.length > MAX_MOVES) throw new ProposalError(`That would move ${leading.length} rows; a change set moves at most ${MAX_MOVES}. Narrow the filter, or sort the sheet instead.`);
  const family = new Set([...leading.map((r) => r.id), ...rowsUnder(sheet.rows, new Set(leading.map((r) => r.id))).map((r) => r.id)]);
  const { moves, said, skipped } = planMoves(args, sheet, leading, family);
  if (!moves.length) throw new ProposalError(skipped.join(' '));
  const after = outlineAfter(sheet.rows, moves);
  const unchanged = after.every((r, i) => r.id === sheet.rows[i]!.id && r.parentId === sheet.rows[i]!.parentId);
  if (unchanged) throw new ProposalError(`${leading.length === 1 ? `Row ${leading[0]!.rowNumber} is` : 'Those rows are'} already there, so nothing would move.`);
  const numberAfter = new Map(after.map((r, i) => [r.id, i + 1]));
  const along = family.size - leading.length;
  // The rows asked for (an outdent also moves the rows below one under it: said in a note).
  const asked = new Set(leading.map((r) => r.id));
  const moved = moves.flatMap((m) => m.rowIds.filter((id) => asked.has(id))).map((id) => byId.get(id)!);
  const named = moved.length === 1 ? rowCalled(sheet, moved[0]!) : `${plural(moved.length, 'row')} (rows ${moved.slice(0, 8).map((r) => r.rowNumber).join(', ')}${moved.length > 8 ? ', …' : ''})`;
  const notes = [
    ...chosen.notes,
    ...skipped,
    ...(along ? [`${along === 1 ? 'The row' : `The ${along} rows`} indented under ${moved.length === 1 ? 'it' : 'them'} ${along === 1 ? 'moves' : 'move'} with ${moved.length === 1 ? 'it' : 'them'}.`] : []),
    'Undo puts the rows back where they were.',
  ];
  return { moves: moves.map((m) => ({ ...m, rowNumbersAfter: m.rowIds.map((id) => numberAfter.get(id)!) })), summary: said(named), notes };
}

/** The moves `args` asks for, how to say them, and why rows are left where they are (indent / outdent). */
function planMoves(args: MoveArgs, sheet: Sheet, leading: readonly Row[], family: ReadonlySet<number>): { moves: RowMove[]; said: (rows: string) => string; skipped: string[] } {
  const one = (to: RowLocation): RowMove[] => [{ rowIds: leading.map((r) => r.id), rowNumbers: leading.map((r) => r.rowNumber), to }];
  if (args.to) return { moves: one(args.to === 'top' ? { toTop: true } : { toBottom: true }), said: (rows) => `Move ${rows} to the ${args.to} of the sheet`, skipped: [] };
  const anchorId = args.under ?? args.after ?? args.before;
  if (anchorId !== undefined) {
    const how = args.under !== undefined ? 'under' : args.after !== undefined ? 'just below' : 'just above';
    const anchor = sheet.rows.find((r) => r.id === anchorId);
    if (!anchor) throw new ProposalError(`There is no row ${anchorId} in this version of the sheet to move rows ${how}; find it with query_rows first.`);
    if (family.has(anchor.id)) throw new ProposalError(`${capitalise(rowCalled(sheet, anchor))} is being moved (or is under a row being moved), so rows cannot go ${how} it.`);
    const to: RowLocation = args.under !== undefined ? { parentId: anchor.id, toBottom: true } : args.after !== undefined ? { siblingId: anchor.id } : { siblingId: anchor.id, above: true };
    return { moves: one(to), said: (rows) => `Move ${rows} ${how} ${rowCalled(sheet, anchor)}`, skipped: [] };
  }
  // Indent: under the nearest row above at the same level that is not moving. Outdent, as Smartsheet's: one level up
  // where the row stands — just below its parent's rows, and the rows below it at its old level go under it (so no
  // row changes place); those are moved first, under it.
  const groups = new Map<string, RowMove>();
  const followers = new Map<Row, Row[]>();
  const skipped: Row[] = [];
  const lastAt = new Map<number | undefined, Row>();
  const outdentedAt = new Map<number, Row>();
  const moving = new Set(leading);
  for (const row of sheet.rows) {
    if (moving.has(row)) {
      const above = lastAt.get(row.parentId);
      const to: RowLocation | undefined = args.indent ? (above ? { parentId: above.id, toBottom: true } : undefined) : row.parentId !== undefined ? { siblingId: row.parentId } : undefined;
      if (!to) skipped.push(row);
      else {
        const key = JSON.stringify(to);
        const group = groups.get(key) ?? { rowIds: [], rowNumbers: [], to };
        groups.set(key, group);
        group.rowIds.push(row.id);
        group.rowNumbers.push(row.rowNumber);
        if (args.outdent) outdentedAt.set(row.parentId!, row);
      }
    } else if (!family.has(row.id)) {
      lastAt.set(row.parentId, row);
      const outdented = row.parentId === undefined ? undefined : outdentedAt.get(row.parentId);
      if (outdented) followers.set(outdented, [...(followers.get(outdented) ?? []), row]);
    }
  }
  const verb = args.indent ? 'Indent' : 'Outdent';
  const many = skipped.length > 1;
  const why = args.indent ? (many ? 'have no row above them at their level to go under' : 'has no row above it at its level to go under') : many ? 'are not indented' : 'is not indented';
  const left = skipped.length ? [`${many ? 'Rows' : 'Row'} ${skipped.map((r) => r.rowNumber).join(', ')} ${why}, so ${many ? 'they stay where they are' : 'it stays where it is'}.`] : [];
  const under = [...followers].map(([row, rows]): RowMove => ({ rowIds: rows.map((r) => r.id), rowNumbers: rows.map((r) => r.rowNumber), to: { parentId: row.id, toBottom: true } }));
  const goUnder = under.map((m) => `${m.rowIds.length === 1 ? 'Row' : 'Rows'} ${numberRanges(m.rowNumbers)}, below ${m.rowIds.length === 1 ? 'it' : 'them'} at ${m.rowIds.length === 1 ? 'its' : 'their'} level, ${m.rowIds.length === 1 ? 'goes' : 'go'} under row ${numberOf(sheet, (m.to as { parentId: number }).parentId)}.`);
  const moves = [...under, ...groups.values()];
  const single = groups.size === 1 && args.indent ? sheet.rows.find((r) => r.id === ([...groups.values()][0]!.to as { parentId: number }).parentId) : undefined;
  return { moves, said: (rows) => `${verb} ${rows}${single ? ` under ${rowCalled(sheet, single)}` : ''}`, skipped: [...left, ...goUnder] };
}

const numberOf = (sheet: Sheet, rowId: number) => sheet.rows.find((r) => r.id === rowId)!.rowNumber;

/** The outline after the moves, played in order on a copy. */
function outlineAfter(rows: readonly OutlineRow[], moves: readonly RowMove[]): OutlineRow[] {
  let outline = rows.map((r) => ({ id: r.id, ...(r.parentId !== undefined ? { parentId: r.parentId } : {}) }));
  for (const move of moves) {
    const byId = new Map(outline.map((r) => [r.id, r]));
    outline = moveInOutline(outline, move.rowIds.map((id) => byId.get(id)!), move.to!);
  }
  return outline;
}

/** Where each row a change set moves stands in `sheet`, top to bottom: what its revert puts back. */
export function placesOf(sheet: Sheet, moves: readonly RowMove[]): RowPlace[] {
  return [...outlinePlaces(sheet.rows, new Set(moves.flatMap((m) => m.rowIds)))].map(([rowId, place]) => ({ rowId, place }));
}

/**
 * Where a move's rows go, `present` the sheet's row ids: its place, or for an undo where they stood (placeNow: a row
 * beside them gone, first or last under their parent).
 */
export function moveLocation(move: RowMove, present: ReadonlySet<number>): RowLocation {
  if (move.to) return move.to;
  return placeNow(move.back!, (id) => (present.has(id) ? id : undefined));
}

/**
 * The moves that put rows back where they stood, top to bottom: a row that stood just below the one before it goes with
 * it — unless `moves` put it under a moved row (an outdent's rows below it): moved with that row, it would stay under it.
 */
export function movesBack(places: readonly RowPlace[], moves: readonly RowMove[], rowNumber: (rowId: number) => number | undefined): RowMove[] {
  const moved = new Set(moves.flatMap((m) => m.rowIds));
  const nested = new Set(moves.flatMap((m) => (m.to && 'parentId' in m.to && m.to.parentId !== undefined && moved.has(m.to.parentId) ? m.rowIds : [])));
  return placedRuns(places, (p) => p.rowId, (p) => p.place, (p) => nested.has(p.rowId)).map(({ items, at }) => ({ rowIds: items.map((p) => p.rowId), rowNumbers: items.map((p) => rowNumber(p.rowId) ?? 0), back: at }));
}

/**
 * What stands in the way of a change set's moves: before applying, a row to move deleted since, or the row to move
 * them beside deleted or now under a row being moved; before reverting, a moved row deleted since.
 */
export function moveConflicts(cs: ChangeSet, current: Sheet, expect: 'old' | 'new'): Conflict[] {
  if (!cs.moves?.length || (expect === 'new' && !cs.placesBefore)) return [];
  const rows = new Map(current.rows.map((r) => [r.id, r]));
  const moving = cs.moves.flatMap((m) => m.rowIds);
  const conflicts: Conflict[] = moving.filter((id) => !rows.has(id)).map((rowId) => ({ rowId, column: '(row)', expected: expect === 'old' ? 'a row to move' : 'a row that was moved', actual: 'row deleted' }));
  if (expect === 'new') return conflicts;
  // A row cannot go beside (or under) a row it carries along: each move's anchor checked against that move's rows.
  for (const move of cs.moves) {
    const to = move.to;
    const anchor = to && ('parentId' in to ? to.parentId : 'siblingId' in to ? to.siblingId : undefined);
    if (anchor === undefined) continue;
    const row = rows.get(anchor);
    const carried = new Set([...move.rowIds, ...rowsUnder(current.rows, new Set(move.rowIds)).map((r) => r.id)]);
    if (!row) conflicts.push({ rowId: anchor, column: '(row)', expected: 'the row to move rows beside', actual: 'row deleted' });
    else if (carried.has(anchor)) conflicts.push({ rowId: anchor, rowNumber: row.rowNumber, column: '(row)', expected: 'the row to move rows beside', actual: 'indented under a row being moved' });
  }
  return conflicts;
}
