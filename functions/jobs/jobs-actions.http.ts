import { app, type HttpHandler } from '@azure/functions';
import * as df from 'durable-functions';
import { accepted, httpHandler } from '../platform/http.js';
import { caller, jobIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';
import type { JobView } from '../../shared/jobs/job-types.js';
import { jobControl } from './job-control.adapter.js';
import type { JobControl } from './jobs.service.js';

/**
 * The owner's decisions on a job, each `POST /api/jobs/{id}/<action>` → 202 with the job:
 * approve / reject (409 unless awaiting approval), cancel (before approval it rejects;
 * while running it stops after the current batch), retry-failed (runs only the failed rows),
 * resume (a job cancelled while running goes on with the rows it had not reached).
 */
type Action = (userId: string, jobId: string, control: JobControl) => Promise<JobView>;

function action(run: Action): HttpHandler {
  return httpHandler(async (request, context) => accepted(await run(caller(request).userId, jobIdOf(request), jobControl(context))));
}

const actions: Record<string, Action> = {
  approve: (user, id, control) => getServices().jobs.decide(user, id, true, control),
  reject: (user, id, control) => getServices().jobs.decide(user, id, false, control),
  cancel: (user, id, control) => getServices().jobs.cancel(user, id, control),
  'retry-failed': (user, id, control) => getServices().jobs.retryFailed(user, id, control),
  resume: (user, id, control) => getServices().jobs.resume(user, id, control),
};

for (const [name, run] of Object.entries(actions)) {
  app.http(`jobs-${name}`, { route: `jobs/{id}/${name}`, methods: ['POST'], authLevel: 'anonymous', extraInputs: [df.input.durableClient()], handler: action(run) });
}
