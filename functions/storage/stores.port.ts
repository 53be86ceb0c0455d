import type { Sheet } from '../../shared/sheet/model.js';
import type { ChangeSet } from '../changesets/changeset.model.js';
import type { Session } from '../sessions/session.model.js';

/**
 * Storage ports. Each has an in-memory adapter (tests, single process) and a
 * Table/Blob Storage adapter; one contract suite runs against both.
 * Updates are optimistic: a stale ETag is a conflict, never a silent overwrite.
 */
export interface Stored<T> {
  value: T;
  etag: string;
}

export interface SessionStore {
  create(session: Session): Promise<Stored<Session>>;
  get(id: string): Promise<Stored<Session> | undefined>;
  /** Replaces the session if `etag` is still current; throws ConflictError otherwise. */
  update(session: Session, etag: string): Promise<Stored<Session>>;
  listByUser(userId: string): Promise<Session[]>;
  listBySheet(sheetId: number): Promise<Session[]>;
  /** Sessions used at or after `since` (ISO time): the sheets worth keeping live. */
  listActiveSince(since: string): Promise<Session[]>;
  delete(id: string): Promise<void>;
}

/** ETag-guarded records by id, listable: the shape of the small stores below. */
export interface RecordStore<T extends { id: string }> {
  create(value: T): Promise<Stored<T>>;
  get(id: string): Promise<Stored<T> | undefined>;
  update(value: T, etag: string): Promise<Stored<T>>;
  list(): Promise<T[]>;
  delete(id: string): Promise<void>;
}

/** A Smartsheet webhook we created. Its shared secret, which verifies the callbacks, is in Key Vault (SecretStore), not here. */
export interface WebhookRecord {
  /** The webhook id, as a string key. */
  id: string;
  webhookId: number;
  sheetId: number;
  callbackUrl: string;
  status: string;
  updatedAt: string;
}
export type WebhookStore = RecordStore<WebhookRecord>;

/** Per sheet: the last version pushed to browsers, so each version is pushed once. */
export interface SheetState {
  id: string;
  sheetId: number;
  /** The last version pushed to browsers (absent until the first push). */
  broadcastVersion?: number;
  /** Set while Smartsheet does not answer for this sheet (see live/sheet-reachability.ts). */
  unreachable?: { since: string; reason: string };
  updatedAt: string;
}
export type SheetStateStore = RecordStore<SheetState>;

/**
 * A comment a person posted from the grid. Smartsheet names the app's account as its author (every such comment has
 * the same one), so this record is what says whose it is: the person may delete it.
 */
export interface PostedComment {
  /** `<sheetId>:<commentId>`. */
  id: string;
  sheetId: number;
  commentId: number;
  userId: string;
  postedAt: string;
}
export interface PostedCommentStore extends RecordStore<PostedComment> {
  /** The comments one person posted on a sheet. */
  listByAuthor(sheetId: number, userId: string): Promise<PostedComment[]>;
}
export const postedCommentId = (sheetId: number, commentId: number) => `${sheetId}:${commentId}`;

export interface StoredMessage {
  id: string;
  sessionId: string;
  conversation: number;
  role: 'user' | 'assistant';
  text: string;
  createdAt: string;
  clientMessageId?: string;
  sheetVersion?: number;
  citedRowIds?: number[];
  /** Each cited row's values when the answer was given, as a short digest (rowStamp): later changes make the answer stale. */
  citedRowStamps?: Record<string, string>;
  /** The columns the answer read, which the stamps cover (every column when absent). */
  citedColumnIds?: number[];
  /** A digest of each column the answer was worked out from (filter, grouping, metric, sort), over the whole sheet. */
  basisDigests?: Record<string, string>;
  /** Anything else a message carries (tool steps, change set ids, …). */
  extra?: Record<string, unknown>;
}

export interface MessageStore {
  /** Appends; a user message whose clientMessageId was already appended is a ConflictError. */
  append(message: StoredMessage): Promise<StoredMessage>;
  /** Messages in order; `after` is a message id to page from. */
  list(sessionId: string, options?: { after?: string; limit?: number; conversation?: number }): Promise<StoredMessage[]>;
  findByClientId(sessionId: string, clientMessageId: string): Promise<StoredMessage | undefined>;
  /** Rewrites a stored message (same session and id) with corrected fields. */
  revise(message: StoredMessage): Promise<StoredMessage>;
  /** Removes a message (and its client id, which can then be sent again); gone already is fine. */
  withdraw(message: StoredMessage): Promise<void>;
  /** Asks the turn answering a user message (by its client id) to stop; its turn looks for this while it runs. */
  requestStop(sessionId: string, clientMessageId: string): Promise<void>;
  stopRequested(sessionId: string, clientMessageId: string): Promise<boolean>;
  /** Forgets a stop once the turn has stopped, or before the message is answered again; none is fine. */
  clearStop(sessionId: string, clientMessageId: string): Promise<void>;
  deleteSession(sessionId: string): Promise<void>;
}

export interface SnapshotInfo {
  sheetId: number;
  version: number;
  rows: number;
  bytes: number;
  createdAt: string;
}

export interface SnapshotStore {
  /** Stores a sheet under (sheetId, version); storing the same version again is a no-op. */
  put(sheet: Sheet): Promise<SnapshotInfo>;
  get(sheetId: number, version: number): Promise<Sheet | undefined>;
  latest(sheetId: number): Promise<SnapshotInfo | undefined>;
  list(sheetId: number): Promise<SnapshotInfo[]>;
  delete(sheetId: number, version: number): Promise<void>;
}

export interface ChangeSetStore {
  create(changeSet: ChangeSet): Promise<Stored<ChangeSet>>;
  get(id: string): Promise<Stored<ChangeSet> | undefined>;
  /** Replaces it if `etag` is still current; throws ConflictError otherwise. */
  update(changeSet: ChangeSet, etag: string): Promise<Stored<ChangeSet>>;
  listBySession(sessionId: string): Promise<ChangeSet[]>;
  delete(id: string): Promise<void>;
}
