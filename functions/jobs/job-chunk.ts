import type { Sheet } from '../../shared/sheet/model.js';
import { fillRows } from './job-fill.js';
import { findConflicts } from './job-guard.js';
import type { Target } from './job-rows.js';
import { jobNotice, settleUnsure, writeChunk } from './job-writes.js';
import { CONFLICT_ROWS_SHOWN, FINISHED_ROW_STATES, ROWS_PER_CHUNK, type ChunkCounts, type Job, type JobRow } from './job.model.js';
import type { JobsDeps } from './jobs.service.js';

/** A running job tells listeners about its writes at most this often (and at its end). */
export const NOTICE_EVERY_MS = 3000;

/**
 * One chunk of a job, each row written at most once: rows a crashed attempt may have
 * written are first checked against the sheet; fills get their values from the model;
 * each row's write intent is recorded before the chunk's one Smartsheet request and its
 * outcome after; listeners are told (throttled). Returns the chunk's counts.
 */
export async function runJobChunk(deps: JobsDeps, job: Job, sheet: Sheet, all: Target[], chunk: number, now: () => Date): Promise<ChunkCounts> {
  const from = chunk * ROWS_PER_CHUNK;
  const slice = all.slice(from, from + ROWS_PER_CHUNK);
  const records = new Map((await deps.rows.range(job.id, from, from + ROWS_PER_CHUNK)).map((r) => [r.index, r]));
  const counters = { modelCalls: 0, requests: 0, version: undefined as number | undefined, sheetMoved: false };
  let noticeAt: string | undefined;

  // A previous attempt may have crashed between its request and its records: look before writing again.
  const unsure = [...records.values()].filter((r) => r.state === 'writing');
  if (unsure.length) await settleUnsure(deps, job, sheet, unsure, records);

  const pending = slice.map((target, i) => ({ target, index: from + i })).filter(({ index }) => !FINISHED_ROW_STATES.includes(records.get(index)?.state ?? 'computed'));
  if (job.spec.kind === 'fill') {
    const needModel = pending.filter(({ index }) => records.get(index)?.value === undefined);
    // Values are recorded with the write intent below (one store write), failures with them.
    const computed = await fillRows(deps, job, sheet, needModel.map((p) => ({ index: p.index, rowId: p.target.rowId })), counters);
    for (const row of computed) records.set(row.index, row);
  }
  const modelFailed = pending.map(({ index }) => records.get(index)).filter((r): r is JobRow => r?.state === 'failed');
  const ready = pending.filter(({ index }) => job.spec.kind !== 'fill' || records.get(index)?.state === 'computed');
  if (ready.length || modelFailed.length) {
    const planned: JobRow[] = ready.map(({ target, index }) => ({ index, rowId: target.rowId, state: 'writing', value: job.spec.kind === 'fill' ? records.get(index)!.value : target.cells }));
    // Rows someone changed since the snapshot are left alone, recorded with the rest before the write — the check
    // and the write under the sheet's write lock, so none of our other writers lands between them.
    const outcome = await deps.smartsheet.exclusive(job.sheetId, async (smartsheet) => {
      const holding = { ...deps, smartsheet };
      const conflicts = await findConflicts(holding, job, sheet, planned, counters);
      const left = new Set(conflicts.map((r) => r.index));
      const intents = planned.filter((r) => !left.has(r.index));
      await deps.rows.put(job.id, [...intents, ...modelFailed, ...conflicts]);
      for (const row of conflicts) records.set(row.index, row);
      return intents.length ? await writeChunk(holding, job, sheet, intents, counters) : [];
    });
    await deps.rows.put(job.id, outcome);
    for (const row of outcome) records.set(row.index, row);
    // One notice per chunk would make every listener refetch a large sheet 40 times for 20k rows:
    // notices go out at most every NOTICE_EVERY_MS, and always for the last chunk.
    const last = from + ROWS_PER_CHUNK >= all.length;
    const due = last || !job.lastNoticeAt || now().getTime() - Date.parse(job.lastNoticeAt) >= NOTICE_EVERY_MS;
    if (counters.version !== undefined && due) {
      noticeAt = now().toISOString();
      await deps.publisher.publishSheetChanged(jobNotice(job, counters.version, outcome));
    }
  }
  const states = [...records.values()];
  const done = states.filter((r) => r.state === 'written').length;
  const failed = states.filter((r) => r.state === 'failed').length;
  const conflicting = states.filter((r) => r.state === 'conflict').sort((a, b) => a.index - b.index);
  const conflictRows = conflicting.slice(0, CONFLICT_ROWS_SHOWN).map((r) => slice[r.index - from]?.rowNumber ?? 0);
  return { chunk, done, failed, conflicts: conflicting.length, conflictRows, modelCalls: counters.modelCalls, requests: counters.requests, version: counters.version, noticeAt, sheetMoved: counters.sheetMoved };
}
