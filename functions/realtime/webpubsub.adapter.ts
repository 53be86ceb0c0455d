import { createSecretKey, type KeyObject } from 'node:crypto';
import { DefaultAzureCredential } from '@azure/identity';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import type { RealtimeEvent } from '../../shared/realtime/events.js';
import { connectionFields } from '../../shared/util/connection-string.js';
import { AppError } from '../platform/errors.js';
import type { RealtimePort } from './realtime.port.js';

/**
 * Web PubSub through `@azure/web-pubsub`: a connection string (the local emulator,
 * or an access key) or the endpoint with managed identity. Sends retry briefly;
 * a send that still fails throws, so the event channel redelivers the message.
 */
export class WebPubSubRealtime implements RealtimePort {
  readonly #client: WebPubSubServiceClient;
  readonly #retry = retry(
    handleWhen(() => true),
    { maxAttempts: 2, backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 500 }) },
  );

  constructor(options: { hub: string; connectionString?: string; endpoint?: string }) {
    const insecure = /Endpoint=http:\/\//i.test(options.connectionString ?? '') || /^http:\/\//i.test(options.endpoint ?? '');
    const clientOptions = { allowInsecureConnection: insecure, retryOptions: { maxRetries: 0 } };
    if (options.connectionString) {
      const { endpoint, key } = accessKeyOf(options.connectionString);
      this.#client = new WebPubSubServiceClient(endpoint, key, options.hub, clientOptions);
    } else this.#client = new WebPubSubServiceClient(options.endpoint!, new DefaultAzureCredential(), options.hub, clientOptions);
  }

  async clientAccessUrl(userId: string, groups: string[], minutes = 60): Promise<string> {
    const roles = groups.map((group) => `webpubsub.joinLeaveGroup.${group}`);
    return (await this.#client.getClientAccessToken({ userId, roles, expirationTimeInMinutes: minutes })).url;
  }

  sendToGroup(group: string, event: RealtimeEvent): Promise<void> {
    return this.#send(() => this.#client.group(group).sendToAll(event));
  }

  sendToUser(userId: string, event: RealtimeEvent): Promise<void> {
    return this.#send(() => this.#client.sendToUser(userId, event));
  }

  async #send(call: () => Promise<void>): Promise<void> {
    try {
      await this.#retry.execute(call);
    } catch (error) {
      throw new AppError('DEPENDENCY_FAILED', `Web PubSub did not take the push: ${(error as Error)?.message ?? String(error)}`, 502, { retryable: true, cause: error });
    }
  }
}

/** The SDK's key credential: an object with the access key as `key`. */
type KeyCredential = ConstructorParameters<typeof WebPubSubServiceClient>[1] & object;

/**
 * The endpoint and access key of a Web PubSub connection string (`Endpoint=…;AccessKey=…;Version=1.0;` and an
 * optional `Port=`). The key is handed to the SDK as a secret KeyObject made once: the SDK signs a token with it on
 * every request, and `jsonwebtoken` given the key as a string first tries (and fails) to read it as a PEM private
 * key on each signing — a thrown error per push, about half a millisecond of CPU. The tokens are the same.
 */
function accessKeyOf(connectionString: string): { endpoint: string; key: KeyCredential } {
  const parts = connectionFields(connectionString);
  const endpoint = parts.get('endpoint');
  const accessKey = parts.get('accesskey');
  if (!endpoint || !accessKey) throw new TypeError('The Web PubSub connection string needs Endpoint= and AccessKey=.');
  const url = new URL(/^https?:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`);
  if (parts.get('port')) url.port = parts.get('port')!;
  const secret: KeyObject = createSecretKey(Buffer.from(accessKey, 'utf8'));
  // The SDK reads `key` when it signs and passes it to jsonwebtoken, which takes a KeyObject as it takes a string.
  return { endpoint: url.toString(), key: { key: secret } as unknown as KeyCredential };
}
