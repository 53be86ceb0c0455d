import { randomUUID } from 'node:crypto';
import type { FunctionRuntime } from '../devhost/function-runtime.js';
import type { Logger } from '../devhost/logger.js';
import { runActivity } from './activity.js';
import { planEpisode, selectBatch, type EpisodePlan } from './episode.js';
import { EventType, event, fromJsonText, isTerminal, toJsonText, type HistoryEvent, type InboxMessage } from './history.js';
import { appendHistory, clearTimers, newInstanceState, pendingRecord, startMessage, type InstanceState } from './instance-state.js';
import { isOrchestrator, runOrchestrator, subOrchestrationNotStarted, subOrchestrationOutcome } from './orchestrator.js';
import { Semaphore } from './semaphore.js';
import type { DurableStore, InstanceRecord } from './store.js';

export class DurableError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs Durable orchestrations through the handlers durable-functions registers:
 * each episode replays the history, and the engine turns the returned actions
 * into scheduled activities, timers and sub-orchestrations, as the extension does.
 */
export class DurableEngine {
  readonly #states = new Map<string, InstanceState>();
  readonly #loading = new Map<string, Promise<InstanceState | undefined>>();
  readonly #inflight = new Set<string>();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #activities: Semaphore;
  #stopped = false;

  constructor(
    readonly store: DurableStore,
    private readonly runtime: FunctionRuntime,
    private readonly logger: Logger,
    maxConcurrentActivities: number,
  ) {
    this.#activities = new Semaphore(maxConcurrentActivities);
  }

