import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import { accepted, httpHandler, readJson } from '../platform/http.js';
import { caller, numericId } from '../platform/request.js';
import { getServices } from '../platform/services.js';
import { loadStarter } from './load-starter.adapter.js';

const body = z.object({ sheetId: numericId }).strict();

/** POST /api/sessions {sheetId} → 202 {sessionId, state:{status:"loading"}}; the sheet loads in the background. */
export const sessionsCreate = httpHandler(async (request, context) => {
  const user = caller(request);
  const { sheetId } = await readJson(request, body);
  return accepted(await getServices().sessions.create(user.userId, sheetId, loadStarter(context)));
});

app.http('sessions-create', { route: 'sessions', methods: ['POST'], authLevel: 'anonymous', extraInputs: [df.input.durableClient()], handler: sessionsCreate });
