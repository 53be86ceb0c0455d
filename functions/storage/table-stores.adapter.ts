import { odata, TableClient, type TableEntity } from '@azure/data-tables';
import { getChunked, setChunked } from '../../shared/util/chunked.js';
import { ConflictError, NotFoundError } from '../platform/errors.js';
import type { Session } from '../sessions/session.model.js';
import type { ChangeSet } from '../changesets/changeset.model.js';
import type { Job } from '../jobs/job.model.js';
import type { ChangeSetStore, MessageStore, PostedComment, PostedCommentStore, SessionStore, SheetState, SheetStateStore, Stored, StoredMessage, WebhookRecord, WebhookStore } from './stores.port.js';
import { ensureTable, tableClient } from './table-storage.adapter.js';

/**
 * Table Storage adapters. Sessions, change sets, jobs, webhooks and sheet states are
 * one entity each (ETag updates); messages are entities under their session's
 * partition, ordered by id. Snapshots (blobs) and job rows live in their own files.
 */

/** The HTTP status of a Storage SDK error. */
export const status = (error: unknown) => (error as { statusCode?: number }).statusCode;

/** Deletes an entity; one gone already is fine. */
const deleteIfThere = (table: TableClient, partitionKey: string, rowKey: string) =>
  table.deleteEntity(partitionKey, rowKey).then(
    () => undefined,
    (error: unknown) => {
      if (status(error) !== 404) throw error;
    },
  );
/** Fixed-width numeric keys, so string order is number order. */
export const pad = (n: number) => String(n).padStart(12, '0');

export interface StorageNames {
  sessions: string;
  messages: string;
  snapshots: string;
  snapshotContainer: string;
}

export const DEFAULT_NAMES: StorageNames & { changeSets: string; webhooks: string; sheetStates: string; postedComments: string; jobs: string; jobRows: string; jobInputs: string } = {
  sessions: 'Sessions',
  messages: 'Messages',
  snapshots: 'Snapshots',
  snapshotContainer: 'snapshots',
  changeSets: 'ChangeSets',
  webhooks: 'Webhooks',
  sheetStates: 'SheetStates',
  postedComments: 'PostedComments',
  jobs: 'Jobs',
  jobRows: 'JobRows',
  jobInputs: 'job-inputs',
};

/**
 * JSON records as one entity each (`PartitionKey` fixed, `RowKey` = id), with
 * indexed columns for queries and ETag-guarded replaces.
 */
class TableRecords<T extends { id: string }> {
  protected readonly table: TableClient;
  protected readonly ready: () => Promise<void>;

  constructor(
    connectionString: string,
    tableName: string,
    private readonly partition: string,
    private readonly what: string,
    private readonly indexed: (value: T) => Record<string, string | number>,
  ) {
    this.table = tableClient(connectionString, tableName);
    this.ready = ensureTable(this.table);
  }

