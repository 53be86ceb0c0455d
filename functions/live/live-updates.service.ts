import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { diffSheets, MAX_PUSHED_COUNTS, MAX_PUSHED_ROWS, sheetGroup, type CommentsChangedEvent, type SheetChangedEvent } from '../../shared/realtime/events.js';
import { countComments } from '../sheets/sheet-comments.service.js';
import type { Row, Sheet } from '../../shared/sheet/model.js';
import type { SheetChanged, SheetEventsPublisher } from '../events/sheet-events.port.js';
import { UnauthorizedError, ValidationError } from '../platform/errors.js';
import type { RealtimePort } from '../realtime/realtime.port.js';
import { effectiveState, type Session } from '../sessions/session.model.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import type { SmartsheetPort } from '../smartsheet/smartsheet.port.js';
import { withRowsChangedSince } from '../smartsheet/rows-changed-since.js';
import { updateWithRetry } from '../storage/optimistic.js';
import { changeSheetState, withoutLabel } from './sheet-reachability.js';
import { traceFields, type TraceRef } from '../platform/trace-ref.js';
import { webhookSecretName, type SecretStore } from '../secrets/secret-store.port.js';
import { conversationTail } from '../chat/conversation-tail.js';
import { answerStale } from '../chat/staleness.js';
import type { MessageStore, SessionStore, SheetState, SheetStateStore, SnapshotStore, StoredMessage, WebhookStore } from '../storage/stores.port.js';

/**
 * Live updates, end to end on the server: Smartsheet webhook callbacks become
 * notices on the event channel; the processor turns each notice into at most one
 * `sheet.changed` push per version (whoever made the change, however often it is
 * seen). Keeping webhooks in place is WebhookUpkeepService's job.
 */
export interface LiveUpdatesDeps {
  smartsheet: SmartsheetPort;
  snapshots: SnapshotStore;
  sessionStore: SessionStore;
  sessions: SessionsService;
  messages: MessageStore;
  sheetStates: SheetStateStore;
  webhooks: WebhookStore;
  /** Webhook shared secrets (Key Vault). */
  secrets: SecretStore;
  realtime: RealtimePort;
  publisher: SheetEventsPublisher;
  changeAgent: string;
  idleMinutes: number;
  now?: () => Date;
}

const callbackSchema = z.object({
  challenge: z.string().optional(),
  nonce: z.string().optional(),
  timestamp: z.string().optional(),
  webhookId: z.number().int(),
  scope: z.string().optional(),
  scopeObjectId: z.number().int().optional(),
  newWebhookStatus: z.string().optional(),
  events: z
    .array(
      z.looseObject({
        objectType: z.string(),
        eventType: z.string(),
        id: z.number().optional(),
        rowId: z.number().optional(),
        columnId: z.number().optional(),
        changeAgent: z.string().optional(),
      }),
    )
    .optional(),
});

export type CallbackOutcome =
  | { kind: 'challenge'; challenge: string }
  | { kind: 'status'; webhookId: number; status: string }
  | { kind: 'enqueued'; messageId: string; notice: SheetChanged };

export interface ProcessOutcome {
  pushed: boolean;
  version?: number;
  reason?: 'seen' | 'unchanged' | 'ours' | 'comments';
  /** A `comments.changed` went to the sheet's group. */
  commentsPushed?: boolean;
  staleMessages?: number;
}

/** A notice of comments and nothing else: no row, column or version to look at. */
const onlyComments = (notice: SheetChanged) => notice.version === undefined && !notice.changedRowIds.length && !notice.deletedRowIds.length && !notice.columnsChanged && !notice.structural;

export class LiveUpdatesService {
  readonly #secrets = new Map<number, string>();

  constructor(private readonly deps: LiveUpdatesDeps) {}

  #now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  // ---- webhook callbacks -------------------------------------------------

