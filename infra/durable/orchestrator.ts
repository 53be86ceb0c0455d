import type { RegisteredFunction } from '../devhost/core-api.js';
import type { FunctionRuntime } from '../devhost/function-runtime.js';
import type { OrchestratorState } from './actions.js';
import { failureOf, resultText } from './activity.js';
import type { Replay } from './episode.js';
import { EventType, event, fromJsonText, type HistoryEvent } from './history.js';
import type { InstanceRecord } from './store.js';

/** Orchestrator functions as the extension calls them: an episode's replay, and a sub-orchestration's end for its parent. */

const OUT_OF_PROC_LABEL = '\n\n$OutOfProcData$:';

export const isOrchestrator = (fn: RegisteredFunction | undefined) => fn?.trigger.type === 'orchestrationTrigger';

/** One episode: the instance's orchestrator replays `history` and answers its actions (or why it failed). */
export async function runOrchestrator(runtime: FunctionRuntime, record: InstanceRecord, history: HistoryEvent[]): Promise<Replay> {
  const fn = runtime.find(record.name);
  if (!isOrchestrator(fn)) return { failure: `The orchestrator function '${record.name}' is not registered.` };
  const lastStarted = history.map((e) => e.EventType).lastIndexOf(EventType.OrchestratorStarted);
  const binding = {
    history: history.map((e, i) => ({ ...e, IsPlayed: i < lastStarted })),
    input: fromJsonText(record.input) ?? undefined,
    instanceId: record.instanceId,
    isReplaying: history.length > lastStarted + 2,
    parentInstanceId: record.parentInstanceId,
    upperSchemaVersion: 2,
    longRunningTimerIntervalDuration: '3.00:00:00',
    maximumShortTimerDuration: '6.00:00:00',
    defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
  };
  try {
    const response = await runtime.invoke(fn!, { data: { json: JSON.stringify(binding) } });
    return { state: JSON.parse(resultText(response.returnValue)) as OrchestratorState };
  } catch (error) {
    // The library reports a failed orchestrator as "<flag>$OutOfProcData$:<state JSON>"; the state carries the error.
    const message = (error as Error)?.message ?? String(error);
    const at = message.indexOf(OUT_OF_PROC_LABEL);
    if (at < 0) return { failure: message };
    try {
      const failed = JSON.parse(message.slice(at + OUT_OF_PROC_LABEL.length)) as OrchestratorState;
      return { failure: failed.error ?? message.slice(0, at) };
    } catch {
      return { failure: message.slice(0, at) };
    }
  }
}

/** What the parent hears of a sub-orchestration that ended: completed with its output, or failed saying how. */
export function subOrchestrationOutcome(child: InstanceRecord, parentEventId: number): HistoryEvent {
  const { parentExecutionId, runtimeStatus, output, name, failure } = child;
  const key = `sub:${parentExecutionId}:${parentEventId}`;
  if (runtimeStatus === 'Completed') return event(EventType.SubOrchestrationInstanceCompleted, { TaskScheduledId: parentEventId, Result: output ?? 'null', Key: key });
  const ended = `Sub-orchestration '${name}' ${runtimeStatus.toLowerCase()}`;
  return event(EventType.SubOrchestrationInstanceFailed, {
    TaskScheduledId: parentEventId,
    Reason: ended,
    FailureDetails: { ErrorType: 'SubOrchestrationFailed', ErrorMessage: (fromJsonText(failure) as { message?: string } | null)?.message ?? ended },
    Key: key,
  });
}

/** What the parent hears of a sub-orchestration that could not be started (`created`: its creation in the parent's history). */
export function subOrchestrationNotStarted(created: HistoryEvent, parentExecutionId: string, error: unknown): HistoryEvent {
  const details = failureOf(error);
  return event(EventType.SubOrchestrationInstanceFailed, { TaskScheduledId: created.EventId, Reason: details.ErrorMessage, FailureDetails: details, Key: `sub:${parentExecutionId}:${created.EventId}` });
}
