import { AppError, type ErrorCode } from '../platform/errors.js';

/** The language model behind a port: chat completions with tool calls. */
export interface ToolCall {
  id: string;
  name: string;
  /** As the model sent it: JSON text, possibly malformed. */
  arguments: string;
}

export type ModelMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface ToolSpec {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export interface ModelReply {
  content: string | null;
  toolCalls: ToolCall[];
  /** Why the model stopped: `stop`, `tool_calls`, `length` (cut off), `content_filter` (Azure's filter withheld it). */
  finishReason?: string;
  usage?: { promptTokens: number; completionTokens: number };
}

export interface CompletionRequest {
  messages: ModelMessage[];
  tools: ToolSpec[];
  /** Structured output: the reply's content is JSON matching this schema. */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  /** Aborted when the answer is no longer wanted (the turn's time is up): no attempt or retry goes on after it. */
  signal?: AbortSignal;
}

export interface ChatModel {
  /** Shown in the UI: which model answered. */
  readonly label: string;
  complete(request: CompletionRequest): Promise<ModelReply>;
}

/**
 * The model could not answer (after retries): the turn says so, nothing is lost. 503 unless told otherwise — a
 * refusal of the request itself (Azure's content filter) is the request's, not the service's: 422.
 */
export class ModelError extends AppError {
  constructor(message: string, retryable: boolean, as: { code: ErrorCode; status: number } = { code: 'DEPENDENCY_FAILED', status: 503 }) {
    super(as.code, message, as.status, { retryable });
  }
}
