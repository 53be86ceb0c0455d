import { app } from '@azure/functions';
import { httpHandler, ok } from '../platform/http.js';
import { traceOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/**
 * POST /api/webhooks/smartsheet: Smartsheet's callbacks. Verification challenges are
 * echoed (header and body); callbacks must be signed with the webhook's shared
 * secret (401 otherwise, nothing enqueued); each callback becomes one notice on the
 * event channel and is answered at once — the work happens in the processor.
 */
export const smartsheetWebhook = httpHandler(async (request, context) => {
  const body = await request.text();
  const outcome = await getServices().live.receiveCallback(body, request.headers.get('smartsheet-hmac-sha256') ?? undefined, request.headers.get('smartsheet-hook-challenge') ?? undefined, traceOf(context));
  if (outcome.kind === 'challenge') return ok({ smartsheetHookResponse: outcome.challenge }, { 'Smartsheet-Hook-Response': outcome.challenge });
  return ok(outcome.kind === 'status' ? { status: outcome.status } : { enqueued: outcome.messageId });
});

app.http('smartsheet-webhook', { route: 'webhooks/smartsheet', methods: ['POST'], authLevel: 'anonymous', handler: smartsheetWebhook });
