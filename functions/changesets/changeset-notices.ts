import type { SheetChanged } from '../events/sheet-events.port.js';
import { traceParentField } from '../platform/trace-ref.js';
import type { ChangeSet } from './changeset.model.js';
import type { ChangeSetsDeps } from './changesets.service.js';

/**
 * Every write publishes the same sheet-changed notice. The write has happened whatever
 * the channel says: a notice that cannot be sent is left to the reconciliation timer.
 */
export async function publishChange(deps: Pick<ChangeSetsDeps, 'publisher' | 'smartsheet'>, cs: ChangeSet, version: number, changedRowIds: number[], deletedRowIds: number[]): Promise<void> {
  const trace = { source: 'app' as const, ...(cs.correlationId ? { correlationId: cs.correlationId } : {}), ...traceParentField(cs.traceParent) };
  const comments = Boolean(cs.comments?.length);
  const notice: SheetChanged = { type: 'sheet.changed', sheetId: cs.sheetId, version, changedRowIds, deletedRowIds, columnsChanged: Boolean(cs.columnOp), structural: Boolean(cs.columnOp || cs.sort || cs.reorder || cs.moves?.length || cs.transfer || cs.addedRows.length || cs.deletedRows.length || deletedRowIds.length), ...(comments ? { comments } : {}), ...trace };
  await deps.publisher.publishSheetChanged(notice).catch(() => undefined);
  // The other sheet changed too (rows arrived, or left it): sessions on it move to its new version.
  const other = cs.transfer?.sheetId;
  if (other === undefined) return;
  const otherVersion = await deps.smartsheet.getVersion(other).catch(() => undefined);
  if (otherVersion === undefined) return;
  await deps.publisher.publishSheetChanged({ type: 'sheet.changed', sheetId: other, version: otherVersion, changedRowIds: [], deletedRowIds: [], columnsChanged: Boolean(cs.transfer?.addsColumns?.length), structural: true, ...trace }).catch(() => undefined);
}
