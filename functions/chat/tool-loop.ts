import type { ChartData } from '../../shared/api/contracts.js';
import { allToolSpecs, chartOf, runToolCall, stepOf, type CallContext, type ToolDeps, type ToolStep } from './chat-tools.js';
import type { MessageStore } from '../storage/stores.port.js';
import type { ChatModel, ModelMessage, ModelReply } from './model.port.js';

/** What a turn's tool loop has done so far — kept when it stops early (a failure, the deadline, a stop). */
export interface LoopProgress {
  steps: ToolStep[];
  changeSetIds: string[];
  jobIds: string[];
  chart?: ChartData;
  modelMs: number;
}

export const newProgress = (): LoopProgress => ({ steps: [], changeSetIds: [], jobIds: [], modelMs: 0 });

/**
 * The model's answer — or why there is none, never an empty message: Azure's content filter can withhold an answer
 * (finish reason `content_filter`), and a long one can be cut off at the model's limit (`length`).
 */
export function answerOf(reply: ModelReply): string {
  const text = reply.content?.trim() ?? '';
  if (reply.finishReason === 'content_filter') {
    return text
      ? `${text}\n\n(Azure OpenAI's content filter stopped the answer here.)`
      : "Azure OpenAI's content filter withheld this answer, so there is nothing to show. Rephrasing the question, or asking about fewer rows, may help.";
  }
  if (reply.finishReason === 'length') return `${text}\n\n(The answer was cut off at the model's length limit: ask for fewer rows or a narrower question.)`.trim();
  return text || 'The model gave an empty answer. Ask again, or rephrase the question.';
}

/**
 * The model and the tools in turn, at most `maxRounds` model calls, until the model answers: its answer, or undefined
 * when the rounds ran out. `progress` records each step (and the change sets and jobs they proposed) as it goes;
 * `signal` stops a model call and any round after it.
 */
export async function runToolLoop(
  deps: ToolDeps & { model: ChatModel; maxRounds: number },
  messages: ModelMessage[],
  ctx: Omit<CallContext, 'changeSetIds' | 'jobIds'>,
  progress: LoopProgress,
  signal: AbortSignal,
): Promise<string | undefined> {
  for (let round = 0; round < deps.maxRounds; round++) {
    signal.throwIfAborted();
    const asked = performance.now();
    const reply = await deps.model.complete({ messages, tools: allToolSpecs, signal });
    progress.modelMs += performance.now() - asked;
    if (reply.toolCalls.length === 0) return answerOf(reply);
    messages.push({ role: 'assistant', content: reply.content, tool_calls: reply.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) });
    for (const call of reply.toolCalls) {
      const result = await runToolCall(deps, call.name, call.arguments, { ...ctx, changeSetIds: progress.changeSetIds, jobIds: progress.jobIds });
      progress.steps.push(stepOf(call.name, call.arguments, result));
      if (call.name === 'aggregate' && result.ok) progress.chart = chartOf(result.data) ?? progress.chart;
      messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
    }
  }
  return undefined;
}

/** How often a turn running longer looks whether its stop was asked for (a point read each time). */
export const STOP_POLL_MS = 400;

/** Looks for a stop of this turn every STOP_POLL_MS (a turn answered sooner never looks), aborting `stop`; the timer to clear. */
export function watchForStop(messages: Pick<MessageStore, 'stopRequested'>, sessionId: string, clientMessageId: string, stop: AbortController): NodeJS.Timeout {
  let looking = false;
  const timer = setInterval(() => {
    if (looking || stop.signal.aborted) return;
    looking = true;
    void messages
      .stopRequested(sessionId, clientMessageId)
      .then((asked) => asked && stop.abort(new Error('stopped')))
      .catch(() => undefined) // not read this time: the next look, or the deadline
      .finally(() => (looking = false));
  }, STOP_POLL_MS);
  timer.unref();
  return timer;
}
