import { gunzipSync, gzipSync } from 'node:zlib';
import type { ContainerClient } from '@azure/storage-blob';
import { odata, TableClient, type TableEntity } from '@azure/data-tables';
import type { Sheet } from '../../shared/sheet/model.js';
import { getChunked, setChunked } from '../../shared/util/chunked.js';
import { ConflictError } from '../platform/errors.js';
import type { Session } from '../sessions/session.model.js';
import type { ChangeSet } from '../changesets/changeset.model.js';
import { ROWS_PER_CHUNK, type Job, type JobInputStore, type JobRow, type JobRowState, type JobRowStore } from '../jobs/job.model.js';
import type { ChangeSetStore, MessageStore, SessionStore, SheetState, SheetStateStore, SnapshotInfo, SnapshotStore, Stored, StoredMessage, WebhookRecord, WebhookStore } from './stores.port.js';
import { blobServiceClient, ensureTable, tableClient } from './table-storage.adapter.js';

/**
 * Table and Blob Storage adapters. Sessions are one entity each (ETag updates);
 * messages are entities under their session's partition, ordered by id;
 * snapshots are gzip JSON blobs `snapshots/<sheetId>/<version>.json.gz` with a
 * table index, because a large sheet is far beyond a table entity's 1 MB.
 */
const status = (error: unknown) => (error as { statusCode?: number }).statusCode;
const pad = (n: number) => String(n).padStart(12, '0');

export interface StorageNames {
  sessions: string;
  messages: string;
  snapshots: string;
  snapshotContainer: string;
}

