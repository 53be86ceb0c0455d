import { type JobProgress, type JobStatus, type JobView } from '../../shared/jobs/job-types.js';
import { columnByTitle, type Sheet } from '../../shared/sheet/model.js';
import { ProposalError } from '../changesets/write-targets.js';
import { NotFoundError, ValidationError, describeError } from '../platform/errors.js';
import { lastingRefusal } from '../smartsheet/smartsheet.port.js';
import { updateWithRetry } from '../storage/optimistic.js';
import { fillColumn } from './job-fill.js';
import { previewJob } from './job-preview.js';
import { jobTargets } from './job-rows.js';
import { runJobChunk } from './job-chunk.js';
import { afterChunk, jobView, ROWS_PER_CHUNK, type Job } from './job.model.js';
import type { JobsDeps } from './jobs.service.js';

export interface ChunkOutcome {
  cancelled: boolean;
  progress: JobProgress;
  /** Smartsheet refused in a way no retry mends (the sheet's sharing, the app's token, the sheet gone): why; the job stops now. */
  stopped?: string;
}


/**
 * What a job's orchestration does, one activity at a time (`job.orchestration.ts`): plan the job (rows, pilot,
 * preview, estimate), start it once approved, run its chunks, and finish it. People's requests — create, approve,
 * cancel, retry, resume, undo — are `JobsService`'s. Every step updates the job's record and pushes its progress.
 */
export class JobRunner {
  constructor(private readonly deps: JobsDeps) {}

