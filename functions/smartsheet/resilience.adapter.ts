import { BrokenCircuitError, ConsecutiveBreaker, ExponentialBackoff, TaskCancelledError, TimeoutStrategy, circuitBreaker, handleWhen, retry, timeout, wrap, type IPolicy } from 'cockatiel';
import { SmartsheetError } from './smartsheet.port.js';

/**
 * Retry with exponential backoff and jitter for transient failures (4001–4004, 429,
 * 5xx, network), a circuit breaker per access token, and a timeout per attempt.
 */
export interface ResilienceOptions {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
  breakerThreshold: number;
  halfOpenAfterMs: number;
}

const RATE_LIMITED = 4003;
const transient = (error: Error) => error instanceof TaskCancelledError || (error instanceof SmartsheetError && error.retryable);

/** Breakers are shared by every adapter using the same token, as the dependency is. */
const breakers = new Map<string, IPolicy>();

export function policyFor(tokenKey: string, options: ResilienceOptions): IPolicy {
  let breaker = breakers.get(tokenKey);
  if (!breaker) {
    // A rate-limit answer is Smartsheet working as designed, not failing: it does not trip the breaker.
    breaker = circuitBreaker(handleWhen((e) => transient(e) && !(e instanceof SmartsheetError && e.smartsheetCode === RATE_LIMITED)), {
      halfOpenAfter: options.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.breakerThreshold),
    });
    breakers.set(tokenKey, breaker);
  }
  const retries = retry(handleWhen(transient), {
    maxAttempts: Math.max(0, options.maxAttempts - 1),
    backoff: new ExponentialBackoff({ initialDelay: options.initialDelayMs, maxDelay: options.maxDelayMs }),
  });
  return wrap(retries, breaker, timeout(options.timeoutMs, TimeoutStrategy.Aggressive));
}

/** Forgets breaker state (tests). */
export function resetBreakers(): void {
  breakers.clear();
}

/** What a policy-level failure means for the caller. */
export function fromPolicyError(error: unknown, what: string, timeoutMs: number): unknown {
  if (error instanceof BrokenCircuitError) {
    return new SmartsheetError(`Smartsheet is failing repeatedly; calls are paused briefly (circuit open) — ${what} was not attempted.`, 503, undefined, true);
  }
  if (error instanceof TaskCancelledError) return new SmartsheetError(`Smartsheet did not answer ${what} within ${timeoutMs} ms.`, 503, undefined, true);
  return error;
}
