import type { Row } from '../../../shared/sheet/model';
import { numberRanges } from '../../../shared/util/number-ranges';
import type { Indent } from '../../../shared/sheet/row-moves';
import { insertCount } from '../sheet-edits';
import { MenuItem, PopupMenu } from './PopupMenu';
import type { RowPlace } from './RowButtons';
import type { Step } from './row-drag';

/**
 * The menu of a row's number (right-click), as Smartsheet's row menu: insert a blank row above or below it, delete,
 * indent or outdent it (or the selected rows it is one of), move it a step up or down at its level (the way to move
 * rows without dragging them), its comments.
 */
export function RowMenu(p: {
  at: { row: Row; x: number; y: number };
  rows: readonly Row[];
  disabled?: string | undefined;
  onInsert(place: RowPlace, count: number): void;
  onDelete(rows: readonly Row[]): void;
  onIndent(direction: Indent, rows: readonly Row[]): void;
  whyNotIndent(rows: readonly Row[], direction: Indent): string | undefined;
  onStep(step: Step, rows: readonly Row[]): void;
  whyNotStep(rows: readonly Row[], step: Step): string | undefined;
  onComments?: () => void;
  onClose(): void;
}) {
  const { at, rows, disabled, onInsert, onDelete, onComments, onClose } = p;
  const several = rows.length > 1;
  // As many blank rows as there are rows it is for, above the first or below the last.
  const count = insertCount(rows);
  const inserted = count === 1 ? 'row' : `${count} rows`;
  return (
    <PopupMenu label={`Row ${at.row.rowNumber}`} at={at} onClose={onClose}>
      <MenuItem label={`Insert ${inserted} above`} off={disabled} onClick={() => onInsert({ before: rows[0] ?? at.row }, count)} />
      <MenuItem label={`Insert ${inserted} below`} off={disabled} onClick={() => onInsert({ after: rows.at(-1) ?? at.row }, count)} />
      <MenuItem label={several ? `Delete rows ${numberRanges(rows.map((r) => r.rowNumber))}` : 'Delete row'} off={disabled} onClick={() => onDelete(rows)} />
      <MenuItem label="Indent" off={p.whyNotIndent(rows, 'indent')} onClick={() => p.onIndent('indent', rows)} />
      <MenuItem label="Outdent" off={p.whyNotIndent(rows, 'outdent')} onClick={() => p.onIndent('outdent', rows)} />
      <MenuItem label={several ? 'Move rows up' : 'Move row up'} off={p.whyNotStep(rows, 'up')} title="Alt+Shift+↑" onClick={() => p.onStep('up', rows)} />
      <MenuItem label={several ? 'Move rows down' : 'Move row down'} off={p.whyNotStep(rows, 'down')} title="Alt+Shift+↓" onClick={() => p.onStep('down', rows)} />
      {onComments && <MenuItem label="Comments" onClick={onComments} />}
    </PopupMenu>
  );
}
