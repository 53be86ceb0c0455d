import type { GridSelection } from '../../shared/api/contracts.js';
import type { Sheet } from '../../shared/sheet/model.js';
import { numberRanges } from '../../shared/util/number-ranges.js';

export const SELECTION_NOTE = 'Selected in the grid:';

/**
 * What the person had selected in the grid when they sent their message, said to the model just before it: the rows
 * by the numbers the turn's sheet gives them (a row deleted since is left out), and the columns. "These", "this row"
 * or "the selected rows" in the message mean those rows.
 */
export function selectionNote(sheet: Sheet, selection: GridSelection | undefined): string | undefined {
  if (!selection) return undefined;
  const ids = new Set(selection.rowIds);
  const numbers = sheet.rows.filter((r) => ids.has(r.id)).map((r) => r.rowNumber);
  if (!numbers.length) return `${SELECTION_NOTE} rows that are no longer in the sheet. If the message says "these" or "the selected rows", say they were deleted.`;
  const columns = (selection.columnIds ?? []).flatMap((id) => sheet.columns.find((c) => c.id === id)?.title ?? []);
  const rows = `${numbers.length === 1 ? 'row' : 'rows'} ${numberRanges(numbers)}`;
  return `${SELECTION_NOTE} ${rows}${columns.length ? ` (columns ${columns.join(', ')})` : ''}. "These", "this row", "the selected rows" or "the selection" in the message mean ${numbers.length === 1 ? 'that row' : 'those rows'}: pass them as rowNumbers.`;
}
