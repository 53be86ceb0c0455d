import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Broker, BrokerMessage } from '../servicebus-broker/broker.js';
import type { RegisteredFunction } from './core-api.js';
import type { FunctionRuntime } from './function-runtime.js';
import { sameSecret, type HostKeys } from './http-trigger.js';
import { resolveSettingReference } from './timer-trigger.js';

const isType = (fn: RegisteredFunction, type: string) => fn.trigger.type.toLowerCase() === type.toLowerCase();

/**
 * Service Bus topic triggers on the local broker: each function's subscription
 * receives the topic's messages (in session order when `isSessionsEnabled`), with
 * the trigger metadata Azure gives (messageId, sessionId, deliveryCount, …).
 * A function that throws abandons the message: it comes back until dead-lettered.
 */
export function attachServiceBusTriggers(broker: Broker, runtime: FunctionRuntime, settings: Record<string, string | undefined>): RegisteredFunction[] {
  const triggers = runtime.functions.filter((fn) => isType(fn, 'serviceBusTrigger'));
  for (const fn of triggers) {
    const topic = resolveSettingReference(String(fn.trigger.topicName ?? fn.trigger.queueName ?? ''), settings);
    const subscription = resolveSettingReference(String(fn.trigger.subscriptionName ?? fn.name), settings);
    broker.subscribe(topic, subscription, {
      sessions: fn.trigger.isSessionsEnabled === true,
      handler: async (message) => {
        await runtime.invoke(fn, serviceBusInvocation(message));
      },
    });
  }
  return triggers;
}

function serviceBusInvocation(message: BrokerMessage) {
  const json = /json/i.test(message.contentType ?? '') || /^\s*[[{]/.test(message.body);
  return {
    data: json ? { json: message.body } : { string: message.body },
    triggerMetadata: {
      messageId: { string: message.messageId },
      ...(message.sessionId ? { sessionId: { string: message.sessionId } } : {}),
      deliveryCount: { int: message.deliveryCount },
      enqueuedTimeUtc: { string: message.enqueuedTimeUtc },
      sequenceNumber: { int: message.sequenceNumber },
      ...(message.contentType ? { contentType: { string: message.contentType } } : {}),
      applicationProperties: { json: JSON.stringify(message.applicationProperties ?? {}) },
    },
  };
}

/**
 * `POST /admin/functions/{name}` with the master key: runs a non-HTTP function now,
 * as the Functions host's admin API does (202; `{"input": "…"}` is the trigger data).
 */
export async function serveAdminInvoke(runtime: FunctionRuntime, keys: HostKeys, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const match = /^\/admin\/functions\/([^/?]+)$/.exec((request.url ?? '').split('?')[0]!);
  if (!match || request.method !== 'POST') return false;
  const send = (status: number, body?: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
  if (!sameSecret(request.headers['x-functions-key'] as string | undefined, keys.masterKey)) {
    send(401, { error: { code: 'UNAUTHORIZED', message: 'The master key is required (x-functions-key).' } });
    return true;
  }
  const fn = runtime.find(decodeURIComponent(match[1]!));
  if (!fn) {
    send(404, { error: { code: 'NOT_FOUND', message: `No function named "${match[1]}".` } });
    return true;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
  let input = '';
  try {
    input = String((JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { input?: unknown }).input ?? '');
  } catch {
    send(400, { error: { code: 'BAD_REQUEST', message: 'The body must be JSON: {"input": "…"}.' } });
    return true;
  }
  const data = isType(fn, 'timerTrigger')
    ? { json: JSON.stringify({ Schedule: { AdjustForDST: true }, ScheduleStatus: null, IsPastDue: false }) }
    : { string: input };
  void runtime.invoke(fn, { data }).catch((error: unknown) => runtime.logger.log('error', `Function "${fn.name}" failed: ${(error as Error)?.message ?? String(error)}`, { function: fn.name }));
  send(202);
  return true;
}
