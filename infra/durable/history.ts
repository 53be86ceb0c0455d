/**
 * History events in the shape durable-functions replays (its HistoryEventType
 * numbers and PascalCase fields). A few fields of our own ride along:
 * `Key` (dedupe of delivered messages), `RetryRoot`/`RetryOptions` (retries
 * the engine runs on the orchestrator's behalf).
 */
export enum EventType {
  ExecutionStarted = 0,
  ExecutionCompleted = 1,
  ExecutionFailed = 2,
  ExecutionTerminated = 3,
  TaskScheduled = 4,
  TaskCompleted = 5,
  TaskFailed = 6,
  SubOrchestrationInstanceCreated = 7,
  SubOrchestrationInstanceCompleted = 8,
  SubOrchestrationInstanceFailed = 9,
  TimerCreated = 10,
  TimerFired = 11,
  OrchestratorStarted = 12,
  OrchestratorCompleted = 13,
  EventRaised = 15,
  ContinueAsNew = 16,
}

export interface FailureDetails {
  ErrorType: string;
  ErrorMessage: string;
  StackTrace?: string;
}

export interface RetryPolicy {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

export interface HistoryEvent {
  EventType: EventType;
  EventId: number;
  IsPlayed?: boolean;
  Timestamp: string;
  Name?: string;
  Input?: string;
  Result?: string;
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  InstanceId?: string;
  Reason?: string;
  Details?: string;
  FailureDetails?: FailureDetails;
  Key?: string;
  RetryRoot?: number;
  RetryOptions?: RetryPolicy;
}

export const isTerminal = (status: RuntimeStatus): boolean => status === 'Completed' || status === 'Failed' || status === 'Terminated';

export type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'Failed' | 'Terminated' | 'ContinuedAsNew';

/** A message waiting to be delivered to an instance (the engine's control queue). */
export interface InboxMessage {
  /** Table row key, in arrival order. */
  rowKey?: string;
  /** The execution it belongs to; undefined for messages any execution may take (events, terminate). */
  executionId?: string;
  event: HistoryEvent;
}

export function event(type: EventType, fields: Partial<HistoryEvent> = {}): HistoryEvent {
  return { EventType: type, EventId: -1, Timestamp: new Date().toISOString(), ...fields };
}

/** Serialises a value the way the extension stores payloads (JSON text; undefined stays absent). */
export function toJsonText(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

export function fromJsonText(text: string | undefined | null): unknown {
  if (text === undefined || text === null || text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const eventTypeName = (type: EventType): string => EventType[type] ?? String(type);
