import { createHash } from 'node:crypto';
import type { Row, Sheet } from '../../shared/sheet/model.js';
import type { SnapshotStore, StoredMessage } from '../storage/stores.port.js';

/** A short digest of a row's values: equal while the row holds the same values. */
export function rowStamp(row: Row): string {
  return createHash('sha1').update(JSON.stringify(row.values)).digest('base64url').slice(0, 12);
}

/** The stamps of the cited rows of a snapshot, to store with an answer. */
export function citedStamps(sheet: Sheet, rowIds: number[]): Record<string, string> {
  const wanted = new Set(rowIds);
  return Object.fromEntries(sheet.rows.filter((r) => wanted.has(r.id)).map((r) => [String(r.id), rowStamp(r)]));
}

/** A message as clients see it (the stamps are the server's own bookkeeping). */
export function withoutStamps<T extends StoredMessage>(message: T): Omit<T, 'citedRowStamps'> {
  const { citedRowStamps: _stamps, ...rest } = message;
  return rest;
}

/**
 * An answer is stale when a row it cites was deleted or changed after it was given. Derived on read, so it needs
 * no write and cannot drift: an answer carries a stamp of each cited row, compared with the session's current
 * version (no old snapshot is loaded: on a busy 20,000-row sheet a page of answers spans many versions). Answers
 * stored before stamps existed compare the rows of the version they read, or, when that snapshot is gone (cleaned
 * up), count a row modified after the answer's second.
 */
export async function markStale(messages: StoredMessage[], current: Sheet, snapshots: Pick<SnapshotStore, 'get'>): Promise<(Omit<StoredMessage, 'citedRowStamps'> & { stale?: true })[]> {
  const rows = new Map(current.rows.map((r) => [r.id, r]));
  const versions = new Map<number, Map<number, Row> | undefined>();
  const rowsAt = async (version: number) => {
    if (!versions.has(version)) {
      const sheet = await snapshots.get(current.id, version);
      versions.set(version, sheet && new Map(sheet.rows.map((r) => [r.id, r])));
    }
    return versions.get(version);
  };
  const out: (Omit<StoredMessage, 'citedRowStamps'> & { stale?: true })[] = [];
  for (const full of messages) {
    const message = withoutStamps(full);
    const version = message.sheetVersion;
    if (message.role !== 'assistant' || !message.citedRowIds?.length || version === undefined || version >= current.version) {
      out.push(message);
      continue;
    }
    if (full.citedRowStamps) {
      const stamps = full.citedRowStamps;
      const changed = message.citedRowIds.some((id) => {
        const now = rows.get(id);
        return !now || rowStamp(now) !== stamps[String(id)];
      });
      out.push(changed ? { ...message, stale: true } : message);
      continue;
    }
    const before = await rowsAt(version);
    const givenSecond = Math.floor(Date.parse(message.createdAt) / 1000) * 1000;
    const stale = message.citedRowIds.some((id) => {
      const now = rows.get(id);
      if (!now) return true;
      const then = before?.get(id);
      if (before) return !then || then.modifiedAt !== now.modifiedAt || JSON.stringify(then.values) !== JSON.stringify(now.values);
      return Date.parse(now.modifiedAt) >= givenSecond;
    });
    out.push(stale ? { ...message, stale: true } : message);
  }
  return out;
}
