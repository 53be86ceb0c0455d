import { describe, expect, it } from 'vitest';
import type { ChangeSet } from '../../functions/changesets/changeset.model.js';
import type { Job } from '../../functions/jobs/job.model.js';
import { CleanupService } from '../../functions/maintenance/cleanup.service.js';
import { markReady, newSession } from '../../functions/sessions/session.model.js';
import { MemoryChangeSetStore, MemoryJobInputStore, MemoryJobRowStore, MemoryJobStore, MemoryMessageStore, MemorySessionStore, MemorySheetStateStore, MemorySnapshotStore } from '../../functions/storage/memory-stores.js';
import type { Sheet } from '../../shared/sheet/model.js';

const DAY = 86_400_000;
const sheet = (id: number, version: number): Sheet => ({ id, name: 'S', version, permalink: '', modifiedAt: '', columns: [], rows: [] });

const emptyStores = () => ({
  sessions: new MemorySessionStore(),
  messages: new MemoryMessageStore(),
  changeSets: new MemoryChangeSetStore(),
  jobs: new MemoryJobStore(),
  jobRows: new MemoryJobRowStore(),
  jobInputs: new MemoryJobInputStore(),
  snapshots: new MemorySnapshotStore(),
  sheetStates: new MemorySheetStateStore(),
});

describe('cleanup', () => {
  it('removes exactly what is expired and keeps everything still in use', async () => {
    const now = new Date('2030-01-10T00:00:00Z');
    const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
    const stores = emptyStores();
    // Snapshots are all "old" (created by the real clock, years before `now`).
    for (const v of [1, 2, 3, 4, 5, 6]) await stores.snapshots.put(sheet(1, v));
    const session = (id: string, lastActiveDaysAgo: number, version: number) => ({ ...markReady(newSession(id, 'dana', 1, ago(lastActiveDaysAgo)), version, 'S'), lastActiveAt: ago(lastActiveDaysAgo) });
    await stores.sessions.create(session('fresh', 1, 2)); // in use
    await stores.sessions.create(session('stale', 30, 1)); // expired long ago
    await stores.sessions.create(session('busy', 30, 1)); // expired, but a job still runs on it
    await stores.sheetStates.create({ id: '1', sheetId: 1, broadcastVersion: 4, updatedAt: ago(1) });
    for (const id of ['fresh', 'stale']) await stores.messages.append({ id: `m-${id}`, sessionId: id, conversation: 1, role: 'user', text: 'hi', createdAt: ago(30) });
    await stores.changeSets.create({ id: 'cs-stale', sessionId: 'stale' } as ChangeSet);
    await stores.changeSets.create({ id: 'cs-fresh', sessionId: 'fresh' } as ChangeSet);
    const job = (id: string, sessionId: string, status: Job['status'], baseVersion: number) => ({ id, sessionId, userId: 'dana', sheetId: 1, status, baseVersion, createdAt: ago(30) }) as Job;
    await stores.jobs.create(job('job-stale', 'stale', 'completed', 1));
    await stores.jobRows.put('job-stale', [{ index: 0, rowId: 1, state: 'written' }]);
    await stores.jobInputs.put('job-stale', 'csv');
    await stores.jobs.create(job('job-busy', 'busy', 'running', 3));
    let purgedBefore: Date | undefined;
    const cleanup = new CleanupService({ ...stores, purgeHistory: async (cutoff) => ((purgedBefore = cutoff), 7), retentionDays: 7, idleMinutes: 240, now: () => now });

    const report = await cleanup.run();
    expect(report.sessions).toEqual(['stale']);
    expect(report.jobs).toEqual(['job-stale']);
    expect(report.changeSets).toBe(1);
    expect(report.instances).toBe(7);
    expect(purgedBefore).toEqual(new Date(now.getTime() - 7 * DAY));
    // Kept: v1 (the busy session, whose job still runs), v2 (fresh session), v3 (running job), v4 (last pushed), v6 (latest). Gone: v5.
    expect(report.snapshots).toEqual([{ sheetId: 1, version: 5 }]);
    expect((await stores.snapshots.list(1)).map((s) => s.version)).toEqual([1, 2, 3, 4, 6]);
    expect(await stores.sessions.get('stale')).toBeUndefined();
    expect(await stores.messages.list('stale')).toEqual([]);
    expect((await stores.messages.list('fresh')).length).toBe(1);
    expect(await stores.changeSets.get('cs-stale')).toBeUndefined();
    expect(await stores.changeSets.get('cs-fresh')).toBeDefined();
    expect(await stores.jobRows.list('job-stale')).toEqual([]);
    expect(await stores.jobInputs.get('job-stale')).toBeUndefined();
    expect(await stores.jobs.get('job-busy')).toBeDefined();
    expect(await stores.sessions.get('busy')).toBeDefined();

    // A second run finds nothing more to do.
    expect(await cleanup.run()).toMatchObject({ sessions: [], jobs: [], changeSets: 0, snapshots: [] });
  });

  it('records a grid change still being written an hour after it began as failed (interrupted); a newer one, or a chat one, is left', async () => {
    const now = new Date('2030-01-10T12:00:00Z');
    const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
    const stores = emptyStores();
    await stores.sessions.create({ ...markReady(newSession('s1', 'dana', 1, ago(5)), 2, 'S'), lastActiveAt: ago(5) });
    const change = (id: string, origin: 'grid' | undefined, status: ChangeSet['status'], minutesAgo: number) => ({ id, sessionId: 's1', status, ...(origin ? { origin } : {}), createdAt: ago(minutesAgo), decidedAt: ago(minutesAgo) }) as ChangeSet;
    await stores.changeSets.create(change('grid-old', 'grid', 'applying', 90));
    await stores.changeSets.create(change('grid-new', 'grid', 'applying', 10));
    await stores.changeSets.create(change('grid-done', 'grid', 'applied', 90));
    await stores.changeSets.create(change('chat-old', undefined, 'applying', 90));
    const report = await new CleanupService({ ...stores, purgeHistory: async () => 0, retentionDays: 7, idleMinutes: 240, now: () => now }).run();
    expect(report.interrupted).toBe(1);
    expect((await stores.changeSets.get('grid-old'))?.value).toMatchObject({ status: 'failed', error: expect.stringContaining('Interrupted while being written') });
    const left = await Promise.all(['grid-new', 'grid-done', 'chat-old'].map(async (id) => (await stores.changeSets.get(id))?.value.status));
    expect(left).toEqual(['applying', 'applied', 'applying']);
    expect((await stores.sessions.get('s1'))?.value).toBeDefined();
  });
});
