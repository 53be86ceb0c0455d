import type { Sheet } from '../../shared/sheet/model.js';
import type { SheetEventsPublisher } from '../events/sheet-events.port.js';
import { AppError, ConflictError, NotFoundError, describeError } from '../platform/errors.js';
import { traceFields, type TraceRef } from '../platform/trace-ref.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import { lastingRefusal, type SmartsheetPort } from '../smartsheet/smartsheet.port.js';
import { opaqueId } from '../storage/ids.js';
import { updateWithRetry } from '../storage/optimistic.js';
import { signed } from '../../shared/sheet/comment-signature.js';
import type { ChangeSetStore, SnapshotStore, Stored } from '../storage/stores.port.js';
import { buildProposal, rowContent, type Proposal } from './changeset.builder.js';
import { commentsOnly } from '../../shared/api/contracts.js';
import { mayComment, mustBeWritable, sessionMayWrite } from './write-targets.js';
import { findConflicts, inverseOf } from './changeset.diff.js';
import { writeChangeSet } from './changeset.writer.js';
import { reordersRows, touchedRowIds, type ChangeSet } from './changeset.model.js';
import { transferTarget } from './row-transfers.js';
import { publishChange } from './changeset-notices.js';
import { revertProposal, thereConflicts } from './revert-proposal.js';

export interface ChangeSetsDeps {
  changeSets: ChangeSetStore;
  snapshots: SnapshotStore;
  smartsheet: SmartsheetPort;
  sessions: SessionsService;
  publisher: SheetEventsPublisher;
  approvalMinutes: number;
  /** A comment proposed for a person is signed with their name (shared/sheet/comment-signature.ts). */
  signComments?: boolean;
  now?: () => Date;
}

/** Starts the approval orchestration; raises its decision event. */
export interface ApprovalControl {
  start(changeSet: ChangeSet): Promise<void>;
  decide(changeSetId: string, approved: boolean, by: string): Promise<void>;
}

/** A revert's claim older than this was left by a crash: it is given back with a warning. */
export const REVERT_CLAIM_MS = 5 * 60_000;

export class ChangeSetStateError extends AppError {
  constructor(changeSet: ChangeSet, action: string) {
    super('CONFLICT', `Cannot ${action}: the change set is ${changeSet.status.replace('_', ' ')}.`, 409, { details: { status: changeSet.status } });
  }
}


export class ChangeSetsService {
  constructor(private readonly deps: ChangeSetsDeps) {}

