// What the emulator works out itself, as Smartsheet does: roll-up cell formulas and system columns.
import type { SmartsheetCell, SmartsheetRow } from '../../shared/sheet/smartsheet-json.js';
import { childrenByParent } from '../../shared/sheet/model.js';
import type { StoredSheet } from './sheet-store.js';
import { shownNumber } from './number-format.js';

/** The cell formulas the emulator works out: a parent row's roll-up of the rows directly under it. */
export const CHILDREN_FORMULA = /^=\s*(SUM|COUNT|AVG|MAX|MIN)\(\s*CHILDREN\(\s*\)\s*\)\s*$/i;

/** Every formula cell's value from its children's, deepest rows first; the rows whose values moved. */
export function recalculate(stored: StoredSheet): SmartsheetRow[] {
  if (!stored.hasFormulas) return [];
  const moved = new Set<SmartsheetRow>();
  const children = childrenByParent(stored.rows);
  for (let i = stored.rows.length - 1; i >= 0; i--) {
    const row = stored.rows[i]!;
    for (const cell of row.cells) {
      const fn = cell.formula ? CHILDREN_FORMULA.exec(cell.formula)?.[1]?.toUpperCase() : undefined;
      if (!fn) continue;
      const values = (children.get(row.id) ?? []).map((r) => r.cells.find((c) => c.columnId === cell.columnId)?.value);
      const numbers = values.filter((v): v is number => typeof v === 'number');
      const value =
        fn === 'COUNT' ? values.filter((v) => v !== undefined && v !== '').length
        : fn === 'SUM' ? numbers.reduce((a, b) => a + b, 0)
        : !numbers.length ? 0
        : fn === 'AVG' ? numbers.reduce((a, b) => a + b, 0) / numbers.length
        : fn === 'MAX' ? Math.max(...numbers)
        : Math.min(...numbers);
      if (cell.value === value) continue;
      cell.value = value;
      cell.displayValue = shownNumber(stored.sheet.columns.find((c) => c.id === cell.columnId)?.format, value);
      moved.add(row);
    }
  }
  return [...moved];
}

/** What Smartsheet puts in a new row's system cells: the next auto-number, the time it was created. */
export function systemCell(stored: StoredSheet, cell: SmartsheetCell, stamp: string): SmartsheetCell {
  const type = stored.sheet.columns.find((c) => c.id === cell.columnId)?.systemColumnType;
  if (type === 'AUTO_NUMBER') {
    stored.autoNumber = (stored.autoNumber ?? 0) + 1;
    return { columnId: cell.columnId, value: String(stored.autoNumber), displayValue: String(stored.autoNumber) };
  }
  return type === 'CREATED_DATE' ? { columnId: cell.columnId, value: stamp, displayValue: stamp } : cell;
}
