import type { InvocationContext } from '@azure/functions';
import { durableClient } from '../platform/durable-client.js';
import { requestTraceParent } from '../platform/http.js';
import { traceParentField } from '../platform/trace-ref.js';
import { loadInstanceId, SESSION_LOAD, type LoadInput } from './session-load.orchestration.js';
import type { LoadRequest } from './sessions.service.js';

/** Starts a session load as a durable orchestration through the trigger's durable client. */
export function loadStarter(context: InvocationContext): (request: LoadRequest) => Promise<void> {
  const client = durableClient(context);
  const trace = traceParentField(requestTraceParent(context));
  return async (request) => {
    const input: LoadInput = { ...request, ...trace };
    await client().startNew(SESSION_LOAD, { instanceId: loadInstanceId(request), input });
  };
}
