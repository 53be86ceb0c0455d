import { createHmac } from 'node:crypto';
import { connectionFields } from '../../shared/util/connection-string.js';
import { AppError } from '../platform/errors.js';
import { defaultMessageId, type SheetChanged, type SheetEventsPublisher } from './sheet-events.port.js';

/**
 * The event channel on the dev host's local broker (`UseDevelopmentBroker=true`
 * in the connection string): Service Bus's REST send API, `POST {endpoint}/{topic}/messages`
 * with `BrokerProperties` (MessageId, SessionId) and a SAS token from the key.
 */
export function parseServiceBusConnection(connectionString: string): { endpoint: string; keyName: string; key: string; developmentBroker: boolean } {
  const fields = connectionFields(connectionString);
  return {
    endpoint: (fields.get('endpoint') ?? '').replace(/\/?$/, '/'),
    keyName: fields.get('sharedaccesskeyname') ?? '',
    key: fields.get('sharedaccesskey') ?? '',
    developmentBroker: fields.get('usedevelopmentbroker') === 'true',
  };
}

export function sasToken(resource: string, keyName: string, key: string, ttlSeconds = 3600): string {
  const expiry = Math.floor(Date.now() / 1000) + ttlSeconds;
  const signature = createHmac('sha256', key).update(`${encodeURIComponent(resource)}\n${expiry}`).digest('base64');
  return `SharedAccessSignature sr=${encodeURIComponent(resource)}&sig=${encodeURIComponent(signature)}&se=${expiry}&skn=${encodeURIComponent(keyName)}`;
}

export class DevBrokerChannel implements SheetEventsPublisher {
  readonly #url: string;
  readonly #connection: ReturnType<typeof parseServiceBusConnection>;

  constructor(connectionString: string, topic: string) {
    this.#connection = parseServiceBusConnection(connectionString);
    this.#url = `${this.#connection.endpoint}${encodeURIComponent(topic)}/messages`;
  }

  async publishSheetChanged(event: SheetChanged, messageId = defaultMessageId(event)): Promise<void> {
    const response = await fetch(this.#url, {
      method: 'POST',
      headers: {
        authorization: sasToken(this.#url, this.#connection.keyName, this.#connection.key),
        'content-type': 'application/json',
        brokerproperties: JSON.stringify({ MessageId: messageId, SessionId: String(event.sheetId) }),
      },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status !== 201) {
      throw new AppError('DEPENDENCY_FAILED', `The event channel refused the message (${response.status}): ${await response.text()}`, 502, { retryable: true });
    }
  }
}
