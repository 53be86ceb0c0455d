import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { getServices } from '../platform/services.js';
import { CleanupService } from './cleanup.service.js';

/** Cleanup, daily at 03:15 UTC (and on demand through the host's admin API). Logs what it removed. */
app.timer('cleanup', {
  schedule: '0 15 3 * * *',
  extraInputs: [df.input.durableClient()],
  handler: async (_timer, context) => {
    const s = getServices();
    const client = df.getClient(context);
    const cleanup = new CleanupService({
      sessions: s.sessionStore,
      messages: s.messages,
      changeSets: s.changeSetStore,
      jobs: s.jobStore,
      jobRows: s.jobRows,
      jobInputs: s.jobInputs,
      snapshots: s.snapshots,
      sheetStates: s.sheetStates,
      purgeHistory: async (cutoff) => {
        const statuses = [df.OrchestrationRuntimeStatus.Completed, df.OrchestrationRuntimeStatus.Failed, df.OrchestrationRuntimeStatus.Terminated];
        return (await client.purgeInstanceHistoryBy({ createdTimeFrom: new Date(0), createdTimeTo: cutoff, runtimeStatus: statuses })).instancesDeleted;
      },
      retentionDays: s.settings.RETENTION_DAYS,
      idleMinutes: s.settings.SESSION_IDLE_MINUTES,
    });
    const report = await cleanup.run();
    context.log(
      `cleanup: ${report.sessions.length} sessions (with their messages), ${report.changeSets} change sets, ${report.jobs.length} jobs, ` +
        `${report.snapshots.length} snapshots, ${report.instances} durable instances removed; ${report.interrupted} interrupted grid changes recorded as failed` +
        (report.sessions.length ? `; sessions ${report.sessions.join(', ')}` : ''),
    );
  },
});
