import type { SmartsheetCell, SmartsheetColumn, SmartsheetRow, SmartsheetSheet } from '../../shared/sheet/smartsheet-json.js';
import { displayValue, fromCell, validateValue } from '../../shared/sheet/values.js';
import { childrenByParent, rowsUnder } from '../../shared/sheet/model.js';
import { ApiError, errors } from './errors.js';
import { CHILDREN_FORMULA, recalculate, systemCell } from './cell-formulas.js';
import { insertionPoint, moveRows } from './row-location.js';
import { shownNumber } from './number-format.js';
import { dropDiscussions, type StoredDiscussion } from './discussions.js';
import type { StoredCellChange } from './cell-history.js';

/**
 * The emulator's sheets: in memory, mutated only through these operations, each of
 * which validates like Smartsheet, bumps the sheet version and sets modifiedAt.
 */
export interface StoredSheet {
  sheet: Omit<SmartsheetSheet, 'rows' | 'totalRowCount'>;
  rows: SmartsheetRow[];
  /** Per-row last modification version, for rowsModifiedSince. */
  nextId: number;
  /** A cell formula was written: changes work formulas out again (most sheets have none, and skip it). */
  hasFormulas?: boolean;
  /** The last number an AUTO_NUMBER column gave. */
  autoNumber?: number;
  /** Comments on rows (discussions.ts). */
  discussions?: StoredDiscussion[];
  /** Each written cell's past values, oldest first, by "rowId:columnId" (cell-history.ts). */
  cellHistory?: Record<string, StoredCellChange[]>;
}

export interface RowInput {
  id?: number;
  cells?: { columnId?: unknown; value?: unknown; objectValue?: unknown; strict?: boolean; formula?: string }[];
  toTop?: boolean;
  toBottom?: boolean;
  parentId?: number;
  siblingId?: number;
  above?: boolean;
  expanded?: boolean;
  /** Lock or unlock the row (an owner or admin only). */
  locked?: boolean;
}

export interface ChangeSummary {
  rowIds: number[];
  deletedRowIds: number[];
  cells: { rowId: number; columnId: number }[];
  columnsChanged: boolean;
}

export class RowFailure extends ApiError {
  constructor(
    readonly index: number,
    readonly rowId: number | undefined,
    inner: ApiError,
  ) {
    super(inner.status, inner.errorCode, inner.message, { index, ...(rowId !== undefined ? { rowId } : {}) });
  }
}

let idCounter = 1_000_000;
/** Ids that look like Smartsheet's: large, unique, below 2^53. */
export function newId(): number {
  idCounter += 1 + Math.floor(Math.random() * 97);
  return 4_000_000_000_000_000 + idCounter * 7919;
}

export const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export function totalRows(stored: StoredSheet): SmartsheetSheet {
  return { ...stored.sheet, totalRowCount: stored.rows.length, rows: stored.rows };
}

export function renumber(stored: StoredSheet): void {
  stored.rows.forEach((row, i) => (row.rowNumber = i + 1));
}

/** A change: the sheet's version goes up, its formulas are worked out again (a row whose value moves is modified too). */
export function touch(stored: StoredSheet): number {
  stored.sheet.version += 1;
  stored.sheet.modifiedAt = now();
  for (const row of recalculate(stored)) {
    row.version = stored.sheet.version;
    row.modifiedAt = stored.sheet.modifiedAt;
  }
  return stored.sheet.version;
}

