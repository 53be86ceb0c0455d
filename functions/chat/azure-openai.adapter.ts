import { DefaultAzureCredential, getBearerTokenProvider } from '@azure/identity';
import { BrokenCircuitError, ConsecutiveBreaker, DelegateBackoff, TaskCancelledError, TimeoutStrategy, circuitBreaker, handleWhen, retry, timeout, wrap, type IPolicy } from 'cockatiel';
import { APIError, AzureOpenAI } from 'openai';
import { ModelError, type ChatModel, type CompletionRequest, type ModelReply } from './model.port.js';

export interface AzureOpenAIOptions {
  endpoint: string;
  deployment: string;
  apiVersion: string;
  /** Absent → Entra ID via DefaultAzureCredential (managed identity in Azure). */
  apiKey?: string;
  timeoutMs: number;
  maxAttempts: number;
  retryDelayMs: number;
  /** A reasoning deployment's effort, sent as `reasoning_effort`; absent: the model's default. */
  reasoningEffort?: 'minimal' | 'low' | 'medium' | 'high';
  label?: string;
}

const transient = (e: Error) => e instanceof TaskCancelledError || (e instanceof APIError && (e.status === 429 || (e.status ?? 0) >= 500 || e.status === undefined));

/** A 429's retry-after (seconds or ms headers) when the service gives one. */
function retryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof APIError)) return undefined;
  const headers = error.headers as Headers | Record<string, string> | undefined;
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : headers?.[name]) ?? undefined;
  const ms = Number(get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const seconds = Number(get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * The call's result, or its signal's abort as soon as it comes: the retry policy's wait before another attempt (a
 * retry-after of up to 30 s) does not watch the signal, and a turn whose time is up must not sit through it. The
 * abandoned call ends on its own at its next attempt, which starts aborted.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/** A 400 refusing `temperature`: reasoning deployments (o-series, gpt-5) take only the default. */
const refusesTemperature = (error: unknown) => error instanceof APIError && error.status === 400 && error.param === 'temperature';

/**
 * Azure OpenAI through the `openai` package's AzureOpenAI client: tool calling,
 * retries on 429/5xx that honour retry-after, a timeout per attempt and a breaker.
 * Temperature 0 (the same question, the same calls) is asked for until the deployment
 * refuses it — a reasoning model (o-series, gpt-5) takes only its default, and answers
 * 400 `unsupported_value` for `temperature` — then left out for the client's life.
 */
export class AzureOpenAIModel implements ChatModel {
  readonly label: string;
  readonly #client: AzureOpenAI;
  readonly #policy: IPolicy;
  #temperature: 0 | undefined = 0;

  constructor(private readonly options: AzureOpenAIOptions) {
    this.label = options.label ?? `Azure OpenAI (${options.deployment})`;
    const auth = options.apiKey
      ? { apiKey: options.apiKey }
      : { azureADTokenProvider: getBearerTokenProvider(new DefaultAzureCredential(), 'https://cognitiveservices.azure.com/.default') };
    this.#client = new AzureOpenAI({ endpoint: options.endpoint, deployment: options.deployment, apiVersion: options.apiVersion, maxRetries: 0, timeout: options.timeoutMs, ...auth });
    const backoff = new DelegateBackoff<{ attempt: number; result: { error?: Error } | unknown }>((context) => {
      const error = (context.result as { error?: unknown }).error;
      return Math.min(retryAfterMs(error) ?? options.retryDelayMs * 2 ** (context.attempt - 1) * (0.5 + Math.random()), 30_000);
    });
    this.#policy = wrap(
      retry(handleWhen(transient), { maxAttempts: Math.max(0, options.maxAttempts - 1), backoff: backoff as never }),
      circuitBreaker(handleWhen(transient), { halfOpenAfter: 15_000, breaker: new ConsecutiveBreaker(8) }),
      timeout(options.timeoutMs, TimeoutStrategy.Aggressive),
    );
  }

  async complete(request: CompletionRequest): Promise<ModelReply> {
    try {
      // A parent signal per call: cockatiel's shared default collects a listener per concurrent call.
      const create = (signal: AbortSignal) =>
        this.#client.chat.completions.create(
          {
            model: this.options.deployment,
            messages: request.messages as never,
            ...(request.tools.length ? { tools: request.tools as never, tool_choice: 'auto' as const } : {}),
            ...(request.jsonSchema ? { response_format: { type: 'json_schema' as const, json_schema: { name: request.jsonSchema.name, schema: request.jsonSchema.schema, strict: true } } } : {}),
            ...(this.#temperature === undefined ? {} : { temperature: this.#temperature }),
            ...(this.options.reasoningEffort ? { reasoning_effort: this.options.reasoningEffort } : {}),
          },
          { signal },
        );
      const call = this.#policy.execute(
        async ({ signal }) => {
          try {
            return await create(signal);
          } catch (error) {
            if (!refusesTemperature(error) || this.#temperature === undefined) throw error;
            this.#temperature = undefined;
            return create(signal);
          }
        },
        request.signal ?? new AbortController().signal,
      );
      const response = request.signal ? await untilAborted(call, request.signal) : await call;
      const choice = response.choices[0];
      const message = choice?.message;
      return {
        content: message?.content ?? null,
        ...(choice?.finish_reason ? { finishReason: choice.finish_reason } : {}),
        toolCalls: (message?.tool_calls ?? []).flatMap((call) => (call.type === 'function' ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : [])),
        ...(response.usage ? { usage: { promptTokens: response.usage.prompt_tokens, completionTokens: response.usage.completion_tokens } } : {}),
      };
    } catch (error) {
      if (request.signal?.aborted) throw new ModelError('The answer was no longer awaited: the time for it ran out.', true);
      if (error instanceof BrokenCircuitError) throw new ModelError('The language model has been failing; trying again shortly.', true);
      if (error instanceof TaskCancelledError) throw new ModelError(`The language model did not answer within ${this.options.timeoutMs / 1000} s.`, true);
      if (error instanceof APIError && error.code === 'content_filter') {
        throw new ModelError("Azure OpenAI's content filter refused this request — the question, or sheet text it would read. Sending it again will not help; rephrasing it, or asking about other rows, may.", false, { code: 'CONTENT_FILTERED', status: 422 });
      }
      if (error instanceof APIError) {
        const retryable = error.status === 429 || (error.status ?? 500) >= 500;
        throw new ModelError(`The language model answered ${error.status ?? 'with an error'}: ${error.message}`, retryable);
      }
      throw new ModelError(`The language model could not be reached: ${(error as Error).message}`, true);
    }
  }
}
