import { app } from '@azure/functions';
import { z } from 'zod';
import { httpHandler, ok, validate } from '../platform/http.js';
import { caller, jobIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';
import { jobView } from './job.model.js';

const query = z.object({ rows: z.enum(['written', 'failed', 'conflict', 'computed', 'writing']).optional() }).strict();

/**
 * GET /api/jobs/{id}: the job now (status, preview, progress, result) — what a client
 * that arrives late shows. `?rows=written|failed` lists those rows (row id, reason).
 */
export const jobsGet = httpHandler(async (request) => {
  const { userId } = caller(request);
  const id = jobIdOf(request);
  const { rows } = validate(query, Object.fromEntries(request.query.entries()), 'query');
  const { jobs } = getServices();
  const job = jobView(await jobs.get(userId, id));
  return ok(rows ? { ...job, rows: await jobs.rowsOf(userId, id, rows) } : job, { 'cache-control': 'no-store' });
});

app.http('jobs-get', { route: 'jobs/{id}', methods: ['GET'], authLevel: 'anonymous', handler: jobsGet });
