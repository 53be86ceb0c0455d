import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Writes to one sheet must be serial (Smartsheet answers 4004 to concurrent
 * updates of a sheet). The lock spans instances in Azure (a blob lease); this
 * in-process version serves tests and single-instance runs. It is re-entrant:
 * a check-then-write holds it around both steps, and the writes inside take it again.
 */
export interface SheetWriteLock {
  withLock<T>(sheetId: number, work: () => Promise<T>): Promise<T>;
}

/** The sheets whose lock the current async flow holds. */
const held = new AsyncLocalStorage<ReadonlySet<number>>();

/**
 * Runs `work` holding sheet `sheetId`'s lock: taken through `acquire`, unless this flow holds it already.
 * (Work the holder starts and does not await would outlive the lock while seeming to hold it: holders await.)
 */
export function reentrant<T>(sheetId: number, work: () => Promise<T>, acquire: (work: () => Promise<T>) => Promise<T>): Promise<T> {
  const mine = held.getStore();
  if (mine?.has(sheetId)) return work();
  return acquire(() => held.run(new Set([...(mine ?? []), sheetId]), work));
}

export class InProcessWriteLock implements SheetWriteLock {
  readonly #tails = new Map<number, Promise<unknown>>();

  withLock<T>(sheetId: number, work: () => Promise<T>): Promise<T> {
    return reentrant(sheetId, work, (inside) => this.#acquire(sheetId, inside));
  }

  async #acquire<T>(sheetId: number, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(sheetId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    const tail = run.catch(() => undefined);
    this.#tails.set(sheetId, tail);
    try {
      return await run;
    } finally {
      if (this.#tails.get(sheetId) === tail) this.#tails.delete(sheetId);
    }
  }
}
