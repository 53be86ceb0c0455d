import { useState } from 'react';
import { MAX_ROWS_DELETED } from '../../../shared/api/contracts';
import type { Row, Sheet } from '../../../shared/sheet/model';
import { numberRanges } from '../../../shared/util/number-ranges';
import { deletionQuestion } from '../row-edits';

/** Rows inserted and deleted from the grid's toolbar: what is chosen, why not (when not), and doing it. */
export interface RowActions {
  sheet: Sheet;
  /** The rows selected (the active cell's row when one cell is): a row goes in below the last, Delete takes them all. */
  chosen: readonly Row[];
  /** Why rows cannot be inserted or deleted now (a Viewer's sheet, Smartsheet not answering); undefined when they can. */
  disabled?: string | undefined;
  insert(below: Row | undefined): void;
  remove(rows: readonly Row[]): void;
  /** The keyboard goes back to the grid. */
  done(): void;
}

/**
 * "Insert row" inserts a blank row below the selection (at the end when nothing is selected); "Delete" asks first — saying
 * which rows, and the rows under them Smartsheet deletes too — as there is no approval for the person's own act.
 */
export function RowButtons(p: RowActions) {
  const [asking, setAsking] = useState<readonly Row[] | undefined>();
  const below = p.chosen.at(-1);
  const numbers = numberRanges(p.chosen.map((r) => r.rowNumber));
  const tooMany = p.chosen.length > MAX_ROWS_DELETED ? `At most ${MAX_ROWS_DELETED.toLocaleString()} rows can be deleted at once (${p.chosen.length.toLocaleString()} are selected); a bulk job deletes more` : undefined;
  const close = (then?: () => void) => {
    setAsking(undefined);
    then?.();
    p.done();
  };
  if (asking) {
    return (
      <span role="group" aria-label="Confirm the deletion" className="row-confirm" onKeyDown={(e) => e.key === 'Escape' && close()}>
        {deletionQuestion(p.sheet, asking)} Their comments and attachments go too; Undo brings back their values.{' '}
        <button type="button" className="danger" autoFocus onClick={() => close(() => p.remove(asking))}>
          Delete
        </button>
        <button type="button" onClick={() => close()}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <span className="row-buttons">
      <button type="button" disabled={Boolean(p.disabled)} title={p.disabled ?? (below ? `Insert a blank row below row ${below.rowNumber}` : 'Insert a blank row at the end')} onClick={() => close(() => p.insert(below))}>
        Insert row
      </button>
      <button type="button" disabled={Boolean(p.disabled ?? tooMany) || !p.chosen.length} title={p.disabled ?? tooMany ?? (p.chosen.length ? `Delete ${p.chosen.length === 1 ? 'row' : 'rows'} ${numbers}` : 'Select the rows to delete')} onClick={() => setAsking(p.chosen)}>
        Delete {p.chosen.length === 1 ? 'row' : 'rows'}
      </button>
    </span>
  );
}
