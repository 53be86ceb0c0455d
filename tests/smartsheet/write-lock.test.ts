import { describe, expect, inject, it } from 'vitest';
import { InProcessWriteLock, type SheetWriteLock } from '../../functions/smartsheet/sheet-write-lock.js';
import { BlobLeaseWriteLock } from '../../functions/storage/blob-lease-lock.adapter.js';

const locks: [string, () => SheetWriteLock][] = [
  ['in process', () => new InProcessWriteLock()],
  ['blob lease (Azurite)', () => new BlobLeaseWriteLock(inject('storageConnectionString'), 5_000)],
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let nextSheet = Date.now();

describe.each(locks)('sheet write lock: %s', (_name, make) => {
  it('is re-entrant within one flow: a check-then-write holds it, and the writes inside take it again', async () => {
    const lock = make();
    const sheet = ++nextSheet;
    const result = await lock.withLock(sheet, async () => {
      await sleep(5);
      return lock.withLock(sheet, async () => lock.withLock(sheet, async () => 'inner'));
    });
    expect(result).toBe('inner');
  });

  it('keeps another flow out for the whole outer hold, including after its inner writes end', async () => {
    const lock = make();
    const sheet = ++nextSheet;
    const events: string[] = [];
    const first = lock.withLock(sheet, async () => {
      events.push('first check');
      await lock.withLock(sheet, async () => {
        await sleep(20);
        events.push('first write');
      });
      await sleep(50); // still held: the outer work has not ended
      events.push('first done');
    });
    await sleep(5);
    const second = lock.withLock(sheet, async () => {
      events.push('second');
    });
    await Promise.all([first, second]);
    expect(events).toEqual(['first check', 'first write', 'first done', 'second']);
  });

  it('holding one sheet does not hold another', async () => {
    const lock = make();
    const [a, b] = [++nextSheet, ++nextSheet];
    const events: string[] = [];
    await lock.withLock(a, async () => {
      await Promise.all([
        lock.withLock(b, async () => {
          await sleep(30);
          events.push('b outer');
        }),
        (async () => {
          await sleep(5);
          // Another flow (not inside b's hold) waits for b.
          await lock.withLock(b, async () => events.push('b other'));
        })(),
      ]);
    });
    expect(events).toEqual(['b outer', 'b other']);
  });
});
