import { isFinished, jobSpecSchema, UNDOABLE_KINDS, undoJobArgsSchema, type JobView, type UndoableKind } from '../../shared/jobs/job-types.js';
import type { Sheet } from '../../shared/sheet/model.js';
import { describeIssues } from '../../shared/util/issues.js';
import type { ChatModel } from '../chat/model.port.js';
import type { SheetEventsPublisher } from '../events/sheet-events.port.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors.js';
import { mayChangeColumns, mustBeWritable, sessionMayWrite } from '../changesets/write-targets.js';
import type { RealtimePort } from '../realtime/realtime.port.js';
import { traceFields, traceParentField, type TraceRef } from '../platform/trace-ref.js';
import type { Session } from '../sessions/session.model.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import type { RequestBudget } from '../smartsheet/rate-limit.adapter.js';
import type { SmartsheetPort } from '../smartsheet/smartsheet.port.js';
import { sortableId } from '../storage/ids.js';
import { updateWithRetry } from '../storage/optimistic.js';
import type { RecordStore, SnapshotStore } from '../storage/stores.port.js';
import { fillColumn } from './job-fill.js';
import { checkSpec } from './job-rows.js';
import { undoNotes, undoPlan } from './job-undo.js';
import { jobView, resumeRefusal, undoneRefusal, type Job, type JobInputStore, type JobRow, type JobRowStore } from './job.model.js';

/**
 * Bulk jobs: plan → pilot (no writes) → preview with an estimate → approval →
 * chunks of at most 500 rows, each one Smartsheet request under the shared
 * request budget, rows written at most once (a row's record says where it is:
 * computed, writing, written, failed) → summary. Progress is on the job record
 * and pushed to the owner. This service takes people's requests; the
 * orchestration's steps are `JobRunner`'s (`job-runner.ts`).
 */

export interface JobStore extends RecordStore<Job> {
  listBySession(sessionId: string): Promise<Job[]>;
}

export interface JobControl {
  /** Starts an orchestration instance for the job (the first, or a retry). */
  start(instanceId: string, input: { jobId: string; retry?: boolean }): Promise<void>;
  decide(jobId: string, approved: boolean): Promise<void>;
}

export interface JobsDeps {
  jobs: JobStore;
  rows: JobRowStore;
  inputs: JobInputStore;
  sessions: SessionsService;
  snapshots: SnapshotStore;
  smartsheet: SmartsheetPort;
  model: ChatModel;
  publisher: SheetEventsPublisher;
  realtime: RealtimePort;
  budget: RequestBudget;
  pilotRows: number;
  modelBatchRows: number;
  modelConcurrency: number;
  approvalMinutes: number;
  requestsPerMinute: number;
  now?: () => Date;
}


/** A job undone (or being undone) is not run again: its undo was planned on what it wrote. */
function notUndone(job: Job): void {
  const refusal = undoneRefusal(job);
  if (refusal) throw new ConflictError(refusal);
}

export class JobsService {
  constructor(private readonly deps: JobsDeps) {}

  #now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  // ---- requests from people ------------------------------------------------