function normaliseCell(column: SmartsheetColumn, input: NonNullable<RowInput['cells']>[number]): SmartsheetCell {
  if (column.formula || column.systemColumnType) throw errors.typeViolation(`Column "${column.title}" is calculated and cannot be written.`);
  if (input.formula !== undefined) {
    if (!CHILDREN_FORMULA.test(input.formula)) throw errors.invalidRequest(`The emulator works out only =SUM, COUNT, AVG, MAX or MIN(CHILDREN()) cell formulas, not ${JSON.stringify(input.formula)}.`);
    return { columnId: column.id, formula: input.formula };
  }
  const raw = input.objectValue !== undefined ? objectToPlain(input.objectValue) : input.value;
  const checked = validateValue(column, raw);
  if (!checked.ok) {
    if (input.strict === false) return { columnId: column.id, value: String(raw), displayValue: String(raw) };
    throw errors.typeViolation(`The value for cell in column ${column.id}, ${JSON.stringify(raw)}, did not conform to the strict requirements for type ${column.type}. ${checked.message}`);
  }
  const value = checked.value;
  if (value === null) return { columnId: column.id };
  const cell: SmartsheetCell = { columnId: column.id, displayValue: typeof value === 'number' ? shownNumber(column.format, value) : displayValue(value) };
  if (column.type === 'CONTACT_LIST') {
    const c = value as { email?: string; name?: string };
    cell.value = c.email ?? c.name;
    cell.objectValue = { objectType: 'CONTACT', ...c };
    cell.displayValue = c.name ?? c.email ?? '';
  } else if (column.type === 'MULTI_CONTACT_LIST') {
    cell.objectValue = { objectType: 'MULTI_CONTACT', values: (value as { email?: string; name?: string }[]).map((c) => ({ objectType: 'CONTACT', ...c })) };
  } else if (column.type === 'MULTI_PICKLIST') {
    cell.objectValue = { objectType: 'MULTI_PICKLIST', values: value as string[] };
  } else {
    cell.value = value as string | number | boolean;
    if (column.type === 'CHECKBOX') delete cell.displayValue;
  }
  return cell;
}

function objectToPlain(objectValue: unknown): unknown {
  const o = objectValue as { objectType?: string; values?: unknown[]; email?: string; name?: string } | null;
  if (!o || typeof o !== 'object') return objectValue;
  if (o.objectType === 'CONTACT') return { email: o.email, name: o.name };
  if (o.objectType === 'MULTI_CONTACT' || o.objectType === 'MULTI_PICKLIST') return (o.values ?? []).map((v) => (o.objectType === 'MULTI_CONTACT' ? objectToPlain(v) : v));
  return objectValue;
}

/** The sheet's column with that id; Smartsheet's 400/1036 otherwise. */
export function sheetColumn(stored: StoredSheet, columnId: unknown): SmartsheetColumn {
  const found = stored.sheet.columns.find((c) => c.id === Number(columnId));
  if (!found) throw errors.badColumn(columnId);
  return found;
}

function buildCells(stored: StoredSheet, cells: RowInput['cells'], existing: SmartsheetCell[] = []): SmartsheetCell[] {
  const byColumn = new Map(existing.map((c) => [c.columnId, c]));
  for (const input of cells ?? []) {
    if (input.columnId === undefined) throw errors.missingAttribute('cell.columnId');
    const col = sheetColumn(stored, input.columnId);
    byColumn.set(col.id, normaliseCell(col, input));
    if (input.formula !== undefined) stored.hasFormulas = true;
  }
  return stored.sheet.columns.map((c) => byColumn.get(c.id) ?? { columnId: c.id });
}

/** Runs `work` per row; collects failures when partial success is allowed, else fails the call with detail.index. */
function perRow<T>(inputs: RowInput[], allowPartial: boolean, work: (input: RowInput, index: number) => T): { done: T[]; failed: RowFailure[] } {
  const done: T[] = [];
  const failed: RowFailure[] = [];
  inputs.forEach((input, index) => {
    try {
      done.push(work(input, index));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const failure = new RowFailure(index, input.id, error);
      if (!allowPartial) throw failure;
      failed.push(failure);
    }
  });
  return { done, failed };
}

export function addRows(stored: StoredSheet, inputs: RowInput[], allowPartial: boolean): { rows: SmartsheetRow[]; failed: RowFailure[]; version: number } {
  // Validate everything first so a failing call changes nothing.
  const prepared = perRow(inputs, allowPartial, (input) => {
    if (input.id !== undefined) throw errors.invalidRequest('Row id must not be set when adding rows.');
    return { input, cells: buildCells(stored, input.cells) };
  });
  const place = insertionPoint(stored, inputs);
  const stamp = now();
  const rows: SmartsheetRow[] = prepared.done.map(({ input, cells }) => ({
    id: newId(),
    sheetId: stored.sheet.id,
    rowNumber: 0,
    ...(place.parentId !== undefined ? { parentId: place.parentId } : {}),
    expanded: input.expanded ?? true,
    createdAt: stamp,
    modifiedAt: stamp,
    cells: cells.map((cell) => systemCell(stored, cell, stamp)),
  }));
  if (rows.length) {
    stored.rows.splice(place.index, 0, ...rows);
    renumber(stored);
  }
  const version = rows.length ? touch(stored) : stored.sheet.version;
  for (const row of rows) row.version = version;
  return { rows, failed: prepared.failed, version };
}

