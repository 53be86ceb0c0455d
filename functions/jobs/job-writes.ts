import type { Column, Row, Sheet } from '../../shared/sheet/model.js';
import type { SheetValue } from '../../shared/sheet/values.js';
import { sameValue } from '../changesets/changeset.builder.js';
import type { SheetChanged } from '../events/sheet-events.port.js';
import { traceParentField } from '../platform/trace-ref.js';
import type { RequestBudget } from '../smartsheet/rate-limit.adapter.js';
import type { CellWrite, SmartsheetPort } from '../smartsheet/smartsheet.port.js';
import { fillColumn } from './job-fill.js';
import type { Job, JobRow, JobRowStore } from './job.model.js';

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

/** One Smartsheet request per chunk (deletes: one per 375 ids), under the shared budget. */
export async function writeChunk(deps: JobWriteDeps, job: Job, sheet: Sheet, intents: JobRow[], counters: { requests: number; version?: number }): Promise<JobRow[]> {
  const { smartsheet, budget } = deps;
  const spec = job.spec;
  if (spec.kind === 'delete') {
    await budget.take(Math.ceil(intents.length / 375));
    const result = await smartsheet.deleteRows(job.sheetId, intents.map((r) => r.rowId));
    counters.requests += result.requests;
    counters.version = result.version;
    return intents.map((r) => ({ index: r.index, rowId: r.rowId, state: 'written' }));
  }
  const columns = columnsFor(job, sheet);
  await budget.take(1);
  const result =
    spec.kind === 'import'
      ? await smartsheet.addRows(job.sheetId, intents.map((r) => ({ cells: r.value as CellWrite[] })), columns)
      : await smartsheet.updateRows(job.sheetId, intents.map((r) => ({ id: r.rowId, cells: spec.kind === 'fill' ? [{ columnId: job.targetColumnId!, value: r.value as SheetValue }] : (r.value as CellWrite[]) })), columns);
  counters.requests += result.requests;
  counters.version = result.version;
  return intents.map((r, i) => {
    const outcome = result.outcomes.find((o) => o.index === i);
    // A written row needs its value no more; a failed one keeps it for a retry.
    if (outcome?.ok) return { index: r.index, rowId: outcome.rowId || r.rowId, state: 'written' };
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
  const settled: JobRow[] = unsure.map((r) => {
    let written: boolean;
    if (job.spec.kind === 'delete') written = !rows.has(r.rowId);
    else if (job.spec.kind === 'import') {
      const cells = r.value as CellWrite[];
      written = current.rows.some((row) => !baseIds.has(row.id) && cells.every((c) => sameValue(valueIn(current, row, c.columnId), c.value)));
    } else {
      const row = rows.get(r.rowId);
      const cells = job.spec.kind === 'fill' ? [{ columnId: job.targetColumnId!, value: r.value as SheetValue }] : (r.value as CellWrite[]);
      written = !!row && cells.every((c) => sameValue(valueIn(current, row, c.columnId), c.value));
    }
    return written ? { index: r.index, rowId: r.rowId, state: 'written' } : { ...r, state: 'computed' };
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
  const deleting = job.spec.kind === 'delete';
  return {
    type: 'sheet.changed',
    sheetId: job.sheetId,
    version,
    changedRowIds: deleting ? [] : touched,
    deletedRowIds: deleting ? touched : [],
    columnsChanged: false,
    structural: deleting || job.spec.kind === 'import',
    source: 'app',
    correlationId: job.correlationId ?? job.id,
    ...traceParentField(job.traceParent),
  };
}