export const DEFAULT_NAMES: StorageNames & { changeSets: string; webhooks: string; sheetStates: string; jobs: string; jobRows: string; jobInputs: string } = {
  sessions: 'Sessions',
  messages: 'Messages',
  snapshots: 'Snapshots',
  snapshotContainer: 'snapshots',
  changeSets: 'ChangeSets',
  webhooks: 'Webhooks',
  sheetStates: 'SheetStates',
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
    await this.table.deleteEntity(this.partition, id).catch((error: unknown) => {
      if (status(error) !== 404) throw error;
    });
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

/**
 * Job rows, one entity per chunk of a job (partition = job, key = chunk): a chunk's
 * rows are read and written together, so a 20,000-row job is 40 entities and each
 * chunk costs a read and two writes, not thousands of row entities.
 */
function unpackRows(entity: Record<string, unknown>): JobRow[] {
  const packed = getChunked(entity, 'Rows');
  return packed ? (JSON.parse(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8')) as JobRow[]) : [];
}

export class TableJobRowStore implements JobRowStore {
  readonly #table: TableClient;
  readonly #ready: () => Promise<void>;

  constructor(connectionString: string, table = DEFAULT_NAMES.jobRows) {
    this.#table = tableClient(connectionString, table);
    this.#ready = ensureTable(this.#table);
  }

  async #chunk(jobId: string, chunk: number): Promise<JobRow[]> {
    try {
      return unpackRows(await this.#table.getEntity(jobId, pad(chunk)));
    } catch (error) {
      if (status(error) === 404) return [];
      throw error;
    }
  }

  async range(jobId: string, from: number, to: number): Promise<JobRow[]> {
    await this.#ready();
    const rows: JobRow[] = [];
    for (let chunk = Math.floor(from / ROWS_PER_CHUNK); chunk * ROWS_PER_CHUNK < to; chunk++) rows.push(...(await this.#chunk(jobId, chunk)));
    return rows.filter((r) => r.index >= from && r.index < to);
  }

  async list(jobId: string, state?: JobRowState): Promise<JobRow[]> {
    await this.#ready();
    const rows: JobRow[] = [];
    for await (const e of this.#table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${jobId}` } })) rows.push(...unpackRows(e));
    return rows.filter((r) => !state || r.state === state).sort((a, b) => a.index - b.index);
  }

  async put(jobId: string, rows: JobRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.#ready();
    const byChunk = new Map<number, JobRow[]>();
    for (const row of rows) byChunk.set(Math.floor(row.index / ROWS_PER_CHUNK), [...(byChunk.get(Math.floor(row.index / ROWS_PER_CHUNK)) ?? []), row]);
    for (const [chunk, changed] of byChunk) {
      const merged = new Map((await this.#chunk(jobId, chunk)).map((r) => [r.index, r]));
      for (const row of changed) merged.set(row.index, row);
      const entity: TableEntity = { partitionKey: jobId, rowKey: pad(chunk) };
      // gzip keeps a chunk of 500 rows (values included while they are being written) well under 1 MB.
      setChunked(entity, 'Rows', gzipSync(JSON.stringify([...merged.values()].sort((a, b) => a.index - b.index))).toString('base64'));
      await this.#table.upsertEntity(entity, 'Replace');
    }
  }

  async deleteJob(jobId: string): Promise<void> {
    await this.#ready();
    for await (const e of this.#table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${jobId}`, select: ['RowKey'] } })) await this.#table.deleteEntity(jobId, e.rowKey as string);
  }
}

export class BlobJobInputStore implements JobInputStore {
  readonly #container: ContainerClient;
  #ready?: Promise<unknown>;

  constructor(connectionString: string, container = DEFAULT_NAMES.jobInputs) {
    this.#container = blobServiceClient(connectionString).getContainerClient(container);
  }

  #init(): Promise<unknown> {
    this.#ready ??= this.#container.createIfNotExists().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  async put(jobId: string, text: string): Promise<void> {
    await this.#init();
    await this.#container.getBlockBlobClient(`${jobId}.txt`).uploadData(gzipSync(text));
  }

  async get(jobId: string): Promise<string | undefined> {
    await this.#init();
    try {
      return gunzipSync(await this.#container.getBlockBlobClient(`${jobId}.txt`).downloadToBuffer()).toString('utf8');
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
  }

  async delete(jobId: string): Promise<void> {
    await this.#init();
    await this.#container.getBlockBlobClient(`${jobId}.txt`).deleteIfExists();
  }
}

export class TableSheetStateStore extends TableRecords<SheetState> implements SheetStateStore {
  constructor(connectionString: string, table = DEFAULT_NAMES.sheetStates) {
    super(connectionString, table, 'sheet', 'Sheet state', () => ({}));
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

  async append(message: StoredMessage): Promise<StoredMessage> {
    await this.#ready();
    const entity: TableEntity = { partitionKey: message.sessionId, rowKey: message.id, Conversation: message.conversation, Role: message.role };
    if (message.clientMessageId) entity.ClientMessageId = message.clientMessageId;
    setChunked(entity, 'Data', JSON.stringify(message));
    if (message.role === 'user' && message.clientMessageId) {
      // The client id index is a point read later; written atomically with the message.
      const index = { partitionKey: message.sessionId, rowKey: `~client:${message.clientMessageId}`, MessageId: message.id };
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
    for await (const entity of this.#table.listEntities({ queryOptions: { filter } })) {
      messages.push(JSON.parse(getChunked(entity, 'Data')!) as StoredMessage);
      if (messages.length >= limit) break;
    }
    return messages;
  }

  async findByClientId(sessionId: string, clientMessageId: string): Promise<StoredMessage | undefined> {
    await this.#ready();
    try {
      const index = await this.#table.getEntity(sessionId, `~client:${clientMessageId}`);
      const entity = await this.#table.getEntity(sessionId, index.MessageId as string);
      return JSON.parse(getChunked(entity, 'Data')!) as StoredMessage;
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.#ready();
    for await (const entity of this.#table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${sessionId}`, select: ['RowKey'] } })) {
      await this.#table.deleteEntity(sessionId, entity.rowKey as string);
    }
  }
}

export class BlobSnapshotStore implements SnapshotStore {
  readonly #index: TableClient;
  readonly #indexReady: () => Promise<void>;
  readonly #container: ContainerClient;
  #containerReady?: Promise<unknown>;

  constructor(connectionString: string, names: Pick<StorageNames, 'snapshots' | 'snapshotContainer'> = DEFAULT_NAMES) {
    this.#index = tableClient(connectionString, names.snapshots);
    this.#indexReady = ensureTable(this.#index);
    this.#container = blobServiceClient(connectionString).getContainerClient(names.snapshotContainer);
  }

  async #ready(): Promise<void> {
    this.#containerReady ??= this.#container.createIfNotExists().catch((error: unknown) => {
      this.#containerReady = undefined;
      throw error;
    });
    await Promise.all([this.#indexReady(), this.#containerReady]);
  }

  #blob(sheetId: number, version: number) {
    return this.#container.getBlockBlobClient(`${sheetId}/${version}.json.gz`);
  }

  async put(sheet: Sheet): Promise<SnapshotInfo> {
    await this.#ready();
    const existing = await this.#info(sheet.id, sheet.version);
    if (existing) return existing;
    const body = gzipSync(JSON.stringify(sheet));
    await this.#blob(sheet.id, sheet.version).uploadData(body, { blobHTTPHeaders: { blobContentType: 'application/json', blobContentEncoding: 'gzip' } });
    const info: SnapshotInfo = { sheetId: sheet.id, version: sheet.version, rows: sheet.rows.length, bytes: body.length, createdAt: new Date().toISOString() };
    // The index entry is written after the blob, so an indexed snapshot always has its data.
    await this.#index.upsertEntity({ partitionKey: String(sheet.id), rowKey: pad(sheet.version), Rows: info.rows, Bytes: info.bytes, CreatedAt: info.createdAt }, 'Replace');
    return info;
  }

  async #info(sheetId: number, version: number): Promise<SnapshotInfo | undefined> {
    try {
      const e = await this.#index.getEntity(String(sheetId), pad(version));
      return { sheetId, version, rows: e.Rows as number, bytes: e.Bytes as number, createdAt: e.CreatedAt as string };
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
  }

  async get(sheetId: number, version: number): Promise<Sheet | undefined> {
    await this.#ready();
    try {
      const buffer = await this.#blob(sheetId, version).downloadToBuffer();
      return JSON.parse(gunzipSync(buffer).toString('utf8')) as Sheet;
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
  }

  async latest(sheetId: number): Promise<SnapshotInfo | undefined> {
    return (await this.list(sheetId)).at(-1);
  }

  async list(sheetId: number): Promise<SnapshotInfo[]> {
    await this.#ready();
    const infos: SnapshotInfo[] = [];
    for await (const e of this.#index.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${String(sheetId)}` } })) {
      infos.push({ sheetId, version: Number(e.rowKey), rows: e.Rows as number, bytes: e.Bytes as number, createdAt: e.CreatedAt as string });
    }
    return infos;
  }

  async delete(sheetId: number, version: number): Promise<void> {
    await this.#ready();
    await this.#index.deleteEntity(String(sheetId), pad(version)).catch((error: unknown) => {
      if (status(error) !== 404) throw error;
    });
    await this.#blob(sheetId, version).deleteIfExists();
  }
}
