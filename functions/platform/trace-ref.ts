/** How work started by a request refers back to it: the correlation id (trace id) and, when known, the span to continue. */
export interface TraceRef {
  correlationId: string;
  traceParent?: string;
}

/** `{traceParent}` when there is one: for records, notices and orchestration inputs that carry it optionally. */
export const traceParentField = (traceParent: string | undefined): { traceParent?: string } => (traceParent ? { traceParent } : {});

/** The optional record fields for a trace reference (records keep both, flat). */
export const traceFields = (ref: TraceRef | undefined): { correlationId?: string; traceParent?: string } =>
  ref ? { correlationId: ref.correlationId, ...traceParentField(ref.traceParent) } : {};

/** The trace id of a W3C traceparent (`00-<trace id>-<span id>-<flags>`), when it is a valid one. */
export function traceIdOf(traceParent: string | undefined): string | undefined {
  const traceId = traceParent?.split('-')[1];
  return traceId && /^[0-9a-f]{32}$/.test(traceId) && !/^0+$/.test(traceId) ? traceId : undefined;
}
