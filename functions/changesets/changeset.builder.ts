import type { z } from 'zod';
import type { Filter } from '../../shared/query/query-types.js';
import { holdsNumbers } from '../../shared/query/columns.js';
import { toNumber } from '../../shared/query/compare.js';
import { columnByTitle, outlinePlaces, withRowsUnder, type Column, type Row, type Sheet } from '../../shared/sheet/model.js';
import type { ColumnType } from '../../shared/sheet/smartsheet-json.js';
import { displayValue, unlistedOptions, type SheetValue } from '../../shared/sheet/values.js';
import { nameOnly } from '../../shared/sheet/people.js';
import { writeToolSchemas, type WriteToolName } from '../../shared/tools/write-tools.js';
import type { CellChange, ChangeSet, ColumnCell, ColumnOp, RowValues } from './changeset.model.js';
import { addCalls, MAX_RESTORE_CALLS, restoredRows } from './row-places.js';
import { plural } from '../../shared/util/plural.js';
import { describeIssues } from '../../shared/util/issues.js';
import { basisColumnIds, column, ProposalError, rowCalled, rowsToChange, sameValue, toWrite, unlockedRows, workedOut } from './write-targets.js';
import { proposeMove } from './row-moves.js';
import { proposeTransfer, type TransferTarget } from './row-transfers.js';

/**
 * Builds a change set's content from a write tool call, against one snapshot.
 * Pure: no I/O. Bad input (unknown column, invalid value, nothing to change) is
 * an error the model sees and can correct.
 */
export type Proposal = Pick<ChangeSet, 'tool' | 'summary' | 'cells' | 'basisColumnIds' | 'addedRows' | 'deletedRows' | 'notes' | 'columnOp' | 'sort' | 'reorder' | 'moves' | 'transfer' | 'comments' | 'revertOf'>;

/** Caps that keep a change set reviewable; bigger edits are bulk jobs. */
export const MAX_CELLS = 2000;
export const MAX_DELETES = 1000;
/** Rows a change set comments on at most. */
export const MAX_COMMENTS = 50;

/** Cells about to be written that hold a formula of their own; a change set's undo writes them back, a job has no undo. */
export function formulaNotes(sheet: Sheet, cells: readonly { rowId: number; columnId: number }[], undo: 'undoable' | 'final'): string[] {
  const rows = new Map(sheet.rows.map((r) => [r.id, r]));
  const hit = cells.flatMap((c) => {
    const row = rows.get(c.rowId);
    const col = sheet.columns.find((k) => k.id === c.columnId);
    const formula = row && col ? row.formulas?.[col.index] : undefined;
    return formula ? [{ row: row!, col: col!, formula }] : [];
  });
  if (!hit.length) return [];
  const first = hit[0]!;
  return [`${plural(hit.length, 'cell')} to be written ${hit.length === 1 ? 'holds' : 'hold'} a formula (${first.col.title} on row ${first.row.rowNumber}: ${first.formula}${hit.length > 1 ? ', …' : ''}); the value replaces it${undo === 'undoable' ? ', and undo writes the formula back' : ''}.`];
}

/**
 * Notes on values that will be written as typed but are worth a look: a value a picklist does not list ("Done" where
 * Status offers Complete), text in a column of numbers ("TBD" in Budget: totals and averages leave it out).
 */
export function valueNotes(sheet: Sheet, values: { col: Column; value: SheetValue }[]): { notes?: string[] } {
  const unlisted = new Map<Column, Set<string>>();
  const notNumbers = new Map<Column, Set<string>>();
  const people = new Set<string>();
  const add = (into: Map<Column, Set<string>>, col: Column, text: string) => into.set(col, (into.get(col) ?? new Set()).add(`"${text}"`));
  for (const { col, value } of values) {
    for (const text of unlistedOptions(col, value)) add(unlisted, col, text);
    if (typeof value === 'string' && toNumber(value) === undefined && holdsNumbers(sheet, col)) add(notNumbers, col, value);
    for (const { name, could } of nameOnly(sheet, col, value)) {
      const [whom, fix] = could.length > 1 ? [`could be ${could.map((c) => c.name ?? c.email).sort().join(' or ')}`, 'say the full name or the email'] : [`is none of the people in ${col.title}`, 'give their email'];
      people.add(`"${name}" ${whom}: Smartsheet keeps it as the name, not as anyone's contact — ${fix} to make it one.`);
    }
  }
  const listed = (texts: Set<string>) => [...texts].join(', ');
  const notes = [
    ...[...unlisted].map(([col, texts]) => `${listed(texts)} ${texts.size === 1 ? 'is not one of' : 'are not among'} ${col.title}'s options (${col.options!.join(', ')}); Smartsheet will store ${texts.size === 1 ? 'it' : 'them'} as typed.`),
    ...[...notNumbers].map(([col, texts]) => `${col.title} holds numbers; ${listed(texts)} ${texts.size === 1 ? 'is' : 'are'} text, which totals and averages of ${col.title} leave out.`),
    ...people,
  ];
  return notes.length ? { notes } : {};
}