/** `refuse`: why a row may not be changed (an injected failure, a locked row), failing it alone or the request. */
export function updateRows(stored: StoredSheet, inputs: RowInput[], allowPartial: boolean, refuse: (row: SmartsheetRow) => ApiError | undefined = () => undefined): { rows: SmartsheetRow[]; failed: RowFailure[]; version: number } {
  const index = new Map(stored.rows.map((r) => [r.id, r]));
  const prepared = perRow(inputs, allowPartial, (input) => {
    if (input.id === undefined) throw errors.missingAttribute('row.id');
    const row = index.get(Number(input.id));
    if (!row) throw errors.notFound(`Row not found: ${input.id}`);
    const refused = refuse(row);
    if (refused) throw refused;
    return { row, cells: buildCells(stored, input.cells, row.cells) };
  });
  if (prepared.done.length === 0) return { rows: [], failed: prepared.failed, version: stored.sheet.version };
  if (inputs.some((r) => r.toTop || r.toBottom || r.parentId !== undefined || r.siblingId !== undefined)) {
    moveRows(stored, prepared.done.map((p) => p.row), inputs);
    renumber(stored);
  }
  for (const { row, cells } of prepared.done) row.cells = cells;
  for (const { row } of prepared.done) {
    const input = inputs.find((i) => Number(i.id) === row.id);
    if (input?.locked === true) row.locked = true;
    else if (input?.locked === false) delete row.locked;
    if (input?.expanded !== undefined) row.expanded = input.expanded;
  }
  const version = touch(stored);
  for (const { row } of prepared.done) {
    row.modifiedAt = stored.sheet.modifiedAt;
    row.version = version;
  }
  return { rows: prepared.done.map((p) => p.row), failed: prepared.failed, version };
}

/** `refuseLocked`: a locked row among those deleted (asked for, or under one) refuses the request, as for an editor. */
export function deleteRows(stored: StoredSheet, ids: number[], ignoreNotFound: boolean, refuseLocked = false): { deleted: number[]; version: number } {
  const present = new Set(stored.rows.map((r) => r.id));
  const missing = ids.filter((id) => !present.has(id));
  if (missing.length && !ignoreNotFound) throw errors.notFound(`Row not found: ${missing[0]}`);
  const asked = new Set(ids.filter((id) => present.has(id)));
  // A deleted row takes the rows indented under it along (Smartsheet's hierarchy).
  const remove = new Set([...asked, ...rowsUnder(stored.rows, asked).map((r) => r.id)]);
  if (remove.size === 0) return { deleted: [], version: stored.sheet.version };
  if (refuseLocked && stored.rows.some((r) => r.locked && remove.has(r.id))) throw errors.lockedDelete();
  stored.rows = stored.rows.filter((r) => !remove.has(r.id));
  dropDiscussions(stored, remove);
  renumber(stored);
  return { deleted: [...remove], version: touch(stored) };
}

export interface SortCriterion {
  columnId: number;
  direction?: 'ASCENDING' | 'DESCENDING';
}

export function sortRows(stored: StoredSheet, criteria: SortCriterion[]): number {
  if (!criteria?.length) throw errors.missingAttribute('sortCriteria');
  const columns = criteria.map((c) => ({ col: sheetColumn(stored, c.columnId), dir: c.direction === 'DESCENDING' ? -1 : 1 }));
  const key = (row: SmartsheetRow, col: SmartsheetColumn) => {
    const value = fromCell(col, row.cells.find((c) => c.columnId === col.id));
    return typeof value === 'number' || typeof value === 'boolean' ? value : value === null ? null : displayValue(value).toLowerCase();
  };
  const order = (a: SmartsheetRow, b: SmartsheetRow) => {
    for (const { col, dir } of columns) {
      const x = key(a, col);
      const y = key(b, col);
      if (x === y) continue;
      if (x === null) return 1; // blanks last, either direction
      if (y === null) return -1;
      return (x < y ? -1 : 1) * dir;
    }
    return 0;
  };
  // As Smartsheet sorts: rows among their siblings, the rows indented under each staying under it.
  const children = childrenByParent(stored.rows);
  const sorted: SmartsheetRow[] = [];
  const visit = (parentId: number | undefined) => {
    for (const row of [...(children.get(parentId) ?? [])].sort(order)) {
      sorted.push(row);
      visit(row.id);
    }
  };
  visit(undefined);
  stored.rows = sorted;
  renumber(stored);
  return touch(stored);
}
