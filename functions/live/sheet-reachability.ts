import { ConflictError } from '../platform/errors.js';
import { SmartsheetError, type SmartsheetPort } from '../smartsheet/smartsheet.port.js';
import { updateWithRetry } from '../storage/optimistic.js';
import type { SheetState, SheetStateStore } from '../storage/stores.port.js';

/** Smartsheet working as designed, not down: a rate limit, or another writer on the same sheet. */
const BUSY_CODES = new Set([4003, 4004]);

/**
 * Smartsheet not answering for a sheet: the connection, a 5xx, maintenance, a timeout or our open circuit.
 * A refusal (4xx), a missing sheet or a rate limit is an answer, so it is not "unreachable".
 */
export function isUnreachable(error: unknown): boolean {
  return error instanceof SmartsheetError && error.retryable && error.status >= 500 && !BUSY_CODES.has(error.smartsheetCode ?? 0);
}

export interface Unreachable {
  since: string;
  reason: string;
}

/**
 * Creates the sheet's state record or changes the stored one, reading it once (optimistic; retried on a concurrent
 * change). A change that returns the state it was given writes nothing — not even a new record.
 */
export async function changeSheetState(store: SheetStateStore, sheetId: number, change: (state: SheetState) => SheetState, now: Date): Promise<void> {
  const id = String(sheetId);
  const stored = await store.get(id);
  try {
    if (!stored) {
      const fresh: SheetState = { id, sheetId, updatedAt: now.toISOString() };
      const created = change(fresh);
      if (created !== fresh) await store.create(created);
      return;
    }
    const next = change(stored.value);
    if (next !== stored.value) await store.update(next, stored.etag);
    return;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  await updateWithRetry(store, id, change, 'sheet state');
}

/**
 * Whether Smartsheet answers for a sheet, as the app last found it: a failed call that means "unreachable" labels
 * the sheet (kept with the time it started), the next call that gets an answer — reconciliation every two minutes,
 * or any change pushed — removes the label. Sessions on the sheet show it: answers come from the last snapshot,
 * and writes wait until Smartsheet is back.
 */
export class SheetReachability {
  /** Sheets this instance saw labelled: only their successful calls look the label up to remove it. */
  readonly #seenLabelled = new Set<number>();

  constructor(private readonly deps: { sheetStates: SheetStateStore; now?: () => Date }) {}

  #now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** After a failed call for the sheet. Never throws: the caller's own error is what matters. */
  async failed(sheetId: number, error: unknown): Promise<void> {
    if (!isUnreachable(error)) return;
    const now = this.#now();
    const reason = (error as Error).message;
    this.#seenLabelled.add(sheetId);
    await changeSheetState(this.deps.sheetStates, sheetId, (s) => (s.unreachable ? s : { ...s, unreachable: { since: now.toISOString(), reason }, updatedAt: now.toISOString() }), now).catch(() => undefined);
  }

  /** After any call for the sheet got an answer: removes a label this instance knows of (cheap otherwise). */
  async succeeded(sheetId: number): Promise<void> {
    if (this.#seenLabelled.has(sheetId)) await this.answered(sheetId).catch(() => undefined);
  }

  /** After Smartsheet answered for the sheet. */
  async answered(sheetId: number): Promise<void> {
    this.#seenLabelled.delete(sheetId);
    const now = this.#now();
    await changeSheetState(this.deps.sheetStates, sheetId, withoutLabel(now), now);
  }

  async status(sheetId: number): Promise<Unreachable | undefined> {
    const label = (await this.deps.sheetStates.get(String(sheetId)))?.value.unreachable;
    if (label) this.#seenLabelled.add(sheetId);
    return label;
  }
}

/** The state without the unreachable label (the same object when it has none). */
export function withoutLabel(now: Date): (state: SheetState) => SheetState {
  return (state) => {
    if (!state.unreachable) return state;
    const { unreachable: _gone, ...rest } = state;
    return { ...rest, updatedAt: now.toISOString() };
  };
}

/**
 * The Smartsheet port, labelling a sheet unreachable whenever a call for it fails that way — whoever made the call
 * (a load, a cell edit, an approved change set, a job, the processor) — and removing the label when a call for it
 * succeeds. Calls not about one sheet pass through.
 */
export function labellingUnreachable(port: SmartsheetPort, reachability: SheetReachability): SmartsheetPort {
  const forSheet =
    <A extends unknown[], R>(call: (sheetId: number, ...rest: A) => Promise<R>) =>
    async (sheetId: number, ...rest: A): Promise<R> => {
      let result: R;
      try {
        result = await call.call(port, sheetId, ...rest);
      } catch (error) {
        await reachability.failed(sheetId, error);
        throw error;
      }
      await reachability.succeeded(sheetId);
      return result;
    };
  return {
    listSheets: () => port.listSheets(),
    getSheet: forSheet(port.getSheet),
    getVersion: forSheet(port.getVersion),
    getRowsModifiedSince: forSheet(port.getRowsModifiedSince),
    getSheetIfChanged: forSheet(port.getSheetIfChanged),
    addColumns: forSheet(port.addColumns),
    updateColumn: forSheet(port.updateColumn),
    deleteColumn: forSheet(port.deleteColumn),
    sortSheet: forSheet(port.sortSheet),
    addRows: forSheet(port.addRows),
    updateRows: forSheet(port.updateRows),
    moveRows: forSheet(port.moveRows),
    deleteRows: forSheet(port.deleteRows),
    transferRows: forSheet(port.transferRows),
    getDiscussions: forSheet(port.getDiscussions),
    getCellHistory: forSheet(port.getCellHistory),
    getCommentCounts: forSheet(port.getCommentCounts),
    addComment: forSheet(port.addComment),
    deleteComment: forSheet(port.deleteComment),
    editComment: forSheet(port.editComment),
    exclusive: (sheetId, work) => port.exclusive(sheetId, (holder) => work(labellingUnreachable(holder, reachability))),
    createWebhook: (input) => port.createWebhook(input),
    enableWebhook: (webhookId, callbackUrl) => port.enableWebhook(webhookId, callbackUrl),
    listWebhooks: () => port.listWebhooks(),
    deleteWebhook: (webhookId) => port.deleteWebhook(webhookId),
  };
}
