/** How work started by a request refers back to it: the correlation id (trace id) and, when known, the span to continue. */
export interface TraceRef {
  correlationId: string;
  traceParent?: string;
}

/** The optional record fields for a trace reference (records keep both, flat). */
export const traceFields = (ref: TraceRef | undefined): { correlationId?: string; traceParent?: string } =>
  ref ? { correlationId: ref.correlationId, ...(ref.traceParent ? { traceParent: ref.traceParent } : {}) } : {};
