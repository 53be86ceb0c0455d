import type { Sheet } from '../../shared/sheet/model.js';
import type { SnapshotInfo, SnapshotStore } from './stores.port.js';

/**
 * Snapshots never change once stored, so a process can keep the ones it reads
 * (most recently used first, bounded by rows) and skip the blob download and
 * parse on every turn. The column views the query engine builds live as long
 * as the cached sheet does.
 */
export class CachedSnapshotStore implements SnapshotStore {
  readonly #cache = new Map<string, Sheet>();
  #rows = 0;

  constructor(
    private readonly inner: SnapshotStore,
    private readonly maxRows = 200_000,
  ) {}

  #remember(sheet: Sheet): void {
    const key = `${sheet.id}:${sheet.version}`;
    if (this.#cache.has(key)) return;
    this.#cache.set(key, sheet);
    this.#rows += sheet.rows.length;
    for (const [oldest, old] of this.#cache) {
      if (this.#rows <= this.maxRows || this.#cache.size === 1) break;
      this.#cache.delete(oldest);
      this.#rows -= old.rows.length;
    }
  }

  async put(sheet: Sheet): Promise<SnapshotInfo> {
    const info = await this.inner.put(sheet);
    this.#remember(sheet);
    return info;
  }

  async get(sheetId: number, version: number): Promise<Sheet | undefined> {
    const key = `${sheetId}:${version}`;
    const hit = this.#cache.get(key);
    if (hit) {
      this.#cache.delete(key);
      this.#cache.set(key, hit);
      return hit;
    }
    const sheet = await this.inner.get(sheetId, version);
    if (sheet) this.#remember(sheet);
    return sheet;
  }

  latest(sheetId: number) {
    return this.inner.latest(sheetId);
  }

  list(sheetId: number) {
    return this.inner.list(sheetId);
  }

  async delete(sheetId: number, version: number): Promise<void> {
    const key = `${sheetId}:${version}`;
    const hit = this.#cache.get(key);
    if (hit) {
      this.#cache.delete(key);
      this.#rows -= hit.rows.length;
    }
    await this.inner.delete(sheetId, version);
  }
}