const valuesOf = (sheet: Sheet, row: Row): Record<string, SheetValue> => Object.fromEntries(sheet.columns.map((c) => [c.title, row.values[c.index] ?? null]));
/** A column's non-empty cells, with the formulas they hold. */
export function columnCells(sheet: Sheet, col: Column): ColumnCell[] {
  return sheet.rows.flatMap((r) => {
    const value = r.values[col.index] ?? null;
    const formula = r.formulas?.[col.index];
    return value === null && !formula ? [] : [{ rowId: r.id, value, ...(formula ? { formula } : {}) }];
  });
}

/** Rows as a deletion keeps them: where each stands, its values and formulas by column title — enough to put it back. */
export function rowContent(sheet: Sheet, rows: readonly Row[]): RowValues[] {
  const places = outlinePlaces(sheet.rows, new Set(rows.map((r) => r.id)));
  return rows.map((r) => ({ rowId: r.id, rowNumber: r.rowNumber, place: places.get(r.id)!, values: valuesOf(sheet, r), ...formulasOf(sheet, r) }));
}

/** A row's cell formulas by column title (of `columns`, every column by default), when it has any. */
const formulasOf = (sheet: Sheet, row: Row, columns: readonly Column[] = sheet.columns): { formulas?: Record<string, string> } => {
  const held = columns.flatMap((c) => (row.formulas?.[c.index] ? [[c.title, row.formulas[c.index]!] as const] : []));
  return held.length ? { formulas: Object.fromEntries(held) } : {};
};

/** What a copy of a row holds: its values and cell formulas, but not calculated columns (Smartsheet fills them) or locked ones. */
function copyOfRow(sheet: Sheet, row: Row): { values: Record<string, SheetValue>; formulas?: Record<string, string> } {
  const copied = sheet.columns.filter((c) => !c.readOnly && !c.locked && (row.values[c.index] != null || row.formulas?.[c.index]));
  return { values: Object.fromEntries(copied.map((c) => [c.title, row.values[c.index] ?? null])), ...formulasOf(sheet, row, copied) };
}

