import type { Sheet } from '../sheet/model.js';
import { applySheetChanged, planSheetUpdate, type SheetChangedEvent } from './events.js';

/**
 * A client's copy of a sheet kept current from `sheet.changed` pushes: events that
 * follow on are applied, seen ones ignored, and a gap (a missed event, rows
 * omitted, or a reconnect) refetches. `fetchSheet(knownVersion)` resolves
 * undefined when the server has nothing newer. Work is serialised, so events
 * and refetches never interleave.
 */
export type FetchSheet = (knownVersion: number | undefined) => Promise<Sheet | undefined>;

export class SheetMirror {
  #sheet: Sheet | undefined;
  #work: Promise<void> = Promise.resolve();

  constructor(
    private readonly fetchSheet: FetchSheet,
    private readonly onChange: (sheet: Sheet, event?: SheetChangedEvent) => void = () => undefined,
  ) {}

  get sheet(): Sheet | undefined {
    return this.#sheet;
  }

  get version(): number | undefined {
    return this.#sheet?.version;
  }

  /** Fetches when the server has a newer version (on start and after every reconnect). */
  refresh(): Promise<void> {
    return this.#enqueue(() => this.#refetch());
  }

  receive(event: SheetChangedEvent): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#sheet && event.sheetId !== this.#sheet.id) return;
      const plan = planSheetUpdate(this.#sheet?.version, event);
      if (plan === 'ignore') return;
      if (plan === 'refetch') return this.#refetch();
      this.#sheet = applySheetChanged(this.#sheet!, event);
      this.onChange(this.#sheet, event);
    });
  }

  async #refetch(): Promise<void> {
    const fresh = await this.fetchSheet(this.#sheet?.version);
    if (!fresh || (this.#sheet && fresh.version <= this.#sheet.version)) return;
    this.#sheet = fresh;
    this.onChange(fresh);
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.#work.then(step);
    this.#work = next.catch(() => undefined);
    return next;
  }
}
