import { app } from '@azure/functions';
import { clientMessageIdSchema } from '../../shared/api/contracts.js';
import { httpHandler, ok, validate } from '../platform/http.js';
import { caller, sessionIdOf } from '../platform/request.js';
import { getServices } from '../platform/services.js';

/**
 * POST /api/sessions/{id}/messages/{clientMessageId}/stop: stops the turn answering that message, on whichever
 * instance runs it, within a moment. Its POST then answers 409 STOPPED and the conversation keeps the question with
 * "You stopped this answer." (send it again to retry). `{stopping: false}` when it was answered already; a message
 * not stored yet (Stop pressed as it was sent) is stopped once its turn looks.
 */
export const messagesStop = httpHandler(async (request) => {
  const sessionId = sessionIdOf(request);
  const clientMessageId = validate(clientMessageIdSchema, request.params.clientMessageId, 'message id');
  return ok(await getServices().chat.stop(caller(request).userId, sessionId, clientMessageId));
});

app.http('messages-stop', { route: 'sessions/{id}/messages/{clientMessageId}/stop', methods: ['POST'], authLevel: 'anonymous', handler: messagesStop });