  #now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** Plans the job: its rows, a pilot (fill: the first rows through the model, nothing written), the preview and estimate. */
  async plan(jobId: string): Promise<{ ok: boolean; approvalMinutes: number; error?: string }> {
    const job = (await this.deps.jobs.get(jobId))!.value;
    try {
      const sheet = await this.#sheet(job);
      const targets = await jobTargets(job, sheet, this.deps);
      const preview = await previewJob(this.deps, job, sheet, targets, (change) => this.#update(jobId, change));
      const expires = new Date(this.#now().getTime() + this.deps.approvalMinutes * 60_000).toISOString();
      const updated = await this.#update(jobId, (j) => ({
        ...j,
        status: j.cancelRequested ? 'rejected' : 'awaiting_approval',
        preview,
        approvalExpiresAt: expires,
        progress: { phase: 'awaiting_approval', done: 0, total: targets.length, failed: 0 },
        updatedAt: this.#now().toISOString(),
      }));
      await this.#push(updated);
      return { ok: !job.cancelRequested, approvalMinutes: this.deps.approvalMinutes };
    } catch (error) {
      return { ok: false, approvalMinutes: 0, error: error instanceof ProposalError || error instanceof ValidationError ? error.message : describeError(error) };
    }
  }

  /** After approval (or for a retry): the column a fill adds, unless someone added it meanwhile; returns how many chunks to run. */
  async start(jobId: string): Promise<{ chunks: number } | { stopped: string }> {
    return this.#unlessRefused((await this.deps.jobs.get(jobId))!.value, () => this.#start(jobId));
  }

  async #start(jobId: string): Promise<{ chunks: number }> {
    let job = (await this.deps.jobs.get(jobId))!.value;
    if (job.spec.kind === 'fill' && job.targetColumnId === undefined) {
      const sheet = await this.#sheet(job);
      const target = fillColumn(job.spec, sheet);
      let targetColumnId = target.column.id;
      let ownVersion: number | undefined;
      if (target.added) {
        const { title, type, options } = target.column;
        // The sheet's columns as they are now (rows changed from now on: none — not the whole sheet), in case someone added it.
        const existing = columnByTitle(await this.deps.smartsheet.getRowsModifiedSince(job.sheetId, this.#now().toISOString()), title);
        const added = existing ? undefined : await this.deps.smartsheet.addColumns(job.sheetId, [{ title, type, index: sheet.columns.length, ...(options ? { options } : {}) }]);
        targetColumnId = existing?.id ?? added!.columns[0]!.id;
        // The job's own write: the sheet's next version is not someone else's change.
        if (added) ownVersion = added.version;
      }
      // Only a column the job added itself (not one someone added meanwhile) is the job's own.
      job = await this.#update(jobId, (j) => ({ ...j, targetColumnId, ...(ownVersion !== undefined ? { ownVersion, addedColumnId: targetColumnId } : {}) }));
    }
    const updated = await this.#update(jobId, (j) => ({
      ...j,
      status: 'running',
      runningSince: this.#now().toISOString(),
      rowsBeforeRun: j.progress.done + j.progress.failed + (j.progress.conflicts ?? 0),
      progress: { ...j.progress, phase: 'running' },
      updatedAt: this.#now().toISOString(),
    }));
    await this.#push(updated);
    return { chunks: Math.ceil(job.progress.total / ROWS_PER_CHUNK) };
  }

  /** One chunk (`job-chunk.ts`), then the job's progress. */
  async runChunk(jobId: string, chunk: number): Promise<ChunkOutcome> {
    const job = (await this.deps.jobs.get(jobId))!.value;
    if (job.cancelRequested) return { cancelled: true, progress: job.progress };
    const sheet = await this.#sheet(job);
    const counts = await this.#unlessRefused(job, async () => runJobChunk(this.deps, job, sheet, await jobTargets(job, sheet, this.deps), chunk, () => this.#now()));
    if ('stopped' in counts) return { cancelled: false, progress: job.progress, stopped: counts.stopped };
    const updated = await this.#update(jobId, (j) => afterChunk(j, counts, this.#now()));
    await this.#push(updated);
    return { cancelled: false, progress: updated.progress };
  }

  async finish(jobId: string, status: JobStatus, error?: string): Promise<JobView> {
    const updated = await this.#update(jobId, (j) => ({
      ...j,
      status,
      progress: { ...j.progress, phase: 'finished', etaSeconds: 0 },
      ...(status === 'cancelled' ? { result: { written: 0, failed: 0, skipped: 0, modelCalls: 0, smartsheetRequests: 0, ...j.result, cancelled: true } } : {}),
      ...(error ? { error } : {}),
      updatedAt: this.#now().toISOString(),
    }));
    await this.#push(updated);
    // An undo that wrote nothing (rejected, expired, failed) leaves its job free to be undone again.
    if (updated.spec.kind === 'undo' && !updated.result?.written) {
      const undo = updated.id;
      await this.#update(updated.spec.jobId, (j) => (j.undoneBy === undo ? (({ undoneBy: _u, ...rest }) => rest)(j) : j)).catch(() => undefined);
    }
    if (updated.result?.version) {
      const fresh = await this.deps.smartsheet.getSheet(updated.sheetId).catch(() => undefined);
      if (fresh) await this.deps.sessions.adopt(updated.sessionId, fresh).catch(() => undefined);
    }
    return jobView(updated);
  }

  /**
   * A step Smartsheet refused for good: why, for the job's record (`finish`), rather than the same refusal five times
   * over; refused for the app's access, the job's session turns view only too.
   */
  async #unlessRefused<T>(job: Job, step: () => Promise<T>): Promise<T | { stopped: string }> {
    try {
      return await step();
    } catch (error) {
      const why = lastingRefusal(error);
      if (why === undefined) throw error;
      await this.deps.sessions.afterRefusal(job.sessionId, error);
      return { stopped: why };
    }
  }

  async #sheet(job: Job): Promise<Sheet> {
    const sheet = await this.deps.snapshots.get(job.sheetId, job.baseVersion);
    if (!sheet) throw new NotFoundError(`The snapshot of version ${job.baseVersion} the job was planned on is gone.`);
    return sheet;
  }

  async #push(job: Job): Promise<void> {
    await this.deps.realtime
      .sendToUser(job.userId, { type: 'job.progress', jobId: job.id, sessionId: job.sessionId, status: job.status, progress: job.progress, ...(job.correlationId ? { correlationId: job.correlationId } : {}) })
      .catch(() => undefined); // progress is also on the record; a missed push is caught up by GET
  }

  #update(jobId: string, change: (job: Job) => Job): Promise<Job> {
    return updateWithRetry(this.deps.jobs, jobId, change, 'job');
  }
}
