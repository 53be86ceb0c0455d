import type { Row, Sheet } from '../../shared/sheet/model.js';
import type { SnapshotStore, StoredMessage } from '../storage/stores.port.js';

/**
 * An answer is stale when a row it cites was deleted or changed after it was given:
 * the cited rows of the version it read are compared with the session's current
 * version. Derived on read, so it needs no write and cannot drift. When the old
 * snapshot is gone (cleaned up), a row modified after the answer's second counts.
 */
export async function markStale(messages: StoredMessage[], current: Sheet, snapshots: Pick<SnapshotStore, 'get'>): Promise<(StoredMessage & { stale?: true })[]> {
  const rows = new Map(current.rows.map((r) => [r.id, r]));
  const versions = new Map<number, Map<number, Row> | undefined>();
  const rowsAt = async (version: number) => {
    if (!versions.has(version)) {
      const sheet = await snapshots.get(current.id, version);
      versions.set(version, sheet && new Map(sheet.rows.map((r) => [r.id, r])));
    }
    return versions.get(version);
  };
  const out: (StoredMessage & { stale?: true })[] = [];
  for (const message of messages) {
    const version = message.sheetVersion;
    if (message.role !== 'assistant' || !message.citedRowIds?.length || version === undefined || version >= current.version) {
      out.push(message);
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
