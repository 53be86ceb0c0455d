import type { GridSelection } from '../../../shared/api/contracts';
import { SELECTION_MAX_ROWS } from '../../../shared/api/limits';
import type { Sheet } from '../../../shared/sheet/model';
import { selectionOn } from '../../../shared/sheet/selection';

/** The rows (by their numbers in the sheet now) and columns a selection holds: "rows 3-5, 9 · Status, Priority". */
export function selectionLabel(sheet: Sheet | undefined, selection: GridSelection): string {
  const { rows, columns } = selectionOn(sheet, selection);
  return [rows ?? 'rows no longer in the sheet', ...(columns.length ? [columns.join(', ')] : [])].join(' · ');
}

/** A selection a question can be about: at most SELECTION_MAX_ROWS rows (the message is refused with more). */
export const askable = (selection: GridSelection | undefined): GridSelection | undefined => (selection && selection.rowIds.length <= SELECTION_MAX_ROWS ? selection : undefined);

/**
 * Above the message box while cells are selected in the grid: the next message goes with them ("these", "the
 * selected rows" in it mean them), unless the person leaves them out (✕). One of more rows than a question can be
 * about says so, and does not go.
 */
export function SelectionChip({ sheet, selection, onLeaveOut }: { sheet: Sheet | undefined; selection: GridSelection; onLeaveOut(): void }) {
  return (
    <p className="selection-chip" data-testid="selection-chip">
      {askable(selection) ? (
        <span title="“These” or “the selected rows” in your message mean these rows">With your selection: {selectionLabel(sheet, selection)}</span>
      ) : (
        <span>
          Your selection has {selection.rowIds.length.toLocaleString()} rows; a question can be about at most {SELECTION_MAX_ROWS.toLocaleString()}, so it goes without them. Select fewer, or say which rows in words.
        </span>
      )}
      <button type="button" className="small" aria-label="Leave the selection out" title="Leave the selection out" onClick={onLeaveOut}>
        ✕
      </button>
    </p>
  );
}
