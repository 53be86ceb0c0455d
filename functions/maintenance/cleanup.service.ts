import { isFinished } from '../../shared/jobs/job-types.js';
import type { JobInputStore, JobRowStore } from '../jobs/job.model.js';
import type { JobStore } from '../jobs/jobs.service.js';
import type { ChangeSetStore, MessageStore, SessionStore, SheetStateStore, SnapshotStore } from '../storage/stores.port.js';

/**
 * Cleanup: what nobody can use any more goes. Sessions idle longer than the idle
 * limit plus the retention period (they show as expired meanwhile, and can be
 * reloaded) go with their messages, change sets and finished jobs; snapshots older
 * than the retention period go unless a session, an unfinished job, or the
 * live-updates state still reads them, or they are a sheet's latest; durable
 * history of instances finished before the retention period is purged; a grid
 * change interrupted mid-write is recorded as failed.
 */
export interface CleanupDeps {
  sessions: SessionStore;
  messages: MessageStore;
  changeSets: ChangeSetStore;
  jobs: JobStore;
  jobRows: JobRowStore;
  jobInputs: JobInputStore;
  snapshots: SnapshotStore;
  sheetStates: SheetStateStore;
  /** Purges durable instances that finished before `cutoff`; returns how many. */
  purgeHistory(cutoff: Date): Promise<number>;
  retentionDays: number;
  idleMinutes: number;
  now?: () => Date;
}

export interface CleanupReport {
  sessions: string[];
  messagesOf: number;
  changeSets: number;
  /** Grid changes found still being written long after they began, recorded as failed. */
  interrupted: number;
  jobs: string[];
  snapshots: { sheetId: number; version: number }[];
  instances: number;
}

/** How long a grid change may be `applying` before it counts as interrupted. */
const INTERRUPTED_AFTER_MS = 3_600_000;

export class CleanupService {
  constructor(private readonly deps: CleanupDeps) {}

  async run(): Promise<CleanupReport> {
    const now = this.deps.now?.() ?? new Date();
    const retentionMs = this.deps.retentionDays * 86_400_000;
    const cutoff = new Date(now.getTime() - retentionMs);
    const sessionCutoff = new Date(now.getTime() - retentionMs - this.deps.idleMinutes * 60_000).toISOString();
    const report: CleanupReport = { sessions: [], messagesOf: 0, changeSets: 0, interrupted: 0, jobs: [], snapshots: [], instances: 0 };

    const all = await this.deps.sessions.listActiveSince('');
    const sheets = new Set([...all.map((s) => s.sheetId), ...(await this.deps.sheetStates.list()).map((s) => s.sheetId)]);
    const keep = new Set<string>();
    for (const session of all) {
      const jobs = await this.deps.jobs.listBySession(session.id);
      if (session.lastActiveAt >= sessionCutoff || jobs.some((j) => !isFinished(j.status))) {
        if (session.state.status === 'ready') keep.add(`${session.sheetId}:${session.state.sheetVersion}`);
        for (const job of jobs) if (!isFinished(job.status)) keep.add(`${job.sheetId}:${job.baseVersion}`);
        report.interrupted += await this.#interrupted(session.id, now);
        continue;
      }
      for (const job of jobs) {
        await this.deps.jobRows.deleteJob(job.id);
        await this.deps.jobInputs.delete(job.id);
        await this.deps.jobs.delete(job.id);
        report.jobs.push(job.id);
      }
      for (const cs of await this.deps.changeSets.listBySession(session.id)) {
        await this.deps.changeSets.delete(cs.id);
        report.changeSets++;
      }
      await this.deps.messages.deleteSession(session.id);
      report.messagesOf++;
      await this.deps.sessions.delete(session.id);
      report.sessions.push(session.id);
    }
    for (const state of await this.deps.sheetStates.list()) if (state.broadcastVersion !== undefined) keep.add(`${state.sheetId}:${state.broadcastVersion}`);

    for (const sheetId of sheets) {
      const versions = await this.deps.snapshots.list(sheetId);
      const latest = versions.at(-1)?.version;
      for (const info of versions) {
        if (info.version === latest || keep.has(`${sheetId}:${info.version}`) || info.createdAt >= cutoff.toISOString()) continue;
        await this.deps.snapshots.delete(sheetId, info.version);
        report.snapshots.push({ sheetId, version: info.version });
      }
    }
    report.instances = await this.deps.purgeHistory(cutoff);
    return report;
  }

  /**
   * A change made in the grid is written within its request; one still `applying` an hour after it began was
   * interrupted (the process stopped mid-write). It is recorded as failed, saying the sheet may or may not have it,
   * not left being applied for ever. (An approved change is written by its orchestration, which finishes it.)
   */
  async #interrupted(sessionId: string, now: Date): Promise<number> {
    const before = new Date(now.getTime() - INTERRUPTED_AFTER_MS).toISOString();
    let count = 0;
    for (const cs of await this.deps.changeSets.listBySession(sessionId)) {
      if (cs.status !== 'applying' || cs.origin !== 'grid' || (cs.decidedAt ?? cs.createdAt) > before) continue;
      const stored = await this.deps.changeSets.get(cs.id);
      if (stored?.value.status !== 'applying') continue;
      const error = 'Interrupted while being written to Smartsheet: the sheet may or may not have it; the grid shows what it has.';
      // Another writer got there first (ConflictError): it is theirs to record.
      if (await this.deps.changeSets.update({ ...stored.value, status: 'failed', error }, stored.etag).then(() => true, () => false)) count++;
    }
    return count;
  }
}
