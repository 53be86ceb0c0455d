import { app } from '@azure/functions';
import { httpHandler, ok } from '../platform/http.js';
import { caller, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/** GET /api/sessions/{id}/jobs: the session's jobs with their current state and progress. */
export const jobsList = httpHandler(async (request) => ok(await getServices().jobs.list(caller(request).userId, sessionIdOf(request)), { 'cache-control': 'no-store' }));

app.http('jobs-list', { route: 'sessions/{id}/jobs', methods: ['GET'], authLevel: 'anonymous', handler: jobsList });
