import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { EmulatorState } from './emulator-state.js';
import { ApiError, errors } from './errors.js';
import { now } from './sheet-store.js';

/**
 * Smartsheet webhooks: verification on enable (and every 100 callbacks), signed
 * callbacks delivered one at a time per webhook, retries with backoff on non-200,
 * then DISABLED_CALLBACK_FAILED.
 */
export interface Webhook {
  id: number;
  name: string;
  callbackUrl: string;
  scope: 'sheet';
  scopeObjectId: number;
  events: string[];
  version: number;
  enabled: boolean;
  status: 'NEW_NOT_VERIFIED' | 'ENABLED' | 'DISABLED_VERIFICATION_FAILED' | 'DISABLED_CALLBACK_FAILED' | 'DISABLED_BY_OWNER';
  sharedSecret: string;
  createdAt: string;
  modifiedAt: string;
  stats: { lastCallbackAttempt?: string; lastCallbackAttemptRetryCount: number; lastSuccessfulCallback?: string };
  disabledDetails?: string;
}

export interface WebhookEvent {
  objectType: 'sheet' | 'row' | 'column' | 'cell' | 'discussion' | 'comment';
  eventType: 'created' | 'updated' | 'deleted';
  id?: number;
  rowId?: number;
  columnId?: number;
  userId: number;
  timestamp: string;
  changeAgent?: string;
}

interface Delivery {
  body: string;
}


export function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export class WebhookHub {
  readonly webhooks = new Map<number, Webhook>();
  readonly #queues = new Map<number, Delivery[]>();
  readonly #sending = new Set<number>();
  readonly #callbackCounts = new Map<number, number>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #nextId = 9_000_000_000_000_001;
  #stopped = false;

  constructor(private readonly state: EmulatorState) {}

  create(input: Partial<Webhook>): Webhook {
    if (!input.name) throw errors.missingAttribute('name');
    if (!input.callbackUrl) throw errors.missingAttribute('callbackUrl');
    if (input.scope !== 'sheet') throw errors.invalidRequest('scope must be "sheet".');
    if (!input.scopeObjectId || !this.state.sheets.has(Number(input.scopeObjectId))) throw errors.badSheet(input.scopeObjectId);
    if (!Array.isArray(input.events) || !input.events.includes('*.*')) throw errors.invalidRequest('events must be ["*.*"].');
    const stamp = now();
    const webhook: Webhook = {
      id: this.#nextId++,
      name: input.name,
      callbackUrl: input.callbackUrl,
      scope: 'sheet',
      scopeObjectId: Number(input.scopeObjectId),
      events: ['*.*'],
      version: 1,
      enabled: false,
      status: 'NEW_NOT_VERIFIED',
      sharedSecret: randomBytes(24).toString('hex'),
      createdAt: stamp,
      modifiedAt: stamp,
      stats: { lastCallbackAttemptRetryCount: 0 },
    };
    this.webhooks.set(webhook.id, webhook);
    return webhook;
  }

  get(id: number): Webhook {
    const webhook = this.webhooks.get(id);
    if (!webhook) throw errors.notFound(`Webhook not found: ${id}`);
    return webhook;
  }

  /** PUT /webhooks/{id}: enabling runs verification before it returns, as Smartsheet does. */
  async update(id: number, input: Partial<Webhook>): Promise<Webhook> {
    const webhook = this.get(id);
    if (input.callbackUrl) webhook.callbackUrl = input.callbackUrl;
    if (input.name) webhook.name = input.name;
    webhook.modifiedAt = now();
    if (input.enabled === false) {
      webhook.enabled = false;
      webhook.status = 'DISABLED_BY_OWNER';
      this.#queues.delete(id);
    } else if (input.enabled === true) {
      const verified = await this.#verify(webhook);
      webhook.enabled = verified;
      webhook.status = verified ? 'ENABLED' : 'DISABLED_VERIFICATION_FAILED';
      if (verified) this.#callbackCounts.set(id, 0);
    }
    return webhook;
  }

  delete(id: number): void {
    this.get(id);
    this.webhooks.delete(id);
    this.#queues.delete(id);
  }

  resetSecret(id: number): Webhook {
    const webhook = this.get(id);
    webhook.sharedSecret = randomBytes(24).toString('hex');
    return webhook;
  }

  /** Queues one callback per change for every enabled webhook on the sheet. */
  notify(sheetId: number, events: WebhookEvent[]): void {
    if (events.length === 0) return;
    for (const webhook of this.webhooks.values()) {
      if (!webhook.enabled || webhook.scopeObjectId !== sheetId) continue;
      const body = JSON.stringify({
        nonce: randomUUID(),
        timestamp: now(),
        webhookId: webhook.id,
        scope: 'sheet',
        scopeObjectId: sheetId,
        events,
      });
      const queue = this.#queues.get(webhook.id) ?? [];
      queue.push({ body });
      this.#queues.set(webhook.id, queue);
      void this.#drain(webhook);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
  }

  async #post(url: string, body: string, headers: Record<string, string>): Promise<Response | undefined> {
    try {
      return await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(this.state.config.webhookTimeoutMs) });
    } catch {
      return undefined;
    }
  }

  async #verify(webhook: Webhook): Promise<boolean> {
    const challenge = randomUUID();
    const body = JSON.stringify({ challenge, webhookId: webhook.id });
    const response = await this.#post(webhook.callbackUrl, body, { 'Smartsheet-Hook-Challenge': challenge });
    if (!response || response.status !== 200) return false;
    if (response.headers.get('smartsheet-hook-response') === challenge) return true;
    try {
      return ((await response.json()) as { smartsheetHookResponse?: string }).smartsheetHookResponse === challenge;
    } catch {
      return false;
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  /** One callback at a time per webhook, in order. */
  async #drain(webhook: Webhook): Promise<void> {
    if (this.#sending.has(webhook.id)) return;
    this.#sending.add(webhook.id);
    try {
      const queue = this.#queues.get(webhook.id) ?? [];
      while (queue.length && webhook.enabled && !this.#stopped) {
        const count = this.#callbackCounts.get(webhook.id) ?? 0;
        if (count > 0 && count % 100 === 0 && !(await this.#verify(webhook))) {
          webhook.enabled = false;
          webhook.status = 'DISABLED_VERIFICATION_FAILED';
          break;
        }
        const delivery = queue[0]!;
        let delivered = false;
        for (let attempt = 0; attempt <= this.state.config.webhookMaxRetries && !this.#stopped; attempt++) {
          if (attempt > 0) await this.#sleep(this.state.config.webhookRetryBaseMs * 2 ** (attempt - 1));
          webhook.stats.lastCallbackAttempt = now();
          webhook.stats.lastCallbackAttemptRetryCount = attempt;
          const response = await this.#post(webhook.callbackUrl, delivery.body, { 'Smartsheet-Hmac-SHA256': sign(webhook.sharedSecret, delivery.body) });
          if (response?.status === 200) {
            delivered = true;
            webhook.stats.lastSuccessfulCallback = now();
            break;
          }
        }
        if (!delivered) {
          if (!this.#stopped) {
            webhook.enabled = false;
            webhook.status = 'DISABLED_CALLBACK_FAILED';
            webhook.disabledDetails = 'Callback failed after retries.';
            this.#queues.delete(webhook.id);
          }
          break;
        }
        queue.shift();
        this.#callbackCounts.set(webhook.id, count + 1);
      }
    } finally {
      this.#sending.delete(webhook.id);
    }
  }
}

export { ApiError };
