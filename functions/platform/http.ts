import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { z } from 'zod';
import { AppError, ValidationError, toAppError } from './errors.js';
import { SpanStatusCode } from '@opentelemetry/api';
import { inSpan, traceParentOf } from './telemetry.js';
import { traceIdOf } from './trace-ref.js';
import { describeIssues } from '../../shared/util/issues.js';

/** The one error body shape every endpoint answers with. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export const ok = (body: unknown, headers?: Record<string, string>): HttpResponseInit => ({ status: 200, jsonBody: body, headers });
export const accepted = (body: unknown): HttpResponseInit => ({ status: 202, jsonBody: body });

export function errorResponse(error: AppError): HttpResponseInit {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) body.error.details = error.details;
  return { status: error.status, jsonBody: body };
}

type Handler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

const requestSpans = new WeakMap<InvocationContext, string>();

/** The response header that carries the request's correlation id (its trace id). */
export const CORRELATION_HEADER = 'x-correlation-id';

/** The traceparent of the request's span: work the request starts continues its trace. */
export function requestTraceParent(context: InvocationContext): string | undefined {
  return requestSpans.get(context) ?? context.traceContext?.traceParent;
}

/**
 * Wraps a trigger's handler: any thrown error becomes the single error shape.
 * Server-side faults are logged with their cause; the client sees only a safe message.
 * Each request is one server span (method, path, status; no query string, body or headers).
 */
export function httpHandler(handler: Handler): Handler {
  return (request, context) =>
    inSpan(`${request.method} ${context.functionName}`, { kind: 'server', parent: context.traceContext?.traceParent, attributes: { 'http.request.method': request.method, 'url.path': new URL(request.url).pathname } }, async (span) => {
      const traceParent = traceParentOf(span);
      if (traceParent) requestSpans.set(context, traceParent);
      let response: HttpResponseInit;
      try {
        response = await handler(request, context);
      } catch (thrown) {
        const error = toAppError(thrown);
        if (error.status >= 500) context.error(`${error.code}: ${error.message}`, error.cause ?? '');
        response = errorResponse(error);
      }
      const status = response.status ?? 200;
      span.setAttribute('http.response.status_code', status);
      // The correlation id on every answer: people can quote it, and it finds the trace and the logs.
      const traceId = traceIdOf(requestTraceParent(context));
      if (traceId) {
        const headers = new Headers(response.headers);
        headers.set(CORRELATION_HEADER, traceId);
        response = { ...response, headers };
      }
      // A client's mistake (4xx) is answered correctly: only 5xx count as failures of the app.
      span.setStatus({ code: status >= 500 ? SpanStatusCode.ERROR : SpanStatusCode.OK });
      return response;
    });
}

/** Validates a value with a zod schema; a failure is a 400 naming each bad field. */
export function validate<T extends z.ZodType>(schema: T, value: unknown, what = 'request'): z.infer<T> {
  const parsed = schema.safeParse(value);
  // A body's own problem is said of "body"; a route or query value's needs no name beyond `what`.
  if (!parsed.success) throw new ValidationError(`Invalid ${what}: ${describeIssues(parsed.error.issues, what === 'request body' ? 'body' : '')}`, parsed.error.issues);
  return parsed.data;
}

/** Reads and validates a JSON body; malformed JSON is a 400, never a 500. */
export async function readJson<T extends z.ZodType>(request: HttpRequest, schema: T): Promise<z.infer<T>> {
  const text = await request.text();
  let value: unknown;
  try {
    value = text.length ? JSON.parse(text) : undefined;
  } catch {
    throw new ValidationError('The request body is not valid JSON.');
  }
  return validate(schema, value, 'request body');
}
