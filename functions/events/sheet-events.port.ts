/**
 * The one event type for sheet changes, whatever made them (webhooks, change sets,
 * jobs, inline edits). Every write path publishes it through one publisher.
 */
export interface SheetChanged {
  type: 'sheet.changed';
  sheetId: number;
  version: number;
  changedRowIds: number[];
  deletedRowIds: number[];
  columnsChanged: boolean;
  /** Who made it: our own writes say 'app'. */
  source: 'app' | 'webhook' | 'reconciliation';
  correlationId?: string;
}

export interface SheetEventsPublisher {
  publishSheetChanged(event: SheetChanged): Promise<void>;
}
