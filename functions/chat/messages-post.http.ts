import { app } from '@azure/functions';
import * as df from 'durable-functions';
import { sendMessageRequest } from '../../shared/api/contracts.js';
import { approvalControl } from '../changesets/approval-control.adapter.js';
import { jobControl } from '../jobs/job-control.adapter.js';
import { httpHandler, ok, readJson } from '../platform/http.js';
import { caller, sessionIdOf, traceOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

const body = sendMessageRequest;

/**
 * POST /api/sessions/{id}/messages {clientMessageId, text}: one chat turn, answered
 * inline. 409 with the session state unless ready; 503 when the model is down (the
 * user message is kept; send the same clientMessageId again to retry).
 */
export const messagesPost = httpHandler(async (request, context) => {
  const user = caller(request);
  const sessionId = sessionIdOf(request);
  const input = await readJson(request, body);
  const result = await getServices().chat.turn({ userId: user.userId, author: user.userDetails, sessionId, ...input }, { approval: approvalControl(context), jobs: jobControl(context), trace: traceOf(context) });
  return ok(result);
});

app.http('messages-post', { route: 'sessions/{id}/messages', methods: ['POST'], authLevel: 'anonymous', extraInputs: [df.input.durableClient()], handler: messagesPost });
