import type { BulkResponse } from './smartsheet-client.adapter.js';
import type { RowLocation, RowOutcome } from './smartsheet.port.js';

/** Rows written in chunks: the chunks, where each goes, and what became of each row. */

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Each row of a chunk written from `offset` on: ok with its id (the id Smartsheet gave a row added, in order), or
 * failed with Smartsheet's reason — as Smartsheet answers a partial success.
 */
export function chunkOutcomes<T>(chunk: readonly T[], offset: number, response: BulkResponse, idOf: (row: T) => number | undefined): RowOutcome[] {
  const failed = new Map((response.failedItems ?? []).map((f) => [f.index, f]));
  const succeeded = Array.isArray(response.result) ? [...response.result] : [response.result];
  return chunk.map((row, i): RowOutcome => {
    const failure = failed.get(i);
    if (failure) return { index: offset + i, ok: false, rowId: failure.rowId ?? idOf(row), error: { code: failure.error.errorCode, message: failure.error.message } };
    return { index: offset + i, ok: true, rowId: succeeded.shift()?.id ?? idOf(row)! };
  });
}

/**
 * Where one chunk of an insertion goes: the first where asked; a later one just below the last row the chunks before
 * it added — at the top, first under a parent or next to a sibling, the same place again would put it before them.
 */
export function chunkLocation(location: RowLocation, done: readonly RowOutcome[]): RowLocation {
  if ('toBottom' in location && location.toBottom) return location;
  const last = done.findLast((o) => o.ok);
  return last ? { siblingId: last.rowId! } : location;
}
