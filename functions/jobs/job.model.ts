import type { JobSpec, JobView, UndoableKind } from '../../shared/jobs/job-types.js';
import type { CellWrite } from '../smartsheet/smartsheet.port.js';

/**
 * A bulk job: one durable orchestration (instance id = job id, or `<id>~retry<n>`
 * for a retry of failed rows), indexed per session. The record is the job's
 * state for clients; per-row outcomes live in the job's own row table.
 */
export interface Job extends JobView {
  userId: string;
  /** The spec as asked (an import's CSV lives in the job inputs store, not here). */
  spec: Exclude<JobSpec, { kind: 'import' }> | { kind: 'import'; columns: string[] } | UndoSpec;
  /** The column the job writes (fill into a draft column is created at approval). */
  targetColumnId?: number;
  /** The job added its target column (an undo leaves it, emptied). */
  addedColumnId?: number;
  /** Set by cancel; each batch checks it first, so a job stops after the current batch. */
  cancelRequested: boolean;
  /** Orchestration instances run for this job (the first is the job id). */
  instances: string[];
  /** Model latency in the pilot, for the estimate. */
  pilotMsPerCall?: number;
  /** The request that created the job (its trace id): carried into notices, pushes and logs. */
  correlationId?: string;
  /** The request span (W3C traceparent) the job's activities and notices continue. */
  traceParent?: string;
  /** When the job last published a sheet-changed notice (they are throttled). */
  lastNoticeAt?: string;
  /** When the current run started (for the ETA). */
  runningSince?: string;
  /** Rows already finished when this run started (a retry or resume): the ETA counts only this run's pace. */
  rowsBeforeRun?: number;
  /** Written, failed and conflicting rows per chunk (and the conflicts' row numbers), so re-running a chunk never double-counts. */
  chunkCounts?: Record<number, { done: number; failed: number; conflicts?: number; conflictRows?: number[] }>;
  /** The sheet version the job's own latest write left (its snapshot's, before any): a newer one means someone else wrote. */
  ownVersion?: number;
  /** Someone else wrote to the sheet since the job's snapshot: from then on each chunk checks its rows before writing. */
  sheetMoved?: boolean;
}

/** An undo job: puts back the rows an earlier job wrote (its written rows' records say what was there). */
export interface UndoSpec {
  kind: 'undo';
  jobId: string;
  of: UndoableKind;
}

/** How a job writes its rows: sets cells (update, fill, an undo of either), adds rows (import) or deletes them (delete, an undo of an import). */
export type WriteMode = 'update' | 'add' | 'delete';

export function writeMode(spec: Job['spec']): WriteMode {
  if (spec.kind === 'delete' || (spec.kind === 'undo' && spec.of === 'import')) return 'delete';
  return spec.kind === 'import' ? 'add' : 'update';
}

/** A job runs in chunks of this many rows: one Smartsheet write each, one stored record each. */
export const ROWS_PER_CHUNK = 500;

/**
 * What happened to one row of a job: written once, never again; or left alone (`conflict`) because
 * someone changed it in the sheet after the job was planned.
 */
export type JobRowState = 'computed' | 'writing' | 'written' | 'failed' | 'conflict';

/** Rows a run is finished with: never written (again) by a chunk, a resume or a retry. */
export const FINISHED_ROW_STATES: readonly JobRowState[] = ['written', 'failed', 'conflict'];

/** Conflicting rows' numbers a job keeps, to name them in its card. */
export const CONFLICT_ROWS_SHOWN = 20;

export interface JobRow {
  /** Position in the job's row list (chunks are ranges of positions). */
  index: number;
  rowId: number;
  state: JobRowState;
  /** The value (fill), cells (update, undo) or row (import) to write, once known; kept once written, for an undo. */
  value?: unknown;
  /** A written row of an update or fill: its cells as they were before (value and formula), for an undo. */
  before?: CellWrite[];
  reason?: string;
}

export interface JobRowStore {
  /** Rows at positions [from, to) that have a record. */
  range(jobId: string, from: number, to: number): Promise<JobRow[]>;
  /** Creates or replaces each row's record (in transactions). */
  put(jobId: string, rows: JobRow[]): Promise<void>;
  list(jobId: string, state?: JobRowState): Promise<JobRow[]>;
  deleteJob(jobId: string): Promise<void>;
}