/** `target`: the sheet a move_rows with toSheet sends rows to, as read for it (transferTarget). */
export function buildProposal(tool: Exclude<WriteToolName, 'revert_change_set'>, rawArgs: unknown, sheet: Sheet, today: string, target?: TransferTarget): Proposal {
  const parsed = writeToolSchemas[tool].safeParse(rawArgs);
  if (!parsed.success) throw new ProposalError(`Invalid arguments for ${tool}: ${describeIssues(parsed.error.issues, 'arguments')}`);
  const empty: Proposal = { tool, summary: '', cells: [], addedRows: [], deletedRows: [] };
  switch (tool) {
    case 'update_cells': {
      const args = parsed.data as z.infer<(typeof writeToolSchemas)['update_cells']>;
      const targets = Object.entries(args.set).map(([title, value]) => toWrite(sheet, title, value));
      const worked = workedOut(sheet, args.setComputed ?? {}, args.computed, today);
      const cells: CellChange[] = [];
      const change = (row: Row, col: Column, value: SheetValue) => {
        const old = row.values[col.index] ?? null;
        const formula = row.formulas?.[col.index];
        if (!sameValue(old, value)) cells.push({ rowId: row.id, rowNumber: row.rowNumber, columnId: col.id, column: col.title, old, new: value, ...(formula ? { oldFormula: formula } : {}) });
      };
      const chosen = unlockedRows(sheet, rowsToChange(sheet, args, today, 'No rows match, so nothing would change.'));
      for (const row of chosen.rows) {
        for (const { col, value } of targets) change(row, col, value);
        for (const w of worked.columns) {
          const value = w.valueOf(row);
          if (value !== null) change(row, w.col, value);
          else w.skipped++;
        }
      }
      if (cells.length === 0) throw new ProposalError(`No cell would change: the matching rows already have those values${worked.columns.length ? ' (or the expression has no value for them)' : ''}.`);
      if (cells.length > MAX_CELLS) throw new ProposalError(`That would change ${cells.length} cells; a change set holds at most ${MAX_CELLS}. Narrow the filter or run it as a bulk job.`);
      const rows = new Set(cells.map((c) => c.rowId)).size;
      const written = new Set([...targets, ...worked.columns].map((t) => t.col.id));
      // Rows chosen by id or number were chosen for what they held (a row listed earlier, one seen in the grid): every other
      // cell a person can edit is their basis. Rows chosen by a filter: the filter's columns, and those values are worked out from.
      const basis = args.rowIds || args.rowNumbers ? sheet.columns.filter((c) => !c.readOnly && !written.has(c.id)).map((c) => c.id) : [...new Set([...basisColumnIds(sheet, args.filter as Filter | undefined, written, args.computed), ...worked.reads.filter((id) => !written.has(id))])];
      const notes = [...chosen.notes, ...(valueNotes(sheet, targets).notes ?? []), ...worked.notes(), ...formulaNotes(sheet, cells, 'undoable')];
      const said = [...targets.map((t) => `${t.col.title} → ${displayValue(t.value) || '(empty)'}`), ...worked.columns.map((w) => `${w.col.title} → ${w.expression}`)];
      return { ...empty, cells, ...(basis.length ? { basisColumnIds: basis } : {}), ...(notes.length ? { notes } : {}), summary: `Set ${said.join(', ')} on ${plural(rows, 'row')} (${plural(cells.length, 'cell')})` };
    }
    case 'add_rows': {
      const args = parsed.data as z.infer<(typeof writeToolSchemas)['add_rows']>;
      const source = args.copyOf === undefined ? undefined : sheet.rows.find((r) => r.id === args.copyOf);
      if (args.copyOf !== undefined && !source) throw new ProposalError(`There is no row ${args.copyOf} in this version of the sheet to copy; find it with query_rows first.`);
      // A copy goes just below the row it copies, unless placed otherwise.
      const placed = args.under ?? args.after ?? args.before ?? source?.id;
      const how = args.under !== undefined ? 'under' : args.before !== undefined ? 'before' : 'after';
      const anchor = placed === undefined ? undefined : sheet.rows.find((r) => r.id === placed);
      if (placed !== undefined && !anchor) throw new ProposalError(`There is no row ${placed} in this version of the sheet to add rows ${how}; find it with query_rows first.`);
      const copied = source && copyOfRow(sheet, source);
      const written: { col: Column; value: SheetValue }[] = [];
      const addedRows: RowValues[] = (args.rows ?? [{}]).map((row) => {
        const values = Object.fromEntries(Object.entries(row).map(([title, value]) => {
          const target = toWrite(sheet, title, value);
          written.push(target);
          return [target.col.title, target.value];
        }));
        // A value given for a copy replaces the copied cell's formula too.
        const formulas = Object.entries(copied?.formulas ?? {}).filter(([title]) => !(title in values));
        return {
          ...(anchor && how === 'under' ? { parentId: anchor.id } : anchor ? { nextTo: { siblingId: anchor.id, ...(how === 'before' ? { above: true as const } : {}) } } : {}),
          values: { ...copied?.values, ...values },
          ...(formulas.length ? { formulas: Object.fromEntries(formulas) } : {}),
        };
      });
      const where = anchor ? ` ${how} ${rowCalled(sheet, anchor)}` : '';
      const summary = source ? `Copy ${rowCalled(sheet, source)}${addedRows.length > 1 ? ` ${addedRows.length} times` : ''}${anchor === source && how === 'after' ? ', just below it' : where}` : `Add ${plural(addedRows.length, 'row')}${where}`;
      return { ...empty, addedRows, ...valueNotes(sheet, written), summary };
    }
    case 'delete_rows': {
      const args = parsed.data as z.infer<(typeof writeToolSchemas)['delete_rows']>;
      // Smartsheet deletes the rows indented under a deleted row with it: they are in the diff (and come back on undo).
      const chosen = unlockedRows(sheet, rowsToChange(sheet, args, today, 'No rows match, so nothing would be deleted.'), true);
      const { rows, under } = withRowsUnder(sheet.rows, chosen.rows);
      if (rows.length > MAX_DELETES) throw new ProposalError(`That would delete ${rows.length} rows; a change set deletes at most ${MAX_DELETES}. Use a bulk job.`);
      const deletedRows = rowContent(sheet, rows);
      // Each row has its place: no call placing them means they are too scattered to put back one run at a time.
      const scattered = !addCalls(restoredRows(deletedRows)).some((call) => call.at);
      const notes = [
        ...chosen.notes,
        ...(under.length ? [`Smartsheet deletes the rows indented under a deleted row, so ${plural(under.length, 'more row')} ${under.length === 1 ? 'is' : 'are'} listed (rows ${under.map((r) => r.rowNumber).join(', ')}).`] : []),
        ...(scattered ? [`These rows stand in more than ${MAX_RESTORE_CALLS} separate places, so undo would bring their values back at the end of the sheet, not where they were.`] : []),
        'Undo brings back the rows’ values and formulas (as new rows), not their comments or attachments.',
      ];
      return {
        ...empty,
        deletedRows,
        summary: `Delete ${plural(rows.length, 'row')}${under.length ? ` (${under.length} of them indented under the rows asked for)` : ''}`,
        notes,
      };
    }
    case 'move_rows': {
      const args = parsed.data as z.infer<(typeof writeToolSchemas)['move_rows']>;
      if (args.toSheet === undefined) return { ...empty, ...proposeMove(args, sheet, today) };
      if (!target) throw new ProposalError(`The sheet "${args.toSheet}" was not looked up.`);
      return { ...empty, ...proposeTransfer(args, sheet, today, target) };
    }
    case 'add_comment': {
      const args = parsed.data as z.infer<(typeof writeToolSchemas)['add_comment']>;
      const rows = rowsToChange(sheet, args, today, 'No rows match, so there is nothing to comment on.');
      if (rows.length > MAX_COMMENTS) throw new ProposalError(`That would comment on ${rows.length} rows; a change set comments on at most ${MAX_COMMENTS}. Narrow the filter.`);
      const quoted = `“${args.text.length > 80 ? `${args.text.slice(0, 79)}…` : args.text}”`;
      const named = rows.length === 1 ? rowCalled(sheet, rows[0]!) : `${plural(rows.length, 'row')} (rows ${rows.slice(0, 8).map((r) => r.rowNumber).join(', ')}${rows.length > 8 ? ', …' : ''})`;
      return {
        ...empty,
        comments: rows.map((r) => ({ rowId: r.id, rowNumber: r.rowNumber, text: args.text })),
        summary: `Comment on ${named}: ${quoted}`,
        notes: ["The comment is posted in Smartsheet as ChatSheetAI's account, a new thread on each row; undo deletes it."],
      };
    }
    case 'add_column': {
      const args = parsed.data as z.infer<(typeof writeToolSchemas)['add_column']>;
      if (columnByTitle(sheet, args.title)) throw new ProposalError(`A column named "${args.title}" already exists.`);
      const op: ColumnOp = { kind: 'add', title: args.title, type: args.type as ColumnType, index: Math.min(args.index ?? sheet.columns.length, sheet.columns.length), ...(args.options ? { options: args.options } : {}) };
      return { ...empty, columnOp: op, summary: `Add column "${args.title}" (${args.type})` };
    }
    case 'update_column': {
      const args = parsed.data as z.infer<(typeof writeToolSchemas)['update_column']>;
      const col = column(sheet, args.column);
      if (!args.title && !args.options) throw new ProposalError('Give a new "title" or "options".');
      if (args.title && args.title.toLowerCase() !== col.title.toLowerCase() && columnByTitle(sheet, args.title)) throw new ProposalError(`A column named "${args.title}" already exists.`);
      const op: ColumnOp = { kind: 'update', columnId: col.id, column: col.title, ...(args.title ? { title: args.title } : {}), ...(args.options ? { options: args.options } : {}), old: { title: col.title, ...(col.options ? { options: col.options } : {}) } };
      return { ...empty, columnOp: op, summary: args.title ? `Rename column "${col.title}" to "${args.title}"` : `Change the options of "${col.title}"` };
    }
    case 'delete_column': {
      const args = parsed.data as z.infer<(typeof writeToolSchemas)['delete_column']>;
      const col = column(sheet, args.column);
      if (col.primary) throw new ProposalError(`"${col.title}" is the primary column and cannot be deleted.`);
      const values = columnCells(sheet, col);
      const op: ColumnOp = { kind: 'delete', columnId: col.id, column: col.title, type: col.type, index: col.index, values, ...(col.options ? { options: col.options } : {}), ...(col.readOnly ? { calculated: true as const } : {}) };
      const notes = col.readOnly ? [`"${col.title}" is calculated by Smartsheet (a column formula or a system column): undo brings its values back as a plain column, not the calculation.`] : [];
      return { ...empty, columnOp: op, summary: `Delete column "${col.title}" (${plural(values.length, 'non-empty cell')})`, ...(notes.length ? { notes } : {}) };
    }
    case 'sort_rows': {
      const args = parsed.data as z.infer<(typeof writeToolSchemas)['sort_rows']>;
      const sort = args.sort.map((s) => {
        const col = column(sheet, s.column);
        return { columnId: col.id, column: col.title, direction: s.direction === 'desc' ? ('DESCENDING' as const) : ('ASCENDING' as const) };
      });
      const nested = sheet.rows.some((r) => r.parentId !== undefined);
      const notes = [
        'Undo puts the rows back in the order they are in now, as long as no row is added, deleted or moved to another parent meanwhile.',
        ...(nested ? ['Rows indented under others are sorted among themselves and stay under their parent row.'] : []),
      ];
      return { ...empty, sort, notes, summary: `Sort rows by ${sort.map((s) => `${s.column} ${s.direction === 'DESCENDING' ? '↓' : '↑'}`).join(', ')}` };
    }
  }
}
