import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import { getServices } from '../platform/services.js';
import type { LoadRequest } from './sessions.service.js';

/**
 * Loads a session's sheet in the background, durably: the HTTP call that created
 * the session has already answered 202; this finishes the job even across a restart.
 * The activity records the outcome on the session itself (ready or failed).
 */
export const SESSION_LOAD = 'session-load';
export const SESSION_LOAD_SHEET = 'session-load-sheet';

export const loadInstanceId = (request: LoadRequest) => `session-load-${request.sessionId}-${request.load}`;

const sessionLoad: OrchestrationHandler = function* (context: OrchestrationContext) {
  const request = context.df.getInput() as LoadRequest;
  context.df.setCustomStatus({ phase: 'loading' });
  const state: unknown = yield context.df.callActivity(SESSION_LOAD_SHEET, request);
  context.df.setCustomStatus({ phase: 'done' });
  return state;
};

df.app.orchestration(SESSION_LOAD, sessionLoad);
df.app.activity(SESSION_LOAD_SHEET, { handler: (request: LoadRequest) => getServices().sessions.load(request) });
