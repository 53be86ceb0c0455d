import { useQueryClient, type Query } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { SheetValue } from '../../../shared/sheet/values';
import type { ChangeSet } from '../api';
import { arrivingRows, type ArrivingRow } from './arriving-rows';

/**
 * What the change sets awaiting approval would do to the sheet, for the grid to show in place before anyone approves:
 * each cell's proposed value, the rows that would leave the sheet and those that would arrive, the columns renamed or
 * deleted. Only the change sets whose cards are on screen count — a proposal is approved from its card, and one out of
 * sight would only puzzle.
 */
export interface PendingPreview {
  /** Proposed values (`next`), and the value each was proposed over (`was`): row id → column id → both. */
  cells: ReadonlyMap<number, ReadonlyMap<number, ProposedCell>>;
  /** Rows that would leave this sheet, and how ("deleted", "moved to “Archive”"). */
  leaving: ReadonlyMap<number, string>;
  /** Rows that would be added, and where. */
  arriving: readonly ArrivingRow[];
  /** Columns that would be renamed or deleted, by id. */
  columns: ReadonlyMap<number, ColumnChange>;
  /** How many change sets are shown. */
  changeSets: number;
}

export interface ColumnChange {
  renamed?: string;
  deleted?: true;
}

export interface ProposedCell {
  next: SheetValue;
  was: SheetValue;
}

export const NO_PREVIEW: PendingPreview = { cells: new Map(), leaving: new Map(), arriving: [], columns: new Map(), changeSets: 0 };

/** The preview of these change sets on one sheet: the later a proposal, the more it has the last word on a cell. */
export function previewOf(changeSets: readonly ChangeSet[], sheetId: number): PendingPreview {
  const shown = changeSets.filter((cs) => cs.status === 'awaiting_approval' && cs.sheetId === sheetId);
  if (!shown.length) return NO_PREVIEW;
  const cells = new Map<number, Map<number, ProposedCell>>();
  const leaving = new Map<number, string>();
  const arriving: ArrivingRow[] = [];
  const columns = new Map<number, ColumnChange>();
  for (const cs of shown) {
    const op = cs.columnOp;
    if (op?.kind === 'delete') columns.set(op.columnId, { deleted: true });
    if (op?.kind === 'update' && op.title && op.title !== op.column) columns.set(op.columnId, { renamed: op.title });
    arriving.push(...arrivingRows(cs.addedRows));
    for (const cell of cs.cells) {
      const row = cells.get(cell.rowId) ?? new Map<number, ProposedCell>();
      cells.set(cell.rowId, row.set(cell.columnId, { next: cell.new as SheetValue, was: cell.old as SheetValue }));
    }
    for (const row of cs.deletedRows) if (row.rowId !== undefined) leaving.set(row.rowId, 'deleted');
    if (cs.transfer?.mode === 'move' && !cs.transfer.back) {
      for (const row of cs.transfer.rows) if (row.rowId !== undefined) leaving.set(row.rowId, `moved to “${cs.transfer.sheetName}”`);
    }
  }
  return { cells, leaving, arriving, columns, changeSets: shown.length };
}

const onScreen = (query: Query) => query.queryKey[0] === 'changeSet' && query.getObserversCount() > 0 && (query.state.data as ChangeSet | undefined)?.status === 'awaiting_approval';

/** The preview of the change sets awaiting approval whose cards are on screen, kept as they come and go. */
export function usePendingPreview(sheetId: number | undefined): PendingPreview {
  const cache = useQueryClient().getQueryCache();
  const [preview, setPreview] = useState<{ key: string; value: PendingPreview }>({ key: '', value: NO_PREVIEW });
  useEffect(() => {
    const update = () => {
      const pending = sheetId === undefined ? [] : cache.getAll().filter(onScreen).map((q) => q.state.data as ChangeSet);
      pending.sort((a, b) => (a.id < b.id ? -1 : 1));
      const key = pending.map((cs) => cs.id).join(',');
      setPreview((current) => (current.key === key ? current : { key, value: previewOf(pending, sheetId!) }));
    };
    update();
    return cache.subscribe(update);
  }, [cache, sheetId]);
  return preview.value;
}
