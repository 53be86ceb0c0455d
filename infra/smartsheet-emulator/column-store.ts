// The emulator's column operations, validated as Smartsheet validates them: add, update (rename, type, options, format,
// move), delete. Each bumps the sheet's version (touch); every row keeps one cell per column, in column order.
import type { SmartsheetColumn } from '../../shared/sheet/smartsheet-json.js';
import { errors } from './errors.js';
import { reformat } from './number-format.js';
import { newId, sheetColumn, touch, type StoredSheet } from './sheet-store.js';

/** Columns numbered in their order, and each row's cells in that order (a new column's cell empty). */
function inColumnOrder(stored: StoredSheet): void {
  stored.sheet.columns.forEach((c, i) => (c.index = i));
  for (const row of stored.rows) row.cells = stored.sheet.columns.map((c) => row.cells.find((cell) => cell.columnId === c.id) ?? { columnId: c.id });
}

export function addColumns(stored: StoredSheet, inputs: Partial<SmartsheetColumn>[]): { columns: SmartsheetColumn[]; version: number } {
  const added: SmartsheetColumn[] = [];
  for (const input of inputs) {
    if (!input.title) throw errors.missingAttribute('column.title');
    if (!input.type) throw errors.missingAttribute('column.type');
    if (input.index === undefined) throw errors.missingAttribute('column.index');
    if (stored.sheet.columns.some((c) => c.title === input.title)) throw errors.invalidRequest(`Column titles must be unique: "${input.title}".`);
    const created: SmartsheetColumn = { id: newId(), index: 0, title: input.title, type: input.type, hidden: false, width: 150 };
    if (input.options) created.options = input.options;
    if (input.validation) created.validation = true;
    if (input.format) created.format = input.format;
    stored.sheet.columns.splice(Math.min(Math.max(0, Number(input.index)), stored.sheet.columns.length), 0, created);
    added.push(created);
  }
  inColumnOrder(stored);
  return { columns: added, version: touch(stored) };
}

export function updateColumn(stored: StoredSheet, columnId: number, input: Partial<SmartsheetColumn>): { column: SmartsheetColumn; version: number } {
  const target = sheetColumn(stored, columnId);
  if (input.title !== undefined) {
    if (stored.sheet.columns.some((c) => c.id !== target.id && c.title === input.title)) throw errors.invalidRequest(`Column titles must be unique: "${input.title}".`);
    target.title = input.title;
  }
  if (input.type !== undefined) {
    if (target.primary && input.type !== 'TEXT_NUMBER') throw errors.invalidRequest('The primary column must be TEXT_NUMBER.');
    target.type = input.type;
  }
  if (input.options !== undefined) target.options = input.options;
  if (input.hidden !== undefined) target.hidden = input.hidden;
  if (input.locked !== undefined) {
    if (input.locked) target.locked = true;
    else delete target.locked;
  }
  if (input.format !== undefined) reformat(stored, target, input.format);
  if (input.index !== undefined) {
    stored.sheet.columns.splice(stored.sheet.columns.indexOf(target), 1);
    stored.sheet.columns.splice(Math.min(Math.max(0, Number(input.index)), stored.sheet.columns.length), 0, target);
    inColumnOrder(stored);
  }
  return { column: target, version: touch(stored) };
}

export function deleteColumn(stored: StoredSheet, columnId: number): number {
  const target = sheetColumn(stored, columnId);
  if (target.primary) throw errors.invalidRequest('The primary column cannot be deleted.');
  stored.sheet.columns = stored.sheet.columns.filter((c) => c.id !== target.id);
  stored.sheet.columns.forEach((c, i) => (c.index = i));
  for (const row of stored.rows) row.cells = row.cells.filter((c) => c.columnId !== target.id);
  return touch(stored);
}

export function findSheetColumn(stored: StoredSheet, title: string): SmartsheetColumn | undefined {
  return stored.sheet.columns.find((c) => c.title === title);
}
