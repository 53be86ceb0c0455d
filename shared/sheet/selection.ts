import type { GridSelection } from '../api/contracts.js';
import { numberRanges } from '../util/number-ranges.js';
import type { Sheet } from './model.js';

/**
 * The cells a grid selection holds, on `sheet` as it is now: its rows by their numbers ("rows 3-5, 9"; undefined when
 * none of them is in the sheet any more), how many, and its columns' titles.
 */
export function selectionOn(sheet: Sheet | undefined, selection: GridSelection): { rows: string | undefined; count: number; columns: string[] } {
  const ids = new Set(selection.rowIds);
  const numbers = sheet?.rows.filter((r) => ids.has(r.id)).map((r) => r.rowNumber) ?? [];
  const columns = (selection.columnIds ?? []).flatMap((id) => sheet?.columns.find((c) => c.id === id)?.title ?? []);
  return { rows: numbers.length ? `${numbers.length === 1 ? 'row' : 'rows'} ${numberRanges(numbers)}` : undefined, count: numbers.length, columns };
}
