import { ConflictError, NotFoundError } from '../platform/errors.js';
import type { Stored } from './stores.port.js';

/**
 * Read-modify-write with the ETag: applies `change` to the current record and
 * retries when another writer got there first. Returning the record unchanged
 * writes nothing.
 */
export async function updateWithRetry<T>(
  store: { get(id: string): Promise<Stored<T> | undefined>; update(value: T, etag: string): Promise<Stored<T>> },
  id: string,
  change: (value: T) => T,
  what: string,
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const stored = await store.get(id);
    if (!stored) throw new NotFoundError(`No such ${what}.`);
    const next = change(stored.value);
    if (next === stored.value) return next;
    try {
      return (await store.update(next, stored.etag)).value;
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
    }
  }
}
