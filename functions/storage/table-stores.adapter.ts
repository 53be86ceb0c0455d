import { odata, TableClient, type TableEntity } from '@azure/data-tables';
import { getChunked, setChunked } from '../../shared/util/chunked.js';
import { ConflictError } from '../platform/errors.js';
import type { Session } from '../sessions/session.model.js';
import type { ChangeSet } from '../changesets/changeset.model.js';
import type { Job } from '../jobs/job.model.js';
import type { ChangeSetStore, PostedComment, PostedCommentStore, SessionStore, SheetState, SheetStateStore, Stored, WebhookRecord, WebhookStore } from './stores.port.js';
import { ensureTable, tableClient } from './table-storage.adapter.js';

/**
 * Table Storage adapters. Sessions, change sets, jobs, webhooks, sheet states and posted comments
 * are one entity each (ETag updates). Messages (table-messages.adapter.ts), snapshots (blobs) and
 * job rows live in their own files.
 */

/** The HTTP status of a Storage SDK error. */
export const status = (error: unknown) => (error as { statusCode?: number }).statusCode;

/** Deletes an entity; one gone already is fine. */
export const deleteIfThere = (table: TableClient, partitionKey: string, rowKey: string) =>
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
