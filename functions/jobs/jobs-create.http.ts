import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import { accepted, httpHandler, readJson } from '../platform/http.js';
import { caller, sessionIdOf, traceOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';
import { jobControl } from './job-control.adapter.js';

/**
 * POST /api/sessions/{id}/jobs {kind, …}: plans a bulk job (fill, update, delete,
 * import). 202 with the job; its preview arrives on the record (and as job.progress)
 * and nothing is written until POST /api/jobs/{id}/approve.
 */
export const jobsCreate = httpHandler(async (request, context) => {
  const spec = await readJson(request, z.looseObject({ kind: z.enum(['fill', 'update', 'delete', 'import']) }));
  return accepted(await getServices().jobs.create(caller(request).userId, sessionIdOf(request), spec, jobControl(context), traceOf(context)));
});

app.http('jobs-create', { route: 'sessions/{id}/jobs', methods: ['POST'], authLevel: 'anonymous', extraInputs: [df.input.durableClient()], handler: jobsCreate });