  async create(userId: string, sessionId: string, rawSpec: unknown, control: JobControl, trace?: TraceRef): Promise<JobView> {
    const parsed = jobSpecSchema.safeParse(rawSpec);
    if (!parsed.success) throw new ValidationError(`Invalid job: ${describeIssues(parsed.error.issues, 'job')}`, parsed.error.issues);
    const spec = parsed.data;
    const { session, sheet } = await this.deps.sessions.requireReady(userId, sessionId);
    mustBeWritable(session.access);
    const checked = checkSpec(spec, sheet, this.#now());
    // A fill into a column the sheet lacks adds it on approval: a column change.
    if (spec.kind === 'fill' && fillColumn(spec, sheet).added) mayChangeColumns(session.access);
    const job = this.#draft(userId, session, sheet, trace, {
      kind: spec.kind,
      summary: checked.summary,
      notes: checked.notes,
      spec: spec.kind === 'import' ? { kind: 'import', columns: checked.columns ?? [] } : spec,
    });
    if (spec.kind === 'import') await this.deps.inputs.put(job.id, spec.csv);
    await this.deps.jobs.create(job);
    await control.start(job.id, { jobId: job.id, ...traceParentField(job.traceParent) });
    return jobView(job);
  }

  async get(userId: string, jobId: string): Promise<Job> {
    const stored = await this.deps.jobs.get(jobId);
    if (!stored || stored.value.userId !== userId) throw new NotFoundError('No such job.');
    return stored.value;
  }

  async list(userId: string, sessionId: string): Promise<JobView[]> {
    await this.deps.sessions.get(userId, sessionId);
    return (await this.deps.jobs.listBySession(sessionId)).map(jobView);
  }

  async rowsOf(userId: string, jobId: string, state?: JobRow['state']): Promise<JobRow[]> {
    await this.get(userId, jobId);
    return (await this.deps.rows.list(jobId, state)).map(({ value: _v, ...row }) => row);
  }

  async decide(userId: string, jobId: string, approved: boolean, control: JobControl): Promise<JobView> {
    const job = await this.get(userId, jobId);
    if (job.status !== 'awaiting_approval') throw new ConflictError(`The job is ${job.status}, not awaiting approval.`);
    if (approved) await sessionMayWrite(this.deps.sessions, userId, job.sessionId);
    await control.decide(jobId, approved);
    return jobView(job);
  }

  /** Before approval this rejects; while running, the job stops after the current batch. */
  async cancel(userId: string, jobId: string, control: JobControl): Promise<JobView> {
    const job = await this.get(userId, jobId);
    if (job.status === 'awaiting_approval' || job.status === 'planning') {
      if (job.status === 'awaiting_approval') await control.decide(jobId, false);
      return jobView(await this.#update(jobId, (j) => ({ ...j, cancelRequested: true })));
    }
    if (job.status !== 'running') throw new ConflictError(`The job is ${job.status}; only a planned or running job can be cancelled.`);
    return jobView(await this.#update(jobId, (j) => ({ ...j, cancelRequested: true })));
  }

  /** Runs the failed rows again (and only them). */
  async retryFailed(userId: string, jobId: string, control: JobControl): Promise<JobView> {
    const job = await this.get(userId, jobId);
    const mayRetry = (j: Job) => {
      if (!['completed', 'cancelled', 'failed'].includes(j.status) || (!j.targetColumnId && j.kind === 'fill')) throw new ConflictError(`The job is ${j.status}; failed rows can be retried once it has run.`);
      notUndone(j);
    };
    mayRetry(job);
    await sessionMayWrite(this.deps.sessions, userId, job.sessionId);
    const failed = await this.deps.rows.list(jobId, 'failed');
    if (failed.length === 0) throw new ConflictError('The job has no failed rows.');
    await this.deps.rows.put(jobId, failed.map(({ reason: _r, ...row }) => ({ ...row, state: 'computed' })));
    return this.#runAgain(job, 'retry', mayRetry, control, { failed: 0 });
  }

  /** Goes on with a job cancelled or stopped while running: the rows it had not reached; written and failed rows stay as they are. */
  async resume(userId: string, jobId: string, control: JobControl): Promise<JobView> {
    const job = await this.get(userId, jobId);
    const mayResume = (j: Job) => {
      const refusal = resumeRefusal(j);
      if (refusal) throw new ConflictError(refusal);
    };
    mayResume(job);
    await sessionMayWrite(this.deps.sessions, userId, job.sessionId);
    return this.#runAgain(job, 'resume', mayResume, control, {});
  }

  /**
   * Undoes a finished update, fill or import: a new job (kind `undo`), planned on the sheet as it is now and run
   * like any job — preview, approval, chunks, progress, cancel and resume. It writes back each row's cells as they
   * were before the job (an import: deletes the rows it added); rows changed since the job wrote them are left
   * alone and named before approval. One undo per job at a time; the job cannot be retried or resumed once undone.
   */
  async undo(userId: string, jobId: string, control: JobControl, trace?: TraceRef): Promise<JobView> {
    const original = await this.get(userId, jobId);
    if (!UNDOABLE_KINDS.includes(original.kind as UndoableKind)) {
      throw new ConflictError(original.kind === 'delete' ? 'A delete job has no undo: the rows it deleted are gone.' : 'An undo cannot itself be undone: run the job again instead.');
    }
    const mayUndo = (j: Job) => {
      if (!isFinished(j.status)) throw new ConflictError(`The job is ${j.status}; it can be undone once it has finished.`);
      if (!j.result?.written) throw new ConflictError('The job wrote nothing, so there is nothing to undo.');
      notUndone(j);
    };
    mayUndo(original);
    const { session, sheet } = await this.deps.sessions.requireReady(userId, original.sessionId);
    mustBeWritable(session.access);
    const plan = undoPlan(original, await this.deps.rows.list(jobId, 'written'), sheet);
    const notes = undoNotes(plan, original);
    if (plan.targets.length === 0) throw new ConflictError(`Nothing to undo. ${notes.join(' ') || 'Every row the job wrote is already as it was.'}`);
    const kind = original.kind as UndoableKind;
    const job = this.#draft(userId, session, sheet, trace, { kind: 'undo', summary: `Undo: ${original.summary}`, notes, spec: { kind: 'undo', jobId, of: kind }, undoes: { jobId, kind } });
    // The claim is checked again on the record it updates: two clicks at once start one undo (the second gets 409).
    await this.#update(jobId, (j) => {
      mayUndo(j);
      return { ...j, undoneBy: job.id, updatedAt: job.createdAt };
    });
    await this.deps.jobs.create(job);
    await control.start(job.id, { jobId: job.id, ...traceParentField(job.traceParent) });
    return jobView(job);
  }

  /** Undo from chat (`undo_job`): the session's job named, or its latest that can be undone. */
  async undoInSession(userId: string, sessionId: string, rawArgs: unknown, control: JobControl, trace?: TraceRef): Promise<JobView> {
    const parsed = undoJobArgsSchema.safeParse(rawArgs);
    if (!parsed.success) throw new ValidationError(`Invalid arguments for undo_job: ${describeIssues(parsed.error.issues, 'arguments')}`, parsed.error.issues);
    const jobs = await this.list(userId, sessionId);
    const { jobId } = parsed.data;
    if (jobId) {
      if (!jobs.some((j) => j.id === jobId)) throw new NotFoundError(`No job ${jobId} in this conversation's session.`);
      return this.undo(userId, jobId, control, trace);
    }
    const latest = jobs.filter((j) => UNDOABLE_KINDS.includes(j.kind as UndoableKind) && isFinished(j.status) && j.result?.written && !j.undoneBy).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    if (!latest) throw new ConflictError('There is no finished update, fill or import job in this session to undo.');
    return this.undo(userId, latest.id, control, trace);
  }

  /**
   * A new orchestration instance for an approved job (`<id>~retry<n>`, `<id>~resume<n>`): no plan,
   * no approval; rows already written are skipped. The check runs again on the record it updates,
   * so two clicks at once start one run (the second gets 409).
   */
  async #runAgain(job: Job, kind: 'retry' | 'resume', check: (j: Job) => void, control: JobControl, progress: Partial<Job['progress']>): Promise<JobView> {
    let instance = '';
    const updated = await this.#update(job.id, (j) => {
      check(j);
      instance = `${j.id}~${kind}${j.instances.length}`;
      const result = j.result && (({ cancelled: _c, ...rest }) => rest)(j.result);
      // Why the last run stopped no longer holds for this one.
      const { error: _e, ...rest } = j;
      return { ...rest, status: 'running', cancelRequested: false, instances: [...j.instances, instance], progress: { ...j.progress, phase: 'running', ...progress }, ...(result ? { result } : {}), updatedAt: this.#now().toISOString() };
    });
    await control.start(instance, { jobId: job.id, retry: true, ...traceParentField(job.traceParent) });
    return jobView(updated);
  }

  // ---- internals ------------------------------------------------------------

  /** A new job's record: planning on the session's sheet as it is now, its first orchestration instance its id. */
  #draft(userId: string, session: Session, sheet: Sheet, trace: TraceRef | undefined, what: Pick<Job, 'kind' | 'summary' | 'spec' | 'undoes'> & { notes: string[] | undefined }): Job {
    const now = this.#now().toISOString();
    const { notes, ...rest } = what;
    const id = sortableId();
    return {
      id,
      userId,
      sessionId: session.id,
      sheetId: sheet.id,
      ...rest,
      ...(notes?.length ? { notes } : {}),
      status: 'planning',
      createdAt: now,
      updatedAt: now,
      baseVersion: sheet.version,
      progress: { phase: 'planning', done: 0, total: 0, failed: 0 },
      cancelRequested: false,
      instances: [id],
      ...traceFields(trace),
    };
  }

  #update(jobId: string, change: (job: Job) => Job): Promise<Job> {
    return updateWithRetry(this.deps.jobs, jobId, change, 'job');
  }
}