  /** Creates the table and resumes every instance that was running when the host stopped. */
  async start(): Promise<void> {
    await this.store.ready();
    for (const record of await this.store.listInstances("RuntimeStatus eq 'Running' or RuntimeStatus eq 'Pending'")) {
      const state = await this.#load(record.instanceId);
      if (!state) continue;
      if (state.history.length === 0 && !state.inbox.some((m) => m.event.EventType === EventType.ExecutionStarted)) {
        await this.#deliver(record.instanceId, startMessage(record));
      }
      this.#resume(state, state.history);
      this.#kick(state);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const state of this.#states.values()) clearTimers(state);
    await Promise.race([Promise.allSettled([...this.#pending]), new Promise((r) => setTimeout(r, 5000))]);
  }

  // ---- client operations -------------------------------------------------

  async startNew(name: string, instanceId: string | undefined, input: unknown, parent?: { instanceId: string; executionId: string; eventId: number }): Promise<InstanceRecord> {
    if (!isOrchestrator(this.runtime.find(name))) throw new DurableError(400, `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`);
    const id = instanceId ?? randomUUID().replace(/-/g, '');
    if (!/^[^/\\#?\u0000-\u001f\u007f-\u009f]{1,256}$/.test(id)) throw new DurableError(400, `Instance ID '${id}' is not valid: it must be 1–256 characters without / \\ # ? or control characters.`);
    const existing = await this.#load(id);
    if (existing && !isTerminal(existing.record.runtimeStatus)) {
      throw new DurableError(409, `An Orchestration instance with the status ${existing.record.runtimeStatus} already exists.`);
    }
    if (existing) await this.#forget(id, true);
    const record = pendingRecord(name, id, toJsonText(input), parent);
    await this.store.putInstance(record);
    this.#states.set(id, newInstanceState(record, [], []));
    await this.#deliver(id, startMessage(record));
    return record;
  }

  async raiseEvent(instanceId: string, name: string, data: unknown): Promise<void> {
    const state = await this.#requireActive(instanceId);
    await this.#deliver(state.record.instanceId, { event: event(EventType.EventRaised, { Name: name, Input: toJsonText(data), Key: `event:${randomUUID()}` }) });
  }

  async terminate(instanceId: string, reason: string): Promise<void> {
    const state = await this.#requireActive(instanceId);
    await this.#deliver(state.record.instanceId, { event: event(EventType.ExecutionTerminated, { Input: toJsonText(reason), Key: `terminate:${randomUUID()}` }) });
  }

  async getInstance(instanceId: string): Promise<{ record: InstanceRecord; history: HistoryEvent[] } | undefined> {
    const state = await this.#load(instanceId);
    return state && { record: state.record, history: state.history };
  }

  async listInstances(): Promise<InstanceRecord[]> {
    return this.store.listInstances();
  }

  /** Deletes a finished instance's state and history; running instances are refused. */
  async purge(instanceId: string): Promise<boolean> {
    const state = await this.#load(instanceId);
    if (!state) return false;
    if (!isTerminal(state.record.runtimeStatus)) throw new DurableError(409, `Instance '${instanceId}' is ${state.record.runtimeStatus}; terminate it before purging.`);
    await this.#forget(instanceId, true);
    return true;
  }

  // ---- state -----------------------------------------------------------------

  #load(instanceId: string): Promise<InstanceState | undefined> {
    const cached = this.#states.get(instanceId);
    if (cached) return Promise.resolve(cached);
    let loading = this.#loading.get(instanceId);
    if (!loading) {
      loading = (async () => {
        const record = await this.store.getInstance(instanceId);
        if (!record) return undefined;
        const [history, inbox] = await Promise.all([this.store.readHistory(instanceId, record.executionId), this.store.readInbox(instanceId)]);
        const state = this.#states.get(instanceId) ?? newInstanceState(record, history, inbox);
        this.#states.set(instanceId, state);
        return state;
      })().finally(() => this.#loading.delete(instanceId));
      this.#loading.set(instanceId, loading);
    }
    return loading;
  }

  async #forget(instanceId: string, purge: boolean): Promise<void> {
    const state = this.#states.get(instanceId);
    if (state) clearTimers(state);
    this.#states.delete(instanceId);
    if (purge) await this.store.purge(instanceId);
  }

  async #requireActive(instanceId: string): Promise<InstanceState> {
    const state = await this.#load(instanceId);
    if (!state) throw new DurableError(404, `No instance with ID '${instanceId}' found.`);
    if (isTerminal(state.record.runtimeStatus)) throw new DurableError(410, `Instance '${instanceId}' is ${state.record.runtimeStatus}.`);
    return state;
  }

  /** Durably queues a message, then wakes the instance. */
  async #deliver(instanceId: string, message: InboxMessage): Promise<void> {
    const stored = await this.store.enqueue(instanceId, message);
    const state = await this.#load(instanceId);
    if (!state) return;
    if (!state.inbox.some((m) => m.rowKey === stored.rowKey)) state.inbox.push(stored);
    this.#kick(state);
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#pending.add(promise);
    void promise.finally(() => this.#pending.delete(promise)).catch(() => undefined);
    return promise;
  }

  #kick(state: InstanceState): void {
    if (this.#stopped) return;
    if (state.running) {
      state.again = true;
      return;
    }
    state.running = true;
    void this.#track(
      (async () => {
        try {
          do {
            state.again = false;
            while (!this.#stopped && (await this.#episode(state)));
          } while (state.again && !this.#stopped);
        } catch (error) {
          this.logger.log('error', `Durable instance ${state.record.instanceId}: episode failed, retrying in 1 s: ${(error as Error).stack ?? String(error)}`);
          setTimeout(() => this.#kick(state), 1000).unref();
        } finally {
          state.running = false;
        }
      })(),
    );
  }

  // ---- episodes -------------------------------------------------------------

  async #episode(state: InstanceState): Promise<boolean> {
    const { batch, stale } = selectBatch(state);
    const consumed = [...batch, ...stale];
    if (consumed.length === 0) return false;
    const plan: EpisodePlan =
      batch.length === 0 ? { record: state.record, added: [], continued: false } : await planEpisode(state, batch, (history) => runOrchestrator(this.runtime, state.record, history));
    plan.record.lastUpdatedTime = batch.length ? new Date().toISOString() : plan.record.lastUpdatedTime;
    await this.store.commit({
      record: plan.record,
      history: { executionId: plan.record.executionId, startIndex: state.history.length, events: plan.added },
      deleteInbox: consumed.map((m) => m.rowKey!),
    });
    state.inbox = state.inbox.filter((m) => !consumed.includes(m));
    state.record = plan.record;
    appendHistory(state, plan.added.map((e) => ({ ...e, IsPlayed: true })));
    if (batch.length === 0) return false;

    if (plan.continued) await this.#continueAsNew(state, plan.continueInput);
    else if (isTerminal(plan.record.runtimeStatus)) this.#finish(state);
    else this.#resume(state, plan.added);
    return true;
  }

  // ---- side effects -----------------------------------------------------------

  /** Starts the work that scheduling events call for, unless its result is already in. */
  #resume(state: InstanceState, events: HistoryEvent[]): void {
    const exec = state.record.executionId;
    const done = (key: string) => state.keys.has(key) || state.inbox.some((m) => m.event.Key === key);
    for (const e of events) {
      if (e.EventType === EventType.TaskScheduled && !done(`task:${exec}:${e.EventId}`)) void this.#track(this.#runActivity(state, e));
      else if (e.EventType === EventType.TimerCreated && !done(`timer:${exec}:${e.EventId}`)) this.#setTimer(state, e);
      else if (e.EventType === EventType.SubOrchestrationInstanceCreated && !done(`sub:${exec}:${e.EventId}`)) void this.#track(this.#startChild(state, e));
    }
  }

  async #runActivity(state: InstanceState, scheduled: HistoryEvent): Promise<void> {
    const { instanceId, executionId } = state.record;
    const key = `task:${executionId}:${scheduled.EventId}`;
    if (this.#inflight.has(key)) return;
    this.#inflight.add(key);
    try {
      await this.#activities.acquire();
      let completion: HistoryEvent;
      try {
        completion = await runActivity(this.runtime, scheduled);
      } finally {
        this.#activities.release();
      }
      if (!this.#stopped) await this.#deliver(instanceId, { executionId, event: { ...completion, Key: key } });
    } finally {
      this.#inflight.delete(key);
    }
  }

  #setTimer(state: InstanceState, created: HistoryEvent): void {
    const { instanceId, executionId } = state.record;
    const fire = () => {
      const wait = Date.parse(created.FireAt!) - Date.now();
      if (wait > 0) {
        state.timers.set(created.EventId, setTimeout(fire, Math.min(wait, 2 ** 31 - 1)));
        return;
      }
      state.timers.delete(created.EventId);
      const fired = event(EventType.TimerFired, { TimerId: created.EventId, FireAt: created.FireAt, Key: `timer:${executionId}:${created.EventId}` });
      void this.#track(this.#deliver(instanceId, { executionId, event: fired }));
    };
    fire();
  }

  async #startChild(parent: InstanceState, created: HistoryEvent): Promise<void> {
    const childId = created.InstanceId!;
    const child = await this.#load(childId);
    const parentRef = { instanceId: parent.record.instanceId, executionId: parent.record.executionId, eventId: created.EventId };
    if (child && child.record.parentInstanceId === parentRef.instanceId && child.record.parentEventId === parentRef.eventId) {
      if (isTerminal(child.record.runtimeStatus)) await this.#notifyParent(child);
      return;
    }
    try {
      await this.startNew(created.Name!, childId, fromJsonText(created.Input) ?? undefined, parentRef);
    } catch (error) {
      await this.#deliver(parentRef.instanceId, { executionId: parentRef.executionId, event: subOrchestrationNotStarted(created, parentRef.executionId, error) });
    }
  }

  #finish(state: InstanceState): void {
    clearTimers(state);
    if (state.record.parentInstanceId) void this.#track(this.#notifyParent(state));
  }

  async #notifyParent(child: InstanceState): Promise<void> {
    const { parentInstanceId, parentExecutionId, parentEventId } = child.record;
    if (!parentInstanceId || parentEventId === undefined) return;
    const completion = subOrchestrationOutcome(child.record, parentEventId);
    await this.#deliver(parentInstanceId, { executionId: parentExecutionId, event: completion });
  }

  async #continueAsNew(state: InstanceState, input: string | undefined): Promise<void> {
    const record: InstanceRecord = { ...state.record, executionId: randomUUID(), input, output: undefined, runtimeStatus: 'Running' };
    clearTimers(state);
    const carried = state.inbox.filter((m) => m.executionId === undefined);
    const fresh = newInstanceState(record, [], carried);
    await this.store.putInstance(record);
    this.#states.set(record.instanceId, fresh);
    await this.store.deleteOtherExecutions(record.instanceId, record.executionId);
    await this.#deliver(record.instanceId, startMessage(record));
  }
}
