import type { InvocationContext } from '@azure/functions';
import { durableClient } from '../platform/durable-client.js';
import { loadInstanceId, SESSION_LOAD } from './session-load.orchestration.js';
import type { LoadRequest } from './sessions.service.js';

/** Starts a session load as a durable orchestration through the trigger's durable client. */
export function loadStarter(context: InvocationContext): (request: LoadRequest) => Promise<void> {
  const client = durableClient(context);
  return async (request) => {
    await client().startNew(SESSION_LOAD, { instanceId: loadInstanceId(request), input: request });
  };
}
