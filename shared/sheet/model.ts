import type { ColumnType, SmartsheetColumn, SmartsheetRow, SmartsheetSheet } from './smartsheet-json.js';
import { displayValue, fromCell, type SheetValue } from './values.js';

/**
 * The app's typed sheet: columns with types, rows with one typed value per
 * column (by column position). Snapshots, the query engine and the UI use this.
 */
export interface Column {
  id: number;
  index: number;
  title: string;
  type: ColumnType;
  primary: boolean;
  options?: string[];
  /** A picklist that takes only its options (Smartsheet's "restrict to dropdown values"). */
  validation?: true;
  hidden: boolean;
  /** Calculated columns (formula or system) cannot be written. */
  readOnly: boolean;
  /** Locked in Smartsheet for the app's account (its owner and admins may change it, an editor may not): not written either. */
  locked?: true;
}

export interface Row {
  id: number;
  rowNumber: number;
  parentId?: number;
  /** Cells holding a formula of their own (not a column formula), by column index: writing a value replaces it. */
  formulas?: Record<number, string>;
  /** Locked in Smartsheet for the app's account (its owner and admins may change it, an editor may not): not written. */
  locked?: true;
  /** Collapsed in Smartsheet (the rows under it hidden there): the grid opens with it collapsed too. */
  collapsed?: true;
  modifiedAt: string;
  values: SheetValue[];
  /**
   * Numbers as Smartsheet shows them where its column or cell format makes them look other than plain ("$12,500.00",
   * "35%" for 0.35), by column index; Smartsheet's own `displayValue`, kept as it comes.
   */
  shown?: Record<number, string>;
}

export interface Sheet {
  id: number;
  name: string;
  version: number;
  permalink: string;
  modifiedAt: string;
  columns: Column[];
  rows: Row[];
}

export function toColumn(column: SmartsheetColumn): Column {
  return {
    id: column.id,
    index: column.index,
    title: column.title,
    type: column.type,
    primary: column.primary === true,
    ...(column.options ? { options: column.options } : {}),
    ...(column.validation ? { validation: true as const } : {}),
    hidden: column.hidden === true,
    readOnly: Boolean(column.formula || column.systemColumnType),
    ...(column.lockedForUser ? { locked: true as const } : {}),
  };
}

export function toRow(columns: readonly SmartsheetColumn[], row: SmartsheetRow): Row {
  const byColumn = new Map(row.cells.map((cell) => [cell.columnId, cell]));
  const formulas = Object.fromEntries(columns.flatMap((column, index) => (byColumn.get(column.id)?.formula && !column.formula ? [[index, byColumn.get(column.id)!.formula!]] : [])));
  const values: SheetValue[] = new Array(columns.length);
  let shown: Record<number, string> | undefined;
  for (let index = 0; index < columns.length; index++) {
    const cell = byColumn.get(columns[index]!.id);
    const value = (values[index] = fromCell(columns[index]!, cell));
    if (typeof value === 'number' && cell?.displayValue !== undefined && !looksPlain(value, cell.displayValue)) (shown ??= {})[index] = cell.displayValue;
  }
  return {
    id: row.id,
    rowNumber: row.rowNumber,
    ...(row.parentId ? { parentId: row.parentId } : {}),
    ...(Object.keys(formulas).length ? { formulas } : {}),
    ...(row.lockedForUser ? { locked: true as const } : {}),
    ...(row.expanded === false ? { collapsed: true as const } : {}),
    modifiedAt: row.modifiedAt,
    values,
    ...(shown ? { shown } : {}),
  };
}

/** `row` with `value` in column `index`, no longer shown as Smartsheet showed the value it replaces; its formula, if any, replaced too (by `formula` when one is written). */
export function withValue(row: Row, index: number, value: SheetValue, formula?: string): Row {
  const { [index]: _replaced, ...shown } = row.shown ?? {};
  // A value written over a cell's formula replaces it, as in Smartsheet; a formula written is the cell's.
  const { [index]: _formula, ...formulas } = row.formulas ?? {};
  if (formula) formulas[index] = formula;
  const { shown: _old, formulas: _oldFormulas, ...rest } = row;
  return { ...rest, values: row.values.map((v, i) => (i === index ? value : v)), ...(Object.keys(shown).length ? { shown } : {}), ...(Object.keys(formulas).length ? { formulas } : {}) };
}

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 });

