/**
 * The local stand-in for a Service Bus topic with subscriptions, with the
 * semantics the app relies on: duplicate detection by `messageId` within a
 * window, per-session order on session-enabled subscriptions (one message of a
 * session in flight at a time; sessions run in parallel), a delivery count per
 * message and dead-lettering once it reaches `maxDeliveryCount`.
 * A failed delivery is retried after a short backoff (Service Bus redelivers an
 * abandoned message at once; the pause keeps a failing dependency from being hammered).
 */
export interface BrokerMessage {
  messageId: string;
  sessionId?: string;
  contentType?: string;
  body: string;
  applicationProperties?: Record<string, string | number | boolean>;
  enqueuedTimeUtc: string;
  sequenceNumber: number;
  deliveryCount: number;
}

export interface DeadLetter extends BrokerMessage {
  deadLetterReason: string;
  deadLetterErrorDescription: string;
}

export type MessageHandler = (message: BrokerMessage) => Promise<void>;

export interface BrokerOptions {
  duplicateWindowMs?: number;
  maxDeliveryCount?: number;
  /** Pause before redelivering a message whose handler failed (by delivery count). */
  redeliveryDelayMs?: (deliveryCount: number) => number;
  maxConcurrentSessions?: number;
}

interface Subscription {
  topic: string;
  name: string;
  sessions: boolean;
  handler?: MessageHandler;
  /** Pending messages per session ('' when the subscription has no sessions). */
  queues: Map<string, BrokerMessage[]>;
  busy: Set<string>;
  deadLetters: DeadLetter[];
  delivered: number;
}

export type SendInput = Pick<BrokerMessage, 'messageId' | 'body'> & Partial<Pick<BrokerMessage, 'sessionId' | 'contentType' | 'applicationProperties'>>;

export class Broker {
  readonly #topics = new Map<string, Subscription[]>();
  readonly #seen = new Map<string, Map<string, number>>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #running = new Set<Promise<void>>();
  #sequence = 0;
  #stopped = false;
  readonly #options: Required<BrokerOptions>;

  constructor(options: BrokerOptions = {}) {
    this.#options = {
      duplicateWindowMs: options.duplicateWindowMs ?? 10 * 60_000,
      maxDeliveryCount: options.maxDeliveryCount ?? 10,
      redeliveryDelayMs: options.redeliveryDelayMs ?? ((count) => Math.min(100 * 2 ** (count - 1), 5000)),
      maxConcurrentSessions: options.maxConcurrentSessions ?? 8,
    };
  }

  /** Declares a subscription (idempotent); the handler may come later, as the app loads. */
  subscribe(topic: string, name: string, options: { sessions: boolean; handler?: MessageHandler }): void {
    const subscriptions = this.#topics.get(topic) ?? [];
    let subscription = subscriptions.find((s) => s.name === name);
    if (!subscription) {
      subscription = { topic, name, sessions: options.sessions, queues: new Map(), busy: new Set(), deadLetters: [], delivered: 0 };
      subscriptions.push(subscription);
      this.#topics.set(topic, subscriptions);
    }
    subscription.sessions = options.sessions;
    if (options.handler) subscription.handler = options.handler;
    this.#pump(subscription);
  }

  hasTopic(topic: string): boolean {
    return this.#topics.has(topic);
  }

  /** Enqueues to every subscription of the topic; a messageId seen within the window is dropped. */
  send(topic: string, inputs: SendInput[]): { accepted: number; duplicates: number } {
    const subscriptions = this.#topics.get(topic);
    if (!subscriptions) throw new Error(`Topic "${topic}" does not exist.`);
    const seen = this.#seen.get(topic) ?? new Map<string, number>();
    this.#seen.set(topic, seen);
    const now = Date.now();
    for (const [id, at] of seen) if (now - at > this.#options.duplicateWindowMs) seen.delete(id);
    let accepted = 0;
    let duplicates = 0;
    for (const input of inputs) {
      if (seen.has(input.messageId)) {
        duplicates++;
        continue;
      }
      seen.set(input.messageId, now);
      accepted++;
      const message: BrokerMessage = { ...input, enqueuedTimeUtc: new Date(now).toISOString(), sequenceNumber: ++this.#sequence, deliveryCount: 0 };
      for (const subscription of subscriptions) {
        if (subscription.sessions && !message.sessionId) throw new Error(`Subscription "${subscription.name}" requires sessions: the message has no sessionId.`);
        const key = subscription.sessions ? message.sessionId! : '';
        const queue = subscription.queues.get(key) ?? [];
        queue.push({ ...message });
        subscription.queues.set(key, queue);
        this.#pump(subscription);
      }
    }
    return { accepted, duplicates };
  }

  deadLetters(topic: string, subscription: string): DeadLetter[] {
    return [...(this.#find(topic, subscription)?.deadLetters ?? [])];
  }

  stats(): { topic: string; subscription: string; pending: number; delivered: number; deadLettered: number }[] {
    return [...this.#topics.values()].flat().map((s) => ({
      topic: s.topic,
      subscription: s.name,
      pending: [...s.queues.values()].reduce((n, q) => n + q.length, 0),
      delivered: s.delivered,
      deadLettered: s.deadLetters.length,
    }));
  }

  /** Resolves when nothing is pending or in flight (tests and benchmarks). */
  async idle(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.stats().some((s) => s.pending > 0) || this.#running.size > 0) {
      if (Date.now() > until) throw new Error('The broker did not become idle in time.');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    await Promise.all(this.#running);
  }

  #find(topic: string, name: string): Subscription | undefined {
    return this.#topics.get(topic)?.find((s) => s.name === name);
  }

  /** Starts a delivery for every session that has work and no message in flight. */
  #pump(subscription: Subscription): void {
    if (this.#stopped || !subscription.handler) return;
    const limit = subscription.sessions ? this.#options.maxConcurrentSessions : 16;
    for (const [key, queue] of subscription.queues) {
      if (subscription.busy.size >= limit) return;
      if (queue.length === 0 || subscription.busy.has(key)) continue;
      subscription.busy.add(key);
      const run = this.#deliver(subscription, queue);
      this.#running.add(run);
      void run.finally(() => {
        this.#running.delete(run);
        subscription.busy.delete(key);
        if (queue.length === 0) subscription.queues.delete(key);
        this.#pump(subscription);
      });
    }
  }

  async #deliver(subscription: Subscription, queue: BrokerMessage[]): Promise<void> {
    const message = queue[0]!;
    message.deliveryCount++;
    try {
      await subscription.handler!({ ...message });
      queue.shift();
      subscription.delivered++;
    } catch (error) {
      if (message.deliveryCount >= this.#options.maxDeliveryCount) {
        queue.shift();
        subscription.deadLetters.push({
          ...message,
          deadLetterReason: 'MaxDeliveryCountExceeded',
          deadLetterErrorDescription: `Delivered ${message.deliveryCount} times; last error: ${(error as Error)?.message ?? String(error)}`,
        });
        return;
      }
      // The session stays locked while it waits, so later messages of it keep their order.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.#timers.delete(timer);
          resolve();
        }, this.#options.redeliveryDelayMs(message.deliveryCount));
        this.#timers.add(timer);
      });
    }
  }
}
