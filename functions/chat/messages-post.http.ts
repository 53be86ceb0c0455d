import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { z } from 'zod';
import { approvalControl } from '../changesets/approval-control.adapter.js';
import { jobControl } from '../jobs/job-control.adapter.js';
import { httpHandler, ok, readJson } from '../platform/http.js';
import { caller, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

const body = z
  .object({
    clientMessageId: z.string().min(1).max(100).regex(/^[\w-]+$/, 'use letters, digits, - and _'),
    text: z.string().trim().min(1, 'is empty').max(4000, 'is longer than 4000 characters'),
  })
  .strict();

/**
 * POST /api/sessions/{id}/messages {clientMessageId, text}: one chat turn, answered
 * inline. 409 with the session state unless ready; 503 when the model is down (the
 * user message is kept; send the same clientMessageId again to retry).
 */
export const messagesPost = httpHandler(async (request, context) => {
  const user = caller(request);
  const sessionId = sessionIdOf(request);
  const input = await readJson(request, body);
  const result = await getServices().chat.turn({ userId: user.userId, sessionId, ...input }, { approval: approvalControl(context), jobs: jobControl(context) });
  return ok(result);
});

app.http('messages-post', { route: 'sessions/{id}/messages', methods: ['POST'], authLevel: 'anonymous', extraInputs: [df.input.durableClient()], handler: messagesPost });
