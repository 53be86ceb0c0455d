import type { InvocationContext } from '@azure/functions';
import type { Attributes } from '@opentelemetry/api';
import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import type { JobStatus } from '../../shared/jobs/job-types.js';
import { getServices } from '../platform/services.js';
import { traceParentField } from '../platform/trace-ref.js';
import { tracedActivity } from '../platform/traced-activity.js';
import type { ChunkOutcome } from './job-runner.js';

/**
 * One orchestration per job (instance id = job id; a retry of failed rows runs as
 * `<id>~retry<n>`): plan and pilot → wait for the decision or the deadline → the
 * chunks, one activity each (retried; rows already written are skipped) → finish.
 * Progress is the custom status. History stays short: continueAsNew every 10 chunks.
 */
export const JOB_ORCHESTRATION = 'job-run';
export const JOB_DECISION_EVENT = 'job-decision';
const CHUNKS_PER_EPISODE = 10;

export interface JobRunInput {
  jobId: string;
  retry?: boolean;
  /** The creating request's span: the job's activities continue its trace. */
  traceParent?: string;
  /** Set by continueAsNew: where to go on. */
  next?: { chunk: number; chunks: number };
}

const retry = new df.RetryOptions(1000, 5);
retry.backoffCoefficient = 2;
retry.maxRetryIntervalInMilliseconds = 30_000;

const jobRun: OrchestrationHandler = function* (context: OrchestrationContext) {
  const input = context.df.getInput() as JobRunInput;
  const { jobId } = input;
  const job: JobActivityInput = { jobId, ...traceParentField(input.traceParent) };
  const finish = (status: JobStatus, error?: string) => context.df.callActivity('job-finish', { ...job, status, ...(error ? { error } : {}) });
  const stop = (why: string) => finish('failed', `The job stopped: ${why}`);
  try {
    let chunks = input.next?.chunks ?? 0;
    if (!input.next) {
      if (!input.retry) {
        context.df.setCustomStatus({ phase: 'planning' });
        const planned = (yield context.df.callActivityWithRetry('job-plan', retry, job)) as { ok: boolean; approvalMinutes: number; error?: string };
        if (!planned.ok) {
          yield finish(planned.error ? 'failed' : 'rejected', planned.error);
          return 'not planned';
        }
        context.df.setCustomStatus({ phase: 'awaiting_approval' });
        const deadline = new Date(context.df.currentUtcDateTime.getTime() + planned.approvalMinutes * 60_000);
        const timer = context.df.createTimer(deadline);
        const decision = context.df.waitForExternalEvent(JOB_DECISION_EVENT);
        const winner: unknown = yield context.df.Task.any([decision, timer]);
        if (winner === timer) {
          yield finish('expired');
          return 'expired';
        }
        timer.cancel();
        if (!(decision.result as { approved?: boolean }).approved) {
          yield finish('rejected');
          return 'rejected';
        }
      }
      const started = (yield context.df.callActivityWithRetry('job-start', retry, job)) as { chunks: number } | { stopped: string };
      if ('stopped' in started) {
        yield stop(`${started.stopped}.`);
        return 'failed';
      }
      chunks = started.chunks;
    }
    const first = input.next?.chunk ?? 0;
    for (let chunk = first; chunk < chunks; chunk++) {
      if (chunk > first && (chunk - first) % CHUNKS_PER_EPISODE === 0) {
        context.df.continueAsNew({ ...input, next: { chunk, chunks } } satisfies JobRunInput);
        return 'continued';
      }
      const outcome = (yield context.df.callActivityWithRetry('job-chunk', retry, { ...job, chunk })) as ChunkOutcome;
      context.df.setCustomStatus({ ...outcome.progress, chunk: chunk + 1, chunks });
      if (outcome.cancelled) {
        yield finish('cancelled');
        return 'cancelled';
      }
      if (outcome.stopped) {
        yield stop(`${outcome.stopped}.`);
        return 'failed';
      }
    }
    yield finish('completed');
    return 'completed';
  } catch (error) {
    // An activity's failure reads "<ErrorType>: <message>"; the person is told the message.
    const failure = error instanceof df.TaskFailedError ? error.failureDetails.errorMessage : (error as Error)?.message;
    yield stop(failure ?? String(error));
    return 'failed';
  }
};

df.app.orchestration(JOB_ORCHESTRATION, jobRun);
/** What every job activity gets: the job, and the span its trace continues. */
interface JobActivityInput {
  jobId: string;
  traceParent?: string;
}

/** A job activity, as a span in the creating request's trace. */
function jobActivity<I extends JobActivityInput, O>(name: string, run: (input: I, context: InvocationContext) => Promise<O>, attributes: (input: I) => Attributes = () => ({})) {
  tracedActivity(name, (input: I) => ({ 'job.id': input.jobId, ...attributes(input) }), run);
}

jobActivity('job-plan', (input) => getServices().jobRunner.plan(input.jobId));
jobActivity('job-start', (input) => getServices().jobRunner.start(input.jobId));
jobActivity(
  'job-chunk',
  async (input: JobActivityInput & { chunk: number }, context) => {
    const outcome = await getServices().jobRunner.runChunk(input.jobId, input.chunk);
    const correlationId = (await getServices().jobStore.get(input.jobId))?.value.correlationId;
    context.log(`job ${input.jobId} chunk ${input.chunk}: ${outcome.progress.done}/${outcome.progress.total} done, ${outcome.progress.failed} failed${correlationId ? ` [correlation ${correlationId}]` : ''}`);
    return outcome;
  },
  (input) => ({ 'job.chunk': input.chunk }),
);
jobActivity('job-finish', (input: JobActivityInput & { status: JobStatus; error?: string }) => getServices().jobRunner.finish(input.jobId, input.status, input.error));
