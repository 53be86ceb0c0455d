import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { accepted, httpHandler } from '../platform/http.js';
import { caller, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';
import { loadStarter } from './load-starter.adapter.js';

/** POST /api/sessions/{id}/reload: load the sheet again (recovers a failed or expired session). */
export const sessionsReload = httpHandler(async (request, context) =>
  accepted(await getServices().sessions.reload(caller(request).userId, sessionIdOf(request), loadStarter(context))),
);

app.http('sessions-reload', { route: 'sessions/{id}/reload', methods: ['POST'], authLevel: 'anonymous', extraInputs: [df.input.durableClient()], handler: sessionsReload });
