/** Caps concurrent work (host.json maxConcurrentActivityFunctions). */
export class Semaphore {
  #available: number;
  readonly #waiting: (() => void)[] = [];

  constructor(capacity: number) {
    this.#available = Math.max(1, capacity);
  }

  acquire(): Promise<void> {
    if (this.#available > 0) {
      this.#available--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#available++;
  }
}