/** A number shown as itself, with or without thousands separators: nothing to keep. */
const looksPlain = (value: number, text: string) => text === String(value) || text === GROUPED.format(value);

export function toSheet(json: SmartsheetSheet): Sheet {
  const columns = [...json.columns].sort((a, b) => a.index - b.index);
  return {
    id: json.id,
    name: json.name,
    version: json.version,
    permalink: json.permalink,
    modifiedAt: json.modifiedAt,
    columns: columns.map(toColumn),
    rows: (json.rows ?? []).map((row) => toRow(columns, row)),
  };
}

/** Smartsheet's access levels that may change everything: columns, locks, locked cells and rows. */
export const ADMIN_LEVELS: ReadonlySet<string> = new Set(['ADMIN', 'OWNER']);

/** Smartsheet's access levels that may change cells and rows but not columns (adding, renaming, deleting them: ADMIN and OWNER). */
export const EDITOR_LEVELS: ReadonlySet<string> = new Set(['EDITOR', 'EDITOR_SHARE']);

/**
 * Why the app cannot add, rename or delete columns of a sheet its Smartsheet account has `level` access to (Editor:
 * Smartsheet keeps column changes for the sheet's admins and owner); undefined for a level that may, or one not known.
 */
export function columnChangeReason(level: string | undefined): string | undefined {
  if (!level || !EDITOR_LEVELS.has(level)) return undefined;
  return "This sheet is shared with ChatSheetAI's Smartsheet account as Editor: cells and rows can be changed, but adding, renaming or deleting columns needs Admin access. Ask the sheet's owner for Admin access, or make the column change in Smartsheet.";
}

/** Smartsheet's access levels that may not change a sheet (EDITOR, EDITOR_SHARE, ADMIN and OWNER may). */
export const VIEW_ONLY_LEVELS: ReadonlySet<string> = new Set(['VIEWER', 'COMMENTER']);

/**
 * Why nothing can be changed on a sheet the app's Smartsheet account has `level` access to (Smartsheet's VIEWER, or
 * COMMENTER: nothing but comments); undefined for a level that may edit, or one not known here (a write Smartsheet refuses is its own 403).
 */
export function readOnlyReason(level: string | undefined): string | undefined {
  if (!level || !VIEW_ONLY_LEVELS.has(level)) return undefined;
  const as = level.charAt(0) + level.slice(1).toLowerCase();
  const can = level === 'COMMENTER' ? 'questions are answered and rows can be commented on, but nothing else can be changed from here' : 'questions are answered, but nothing can be changed from here';
  return `This sheet is shared with ChatSheetAI's Smartsheet account as ${as}: ${can}. Ask the sheet's owner to share it with Editor access to make changes.`;
}

/** The column a row is called by: the sheet's primary column (else its first). */
export function primaryColumn(sheet: Pick<Sheet, 'columns'>): Column | undefined {
  return sheet.columns.find((c) => c.primary) ?? sheet.columns[0];
}

/** What a row is called: its primary column's value as shown ('' when that is empty). */
export function rowName(sheet: Pick<Sheet, 'columns'>, row: Pick<Row, 'values'>): string {
  const primary = primaryColumn(sheet);
  return primary ? displayValue(row.values[primary.index] ?? null) : '';
}

export function columnByTitle(sheet: Pick<Sheet, 'columns'>, title: string): Column | undefined {
  const wanted = title.trim().toLowerCase();
  return sheet.columns.find((c) => c.title.toLowerCase() === wanted);
}

/**
 * The rows indented under any of `ids`, at any depth, in sheet order — the rows Smartsheet deletes along with them
 * (`ids` themselves not included).
 */
