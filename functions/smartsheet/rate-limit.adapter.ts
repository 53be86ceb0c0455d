import { createHash } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { ensureTable, tableClient } from '../storage/table-storage.adapter.js';

/**
 * Smartsheet allows 300 requests a minute per token. Bulk jobs take a token from
 * this bucket before every request, so all jobs on every instance share one budget
 * per Smartsheet token. The bucket is one Table entity updated with its ETag; its
 * rate leaves room for interactive use and its burst, so a sliding minute never
 * goes over the limit.
 */
export interface RequestBudget {
  /** Waits until `n` requests may be sent; returns how long it waited (ms). */
  take(n?: number): Promise<number>;
}

export class TableTokenBucket implements RequestBudget {
  readonly #table: TableClient;
  readonly #ready: () => Promise<void>;
  readonly #key: string;
  readonly #perSecond: number;
  readonly #burst: number;

  constructor(connectionString: string, accessToken: string, requestsPerMinute: number, share = 0.9, burst = 5) {
    this.#table = tableClient(connectionString, 'RateLimits');
    this.#ready = ensureTable(this.#table);
    this.#key = createHash('sha256').update(accessToken).digest('hex').slice(0, 32);
    this.#burst = burst;
    this.#perSecond = Math.max(0.1, (requestsPerMinute * share - burst) / 60);
  }

  async take(n = 1): Promise<number> {
    await this.#ready();
    let waited = 0;
    for (let attempt = 0; attempt < 1000; attempt++) {
      const now = Date.now();
      let entity: { tokens: number; at: number; etag?: string };
      try {
        const e = await this.#table.getEntity<{ Tokens: number; At: number }>('smartsheet', this.#key);
        entity = { tokens: e.Tokens, at: e.At, etag: e.etag };
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
        entity = { tokens: this.#burst, at: now };
      }
      const tokens = Math.min(this.#burst, entity.tokens + ((now - entity.at) / 1000) * this.#perSecond);
      if (tokens >= n) {
        try {
          const next = { partitionKey: 'smartsheet', rowKey: this.#key, Tokens: tokens - n, At: now };
          if (entity.etag) await this.#table.updateEntity(next, 'Replace', { etag: entity.etag });
          else await this.#table.createEntity(next);
          return waited;
        } catch (error) {
          const code = (error as { statusCode?: number }).statusCode;
          if (code !== 412 && code !== 409) throw error;
          continue; // another taker got there first
        }
      }
      const wait = Math.ceil(((n - tokens) / this.#perSecond) * 1000);
      waited += wait;
      await new Promise((r) => setTimeout(r, wait));
    }
    throw new Error('The Smartsheet request budget stayed contended.');
  }
}
