import { app, type InvocationContext } from '@azure/functions';
import { z } from 'zod';
import type { SheetChanged } from '../events/sheet-events.port.js';
import { getServices } from '../platform/services.js';
import { getSettings } from '../platform/settings.js';
import { inSpan } from '../platform/telemetry.js';

/**
 * The processor: one Service Bus session per sheet, so notices for a sheet are
 * handled one at a time in order. A failure (Smartsheet or Web PubSub down) throws,
 * and the message is delivered again; after the maximum delivery count it is dead-lettered.
 */
const notice = z.object({
  type: z.literal('sheet.changed'),
  sheetId: z.number().int().positive(),
  version: z.number().int().optional(),
  changedRowIds: z.array(z.number()),
  deletedRowIds: z.array(z.number()),
  columnsChanged: z.boolean(),
  source: z.enum(['app', 'webhook', 'reconciliation']),
  ours: z.boolean().optional(),
  structural: z.boolean().optional(),
  comments: z.boolean().optional(),
  correlationId: z.string().optional(),
  traceParent: z.string().optional(),
});

export async function processSheetEvent(message: unknown, context: InvocationContext): Promise<void> {
  const parsed = notice.safeParse(typeof message === 'string' ? JSON.parse(message) : message);
  if (!parsed.success) {
    // A malformed message can never succeed: log and complete it rather than retry.
    context.error(`Dropped a malformed sheet event ${String(context.triggerMetadata?.messageId ?? '')}: ${parsed.error.message}`);
    return;
  }
  const { sheetId, source, traceParent } = parsed.data;
  const outcome = await inSpan('sheet-events-processor', { kind: 'consumer', parent: traceParent, attributes: { 'sheet.id': sheetId, 'sheet.event.source': source } }, async (span) => {
    const result = await getServices().live.process(parsed.data as SheetChanged);
    span.setAttributes({ 'sheet.version': result.version ?? -1, 'sheet.pushed': result.pushed, ...(result.pushed ? {} : { 'sheet.skipped': result.reason }) });
    return result;
  });
  context.log(
    `sheet ${parsed.data.sheetId} (${parsed.data.source}, delivery ${String(context.triggerMetadata?.deliveryCount ?? 1)}): ` +
      (parsed.data.correlationId ? `[correlation ${parsed.data.correlationId}] ` : '') +
      (outcome.pushed ? `pushed version ${outcome.version}${outcome.staleMessages ? `, ${outcome.staleMessages} answers stale` : ''}` : `nothing to push (${outcome.reason}, version ${outcome.version})`),
  );
}

const settings = getSettings();
app.serviceBusTopic('sheet-events-processor', {
  connection: 'ServiceBusConnection',
  topicName: settings.SHEET_EVENTS_TOPIC,
  subscriptionName: settings.SHEET_EVENTS_SUBSCRIPTION,
  isSessionsEnabled: true,
  handler: processSheetEvent,
});
