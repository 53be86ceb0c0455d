import type { SheetChanged, SheetEventsPublisher } from '../events/sheet-events.port.js';
import { SmartsheetError, type SmartsheetPort, type Webhook } from '../smartsheet/smartsheet.port.js';
import { webhookSecretName, type SecretStore } from '../secrets/secret-store.port.js';
import { isUnreachable, SheetReachability } from './sheet-reachability.js';
import type { SessionStore, SheetStateStore, SnapshotStore, WebhookRecord, WebhookStore } from '../storage/stores.port.js';

/**
 * Keeping live updates flowing: one enabled webhook of ours on every sheet with an
 * active session (created, re-enabled, pointed at our callback URL), none on sheets
 * nobody uses; and reconciliation, which publishes a notice for a sheet whose version
 * moved past the last push without a webhook saying so.
 */
export interface WebhookUpkeepDeps {
  smartsheet: SmartsheetPort;
  webhooks: WebhookStore;
  /** Webhook shared secrets (Key Vault). */
  secrets: SecretStore;
  sessionStore: SessionStore;
  sheetStates: SheetStateStore;
  snapshots: SnapshotStore;
  publisher: SheetEventsPublisher;
  changeAgent: string;
  callbackUrl: () => string;
  idleMinutes: number;
  now?: () => Date;
}

export interface UpkeepOutcome {
  sheets: number;
  created: number[];
  enabled: number[];
  deleted: number[];
  failed: { sheetId: number; reason: string }[];
}

export class WebhookUpkeepService {
  readonly #reachability: SheetReachability;

  constructor(private readonly deps: WebhookUpkeepDeps) {
    this.#reachability = new SheetReachability(deps);
  }

  #now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async #activeSheets(): Promise<Set<number>> {
    const since = new Date(this.#now().getTime() - this.deps.idleMinutes * 60_000).toISOString();
    return new Set((await this.deps.sessionStore.listActiveSince(since)).map((s) => s.sheetId));
  }

  webhookName(sheetId: number): string {
    return `${this.deps.changeAgent}-live-${sheetId}`;
  }

