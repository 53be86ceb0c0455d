import type { InvocationContext } from '@azure/functions';
import type { Attributes, Span } from '@opentelemetry/api';
import * as df from 'durable-functions';
import { inSpan } from './telemetry.js';

/**
 * Registers a durable activity whose every run is a span in the trace of the request
 * that started the work: the orchestration passes that request's `traceParent` in
 * each activity's input.
 */
export function tracedActivity<I extends { traceParent?: string }, O>(
  name: string,
  attributes: (input: I) => Attributes,
  run: (input: I, context: InvocationContext, span: Span) => Promise<O>,
): void {
  df.app.activity(name, {
    handler: (input: I, context: InvocationContext) => inSpan(name, { parent: input.traceParent, attributes: attributes(input) }, (span) => run(input, context, span)),
  });
}
