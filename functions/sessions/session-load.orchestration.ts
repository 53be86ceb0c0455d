import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import { getServices } from '../platform/services.js';
import { tracedActivity } from '../platform/traced-activity.js';
import type { SessionState } from './session.model.js';
import type { LoadRequest } from './sessions.service.js';

/**
 * Loads a session's sheet in the background, durably: the HTTP call that created
 * the session has already answered 202; this finishes the job even across a restart.
 * The activity records the outcome on the session itself (ready or failed).
 */
export const SESSION_LOAD = 'session-load';
export const SESSION_LOAD_SHEET = 'session-load-sheet';
export const SESSION_WATCH_SHEET = 'session-watch-sheet';

export const loadInstanceId = (request: LoadRequest) => `session-load-${request.sessionId}-${request.load}`;

/** The orchestration's input: the load, and the span of the request that asked for it (its activities continue that trace). */
export type LoadInput = LoadRequest & { traceParent?: string };

const sessionLoad: OrchestrationHandler = function* (context: OrchestrationContext) {
  const request = context.df.getInput() as LoadInput;
  context.df.setCustomStatus({ phase: 'loading' });
  const state = (yield context.df.callActivity(SESSION_LOAD_SHEET, request)) as SessionState;
  if (state.status === 'ready') {
    context.df.setCustomStatus({ phase: 'watching' });
    yield context.df.callActivity(SESSION_WATCH_SHEET, request);
  }
  context.df.setCustomStatus({ phase: 'done' });
  return state;
};

df.app.orchestration(SESSION_LOAD, sessionLoad);
const loadAttributes = (input: LoadInput) => ({ 'session.id': input.sessionId, 'sheet.id': input.sheetId });

tracedActivity(SESSION_LOAD_SHEET, loadAttributes, ({ traceParent: _trace, ...request }) => getServices().sessions.load(request));
// Live updates start with the session; when this fails the upkeep timer tries again.
tracedActivity(SESSION_WATCH_SHEET, loadAttributes, async (input, context, span) => {
  try {
    const { action } = await getServices().upkeep.ensureWebhook(input.sheetId);
    span.setAttribute('webhook.action', action);
    return action;
  } catch (error) {
    context.warn(`Could not set up live updates for sheet ${input.sheetId} yet: ${(error as Error)?.message ?? String(error)}`);
    span.setAttribute('webhook.action', 'failed');
    return 'failed';
  }
});
