import { odata, TableClient, type TableEntity } from '@azure/data-tables';
import { getChunked, setChunked } from '../../shared/util/chunked.js';
import { ConflictError, NotFoundError } from '../platform/errors.js';
import type { MessageStore, StoredMessage } from './stores.port.js';
import { ensureTable, tableClient } from './table-storage.adapter.js';
import { DEFAULT_NAMES, deleteIfThere, status } from './table-stores.adapter.js';

/** Messages in Table Storage: entities under their session's partition, ordered by id. */
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
