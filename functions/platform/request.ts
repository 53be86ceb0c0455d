import type { HttpRequest, InvocationContext } from '@azure/functions';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { requestTraceParent, validate } from './http.js';
import { readPrincipal, type Principal } from './principal.js';
import { traceIdOf, traceParentField, type TraceRef } from './trace-ref.js';

/** Who is calling: the signed-in user, or 401. */
export function caller(request: HttpRequest): Principal {
  return readPrincipal(request.headers.get('x-ms-client-principal'));
}

const opaqueIdParam = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'is not a valid id');

/** A whole number sent as text (a route or query value, an id as digits): read as that number; anything else is named. */
export const asNumber = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v), schema);

/** A whole number, anything else named for what it is ("expected a number, received string"), never coerced to NaN first. */
export const wholeNumber = () => z.number({ error: (issue) => `expected a number, received ${issue.input === undefined ? 'nothing' : typeof issue.input}` }).int('must be a whole number');

/** A Smartsheet id (sheet, row), in a route or a body: a positive whole number, or its digits as text. */
export const numericId = asNumber(wholeNumber().positive('must be a positive number'));

/** The `{id}` route parameter of session and change-set routes (our opaque ids), validated. */
function idOf(request: HttpRequest, what: string): string {
  return validate(opaqueIdParam, request.params.id, what);
}

/**
 * The correlation id of a request: the W3C trace id of its invocation (from the caller's
 * `traceparent`, or the one the host started). It travels with the work the request
 * starts — orchestration inputs, activity logs, sheet-changed notices and pushes.
 */
export function correlationIdOf(context: InvocationContext): string {
  return traceIdOf(requestTraceParent(context)) ?? randomBytes(16).toString('hex');
}

/** The correlation id and the request span's traceparent, for records that outlive the request. */
export function traceOf(context: InvocationContext): TraceRef {
  return { correlationId: correlationIdOf(context), ...traceParentField(requestTraceParent(context)) };
}

export const sessionIdOf = (request: HttpRequest): string => idOf(request, 'session id');
export const changeSetIdOf = (request: HttpRequest): string => idOf(request, 'change set id');
export const jobIdOf = (request: HttpRequest): string => idOf(request, 'job id');
