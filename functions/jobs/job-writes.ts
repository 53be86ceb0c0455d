import type { Column, Row, Sheet } from '../../shared/sheet/model.js';
import type { SheetValue } from '../../shared/sheet/values.js';
import { sameValue } from '../changesets/write-targets.js';
import type { SheetChanged } from '../events/sheet-events.port.js';
import { traceParentField } from '../platform/trace-ref.js';
import type { RequestBudget } from '../smartsheet/rate-limit.adapter.js';
import type { CellWrite, SmartsheetPort } from '../smartsheet/smartsheet.port.js';
import { fillColumn } from './job-fill.js';
import { writeMode, type Job, type JobRow, type JobRowStore } from './job.model.js';

/**
 * A job's writes to Smartsheet: one request per chunk under the shared budget, each
 * row's outcome recorded; and, after a crash between a request and its records, the
 * sheet itself says which rows were written.
 */
export interface JobWriteDeps {
  smartsheet: SmartsheetPort;
  budget: RequestBudget;
  rows: JobRowStore;
}

/** The cells a row's write sets: a fill's one value, an update's (or undo's) cells; a delete sets none. */
export function rowWrites(job: Job, row: JobRow): CellWrite[] {
  if (job.spec.kind === 'fill') return [{ columnId: job.targetColumnId!, value: row.value as SheetValue }];
  return writeMode(job.spec) === 'delete' ? [] : ((row.value as CellWrite[] | undefined) ?? []);
}

/**
 * A row once written: what was written stays on the record, and — for an update or fill — the cells
 * as they were in the job's snapshot (value and formula), so an undo can put them back.
 */
function writtenRecord(job: Job, sheet: Sheet, row: JobRow, rowId: number): JobRow {
  const { reason: _r, ...kept } = row;
  const record: JobRow = { ...kept, rowId, state: 'written' };
  if (job.spec.kind !== 'fill' && job.spec.kind !== 'update') return record;
  const was = sheet.rows.find((r) => r.id === row.rowId);
  record.before = rowWrites(job, row).map(({ columnId }) => {
    const col = sheet.columns.find((c) => c.id === columnId);
    const formula = col && was?.formulas?.[col.index];
    return { columnId, value: (col && was?.values[col.index]) ?? null, ...(formula ? { formula } : {}) };
  });
  return record;
}

/** One Smartsheet request per chunk (deletes: one per 375 ids), under the shared budget. */
export async function writeChunk(deps: JobWriteDeps, job: Job, sheet: Sheet, intents: JobRow[], counters: { requests: number; version?: number }): Promise<JobRow[]> {
  const { smartsheet, budget } = deps;
  const mode = writeMode(job.spec);
  if (mode === 'delete') {
    await budget.take(Math.ceil(intents.length / 375));
    const result = await smartsheet.deleteRows(job.sheetId, intents.map((r) => r.rowId));
    counters.requests += result.requests;
    counters.version = result.version;
    return intents.map((r) => writtenRecord(job, sheet, r, r.rowId));
  }
  const columns = columnsFor(job, sheet);
  await budget.take(1);
  const result =
    mode === 'add'
      ? await smartsheet.addRows(job.sheetId, intents.map((r) => ({ cells: r.value as CellWrite[] })), columns)
      : await smartsheet.updateRows(job.sheetId, intents.map((r) => ({ id: r.rowId, cells: rowWrites(job, r) })), columns);
  counters.requests += result.requests;
  counters.version = result.version;
  return intents.map((r, i) => {
    const outcome = result.outcomes.find((o) => o.index === i);
    if (outcome?.ok) return writtenRecord(job, sheet, r, outcome.rowId || r.rowId);
    return { ...r, state: 'failed', reason: outcome && !outcome.ok ? `${outcome.error.message} (Smartsheet ${outcome.error.code})` : 'no outcome from Smartsheet' };
  });
}

/** The sheet's columns, with the target column the job added after its snapshot was taken. */
function columnsFor(job: Job, sheet: Sheet): Column[] {
  if (job.spec.kind !== 'fill' || sheet.columns.some((c) => c.id === job.targetColumnId)) return sheet.columns;
  return [...sheet.columns, { ...fillColumn(job.spec, sheet).column, id: job.targetColumnId!, index: sheet.columns.length }];
}

/** Rows a crashed attempt may or may not have written: the sheet says which. */
export async function settleUnsure(deps: JobWriteDeps, job: Job, base: Sheet, unsure: JobRow[], records: Map<number, JobRow>): Promise<void> {
  const current = await deps.smartsheet.getSheet(job.sheetId);
  const rows = new Map(current.rows.map((r) => [r.id, r]));
  const baseIds = new Set(base.rows.map((r) => r.id));
  const mode = writeMode(job.spec);
  const claimed = new Set([...records.values()].filter((r) => r.state === 'written').map((r) => r.rowId));
  const settled: JobRow[] = unsure.map((r) => {
    let written: boolean;
    let rowId = r.rowId;
    if (mode === 'delete') written = !rows.has(r.rowId);
    else if (mode === 'add') {
      // The added row's id (for an undo): a new row holding the cells, not claimed by another of the chunk's rows.
      const cells = r.value as CellWrite[];
      const added = current.rows.find((row) => !baseIds.has(row.id) && !claimed.has(row.id) && cells.every((c) => sameValue(valueIn(current, row, c.columnId), c.value)));
      written = Boolean(added);
      if (added) claimed.add((rowId = added.id));
    } else {
      const row = rows.get(r.rowId);
      written = !!row && rowWrites(job, r).every((c) => sameValue(valueIn(current, row, c.columnId), c.value));
    }
    return written ? writtenRecord(job, base, r, rowId) : { ...r, state: 'computed' };
  });
  await deps.rows.put(job.id, settled);
  for (const r of settled) records.set(r.index, r);
}

function valueIn(sheet: Sheet, row: Row, columnId: number): SheetValue {
  const col = sheet.columns.find((c) => c.id === columnId);
  return col ? (row.values[col.index] ?? null) : null;
}

/** The sheet-changed notice for a job's writes: the rows written (deleted, for a delete job) at `version`. */
export function jobNotice(job: Job, version: number, outcome: JobRow[]): SheetChanged {
  const touched = outcome.filter((r) => r.state === 'written').map((r) => r.rowId);
  const mode = writeMode(job.spec);
  const deleting = mode === 'delete';
  return {
    type: 'sheet.changed',
    sheetId: job.sheetId,
    version,
    changedRowIds: deleting ? [] : touched,
    deletedRowIds: deleting ? touched : [],
    columnsChanged: false,
    structural: mode !== 'update',
    source: 'app',
    correlationId: job.correlationId ?? job.id,
    ...traceParentField(job.traceParent),
  };
}
