import { isScheduling } from './actions.js';
import type { HistoryEvent, InboxMessage } from './history.js';
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
