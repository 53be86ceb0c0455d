import { type Sheet } from '../../shared/sheet/model.js';
import { displayValue } from '../../shared/sheet/values.js';
import { plural } from '../../shared/util/plural.js';
import { sameValue } from '../changesets/write-targets.js';
import type { CellWrite } from '../smartsheet/smartsheet.port.js';
import type { Target } from './job-rows.js';
import { rowWrites } from './job-writes.js';
import { writeMode, type Job, type JobRow } from './job.model.js';

/**
 * What an undo job puts back, worked out from the earlier job's written rows against the sheet as it
 * is when the undo is asked for (the undo's snapshot, so every chunk sees the same list):
 * - an update or fill: each row's cells as they were before the job (values, and formulas as formulas);
 * - an import: the rows it added are deleted.
 * A row someone changed since the job wrote it is left as it is (named before approval), as is a row
 * that has since been deleted; a row already back as it was needs nothing.
 */
export interface UndoPlan {
  targets: Target[];
  /** Rows left alone: changed since the job wrote them (row number and why). */
  changed: { rowNumber: number; why: string }[];
  /** Rows the job wrote that are no longer in the sheet. */
  gone: number;
  /** Cells that get their formula back. */
  formulas: number;
}

export function undoPlan(original: Job, written: JobRow[], sheet: Sheet): UndoPlan {
  const plan: UndoPlan = { targets: [], changed: [], gone: 0, formulas: 0 };
  const rows = new Map(sheet.rows.map((r) => [r.id, r]));
  const columns = new Map(sheet.columns.map((c) => [c.id, c]));
  const parents = new Set(sheet.rows.flatMap((r) => (r.parentId ? [r.parentId] : [])));
  const adding = writeMode(original.spec) === 'add';
  for (const record of written) {
    const row = rows.get(record.rowId);
    if (!row) {
      plan.gone++;
      continue;
    }
    const wrote = adding ? ((record.value as CellWrite[] | undefined) ?? []) : rowWrites(original, record);
    const before = new Map((record.before ?? []).map((cell) => [cell.columnId, cell]));
    const why: string[] = [];
    const back: CellWrite[] = [];
    for (const cell of wrote) {
      const col = columns.get(cell.columnId);
      if (!col) {
        why.push('a column the job wrote is gone');
        continue;
      }
      const now = row.values[col.index] ?? null;
      const was = before.get(cell.columnId);
      // Someone may have put the cell back already: then it needs nothing.
      if (was && sameValue(now, was.value) && (row.formulas?.[col.index] ?? undefined) === was.formula) continue;
      if (!sameValue(now, cell.value) || row.formulas?.[col.index]) why.push(`${col.title} is now “${displayValue(now) || '(empty)'}”`);
      else if (!adding && col.readOnly) why.push(`${col.title} is a calculated column now`);
      else if (was) back.push(was);
    }
    if (adding && parents.has(row.id)) why.push('rows are indented under it');
    if (!adding && !record.before) why.push('the job kept no record of what was there');
    if (why.length) plan.changed.push({ rowNumber: row.rowNumber, why: why.join('; ') });
    else if (adding) plan.targets.push({ rowId: row.id, rowNumber: row.rowNumber, cells: [] });
    else if (back.length) {
      plan.formulas += back.filter((cell) => cell.formula).length;
      plan.targets.push({ rowId: row.id, rowNumber: row.rowNumber, cells: back });
    }
  }
  return plan;
}

/** What the person approving an undo should know: rows left alone, rows gone, formulas back. */
export function undoNotes(plan: UndoPlan, original: Job): string[] {
  const notes: string[] = [];
  if (plan.changed.length) {
    const shown = plan.changed.slice(0, 10).map((c) => `row ${c.rowNumber} (${c.why})`);
    notes.push(`${plural(plan.changed.length, 'row')} changed since the job wrote ${plan.changed.length === 1 ? 'it' : 'them'} and ${plan.changed.length === 1 ? 'is' : 'are'} left as ${plan.changed.length === 1 ? 'it is' : 'they are'}: ${shown.join(', ')}${plan.changed.length > shown.length ? ', …' : ''}.`);
  }
  if (plan.gone) notes.push(`${plural(plan.gone, 'row')} the job wrote ${plan.gone === 1 ? 'has' : 'have'} since been deleted from the sheet.`);
  if (plan.formulas) notes.push(`${plural(plan.formulas, 'cell')} get${plan.formulas === 1 ? 's' : ''} ${plan.formulas === 1 ? 'its' : 'their'} formula back.`);
  if (original.kind === 'import') notes.push('The rows the import added are deleted (with any comments or attachments added to them since).');
  if (original.addedColumnId !== undefined) notes.push('The column the job added stays in the sheet, its cells emptied (delete it in chat if it is not wanted).');
  return notes;
}
