import type { RpcTypedData } from '../devhost/core-types.js';
import type { FunctionRuntime } from '../devhost/function-runtime.js';
import { RETRY_TIMEOUT_MARK } from './episode.js';
import { EventType, event, type FailureDetails, type HistoryEvent } from './history.js';

/** JSON text of a function's return value, as the extension records it (`null` for nothing). */
export function resultText(value: RpcTypedData | null | undefined): string {
  if (!value) return 'null';
  if (typeof value.string === 'string') return JSON.stringify(value.string);
  if (typeof value.json === 'string') return value.json;
  if (typeof value.int === 'number') return String(value.int);
  if (typeof value.double === 'number') return String(value.double);
  if (value.bytes) return JSON.stringify(Buffer.from(value.bytes).toString('base64'));
  return 'null';
}

export function failureOf(error: unknown): FailureDetails {
  const err = error instanceof Error ? error : new Error(String(error));
  return { ErrorType: err.name || 'Error', ErrorMessage: err.message, StackTrace: err.stack };
}

/** Runs one scheduled activity and returns its TaskCompleted or TaskFailed event. */
export async function runActivity(runtime: FunctionRuntime, scheduled: HistoryEvent): Promise<HistoryEvent> {
  try {
    if (scheduled.Details === RETRY_TIMEOUT_MARK) throw new Error(`Retry timeout exceeded for '${scheduled.Name}'.`);
    const fn = runtime.find(scheduled.Name!);
    if (fn?.trigger.type !== 'activityTrigger') throw new Error(`The activity function '${scheduled.Name}' doesn't exist or is not an activity function.`);
    const response = await runtime.invoke(fn, { data: scheduled.Input === undefined ? {} : { string: scheduled.Input } });
    return event(EventType.TaskCompleted, { TaskScheduledId: scheduled.EventId, Result: resultText(response.returnValue) });
  } catch (error) {
    const details = failureOf(error);
    return event(EventType.TaskFailed, {
      TaskScheduledId: scheduled.EventId,
      Reason: `Activity function '${scheduled.Name}' failed: ${details.ErrorMessage}`,
      Details: details.StackTrace,
      FailureDetails: details,
    });
  }
}
