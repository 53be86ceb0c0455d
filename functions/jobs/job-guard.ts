import { columnByTitle, type Sheet } from '../../shared/sheet/model.js';
import { displayValue, type SheetValue } from '../../shared/sheet/values.js';
import { basisColumnIds, sameValue, setComputedReads } from '../changesets/write-targets.js';
import { rowWrites, type JobWriteDeps } from './job-writes.js';
import { writeMode, type Job, type JobRow } from './job.model.js';

/** Row ids per check request: ~200 ids keep the URL near 3.5 KB. */
const IDS_PER_CHECK = 200;
/** The check looks back this far before the snapshot's time: clocks and second-rounded times never hide an edit. */
const LOOK_BACK_MS = 60_000;

/**
 * A job writes from its snapshot; someone may have changed a row since. Before a chunk's write:
 * one version read tells whether anyone else has written since the job's own last write (then every
 * later chunk checks too); if so, the rows about to be written are read back — only those modified
 * since the snapshot, only the columns the job writes or its plan read (a delete: all) — and each row
 * whose cell differs from the snapshot, and from what the job would write, is left alone as a conflict.
 * What is left: an edit landing in the milliseconds between this check and the write (Smartsheet
 * has no conditional write), as with a change set.
 */
export async function findConflicts(
  deps: JobWriteDeps,
  job: Job,
  sheet: Sheet,
  intents: JobRow[],
  counters: { requests: number; sheetMoved?: boolean },
): Promise<JobRow[]> {
  const mode = writeMode(job.spec);
  if (mode === 'add' || intents.length === 0) return [];
  if (!job.sheetMoved && !counters.sheetMoved) {
    await deps.budget.take(1);
    counters.requests++;
    const version = await deps.smartsheet.getVersion(job.sheetId);
    if (version === (job.ownVersion ?? job.baseVersion)) return [];
    counters.sheetMoved = true;
  }
  const taken = Date.parse(sheet.modifiedAt);
  const since = new Date(Number.isNaN(taken) ? 0 : taken - LOOK_BACK_MS).toISOString();
  const deleting = mode === 'delete';
  const conflicts: JobRow[] = [];
  const read = readColumnIds(job, sheet);
  for (let i = 0; i < intents.length; i += IDS_PER_CHECK) {
    const batch = intents.slice(i, i + IDS_PER_CHECK);
    const writes = new Map(batch.map((r) => [r.rowId, rowWrites(job, r)]));
    const columnIds = deleting ? undefined : [...new Set([...[...writes.values()].flatMap((cells) => cells.map((c) => c.columnId)), ...read])];
    await deps.budget.take(1);
    counters.requests++;
    const now = await deps.smartsheet.getRowsModifiedSince(job.sheetId, since, { rowIds: batch.map((r) => r.rowId), ...(columnIds ? { columnIds } : {}) });
    const changed = new Map(now.rows.map((row) => [row.id, row]));
    for (const intent of batch) {
      const current = changed.get(intent.rowId);
      if (!current) continue;
      const before = sheet.rows.find((r) => r.id === intent.rowId);
      const edits = now.columns.flatMap((col, at) => {
        const was = (before && sheet.columns.find((c) => c.id === col.id) ? before.values[sheet.columns.findIndex((c) => c.id === col.id)] : null) ?? null;
        const is = current.values[at] ?? null;
        if (sameValue(was, is)) return [];
        const planned = writes.get(intent.rowId)!.find((c) => c.columnId === col.id);
        if (planned && sameValue(is, planned.value as SheetValue)) return [];
        return [`${col.title}: “${displayValue(was) || '(empty)'}” → “${displayValue(is) || '(empty)'}”`];
      });
      if (edits.length) {
        const { value: _v, ...row } = intent;
        conflicts.push({ ...row, state: 'conflict', reason: `Changed in the sheet after the job was planned (${edits.join('; ')}); ${deleting ? 'not deleted' : 'not overwritten'}.` });
      }
    }
  }
  return conflicts;
}

/**
 * The columns a job's plan read besides those it writes — its filter's, a fill's sources, the columns an update's
 * worked-out values read: after a change to one, the row may no longer match, or its computed value is stale; either
 * way it is not written unseen.
 */
function readColumnIds(job: Job, sheet: Sheet): number[] {
  const spec = job.spec;
  if (spec.kind !== 'fill' && spec.kind !== 'update') return [];
  const sources = spec.kind === 'fill' ? spec.sourceColumns.flatMap((title) => columnByTitle(sheet, title)?.id ?? []) : setComputedReads(sheet, spec.setComputed ?? {}, spec.computed);
  return [...basisColumnIds(sheet, spec.filter, new Set(), spec.computed), ...sources];
}