  /**
   * One callback from Smartsheet: a verification challenge is echoed for webhooks we
   * made; everything else must carry a valid `Smartsheet-Hmac-SHA256` of the raw body.
   */
  async receiveCallback(rawBody: string, signature: string | undefined, challengeHeader: string | undefined, trace?: TraceRef): Promise<CallbackOutcome> {
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      throw new ValidationError('The callback body is not JSON.');
    }
    const parsed = callbackSchema.safeParse(json);
    if (!parsed.success) throw new ValidationError('The callback is not a Smartsheet webhook callback.', parsed.error.issues);
    const callback = parsed.data;
    const challenge = challengeHeader ?? callback.challenge;
    if (challenge) {
      if (!(await this.deps.webhooks.get(String(callback.webhookId)))) throw new UnauthorizedError(`Webhook ${callback.webhookId} is not one of ours.`);
      return { kind: 'challenge', challenge };
    }
    await this.#verifySignature(callback.webhookId, rawBody, signature);
    if (callback.newWebhookStatus) {
      await this.#setStatus(callback.webhookId, callback.newWebhookStatus);
      return { kind: 'status', webhookId: callback.webhookId, status: callback.newWebhookStatus };
    }
    const events = callback.events ?? [];
    const changed = new Set<number>();
    const deleted = new Set<number>();
    let columnsChanged = false;
    for (const event of events) {
      if (event.objectType === 'column') columnsChanged = true;
      if (event.objectType === 'row' && event.eventType === 'deleted' && event.id) deleted.add(event.id);
      else if (event.objectType === 'row' && event.id) changed.add(event.id);
      else if (event.objectType === 'cell' && event.rowId) changed.add(event.rowId);
    }
    for (const id of deleted) changed.delete(id);
    const comments = events.some((e) => e.objectType === 'comment' || e.objectType === 'discussion');
    const structural = columnsChanged || deleted.size > 0 || events.some((e) => e.objectType === 'row' && e.eventType !== 'updated') || events.some((e) => e.objectType === 'sheet' && e.eventType !== 'updated');
    const agent = this.deps.changeAgent;
    const ours = events.length > 0 && events.every((e) => (e.changeAgent ?? '').split(',').map((a) => a.trim()).includes(agent));
    const sheetId = callback.scopeObjectId ?? (await this.deps.webhooks.get(String(callback.webhookId)))?.value.sheetId;
    if (!sheetId) throw new ValidationError(`The callback names no sheet and webhook ${callback.webhookId} is not known.`);
    const notice: SheetChanged = { type: 'sheet.changed', sheetId, changedRowIds: [...changed], deletedRowIds: [...deleted], columnsChanged, structural, ...(comments ? { comments } : {}), source: 'webhook', ours, ...traceFields(trace) };
    const messageId = `webhook:${callback.webhookId}:${callback.nonce ?? createHmac('sha256', 'id').update(rawBody).digest('hex')}`;
    await this.deps.publisher.publishSheetChanged(notice, messageId);
    return { kind: 'enqueued', messageId, notice };
  }

  async #verifySignature(webhookId: number, rawBody: string, signature: string | undefined): Promise<void> {
    if (!signature) throw new UnauthorizedError('The callback has no Smartsheet-Hmac-SHA256 signature.');
    const matches = (secret: string) => {
      const expected = createHmac('sha256', secret).update(rawBody).digest();
      const given = Buffer.from(signature.trim(), 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    };
    const cached = this.#secrets.get(webhookId);
    if (cached && matches(cached)) return;
    if (!(await this.deps.webhooks.get(String(webhookId)))) throw new UnauthorizedError(`Webhook ${webhookId} is not one of ours.`);
    const secret = await this.deps.secrets.get(webhookSecretName(webhookId));
    if (!secret) throw new UnauthorizedError(`Webhook ${webhookId} has no shared secret on record.`);
    this.#secrets.set(webhookId, secret);
    if (!matches(secret)) throw new UnauthorizedError('The callback signature does not match.');
  }

  async #setStatus(webhookId: number, status: string): Promise<void> {
    await updateWithRetry(this.deps.webhooks, String(webhookId), (w) => ({ ...w, status, updatedAt: this.#now().toISOString() }), 'webhook').catch((error: unknown) => {
      if (!(error instanceof Error && /No such webhook/.test(error.message))) throw error;
    });
  }

  // ---- the processor -------------------------------------------------------

  /**
   * Turns one notice into the push for the sheet's newest version, once per version:
   * the diff is taken from the last version pushed, so a redelivery after a failed
   * push sends the same change again and a duplicate or late notice sends nothing.
   */
  async process(notice: SheetChanged): Promise<ProcessOutcome> {
    const { snapshots, smartsheet } = this.deps;
    const sheetId = notice.sheetId;
    const commentsPushed = notice.comments === true && !(notice.source === 'webhook' && notice.ours);
    if (commentsPushed) await this.#pushComments(sheetId);
    // Comments alone leave the sheet as it was: nothing more to read or push.
    if (commentsPushed && onlyComments(notice)) return { pushed: false, reason: 'comments', commentsPushed };
    // Our own writes publish their own notice; their webhook echo adds nothing (a missed
    // notice is caught by reconciliation), and skipping it spares a read of the whole sheet.
    if (notice.source === 'webhook' && notice.ours) return { pushed: false, reason: 'ours' };
    const pushed = (await this.deps.sheetStates.get(String(sheetId)))?.value.broadcastVersion;
    if (notice.version !== undefined && pushed !== undefined && notice.version <= pushed) return { pushed: false, version: pushed, reason: 'seen' };
    const base = (pushed !== undefined ? await snapshots.get(sheetId, pushed) : undefined) ?? (await this.#newestSnapshotBefore(sheetId, notice.version));
    // The first notice for a sheet pins its base, so a redelivery diffs from the same version.
    if (pushed === undefined && base) await this.#recordPushed(sheetId, base.version, false);
    const current = base ? ((await this.#changedRowsOnly(notice, base)) ?? (await smartsheet.getSheetIfChanged(sheetId, base.version))) : await smartsheet.getSheet(sheetId);
    if (!current) return { pushed: false, version: base!.version, reason: 'unchanged' };
    await snapshots.put(current);
    const diff = base ? diffSheets(base, current) : { changedRows: current.rows, deletedRowIds: [], columnsChanged: true };
    const omitted = diff.changedRows.length > MAX_PUSHED_ROWS;
    const event: SheetChangedEvent = {
      type: 'sheet.changed',
      sheetId,
      version: current.version,
      previousVersion: base?.version ?? 0,
      changedRows: omitted ? [] : diff.changedRows,
      rowsOmitted: omitted,
      changedRowIds: diff.changedRows.map((r) => r.id),
      deletedRowIds: diff.deletedRowIds,
      columnsChanged: diff.columnsChanged,
      ...(diff.columnsChanged ? { columns: current.columns } : {}),
      source: notice.source,
      at: this.#now().toISOString(),
      ...(notice.correlationId ? { correlationId: notice.correlationId } : {}),
    };
    // Sessions move to the new version before the push, so a client that refetches on it gets it.
    const live = await this.#adoptAll(current);
    await this.deps.realtime.sendToGroup(sheetGroup(sheetId), event);
    await this.#recordPushed(sheetId, current.version);
    const staleMessages = await this.#pushStale(live, current, base, new Set([...event.changedRowIds, ...event.deletedRowIds]));
    return { pushed: true, version: current.version, staleMessages };
  }

  /**
   * `comments.changed` with the sheet's counts, read once here rather than by every open grid (each would cost a
   * request against the app's one Smartsheet rate limit). Counts that cannot be read, or too many, are left out: the
   * grids read them.
   */
  async #pushComments(sheetId: number): Promise<void> {
    const counts = await this.deps.smartsheet.getCommentCounts(sheetId).then(countComments, () => undefined);
    const event: CommentsChangedEvent = { type: 'comments.changed', sheetId, at: this.#now().toISOString(), ...(counts && counts.rows.length <= MAX_PUSHED_COUNTS ? { counts } : {}) };
    await this.deps.realtime.sendToGroup(sheetGroup(sheetId), event);
  }

  /**
   * With no push on record, the base is our newest snapshot from before the notice's version: the writer
   * of our own change already stored the new version (its session adopted it), and diffing from that
   * would find nothing to push while every other browser still shows the old one.
   */
  async #newestSnapshotBefore(sheetId: number, version = Number.POSITIVE_INFINITY): Promise<Sheet | undefined> {
    const older = (await this.deps.snapshots.list(sheetId)).filter((s) => s.version < version);
    const newest = older.reduce<(typeof older)[number] | undefined>((a, b) => (a && a.version >= b.version ? a : b), undefined);
    return newest && this.deps.snapshots.get(sheetId, newest.version);
  }

  /**
   * When only cells of existing rows changed, reading just the rows modified since the
   * base (and merging them in) gives the new version without reading the whole sheet.
   * Anything unexpected — new rows, a different row count, other columns — falls back.
   */
  async #changedRowsOnly(notice: SheetChanged, base: Sheet): Promise<Sheet | undefined> {
    if (notice.source === 'reconciliation' || notice.structural !== false || notice.columnsChanged || notice.deletedRowIds.length) return undefined;
    return withRowsChangedSince(this.deps.smartsheet, base);
  }

  /**
   * A version reached browsers (or, `answered` false, a base was pinned from our snapshots). A version Smartsheet
   * gave us means it answers for the sheet again: the unreachable label goes.
   */
  async #recordPushed(sheetId: number, version: number, answered = true): Promise<void> {
    const now = this.#now();
    const unlabel = answered ? withoutLabel(now) : (s: SheetState) => s;
    await changeSheetState(this.deps.sheetStates, sheetId, (s) => unlabel((s.broadcastVersion ?? -1) >= version ? s : { ...s, broadcastVersion: version, updatedAt: now.toISOString() }), now);
  }

  /** Every live session on the sheet reads the new version. */
  async #adoptAll(sheet: Sheet): Promise<Session[]> {
    const now = this.#now();
    const live = (await this.deps.sessionStore.listBySheet(sheet.id)).filter((s) => effectiveState(s, now, this.deps.idleMinutes).status === 'ready');
    for (const session of live) await this.deps.sessions.adopt(session.id, sheet);
    return live;
  }

  /**
   * Answers (of the current conversations) that went stale with this version — as the history read decides
   * (`answerStale`: a cited row changed in a column the answer read, or a column it was worked out from changed
   * anywhere) and were not already stale at the version the push was diffed from; answers stored before stamps, when
   * they cite a touched row: their owners are told.
   */
  async #pushStale(sessions: Session[], sheet: Sheet, base: Sheet | undefined, touched: Set<number>): Promise<number> {
    let stale = 0;
    const byId = new WeakMap<Sheet, Map<number, Row>>();
    const rowsOf = (s: Sheet) => byId.get(s) ?? (byId.set(s, new Map(s.rows.map((r) => [r.id, r]))), byId.get(s)!);
    const staleIn = (m: StoredMessage, s: Sheet) => (m.sheetVersion ?? 0) < s.version && answerStale(m, s, rowsOf(s));
    const cites = (m: StoredMessage) => (m.citedRowIds ?? []).some((id) => touched.has(id));
    const changed = (m: StoredMessage) => (m.citedRowStamps || m.basisDigests ? staleIn(m, sheet) && !(base && staleIn(m, base)) : cites(m));
    for (const session of sessions) {
      // The newest answers (what the chat shows), however long the conversation.
      const { messages: answers } = await conversationTail(this.deps.messages, session.id, { conversation: session.conversation, last: 500, ...(session.historyAfter ? { startAfter: session.historyAfter } : {}) });
      const messageIds = answers
        .filter((m) => m.role === 'assistant' && (m.sheetVersion ?? 0) < sheet.version && changed(m))
        .map((m) => m.id);
      if (messageIds.length === 0) continue;
      stale += messageIds.length;
      await this.deps.realtime.sendToUser(session.userId, { type: 'answer.stale', sessionId: session.id, messageIds, sheetVersion: sheet.version });
    }
    return stale;
  }
}