  #now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /**
   * A write tool call becomes a stored proposal awaiting approval (its orchestration
   * started), never a write. Problems come back as ProposalError for the model.
   */
  /** `access`: the app's access to the sheet, as the session has it — as Commenter, only comments (or their undo) are proposed. */
  async propose(input: { sessionId: string; userId: string; author?: string | undefined; sheet: Sheet; tool: string; args: unknown; today: string; approval: ApprovalControl; trace?: TraceRef; access?: string | undefined }): Promise<ChangeSet> {
    // Rows sent to another sheet: that sheet is looked up first (its name, the app's access, its columns).
    const toSheet = input.tool === 'move_rows' ? (input.args as { toSheet?: unknown } | undefined)?.toSheet : undefined;
    const target = typeof toSheet === 'string' && toSheet.trim() ? await transferTarget(this.deps.smartsheet, toSheet, input.sheet) : undefined;
    const built =
      input.tool === 'revert_change_set' ? await revertProposal(this.deps, input.sessionId, input.args, input.sheet) : buildProposal(input.tool as never, input.args, input.sheet, input.today, target);
    // Comments to post are signed here, so the card shows each exactly as it will be posted.
    const author = this.deps.signComments ? input.author : undefined;
    const proposal = author && built.comments?.some((c) => !c.remove) ? { ...built, comments: built.comments.map((c) => (c.remove ? c : { ...c, text: signed(c.text, author) })), notes: [...(built.notes ?? []), `Signed with ${author}, so people reading Smartsheet can tell who wrote it.`] } : built;
    if (commentsOnly(proposal)) mayComment(input.access);
    else mustBeWritable(input.access);
    const now = this.#now();
    const changeSet: ChangeSet = {
      id: opaqueId(),
      sessionId: input.sessionId,
      userId: input.userId,
      sheetId: input.sheet.id,
      baseVersion: input.sheet.version,
      status: 'awaiting_approval',
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.deps.approvalMinutes * 60_000).toISOString(),
      ...proposal,
      ...traceFields(input.trace),
    };
    await this.deps.changeSets.create(changeSet);
    await input.approval.start(changeSet);
    return changeSet;
  }

  async get(userId: string, id: string): Promise<Stored<ChangeSet>> {
    const stored = await this.deps.changeSets.get(id);
    if (!stored || stored.value.userId !== userId) throw new NotFoundError('No such change set.');
    return stored;
  }

  async approve(userId: string, id: string, approval: ApprovalControl): Promise<ChangeSet> {
    const { value } = await this.get(userId, id);
    if (value.status !== 'awaiting_approval') throw new ChangeSetStateError(value, 'approve');
    await sessionMayWrite(this.deps.sessions, userId, value.sessionId, commentsOnly(value));
    await approval.decide(id, true, userId);
    return value;
  }

  async reject(userId: string, id: string, approval: ApprovalControl): Promise<ChangeSet> {
    const { value } = await this.get(userId, id);
    if (value.status !== 'awaiting_approval') throw new ChangeSetStateError(value, 'reject');
    const rejected = await this.#transition(id, (cs) => (cs.status === 'awaiting_approval' ? { ...cs, status: 'rejected', decidedAt: this.#now().toISOString() } : cs));
    await approval.decide(id, false, userId).catch(() => undefined);
    return rejected;
  }

  /** The orchestration's timer won: nothing was decided in time. */
  async expire(id: string): Promise<ChangeSet> {
    return this.#transition(id, (cs) => (cs.status === 'awaiting_approval' ? { ...cs, status: 'expired', decidedAt: this.#now().toISOString() } : cs));
  }

  /**
   * Approved: check the touched rows did not change since the snapshot, then write
   * through the adapter, record the new version and publish the change. A conflict
   * writes nothing. A chat "undo" first claims the change set it undoes, as Revert
   * does, and marks it reverted once written — so it cannot be undone twice.
   */
  async apply(id: string): Promise<ChangeSet> {
    const cs = await this.#transition(id, (c) => (c.status === 'awaiting_approval' ? { ...c, status: 'applying', decidedAt: this.#now().toISOString() } : c));
    if (cs.status !== 'applying') {
      // Run again after a crash between the undo's record and the original's: finish the original (a no-op otherwise).
      if (cs.status === 'applied' && cs.revertOf && cs.appliedVersion !== undefined) await this.#endRevert(cs.revertOf, id, { version: cs.appliedVersion });
      return cs;
    }
    return this.#write(cs);
  }

  /**
   * The person's own act in the grid (rows added or deleted there): no approval, so stored as being applied and
   * written at once, with the same check and record as an approved change set — its undo is the same revert. Not one
   * the chat's "undo" picks (that undoes the chat's changes; the grid's are undone in the grid).
   */
  async applyNow(input: { sessionId: string; userId: string; sheet: Sheet; proposal: Proposal; trace?: TraceRef }): Promise<ChangeSet> {
    const now = this.#now().toISOString();
    const changeSet: ChangeSet = { id: opaqueId(), sessionId: input.sessionId, userId: input.userId, sheetId: input.sheet.id, baseVersion: input.sheet.version, status: 'applying', origin: 'grid', createdAt: now, expiresAt: now, decidedAt: now, ...input.proposal, ...traceFields(input.trace) };
    await this.deps.changeSets.create(changeSet);
    return this.#write(changeSet);
  }

  /** A change set claimed for applying (status applying): checked against the sheet now, then written, or a conflict. */
  async #write(cs: ChangeSet): Promise<ChangeSet> {
    const id = cs.id;
    let undoing: string | undefined;
    let written = false;
    try {
      if (cs.revertOf) {
        const { claimed, changeSet: original } = await this.#claimRevert(cs.revertOf, id);
        if (!claimed) {
          const why = original.status === 'applied' && original.error ? original.error : `The change it undoes is ${original.status.replace('_', ' ')} now.`;
          return this.#transition(id, (c) => ({ ...c, status: 'failed', error: `${why} Nothing was written.` }));
        }
        undoing = cs.revertOf;
      }
      const base = await this.deps.snapshots.get(cs.sheetId, cs.baseVersion);
      // The check and the writes under the sheet's write lock: none of our other writers lands between them.
      const checked = await this.deps.smartsheet.exclusive(cs.sheetId, async (smartsheet) => {
        const current = (await smartsheet.getSheetIfChanged(cs.sheetId, cs.baseVersion)) ?? base;
        if (!current) throw new Error(`The snapshot of version ${cs.baseVersion} is gone and the sheet could not be read.`);
        const conflicts = [...(current === base ? [] : findConflicts(cs, current, 'old', base)), ...(await thereConflicts(smartsheet, cs))];
        if (conflicts.length) return { conflicts, current };
        written = true;
        return { outcome: await writeChangeSet(smartsheet, cs, current) };
      });
      if (!checked.outcome) {
        // The sheet as just read becomes the session's: asking again proposes on it, not on the stale snapshot
        // (the sheet-changed notice of the edit that conflicted may not have arrived yet).
        if (checked.current) await this.deps.sessions.adopt(cs.sessionId, checked.current).catch(() => undefined);
        if (undoing) await this.#endRevert(undoing, id, {});
        return this.#transition(id, (c) => ({ ...c, status: 'conflict', conflicts: checked.conflicts }));
      }
      const outcome = checked.outcome;
      const fresh = await this.#adopt(cs);
      const added = new Set(outcome.addedRowIds);
      const addedContent = fresh && added.size ? rowContent(fresh, fresh.rows.filter((r) => added.has(r.id))) : undefined;
      const done = await this.#transition(id, (c) => ({ ...c, status: 'applied', appliedVersion: outcome.version, addedRowIds: outcome.addedRowIds, ...(addedContent ? { addedContent } : {}), ...(outcome.orderBefore ? { orderBefore: outcome.orderBefore } : {}), ...(outcome.placesBefore ? { placesBefore: outcome.placesBefore } : {}), ...(outcome.rowMap && c.transfer ? { transfer: { ...c.transfer, rowMap: outcome.rowMap } } : {}), ...(outcome.comments && c.comments?.some((x) => !x.remove) ? { comments: outcome.comments } : {}), failures: outcome.failures, ...(outcome.createdColumnId && c.columnOp?.kind === 'add' ? { columnOp: { ...c.columnOp, createdColumnId: outcome.createdColumnId } } : {}) }));
      if (undoing) await this.#endRevert(undoing, id, { version: outcome.version });
      await publishChange(this.deps, done, outcome.version, touchedRowIds(done), [...cs.deletedRows.map((r) => r.rowId!), ...(cs.transfer?.mode === 'move' && !cs.transfer.back ? cs.transfer.rows.map((r) => r.rowId!) : [])]);
      return done;
    } catch (error) {
      if (undoing) await this.#endRevert(undoing, id, written ? { error: `Undoing it from chat was interrupted (${describeError(error)}); check the sheet before reverting.` } : {}).catch(() => undefined);
      const refusal = lastingRefusal(error);
      await this.deps.sessions.afterRefusal(cs.sessionId, error);
      return this.#transition(id, (c) => ({ ...c, status: 'failed', error: refusal ? `${refusal}.` : error instanceof AppError ? error.message : `Applying failed: ${describeError(error)}` }));
    }
  }

  /**
   * The owner's direct undo of an applied change set: old values back, with the same conflict
   * check. The revert first claims the change set (applied → reverting), so two at once (two tabs,
   * a retried request, a chat "undo") undo once — re-adding deleted rows twice would duplicate them.
   */
  async revert(userId: string, id: string): Promise<ChangeSet> {
    const { value: cs } = await this.get(userId, id);
    if (cs.status !== 'applied' && cs.status !== 'reverting') throw new ChangeSetStateError(cs, 'revert');
    if (reordersRows(cs) && !cs.orderBefore) throw new ConflictError(`This ${cs.sort ? 'sort' : 'change of row order'} cannot be reverted: the row order before it was not kept.`);
    await sessionMayWrite(this.deps.sessions, userId, cs.sessionId, commentsOnly(cs));
    const by = `revert-${opaqueId()}`;
    const { claimed, changeSet } = await this.#claimRevert(id, by);
    if (!claimed) throw this.#refused(changeSet);
    let written = false;
    try {
      const inverse: ChangeSet = { ...cs, ...inverseOf(cs) };
      const outcome = await this.deps.smartsheet.exclusive(cs.sheetId, async (smartsheet) => {
        const current = await smartsheet.getSheet(cs.sheetId);
        const conflicts = [...findConflicts(cs, current, 'new'), ...(await thereConflicts(smartsheet, inverse))];
        if (conflicts.length) throw new ConflictError(`The sheet${inverse.transfer ? ` (or "${inverse.transfer.sheetName}")` : ''} changed since this change set was applied; nothing was reverted.`, { conflicts });
        written = true;
        return writeChangeSet(smartsheet, inverse, current);
      });
      await this.#adopt(cs);
      const reverted = await this.#endRevert(id, by, { version: outcome.version, restoredRowIds: outcome.addedRowIds });
      await publishChange(this.deps, reverted, outcome.version, touchedRowIds(inverse), (cs.addedRowIds ?? []).slice());
      return reverted;
    } catch (error) {
      await this.#endRevert(id, by, written ? { error: `Reverting was interrupted (${describeError(error)}); check the sheet before reverting again.` } : {});
      throw error;
    }
  }

  /**
   * Claims an applied change set for undoing (applied → reverting) on behalf of `by`: true when it
   * was applied or `by` already holds the claim (a retried activity). A claim older than
   * REVERT_CLAIM_MS was left by a crash, perhaps after its write: it is given back as applied with
   * a warning (not taken), so the owner checks the sheet before the next revert goes ahead.
   */
  async #claimRevert(id: string, by: string): Promise<{ claimed: boolean; changeSet: ChangeSet }> {
    const now = this.#now();
    let claimed = false;
    const changeSet = await this.#transition(id, (c) => {
      claimed = c.status === 'applied' || (c.status === 'reverting' && c.revertingBy === by);
      if (claimed) return { ...c, status: 'reverting', revertingSince: now.toISOString(), revertingBy: by };
      if (c.status !== 'reverting' || now.getTime() - Date.parse(c.revertingSince ?? '') <= REVERT_CLAIM_MS) return c;
      const { revertingSince: since, revertingBy: _b, ...rest } = c;
      return { ...rest, status: 'applied', error: `A revert started at ${since} was interrupted; check the sheet (it may be undone already) before reverting again.` };
    });
    return { claimed, changeSet };
  }

  /** Why a revert's claim was refused, as the error to answer with. */
  #refused(changeSet: ChangeSet): AppError {
    return changeSet.status === 'applied' && changeSet.error ? new ConflictError(changeSet.error) : new ChangeSetStateError(changeSet, 'revert');
  }

  /** Ends `by`'s claim: reverted at `version`, or given back as applied (saying why when a write was interrupted). */
  #endRevert(id: string, by: string, outcome: { version: number; restoredRowIds?: number[] } | { error?: string }): Promise<ChangeSet> {
    return this.#transition(id, (c) => {
      if (c.status !== 'reverting' || c.revertingBy !== by) return c;
      const { revertingSince: _s, revertingBy: _b, error: _e, ...rest } = c;
      if (!('version' in outcome)) return { ...rest, status: 'applied', ...(outcome.error ? { error: outcome.error } : {}) };
      return { ...rest, status: 'reverted', revertedVersion: outcome.version, ...(outcome.restoredRowIds?.length ? { restoredRowIds: outcome.restoredRowIds } : {}) };
    });
  }

  /** After our write the session reads the new version — before the change set says "applied"; the sheet as read, if it could be. */
  async #adopt(cs: ChangeSet): Promise<Sheet | undefined> {
    const fresh = await this.deps.smartsheet.getSheet(cs.sheetId).catch(() => undefined);
    if (fresh) await this.deps.sessions.adopt(cs.sessionId, fresh);
    return fresh;
  }

  #transition(id: string, change: (cs: ChangeSet) => ChangeSet): Promise<ChangeSet> {
    return updateWithRetry(this.deps.changeSets, id, change, 'change set');
  }
}

