import type { Sheet } from '../../shared/sheet/model.js';
import type { SmartsheetPort } from './smartsheet.port.js';

/**
 * The sheet as Smartsheet has it now, when only cells changed since `base`: `base` with the rows modified since it
 * read alone (one request, not the whole sheet). Undefined when nothing changed, or when rows came or went or the
 * columns changed (the whole sheet must be read then).
 */
export async function withRowsChangedSince(smartsheet: SmartsheetPort, base: Sheet): Promise<Sheet | undefined> {
  const delta = await smartsheet.getRowsModifiedSince(base.id, base.modifiedAt);
  if (delta.version <= base.version) return undefined;
  const known = new Map(base.rows.map((r, i) => [r.id, i]));
  if (delta.totalRowCount !== base.rows.length || delta.rows.some((r) => !known.has(r.id)) || JSON.stringify(delta.columns) !== JSON.stringify(base.columns)) return undefined;
  const rows = [...base.rows];
  for (const row of delta.rows) rows[known.get(row.id)!] = row;
  return { ...base, name: delta.name, version: delta.version, modifiedAt: delta.modifiedAt, rows };
}