export function rowsUnder<R extends { id: number; parentId?: number }>(rows: readonly R[], ids: ReadonlySet<number>): R[] {
  const under = new Set<number>();
  // Sheet order puts a parent before its children, so one pass sees every ancestor first.
  for (const row of rows) if (row.parentId !== undefined && (ids.has(row.parentId) || under.has(row.parentId))) under.add(row.id);
  return rows.filter((r) => under.has(r.id) && !ids.has(r.id));
}

/** How far each indented row is indented (1 under a top-level row, …), by row id; rows at the top level are not in it. */
export function rowDepths(rows: readonly { id: number; parentId?: number }[]): Map<number, number> {
  const depth = new Map<number, number>();
  // Sheet order puts a parent before its children.
  for (const row of rows) if (row.parentId !== undefined) depth.set(row.id, (depth.get(row.parentId) ?? 0) + 1);
  return depth;
}

/** How indented the sheet is: how many rows are indented under others, and how many levels deep the deepest is. */
export function outlineShape(rows: readonly { id: number; parentId?: number }[]): { indented: number; levels: number } {
  const depth = rowDepths(rows);
  return { indented: depth.size, levels: [...depth.values()].reduce((deepest, d) => Math.max(deepest, d), 0) };
}

/** What deleting `chosen` deletes in Smartsheet: them and the rows indented under them, in sheet order. */
export function withRowsUnder(rows: readonly Row[], chosen: readonly Row[]): { rows: Row[]; under: Row[] } {
  const under = rowsUnder(rows, new Set(chosen.map((r) => r.id)));
  return { rows: [...chosen, ...under].sort((a, b) => a.rowNumber - b.rowNumber), under };
}

/**
 * Rows the app's account may not delete: those locked in Smartsheet for it, and each row with a locked row indented
 * under it (Smartsheet deletes those along, so it refuses the delete).
 */
export function lockedForDelete(rows: readonly Row[]): Set<number> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out = new Set<number>();
  for (const row of rows) {
    if (!row.locked) continue;
    for (let at: Row | undefined = row; at && !out.has(at.id); at = at.parentId === undefined ? undefined : byId.get(at.parentId)) out.add(at.id);
  }
  return out;
}

/** Where a row stands in the sheet's outline: under `parentId` (top level when absent), just below `siblingId` (first when absent). */
export interface OutlinePlace {
  parentId?: number;
  siblingId?: number;
}

/** Each of `ids`' place in the outline, read off the sheet's order (siblings' rows come one block after another). */
export function outlinePlaces(rows: readonly Row[], ids: ReadonlySet<number>): Map<number, OutlinePlace> {
  const lastAt = new Map<number | undefined, number>();
  const places = new Map<number, OutlinePlace>();
  for (const row of rows) {
    const siblingId = lastAt.get(row.parentId);
    if (ids.has(row.id)) places.set(row.id, { ...(row.parentId !== undefined ? { parentId: row.parentId } : {}), ...(siblingId !== undefined ? { siblingId } : {}) });
    lastAt.set(row.parentId, row.id);
  }
  return places;
}

/** The rows under one parent (the top level when none), in the sheet's order. */
export interface SiblingGroup {
  parentId?: number;
  rowIds: number[];
}

/** Each row's children in sheet order, by parent id (`undefined`: the top level). */
export function childrenByParent<R extends { id: number; parentId?: number }>(rows: readonly R[]): Map<number | undefined, R[]> {
  const children = new Map<number | undefined, R[]>();
  for (const row of rows) {
    const siblings = children.get(row.parentId);
    if (siblings) siblings.push(row);
    else children.set(row.parentId, [row]);
  }
  return children;
}

/** The sheet's order as its sibling groups — all a sort changes, since a sort keeps every row under its parent. */
export function siblingGroups(rows: readonly Row[]): SiblingGroup[] {
  return [...childrenByParent(rows)].map(([parentId, siblings]) => ({ ...(parentId !== undefined ? { parentId } : {}), rowIds: siblings.map((r) => r.id) }));
}
