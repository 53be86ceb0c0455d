import type { InvocationContext } from '@azure/functions';
import { durableClient } from '../platform/durable-client.js';
import { JOB_DECISION_EVENT, JOB_ORCHESTRATION, type JobRunInput } from './job.orchestration.js';
import type { JobControl } from './jobs.service.js';

/** Starts job orchestrations and delivers decisions through the trigger's durable client. */
export function jobControl(context: InvocationContext): JobControl {
  const client = durableClient(context);
  return {
    async start(instanceId, input: JobRunInput) {
      await client().startNew(JOB_ORCHESTRATION, { instanceId, input });
    },
    async decide(jobId, approved) {
      await client().raiseEvent(jobId, JOB_DECISION_EVENT, { approved });
    },
  };
}
