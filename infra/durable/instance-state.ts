import { isScheduling } from './actions.js';
import { randomUUID } from 'node:crypto';
import { EventType, event, type HistoryEvent, type InboxMessage } from './history.js';
import type { InstanceRecord } from './store.js';

/** What the engine keeps in memory per instance; the store is up to date after each episode. */
export interface InstanceState {
  record: InstanceRecord;
  /** History of the current execution. */
  history: HistoryEvent[];
  /** Keys of messages already delivered into history (dedupe). */
  keys: Set<string>;
  /** Scheduling events (TaskScheduled, TimerCreated, SubOrchestrationInstanceCreated) by sequence number. */
  byId: Map<number, HistoryEvent>;
  /** Messages not yet delivered, in arrival order. */
  inbox: InboxMessage[];
  timers: Map<number, NodeJS.Timeout>;
  running: boolean;
  again: boolean;
}

export function appendHistory(state: InstanceState, events: HistoryEvent[]): void {
  for (const e of events) {
    state.history.push(e);
    if (e.Key) state.keys.add(e.Key);
    if (isScheduling(e)) state.byId.set(e.EventId, e);
  }
}

export function newInstanceState(record: InstanceRecord, history: HistoryEvent[], inbox: InboxMessage[]): InstanceState {
  const state: InstanceState = { record, history: [], keys: new Set(), byId: new Map(), inbox, timers: new Map(), running: false, again: false };
  appendHistory(state, history);
  return state;
}

export function clearTimers(state: InstanceState): void {
  for (const handle of state.timers.values()) clearTimeout(handle);
  state.timers.clear();
}

/** A new instance's record: Pending, its first execution; `parent` names the parent's event when a sub-orchestration. */
export function pendingRecord(name: string, instanceId: string, input: string | undefined, parent?: { instanceId: string; executionId: string; eventId: number }): InstanceRecord {
  const now = new Date().toISOString();
  return {
    instanceId,
    name,
    executionId: randomUUID(),
    runtimeStatus: 'Pending',
    input,
    createdTime: now,
    lastUpdatedTime: now,
    parentInstanceId: parent?.instanceId,
    parentExecutionId: parent?.executionId,
    parentEventId: parent?.eventId,
  };
}

/** The message that starts an execution of the instance (once: its key is the execution's). */
export function startMessage(record: InstanceRecord): InboxMessage {
  return { executionId: record.executionId, event: event(EventType.ExecutionStarted, { Name: record.name, Input: record.input, Key: `start:${record.executionId}` }) };
}
