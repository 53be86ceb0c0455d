import { app, type HttpHandler } from '@azure/functions';
import * as df from 'durable-functions';
import { accepted, httpHandler } from '../platform/http.js';
import { caller, jobIdOf, traceOf } from '../platform/request.js';
import type { TraceRef } from '../platform/trace-ref.js';
import { getServices } from '../platform/services.js';
import type { JobView } from '../../shared/jobs/job-types.js';
import { jobControl } from './job-control.adapter.js';
import type { JobControl } from './jobs.service.js';

/**
 * The owner's decisions on a job, each `POST /api/jobs/{id}/<action>` → 202 with the job:
 * approve / reject (409 unless awaiting approval), cancel (before approval it rejects;
 * while running it stops after the current batch), retry-failed (runs only the failed rows),
 * resume (a job cancelled while running goes on with the rows it had not reached), undo (a finished
 * update, fill or import: 202 with the new undo job, which is planned and approved like any job).
 */
type Action = (userId: string, jobId: string, control: JobControl, trace: TraceRef | undefined) => Promise<JobView>;

function action(run: Action): HttpHandler {
  return httpHandler(async (request, context) => accepted(await run(caller(request).userId, jobIdOf(request), jobControl(context), traceOf(context))));
}

const actions: Record<string, Action> = {
  approve: (user, id, control) => getServices().jobs.decide(user, id, true, control),
  reject: (user, id, control) => getServices().jobs.decide(user, id, false, control),
  cancel: (user, id, control) => getServices().jobs.cancel(user, id, control),
  'retry-failed': (user, id, control) => getServices().jobs.retryFailed(user, id, control),
  resume: (user, id, control) => getServices().jobs.resume(user, id, control),
  undo: (user, id, control, trace) => getServices().jobs.undo(user, id, control, trace),
};

for (const [name, run] of Object.entries(actions)) {
  app.http(`jobs-${name}`, { route: `jobs/{id}/${name}`, methods: ['POST'], authLevel: 'anonymous', extraInputs: [df.input.durableClient()], handler: action(run) });
}
