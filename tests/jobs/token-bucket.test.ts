import { describe, expect, inject, it } from 'vitest';
import { TableTokenBucket } from '../../functions/smartsheet/rate-limit.adapter.js';

/** The shared Smartsheet request budget, in Table Storage (Azurite): two instances share one bucket per token. */
describe('Smartsheet request budget', () => {
  it('two instances taking from one token’s bucket stay within its rate together', async () => {
    const token = `token-${Date.now()}`;
    const conn = inject('storageConnectionString');
    // 1200/min at a 0.9 share with a burst of 5: 17.9 requests a second after the burst.
    const a = new TableTokenBucket(conn, token, 1200);
    const b = new TableTokenBucket(conn, token, 1200);
    const started = Date.now();
    const times: number[] = [];
    await Promise.all(
      [a, b].map(async (bucket) => {
        for (let i = 0; i < 15; i++) {
          await bucket.take();
          times.push(Date.now() - started);
        }
      }),
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(((30 - 5) / 17.9) * 1000 * 0.9);
    times.sort((x, y) => x - y);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(5 + 18 + 1);

    // Another token has its own budget.
    const other = new TableTokenBucket(conn, `${token}-other`, 1200);
    const quick = Date.now();
    for (let i = 0; i < 5; i++) await other.take();
    expect(Date.now() - quick).toBeLessThan(1000);
  });
});
