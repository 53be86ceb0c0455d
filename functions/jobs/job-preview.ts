import type { JobPreview } from '../../shared/jobs/job-types.js';
import type { Sheet } from '../../shared/sheet/model.js';
import { plural } from '../../shared/util/plural.js';
import { duration } from '../../shared/util/duration.js';
import { fillMessages } from './fill-prompt.js';
import { fieldsOf, fillColumn, fillParams, fillRows, type FillDeps } from './job-fill.js';
import { importRows, type Target } from './job-rows.js';
import { ROWS_PER_CHUNK, writeMode, type Job, type JobInputStore, type JobRowStore } from './job.model.js';

/**
 * A planned job's preview: sample rows (fill: the pilot, its values kept for the run),
 * invalid rows (import) and the estimate — model calls, prompt tokens, Smartsheet
 * requests and seconds under the shared request budget.
 */
export interface PreviewDeps extends FillDeps {
  rows: JobRowStore;
  inputs: JobInputStore;
  pilotRows: number;
  modelConcurrency: number;
  requestsPerMinute: number;
}

/** The preview of a planned job; `update` records what the pilot learned (its timing, counts) on the job. */
export async function previewJob(deps: PreviewDeps, job: Job, sheet: Sheet, targets: Target[], update: (change: (job: Job) => Job) => Promise<Job>): Promise<JobPreview> {
  const rate = deps.requestsPerMinute * 0.9; // jobs share 90 % of the token's limit
  const spec = job.spec;
  // Writes, and (but for an import) one version check per chunk before its write — more if someone else writes meanwhile.
  const mode = writeMode(spec);
  const requestsFor = (n: number) => (mode === 'delete' ? Math.ceil(n / 375) : Math.ceil(n / ROWS_PER_CHUNK)) + (mode === 'add' ? 0 : Math.ceil(n / ROWS_PER_CHUNK));
  const estimate = { rows: targets.length, modelCalls: 0, promptTokens: 0, smartsheetRequests: requestsFor(targets.length), seconds: 0 };
  const byId = new Map(sheet.rows.map((r) => [r.id, r]));
  const sample: JobPreview['sample'] = [];
  let pilotMs = 0;
  if (spec.kind === 'fill') {
    // The pilot is the first model batch (at least the pilot rows): its values are kept and written after approval.
    const pilot = targets.slice(0, Math.max(deps.pilotRows, deps.modelBatchRows)).map((t, i) => ({ index: i, rowId: t.rowId }));
    const counters = { modelCalls: 0, requests: 0, version: undefined };
    const started = performance.now();
    const computed = await fillRows(deps, job, sheet, pilot, counters);
    pilotMs = (performance.now() - started) / Math.max(1, counters.modelCalls);
    await deps.rows.put(job.id, computed);
    const target = fillColumn(spec, sheet);
    if (target.added) estimate.smartsheetRequests += 2; // on approval: the sheet's columns read, the column added
    for (const row of computed.slice(0, deps.pilotRows)) sample.push({ rowId: row.rowId, rowNumber: byId.get(row.rowId)?.rowNumber, before: target.added ? null : (byId.get(row.rowId)?.values[target.column.index] ?? null), after: row.state === 'failed' ? `failed: ${row.reason}` : row.value });
    estimate.modelCalls = Math.ceil(targets.length / deps.modelBatchRows);
    const perCall = fillMessages(fillParams(spec), pilot.slice(0, 1).map((p) => ({ rowId: p.rowId, fields: fieldsOf(sheet, byId.get(p.rowId)!, spec.sourceColumns) })));
    const perRowChars = JSON.stringify(perCall[1]!.content).length;
    estimate.promptTokens = Math.ceil((estimate.modelCalls * (perCall[0]!.content!.length + perRowChars * deps.modelBatchRows)) / 4);
    await update((j) => ({ ...j, pilotMsPerCall: Math.round(pilotMs), result: { written: 0, failed: 0, skipped: 0, modelCalls: counters.modelCalls, smartsheetRequests: 0 } }));
  } else if (spec.kind === 'import') {
    const { rows, invalid } = await importRows(job, sheet, deps.inputs);
    const titles = new Map(sheet.columns.map((c) => [c.id, c.title]));
    for (const cells of rows.slice(0, 5)) sample.push({ values: Object.fromEntries(cells.map((c) => [titles.get(c.columnId)!, c.value])) });
    estimate.seconds = Math.ceil((estimate.smartsheetRequests / rate) * 60);
    await update((j) => ({ ...j, result: { written: 0, failed: 0, skipped: invalid.length, modelCalls: 0, smartsheetRequests: 0 } }));
    return { sample, invalid: invalid.slice(0, 100), estimate, summary: `Add ${plural(rows.length, 'row')}${invalid.length ? `; ${plural(invalid.length, 'invalid row')} will be skipped` : ''}` };
  } else {
    for (const t of targets.slice(0, 5)) {
      const row = byId.get(t.rowId)!;
      const values = Object.fromEntries(sheet.columns.slice(0, 6).map((c) => [c.title, row.values[c.index] ?? null]));
      if (mode !== 'update') {
        sample.push({ rowId: t.rowId, rowNumber: row.rowNumber, values });
        continue;
      }
      // An update (or an undo of one) shows the cells it sets, before and after (the row's first columns say which row it is).
      const set = t.cells.map((c) => sheet.columns.find((col) => col.id === c.columnId)!);
      sample.push({ rowId: t.rowId, rowNumber: row.rowNumber, values, before: Object.fromEntries(set.map((col) => [col.title, row.values[col.index] ?? null])), after: Object.fromEntries(t.cells.map((c, i) => [set[i]!.title, c.formula ?? c.value])) });
    }
  }
  const modelSeconds = (estimate.modelCalls * pilotMs) / 1000 / Math.max(1, deps.modelConcurrency);
  estimate.seconds = Math.ceil(Math.max(modelSeconds, (estimate.smartsheetRequests / rate) * 60));
  const what = spec.kind === 'fill' ? 'Fill' : spec.kind === 'update' ? 'Update' : spec.kind === 'undo' ? (mode === 'delete' ? 'Undo: delete' : 'Undo: restore') : 'Delete';
  return { sample, estimate, summary: `${what} ${plural(targets.length, 'row')}: ${estimate.modelCalls ? `${plural(estimate.modelCalls, 'model call')}, ` : ''}${plural(estimate.smartsheetRequests, 'Smartsheet request')}, about ${duration(estimate.seconds)}` };
  }
