import { ManagedIdentityCredential } from '@azure/identity';
import { AI_OPERATION_NAME, AzureMonitorTraceExporter } from '@azure/monitor-opentelemetry-exporter';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, isSpanContextValid, trace, type Attributes, type Span } from '@opentelemetry/api';
import { parseTraceParent } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Settings } from './settings.js';

/**
 * Traces to Application Insights. One trace per user action: the HTTP request's span
 * (a child of the host's invocation trace), then the durable activities and the
 * sheet-event processing the request started, parented by the `traceParent` stored
 * with the change set, job or notice. The trace id is the correlation id the logs,
 * notices and pushes carry. Nothing is exported unless APPLICATIONINSIGHTS_CONNECTION_STRING
 * is set; otherwise spans are no-ops that still hand out their parent's traceparent.
 */
const TRACER = 'chatsheetai';

export type SpanKindName = 'server' | 'internal' | 'consumer';
const kinds: Record<SpanKindName, SpanKind> = { server: SpanKind.SERVER, internal: SpanKind.INTERNAL, consumer: SpanKind.CONSUMER };

let provider: BasicTracerProvider | undefined;

/**
 * Starts exporting when a connection string is set; with `Authorization=AAD` in
 * APPLICATIONINSIGHTS_AUTHENTICATION_STRING (how Bicep sets it: the resource allows no
 * key ingestion) the exporter signs in as the managed identity.
 */
export function startTelemetry(settings: Pick<Settings, 'APPLICATIONINSIGHTS_CONNECTION_STRING' | 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'>): boolean {
  const connectionString = settings.APPLICATIONINSIGHTS_CONNECTION_STRING;
  if (provider || !connectionString) return Boolean(provider);
  const auth = settings.APPLICATIONINSIGHTS_AUTHENTICATION_STRING ?? '';
  const clientId = /ClientId=([^;]+)/i.exec(auth)?.[1];
  const credential = /Authorization=AAD/i.test(auth) ? new ManagedIdentityCredential(clientId ? { clientId } : {}) : undefined;
  const exporter = new AzureMonitorTraceExporter({ connectionString, ...(credential ? { credential } : {}) });
  provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'chatsheetai-functions' }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 })],
  });
  trace.setGlobalTracerProvider(provider);
  return true;
}

/** Sends what is buffered (the worker's appTerminate hook calls it). */
export async function flushTelemetry(): Promise<void> {
  await provider?.forceFlush();
}

/** The W3C traceparent of a span, for work that continues elsewhere (none for a span outside any trace). */
export function traceParentOf(span: Span): string | undefined {
  const context = span.spanContext();
  if (!isSpanContextValid(context)) return undefined;
  return `00-${context.traceId}-${context.spanId}-${context.traceFlags.toString(16).padStart(2, '0')}`;
}

export interface SpanOptions {
  kind?: SpanKindName;
  /** The W3C traceparent to continue; absent or malformed: a new trace. */
  parent?: string | undefined;
  attributes?: Attributes;
}

/**
 * Runs `work` inside a span: ended when the work settles, marked as an error when it
 * throws (the exception's type only: messages can carry request data).
 */
export async function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = options.parent ? parseTraceParent(options.parent) : null;
  const parentContext = parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
  // A consumer span is a request in Application Insights, named by its operation name.
  const attributes = { ...options.attributes, ...(options.kind === 'consumer' ? { [AI_OPERATION_NAME]: name } : {}) };
  const span = trace.getTracer(TRACER).startSpan(name, { kind: kinds[options.kind ?? 'internal'], attributes }, parentContext);
  try {
    return await work(span);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'Error' });
    throw error;
  } finally {
    span.end();
  }
}
