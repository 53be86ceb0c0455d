import type { GridSelection } from '../../shared/api/contracts.js';
import type { Sheet } from '../../shared/sheet/model.js';
import { selectionOn } from '../../shared/sheet/selection.js';

export const SELECTION_NOTE = 'Selected in the grid:';

/**
 * What the person had selected in the grid when they sent their message, said to the model just before it: the rows
 * by the numbers the turn's sheet gives them (a row deleted since is left out), and the columns. "These", "this row"
 * or "the selected rows" in the message mean those rows.
 */
export function selectionNote(sheet: Sheet, selection: GridSelection | undefined): string | undefined {
  if (!selection) return undefined;
  const { rows, count, columns } = selectionOn(sheet, selection);
  if (!rows) return `${SELECTION_NOTE} rows that are no longer in the sheet. If the message says "these" or "the selected rows", say they were deleted.`;
  return `${SELECTION_NOTE} ${rows}${columns.length ? ` (columns ${columns.join(', ')})` : ''}. "These", "this row", "the selected rows" or "the selection" in the message mean ${count === 1 ? 'that row' : 'those rows'}: pass them as rowNumbers.`;
}