  #entity(value: T): TableEntity {
    const entity: TableEntity = { partitionKey: this.partition, rowKey: value.id, ...this.indexed(value) };
    setChunked(entity, 'Data', JSON.stringify(value));
    return entity;
  }

  async create(value: T): Promise<Stored<T>> {
    await this.ready();
    try {
      return { value, etag: (await this.table.createEntity(this.#entity(value))).etag! };
    } catch (error) {
      if (status(error) === 409) throw new ConflictError(`${this.what} ${value.id} already exists.`);
      throw error;
    }
  }

  async get(id: string): Promise<Stored<T> | undefined> {
    await this.ready();
    try {
      const entity = await this.table.getEntity(this.partition, id);
      return { value: JSON.parse(getChunked(entity, 'Data')!) as T, etag: entity.etag };
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
  }

  async update(value: T, etag: string): Promise<Stored<T>> {
    await this.ready();
    try {
      return { value, etag: (await this.table.updateEntity(this.#entity(value), 'Replace', { etag })).etag! };
    } catch (error) {
      if (status(error) === 412 || status(error) === 404) throw new ConflictError(`${this.what} ${value.id} changed meanwhile.`);
      throw error;
    }
  }

  list(): Promise<T[]> {
    return this.where();
  }

  protected async where(filter?: string): Promise<T[]> {
    await this.ready();
    const values: T[] = [];
    const partition = odata`PartitionKey eq ${this.partition}`;
    for await (const entity of this.table.listEntities({ queryOptions: { filter: filter ? `${partition} and ${filter}` : partition } })) {
      values.push(JSON.parse(getChunked(entity, 'Data')!) as T);
    }
    return values;
  }

  async delete(id: string): Promise<void> {
    await this.ready();
    await deleteIfThere(this.table, this.partition, id);
  }
}

export class TableSessionStore extends TableRecords<Session> implements SessionStore {
  constructor(connectionString: string, table = DEFAULT_NAMES.sessions) {
    super(connectionString, table, 'session', 'Session', (s) => ({ UserId: s.userId, SheetId: s.sheetId, LastActiveAt: s.lastActiveAt }));
  }

  listByUser(userId: string) {
    return this.where(odata`UserId eq ${userId}`);
  }

  listBySheet(sheetId: number) {
    return this.where(odata`SheetId eq ${sheetId}`);
  }

  listActiveSince(since: string) {
    return this.where(odata`LastActiveAt ge ${since}`);
  }
}

export class TableWebhookStore extends TableRecords<WebhookRecord> implements WebhookStore {
  constructor(connectionString: string, table = DEFAULT_NAMES.webhooks) {
    super(connectionString, table, 'webhook', 'Webhook', (w) => ({ SheetId: w.sheetId }));
  }
}

export class TableJobStore extends TableRecords<Job> {
  constructor(connectionString: string, table = DEFAULT_NAMES.jobs) {
    super(connectionString, table, 'job', 'Job', (j) => ({ SessionId: j.sessionId, UserId: j.userId, Status: j.status, UpdatedAt: j.updatedAt }));
  }

  async listBySession(sessionId: string): Promise<Job[]> {
    return (await this.where(odata`SessionId eq ${sessionId}`)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}

export class TableSheetStateStore extends TableRecords<SheetState> implements SheetStateStore {
  constructor(connectionString: string, table = DEFAULT_NAMES.sheetStates) {
    super(connectionString, table, 'sheet', 'Sheet state', () => ({}));
  }
}

export class TablePostedCommentStore extends TableRecords<PostedComment> implements PostedCommentStore {
  constructor(connectionString: string, table = DEFAULT_NAMES.postedComments) {
    super(connectionString, table, 'comment', 'Posted comment', (c) => ({ SheetId: c.sheetId, UserId: c.userId }));
  }

  listByAuthor(sheetId: number, userId: string) {
    return this.where(odata`SheetId eq ${sheetId} and UserId eq ${userId}`);
  }
}

export class TableChangeSetStore extends TableRecords<ChangeSet> implements ChangeSetStore {
  constructor(connectionString: string, table = DEFAULT_NAMES.changeSets) {
    super(connectionString, table, 'changeset', 'Change set', (c) => ({ SessionId: c.sessionId, SheetId: c.sheetId, Status: c.status }));
  }

  async listBySession(sessionId: string) {
    return (await this.where(odata`SessionId eq ${sessionId}`)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}

export class TableMessageStore implements MessageStore {
  readonly #table: TableClient;
  readonly #ready: () => Promise<void>;

  constructor(connectionString: string, table = DEFAULT_NAMES.messages) {
    this.#table = tableClient(connectionString, table);
    this.#ready = ensureTable(this.#table);
  }

  #entity(message: StoredMessage): TableEntity {
    const entity: TableEntity = { partitionKey: message.sessionId, rowKey: message.id, Conversation: message.conversation, Role: message.role };
    if (message.clientMessageId) entity.ClientMessageId = message.clientMessageId;
    setChunked(entity, 'Data', JSON.stringify(message));
    return entity;
  }

  #indexKey(clientMessageId: string): string {
    return `~client:${clientMessageId}`;
  }

  async append(message: StoredMessage): Promise<StoredMessage> {
    await this.#ready();
    const entity = this.#entity(message);
    if (message.role === 'user' && message.clientMessageId) {
      // The client id index is a point read later; written atomically with the message.
      const index = { partitionKey: message.sessionId, rowKey: this.#indexKey(message.clientMessageId), MessageId: message.id };
      try {
        await this.#table.submitTransaction([
          ['create', entity],
          ['create', index],
        ]);
      } catch (error) {
        if (status(error) === 409) throw new ConflictError(`Message ${message.clientMessageId} was already sent.`);
        throw error;
      }
    } else await this.#table.createEntity(entity);
    return message;
  }

  async list(sessionId: string, options: { after?: string; limit?: number; conversation?: number } = {}): Promise<StoredMessage[]> {
    await this.#ready();
    let filter = `${odata`PartitionKey eq ${sessionId}`} and RowKey lt '~'`;
    if (options.after) filter += ` and ${odata`RowKey gt ${options.after}`}`;
    if (options.conversation !== undefined) filter += ` and ${odata`Conversation eq ${options.conversation}`}`;
    const messages: StoredMessage[] = [];
    const limit = options.limit ?? 100;
    // Pages of at most `limit` (Table Storage's own page is 1,000 entities): a page of 50 asks for 50.
    for await (const page of this.#table.listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: Math.min(limit, 1000) })) {
      for (const entity of page) {
        messages.push(JSON.parse(getChunked(entity, 'Data')!) as StoredMessage);
        if (messages.length >= limit) return messages;
      }
    }
    return messages;
  }

  async findByClientId(sessionId: string, clientMessageId: string): Promise<StoredMessage | undefined> {
    await this.#ready();
    try {
      const index = await this.#table.getEntity(sessionId, this.#indexKey(clientMessageId));
      const entity = await this.#table.getEntity(sessionId, index.MessageId as string);
      return JSON.parse(getChunked(entity, 'Data')!) as StoredMessage;
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
  }

  async revise(message: StoredMessage): Promise<StoredMessage> {
    await this.#ready();
    try {
      await this.#table.updateEntity(this.#entity(message), 'Replace', { etag: '*' });
    } catch (error) {
      if (status(error) === 404) throw new NotFoundError('No such message.');
      throw error;
    }
    return message;
  }

  #stopKey(clientMessageId: string): string {
    return `~stop:${clientMessageId}`;
  }

  async requestStop(sessionId: string, clientMessageId: string): Promise<void> {
    await this.#ready();
    await this.#table.upsertEntity({ partitionKey: sessionId, rowKey: this.#stopKey(clientMessageId) }, 'Replace');
  }

  async stopRequested(sessionId: string, clientMessageId: string): Promise<boolean> {
    await this.#ready();
    try {
      await this.#table.getEntity(sessionId, this.#stopKey(clientMessageId), { queryOptions: { select: ['RowKey'] } });
      return true;
    } catch (error) {
      if (status(error) === 404) return false;
      throw error;
    }
  }

  async clearStop(sessionId: string, clientMessageId: string): Promise<void> {
    await this.#ready();
    await deleteIfThere(this.#table, sessionId, this.#stopKey(clientMessageId));
  }

  async withdraw(message: StoredMessage): Promise<void> {
    await this.#ready();
    const keys = [message.id, ...(message.role === 'user' && message.clientMessageId ? [this.#indexKey(message.clientMessageId)] : [])];
    // Together, so a client id never points at a missing message; one by one only when part is gone already.
    try {
      await this.#table.submitTransaction(keys.map((rowKey) => ['delete', { partitionKey: message.sessionId, rowKey }]));
      return;
    } catch (error) {
      if (status(error) !== 404) throw error;
    }
    for (const rowKey of keys) await deleteIfThere(this.#table, message.sessionId, rowKey);
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.#ready();
    for await (const entity of this.#table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${sessionId}`, select: ['RowKey'] } })) {
      await this.#table.deleteEntity(sessionId, entity.rowKey as string);
    }
  }
}
