import { DefaultAzureCredential } from '@azure/identity';
import { ServiceBusClient, type ServiceBusSender } from '@azure/service-bus';
import { defaultMessageId, type SheetChanged, type SheetEventsPublisher } from './sheet-events.port.js';

/**
 * The event channel in Azure: Service Bus topic `sheet-events`, one session per
 * sheet (`sessionId = sheetId`) for per-sheet order, `messageId` for duplicate
 * detection. Connection string when one is set, else managed identity on the namespace.
 */
export class ServiceBusChannel implements SheetEventsPublisher {
  readonly #client: ServiceBusClient;
  readonly #sender: ServiceBusSender;

  constructor(options: { topic: string; connectionString?: string; fullyQualifiedNamespace?: string }) {
    this.#client = options.connectionString
      ? new ServiceBusClient(options.connectionString)
      : new ServiceBusClient(options.fullyQualifiedNamespace!, new DefaultAzureCredential());
    this.#sender = this.#client.createSender(options.topic);
  }

  async publishSheetChanged(event: SheetChanged, messageId = defaultMessageId(event)): Promise<void> {
    await this.#sender.sendMessages({ body: event, contentType: 'application/json', messageId, sessionId: String(event.sheetId), ...(event.correlationId ? { correlationId: event.correlationId } : {}) });
  }

  async close(): Promise<void> {
    await this.#sender.close();
    await this.#client.close();
  }
}
