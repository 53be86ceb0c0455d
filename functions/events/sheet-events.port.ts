import { randomUUID } from 'node:crypto';

/**
 * The one message type on the event channel for sheet changes, whatever made
 * them (webhooks, change sets, jobs, inline edits, reconciliation). Every write
 * path publishes it through one publisher; the processor turns it into the
 * `sheet.changed` push. A webhook notice has no version (callbacks carry none):
 * the processor asks Smartsheet.
 */
export interface SheetChanged {
  type: 'sheet.changed';
  sheetId: number;
  version?: number;
  changedRowIds: number[];
  deletedRowIds: number[];
  columnsChanged: boolean;
  /** Who saw it: our own writes say 'app'. */
  source: 'app' | 'webhook' | 'reconciliation';
  /** Every event of a webhook callback carried our change agent (our own write, seen again). */
  ours?: boolean;
  /** Rows were added, deleted or moved, or columns changed: only a full read shows the sheet. */
  structural?: boolean;
  /** Comments were added or deleted (they are not part of the sheet's version): clients read the counts again. */
  comments?: boolean;
  correlationId?: string;
  /** The span that made the change, for the processor's span. */
  traceParent?: string;
}

export interface SheetEventsPublisher {
  /**
   * Enqueues on the channel, ordered per sheet. `messageId` is the duplicate-detection
   * key; by default `<source>:<sheetId>:<version>` (and a unique part for comments).
   */
  publishSheetChanged(event: SheetChanged, messageId?: string): Promise<void>;
}

/**
 * A notice of comments has a key of its own: a comment leaves the version as it was, so the version would make a
 * second comment (or its undo) look like the first one sent again.
 */
export function defaultMessageId(event: SheetChanged): string {
  return `${event.source}:${event.sheetId}:${event.version ?? 'unknown'}${event.comments ? `:comments:${randomUUID()}` : ''}`;
}