  #isOurs(webhook: Webhook): boolean {
    return webhook.name === this.webhookName(webhook.sheetId);
  }

  /** A working webhook on one sheet: created, pointed at our callback URL, enabled. */
  async ensureWebhook(sheetId: number, remote?: Webhook[]): Promise<{ action: 'created' | 'enabled' | 'ok'; webhookId: number }> {
    const url = this.deps.callbackUrl();
    const all = remote ?? (await this.deps.smartsheet.listWebhooks());
    const candidates = all.filter((w) => w.sheetId === sheetId && this.#isOurs(w));
    let chosen: Webhook | undefined;
    for (const webhook of candidates) {
      // Usable only with our record and its secret (a vault that lost it, e.g. a fresh local one, means a new webhook).
      if (!chosen && (await this.deps.webhooks.get(String(webhook.id))) && (await this.deps.secrets.get(webhookSecretName(webhook.id)))) chosen = webhook;
      else await this.#deleteWebhook(webhook.id);
    }
    if (!chosen) {
      const created = await this.deps.smartsheet.createWebhook({ name: this.webhookName(sheetId), callbackUrl: url, sheetId });
      // The secret first: enabling makes Smartsheet send a verification and then callbacks, all checked against it.
      await this.#saveSecret(created);
      await this.#saveRecord(created);
      const enabled = await this.deps.smartsheet.enableWebhook(created.id);
      await this.#saveRecord(enabled);
      return { action: 'created', webhookId: created.id };
    }
    if (chosen.enabled && chosen.callbackUrl === url) return { action: 'ok', webhookId: chosen.id };
    const enabled = await this.deps.smartsheet.enableWebhook(chosen.id, chosen.callbackUrl === url ? undefined : url);
    if (enabled.sharedSecret) await this.#saveSecret(enabled);
    await this.#saveRecord(enabled);
    return { action: 'enabled', webhookId: chosen.id };
  }

  #saveSecret(webhook: Webhook): Promise<void> {
    return this.deps.secrets.set(webhookSecretName(webhook.id), webhook.sharedSecret, { sheetId: String(webhook.sheetId), purpose: 'smartsheet-webhook' });
  }

  async #saveRecord(webhook: Webhook): Promise<void> {
    const record: WebhookRecord = {
      id: String(webhook.id),
      webhookId: webhook.id,
      sheetId: webhook.sheetId,
      callbackUrl: webhook.callbackUrl,
      status: webhook.status,
      updatedAt: this.#now().toISOString(),
    };
    const existing = await this.deps.webhooks.get(record.id);
    if (existing) await this.deps.webhooks.update(record, existing.etag);
    else await this.deps.webhooks.create(record);
  }

  async #deleteWebhook(webhookId: number): Promise<void> {
    await this.deps.smartsheet.deleteWebhook(webhookId).catch(() => undefined);
    await this.#forget(webhookId);
  }

  /** Our record and its secret go together: the record last, so a failure leaves it for the next upkeep to retry. */
  async #forget(webhookId: number): Promise<void> {
    await this.deps.secrets.delete(webhookSecretName(webhookId));
    await this.deps.webhooks.delete(String(webhookId));
  }

  /** Webhook upkeep: one enabled webhook per active sheet, none for sheets nobody uses. */
  async upkeep(): Promise<UpkeepOutcome> {
    const active = await this.#activeSheets();
    const remote = await this.deps.smartsheet.listWebhooks();
    const outcome: UpkeepOutcome = { sheets: active.size, created: [], enabled: [], deleted: [], failed: [] };
    for (const sheetId of active) {
      try {
        const { action, webhookId } = await this.ensureWebhook(sheetId, remote);
        if (action === 'created') outcome.created.push(webhookId);
        if (action === 'enabled') outcome.enabled.push(webhookId);
      } catch (error) {
        outcome.failed.push({ sheetId, reason: (error as Error)?.message ?? String(error) });
      }
    }
    for (const webhook of remote.filter((w) => this.#isOurs(w) && !active.has(w.sheetId))) {
      await this.#deleteWebhook(webhook.id);
      outcome.deleted.push(webhook.id);
    }
    const live = new Set(remote.map((w) => w.id));
    for (const record of await this.deps.webhooks.list()) {
      if (!live.has(record.webhookId) && !outcome.created.includes(record.webhookId)) await this.#forget(record.webhookId);
    }
    return outcome;
  }

  /**
   * Reconciliation: a sheet whose version moved past the last push gets a notice, webhook or not. Also the health
   * probe: a sheet Smartsheet does not answer for is labelled unreachable (the others are still reconciled), and the
   * label goes on the first answer.
   */
  async reconcile(): Promise<{ sheets: number; notices: { sheetId: number; version: number }[]; unreachable: number[] }> {
    const notices: { sheetId: number; version: number }[] = [];
    const unreachable: number[] = [];
    const active = await this.#activeSheets();
    for (const sheetId of active) {
      const state = (await this.deps.sheetStates.get(String(sheetId)))?.value;
      const known = state?.broadcastVersion ?? (await this.deps.snapshots.latest(sheetId))?.version;
      if (known === undefined) continue;
      let version: number;
      try {
        version = await this.deps.smartsheet.getVersion(sheetId);
      } catch (error) {
        if (isUnreachable(error)) {
          await this.#reachability.failed(sheetId, error);
          unreachable.push(sheetId);
          continue;
        }
        // A sheet deleted or no longer shared: its sessions learn it on their next load; the others go on.
        if (error instanceof SmartsheetError) continue;
        throw error;
      }
      if (state?.unreachable) await this.#reachability.answered(sheetId);
      if (version <= known) continue;
      const notice: SheetChanged = { type: 'sheet.changed', sheetId, version, changedRowIds: [], deletedRowIds: [], columnsChanged: false, source: 'reconciliation' };
      await this.deps.publisher.publishSheetChanged(notice);
      notices.push({ sheetId, version });
    }
    return { sheets: active.size, notices, unreachable };
  }
}
