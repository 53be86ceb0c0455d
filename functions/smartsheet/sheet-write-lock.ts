/**
 * Writes to one sheet must be serial (Smartsheet answers 4004 to concurrent
 * updates of a sheet). The lock spans instances in Azure (a blob lease); this
 * in-process version serves tests and single-instance runs.
 */
export interface SheetWriteLock {
  withLock<T>(sheetId: number, work: () => Promise<T>): Promise<T>;
}

export class InProcessWriteLock implements SheetWriteLock {
  readonly #tails = new Map<number, Promise<unknown>>();

  async withLock<T>(sheetId: number, work: () => Promise<T>): Promise<T> {
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
