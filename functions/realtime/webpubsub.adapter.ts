import { DefaultAzureCredential } from '@azure/identity';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import type { RealtimeEvent } from '../../shared/realtime/events.js';
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
    this.#client = options.connectionString
      ? new WebPubSubServiceClient(options.connectionString, options.hub, clientOptions)
      : new WebPubSubServiceClient(options.endpoint!, new DefaultAzureCredential(), options.hub, clientOptions);
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