/** Large job inputs (an import's CSV text), kept out of the job record. */
export interface JobInputStore {
  put(jobId: string, text: string): Promise<void>;
  get(jobId: string): Promise<string | undefined>;
  delete(jobId: string): Promise<void>;
}

export const jobView = (job: Job): JobView => {
  const { userId: _u, spec: _s, targetColumnId: _t, addedColumnId: _a, cancelRequested: _c, instances: _i, pilotMsPerCall: _p, runningSince: _r, rowsBeforeRun: _b, chunkCounts: _k, lastNoticeAt: _n, correlationId: _x, traceParent: _tp, ownVersion: _o, sheetMoved: _m, ...view } = job;
  return resumeRefusal(job) ? view : { ...view, resumable: true };
};

/** Why the job may not be run again: undone (or being undone), its undo was planned on what it wrote. */
export function undoneRefusal(job: Job): string | undefined {
  return job.undoneBy ? 'The job has been undone (or is being undone): see its undo job.' : undefined;
}

/**
 * Why the job cannot go on with the rows it had not reached, or undefined: it stopped while running — cancelled, or
 * failed (Smartsheet refused its writes, or stayed down through the retries) — and has rows left.
 */
export function resumeRefusal(job: Job): string | undefined {
  if (!['cancelled', 'failed'].includes(job.status) || !job.runningSince) return `The job is ${job.status}; only a job cancelled or stopped while running can be resumed.`;
  const { done, failed, conflicts, total } = job.progress;
  return undoneRefusal(job) ?? (done + failed + (conflicts ?? 0) >= total ? 'The job has no rows left to run.' : undefined);
}

/** What one chunk did: its rows written and failed, its calls, and the notice it sent. */
export interface ChunkCounts {
  chunk: number;
  done: number;
  failed: number;
  conflicts?: number;
  /** Row numbers of the chunk's conflicts (at most CONFLICT_ROWS_SHOWN). */
  conflictRows?: number[];
  modelCalls: number;
  requests: number;
  version?: number | undefined;
  noticeAt?: string | undefined;
  /** The chunk found that someone else had written to the sheet. */
  sheetMoved?: boolean;
}

/**
 * The job after a chunk: counts per chunk (so a chunk run again replaces, never adds to,
 * its own counts), progress with an ETA from the pace so far, and the running result.
 */
export function afterChunk(j: Job, c: ChunkCounts, now: Date): Job {
  const chunkCounts = { ...(j.chunkCounts ?? {}), [c.chunk]: { done: c.done, failed: c.failed, ...(c.conflicts ? { conflicts: c.conflicts, conflictRows: c.conflictRows } : {}) } };
  const all = Object.entries(chunkCounts).sort(([a], [b]) => Number(a) - Number(b)).map(([, x]) => x);
  const done = all.reduce((n, x) => n + x.done, 0);
  const failed = all.reduce((n, x) => n + x.failed, 0);
  const conflicts = all.reduce((n, x) => n + (x.conflicts ?? 0), 0);
  const conflictRows = all.flatMap((x) => x.conflictRows ?? []).slice(0, CONFLICT_ROWS_SHOWN);
  const elapsed = (now.getTime() - Date.parse(j.runningSince ?? j.updatedAt)) / 1000;
  const finishedRows = done + failed + conflicts;
  const thisRun = finishedRows - (j.rowsBeforeRun ?? 0);
  const etaSeconds = thisRun > 0 ? Math.round((elapsed / thisRun) * Math.max(0, j.progress.total - finishedRows)) : undefined;
  const version = c.version ?? j.result?.version;
  return {
    ...j,
    ...(c.noticeAt ? { lastNoticeAt: c.noticeAt } : {}),
    ...(c.version !== undefined ? { ownVersion: c.version } : {}),
    ...(c.sheetMoved || j.sheetMoved ? { sheetMoved: true } : {}),
    chunkCounts,
    progress: { phase: 'running', done, failed, ...(conflicts ? { conflicts } : {}), total: j.progress.total, ...(etaSeconds !== undefined ? { etaSeconds } : {}) },
    result: {
      written: done,
      failed,
      skipped: j.result?.skipped ?? 0,
      ...(conflicts ? { conflicts, conflictRows } : {}),
      modelCalls: (j.result?.modelCalls ?? 0) + c.modelCalls,
      smartsheetRequests: (j.result?.smartsheetRequests ?? 0) + c.requests,
      ...(version ? { version } : {}),
    },
    updatedAt: now.toISOString(),
  };
}
