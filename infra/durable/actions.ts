import { EventType, event, toJsonText, type HistoryEvent, type RetryPolicy } from './history.js';

/**
 * Turns an orchestrator's replay result into new history events, the way the
 * Durable extension does: the actions list is cumulative over the execution,
 * so only actions beyond those already scheduled are new; earlier ones must
 * match what history recorded, or the orchestration is non-deterministic.
 */
export enum ActionType {
  CallActivity = 0,
  CallActivityWithRetry = 1,
  CallSubOrchestrator = 2,
  CallSubOrchestratorWithRetry = 3,
  ContinueAsNew = 4,
  CreateTimer = 5,
  WaitForExternalEvent = 6,
  WhenAny = 11,
  WhenAll = 12,
}

export interface Action {
  actionType: number;
  functionName?: string;
  input?: unknown;
  instanceId?: string;
  fireAt?: string;
  isCanceled?: boolean;
  retryOptions?: RetryPolicy;
  compoundActions?: Action[];
}

export interface OrchestratorState {
  isDone: boolean;
  actions: Action[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
}

const SCHEDULING = new Set([EventType.TaskScheduled, EventType.TimerCreated, EventType.SubOrchestrationInstanceCreated]);

export const isScheduling = (e: HistoryEvent): boolean => SCHEDULING.has(e.EventType);

/** Leaf actions in the order the library assigned their sequence numbers. */
export function leafActions(state: OrchestratorState): Action[] {
  const flatten = (action: Action): Action[] =>
    action.actionType === ActionType.WhenAll || action.actionType === ActionType.WhenAny ? (action.compoundActions ?? []).flatMap(flatten) : [action];
  return state.actions.flat().flatMap(flatten);
}

/** Actions that take a sequence number (waits and continueAsNew do not). */
export function sequencedActions(state: OrchestratorState): Action[] {
  return leafActions(state).filter((a) => a.actionType !== ActionType.WaitForExternalEvent && a.actionType !== ActionType.ContinueAsNew);
}

export function continueAsNewAction(state: OrchestratorState): Action | undefined {
  return leafActions(state).find((a) => a.actionType === ActionType.ContinueAsNew);
}

function describe(e: HistoryEvent): string {
  if (e.EventType === EventType.TaskScheduled) return `an activity task with sequence ID ${e.EventId} and name '${e.Name}' (version '')`;
  if (e.EventType === EventType.SubOrchestrationInstanceCreated) return `a sub-orchestration with sequence ID ${e.EventId} and name '${e.Name}' (version '')`;
  return `a durable timer with sequence ID ${e.EventId}`;
}

function matches(action: Action, e: HistoryEvent): boolean {
  switch (action.actionType) {
    case ActionType.CallActivity:
    case ActionType.CallActivityWithRetry:
      return e.EventType === EventType.TaskScheduled && e.Name === action.functionName;
    case ActionType.CallSubOrchestrator:
    case ActionType.CallSubOrchestratorWithRetry:
      return e.EventType === EventType.SubOrchestrationInstanceCreated && e.Name === action.functionName;
    case ActionType.CreateTimer:
      return e.EventType === EventType.TimerCreated;
    default:
      return false;
  }
}

/** DurableTask.Core's wording, so the failure reads as it would in Azure. */
export function nonDeterminismError(e: HistoryEvent): string {
  return (
    `Non-Deterministic workflow detected: A previous execution of this orchestration scheduled ${describe(e)}, ` +
    "but the current replay execution hasn't (yet?) scheduled this task. Was a change made to the orchestrator code after this instance had already started running?"
  );
}

/** Checks replayed actions against recorded ones; returns the error message on a mismatch. */
export function checkDeterminism(actions: Action[], recorded: HistoryEvent[], orchestratorWaiting: boolean): string | undefined {
  for (let i = 0; i < recorded.length; i++) {
    const action = actions[i];
    if (!action) return orchestratorWaiting ? nonDeterminismError(recorded[i]!) : undefined;
    if (!matches(action, recorded[i]!)) return nonDeterminismError(recorded[i]!);
  }
  return undefined;
}

/** The payload text the extension hands an activity: strings were already JSON-encoded by the library. */
function activityInput(input: unknown): string | undefined {
  return typeof input === 'string' ? input : toJsonText(input);
}

/** New scheduling events for actions beyond those already recorded, numbered from `nextId`. */
export function scheduleActions(instanceId: string, actions: Action[], nextId: number): HistoryEvent[] | string {
  const events: HistoryEvent[] = [];
  for (const action of actions) {
    const id = nextId++;
    switch (action.actionType) {
      case ActionType.CallActivity:
      case ActionType.CallActivityWithRetry:
        events.push(event(EventType.TaskScheduled, { EventId: id, Name: action.functionName, Input: activityInput(action.input), RetryOptions: action.retryOptions }));
        break;
      case ActionType.CallSubOrchestrator:
      case ActionType.CallSubOrchestratorWithRetry:
        events.push(
          event(EventType.SubOrchestrationInstanceCreated, {
            EventId: id,
            Name: action.functionName,
            Input: toJsonText(action.input),
            InstanceId: action.instanceId || `${instanceId}:${id.toString(16).padStart(4, '0')}`,
            RetryOptions: action.retryOptions,
          }),
        );
        break;
      case ActionType.CreateTimer:
        events.push(event(EventType.TimerCreated, { EventId: id, FireAt: action.fireAt }));
        break;
      default:
        return `Action type ${action.actionType} is not supported by the local durable engine (entities and durable HTTP are not implemented).`;
    }
  }
  return events;
}

/** Delay before the next attempt: first interval × coefficient^(attempts−1), capped by the max interval. */
export function retryDelay(policy: RetryPolicy, attempts: number): number {
  const base = policy.firstRetryIntervalInMilliseconds * Math.pow(policy.backoffCoefficient || 1, Math.max(0, attempts - 1));
  return policy.maxRetryIntervalInMilliseconds && policy.maxRetryIntervalInMilliseconds > 0 ? Math.min(base, policy.maxRetryIntervalInMilliseconds) : base;
}
