import {
  checkDeterminism,
  continueAsNewAction,
  retryDelay,
  scheduleActions,
  sequencedActions,
  type OrchestratorState,
} from './actions.js';
import { EventType, event, isTerminal, toJsonText, type HistoryEvent, type InboxMessage } from './history.js';
import type { InstanceState } from './instance-state.js';
import type { InstanceRecord } from './store.js';

/** The outcome of replaying the orchestrator over its history. */
export type Replay = { state?: OrchestratorState; failure?: string };

export interface EpisodePlan {
  record: InstanceRecord;
  added: HistoryEvent[];
  /** Set when the orchestrator called continueAsNew: the next execution's input. */
  continueInput?: string;
  continued: boolean;
}

export const RETRY_TIMEOUT_MARK = 'retry timeout exceeded';

export function isRetryEvent(state: InstanceState, e: HistoryEvent): boolean {
  if (e.EventType === EventType.TaskFailed || e.EventType === EventType.SubOrchestrationInstanceFailed) {
    const scheduled = state.byId.get(e.TaskScheduledId ?? -1);
    return Boolean(scheduled && (scheduled.RetryOptions || scheduled.RetryRoot !== undefined));
  }
  if (e.EventType === EventType.TimerFired) return state.byId.get(e.TimerId ?? -1)?.RetryRoot !== undefined;
  return false;
}

/**
 * Picks the messages for one episode. A retry-related message goes alone, so the
 * sequence number the library gives its retry step is the next free one.
 */
export function selectBatch(state: InstanceState): { batch: InboxMessage[]; stale: InboxMessage[] } {
  const batch: InboxMessage[] = [];
  const stale: InboxMessage[] = [];
  const fresh = state.history.length === 0;
  const isStart = (m: InboxMessage) => Number(m.event.EventType === EventType.ExecutionStarted);
  const ordered = fresh ? [...state.inbox].sort((a, b) => isStart(b) - isStart(a)) : state.inbox;
  for (const message of ordered) {
    const e = message.event;
    const wrongExecution = message.executionId !== undefined && message.executionId !== state.record.executionId;
    if (wrongExecution || (e.Key && state.keys.has(e.Key)) || isTerminal(state.record.runtimeStatus)) {
      stale.push(message);
      continue;
    }
    if (fresh && batch.length === 0 && e.EventType !== EventType.ExecutionStarted) break;
    if (isRetryEvent(state, e)) {
      if (batch.length === 0) batch.push(message);
      break;
    }
    batch.push(message);
  }
  return { batch, stale };
}

function attemptsOf(state: InstanceState, root: HistoryEvent): number {
  return [...state.byId.values()].filter((x) => x.EventId === root.EventId || (x.RetryRoot === root.EventId && x.EventType === root.EventType)).length;
}

/** The extension's retry loop: a timer after each failed attempt, then the next attempt while any remain. */
export function retryStep(state: InstanceState, e: HistoryEvent, nextId: number, now = Date.now()): HistoryEvent | undefined {
  if (!isRetryEvent(state, e)) return undefined;
  if (e.EventType === EventType.TimerFired) {
    const timer = state.byId.get(e.TimerId!)!;
    const root = state.byId.get(timer.RetryRoot!)!;
    const attempts = attemptsOf(state, root);
    if (attempts >= root.RetryOptions!.maxNumberOfAttempts) return undefined;
    const instanceId = root.EventType === EventType.SubOrchestrationInstanceCreated ? `${root.InstanceId}:retry${attempts}` : undefined;
    return event(root.EventType, { EventId: nextId, Name: root.Name, Input: root.Input, InstanceId: instanceId, RetryRoot: root.EventId, Details: timer.Details });
  }
  const scheduled = state.byId.get(e.TaskScheduledId!)!;
  const root = scheduled.RetryRoot === undefined ? scheduled : state.byId.get(scheduled.RetryRoot)!;
  const policy = root.RetryOptions!;
  const delay = retryDelay(policy, attemptsOf(state, root));
  const elapsed = now - Date.parse(root.Timestamp);
  const gaveUp = Boolean(policy.retryTimeoutInMilliseconds && policy.retryTimeoutInMilliseconds > 0 && elapsed + delay > policy.retryTimeoutInMilliseconds);
  return event(EventType.TimerCreated, {
    EventId: nextId,
    FireAt: new Date(now + (gaveUp ? 0 : delay)).toISOString(),
    RetryRoot: root.EventId,
    Details: gaveUp ? RETRY_TIMEOUT_MARK : undefined,
  });
}

/**
 * Everything an episode appends to history, given the delivered messages and the
 * orchestrator's replay: retry steps, newly scheduled work, and the outcome.
 */
export async function planEpisode(state: InstanceState, batch: InboxMessage[], replay: (history: HistoryEvent[]) => Promise<Replay>): Promise<EpisodePlan> {
  const record: InstanceRecord = { ...state.record };
  const delivered = batch.map((m) => ({ ...m.event, IsPlayed: false }));
  const added: HistoryEvent[] = [event(EventType.OrchestratorStarted), ...delivered];

  const termination = delivered.find((e) => e.EventType === EventType.ExecutionTerminated);
  if (termination) {
    added.push(event(EventType.OrchestratorCompleted));
    return { record: { ...record, runtimeStatus: 'Terminated', output: termination.Input }, added, continued: false };
  }

  const outcome = await replay([...state.history, ...added]);
  let nextId = Math.max(-1, ...state.byId.keys()) + 1;
  const step = batch.length === 1 ? retryStep(state, delivered[0]!, nextId) : undefined;
  if (step) {
    added.push(step);
    nextId++;
  }
  let failure = outcome.failure;
  if (!failure && outcome.state) {
    const actions = sequencedActions(outcome.state);
    const recorded = [...state.byId.values()].filter((e) => e.RetryRoot === undefined).sort((a, b) => a.EventId - b.EventId);
    failure = checkDeterminism(actions, recorded, !outcome.state.isDone);
    if (!failure) {
      const scheduled = scheduleActions(record.instanceId, actions.slice(recorded.length), nextId);
      if (typeof scheduled === 'string') failure = scheduled;
      else added.push(...scheduled);
    }
  }
  added.push(event(EventType.OrchestratorCompleted));
  if (outcome.state) record.customStatus = toJsonText(outcome.state.customStatus);

  if (failure) {
    const message = `Orchestrator function '${record.name}' failed: ${failure}`;
    added.push(event(EventType.ExecutionFailed, { Reason: message }));
    return { record: { ...record, runtimeStatus: 'Failed', output: JSON.stringify(message), failure: JSON.stringify({ message: failure }) }, added, continued: false };
  }
  if (outcome.state?.isDone) {
    const next = continueAsNewAction(outcome.state);
    if (next) {
      const continueInput = typeof next.input === 'string' ? next.input : toJsonText(next.input);
      added.push(event(EventType.ContinueAsNew, { Input: continueInput }));
      return { record: { ...record, runtimeStatus: 'Running' }, added, continueInput, continued: true };
    }
    const output = toJsonText(outcome.state.output);
    added.push(event(EventType.ExecutionCompleted, { Result: output }));
    return { record: { ...record, runtimeStatus: 'Completed', output }, added, continued: false };
  }
  return { record: { ...record, runtimeStatus: 'Running' }, added, continued: false };
}
