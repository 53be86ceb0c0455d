import { TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { getChunked, setChunked } from '../../shared/util/chunked.js';
import type { HistoryEvent, InboxMessage, RuntimeStatus } from './history.js';

/**
 * Durable state in Table Storage, one partition per instance, so an episode's
 * history, its inbox deletions and the instance row commit in one transaction:
 *   `~instance`          the instance row
 *   `h:<exec>:<seq>`     history events of an execution
 *   `i:<time>:<n>`       inbox messages not yet delivered
 * Payloads larger than a property allows are split across numbered properties.
 */
export interface InstanceRecord {
  instanceId: string;
  name: string;
  executionId: string;
  runtimeStatus: RuntimeStatus;
  input?: string;
  output?: string;
  customStatus?: string;
  createdTime: string;
  lastUpdatedTime: string;
  parentInstanceId?: string;
  parentExecutionId?: string;
  parentEventId?: number;
  failure?: string;
  etag?: string;
}

const INSTANCE_ROW = '~instance';
const pad = (n: number, width: number) => String(n).padStart(width, '0');

function toInstanceEntity(record: InstanceRecord): TableEntity {
  const entity: TableEntity = {
    partitionKey: record.instanceId,
    rowKey: INSTANCE_ROW,
    Name: record.name,
    ExecutionId: record.executionId,
    RuntimeStatus: record.runtimeStatus,
    CreatedTime: record.createdTime,
    LastUpdatedTime: record.lastUpdatedTime,
  };
  if (record.parentInstanceId) {
    entity.ParentInstanceId = record.parentInstanceId;
    entity.ParentExecutionId = record.parentExecutionId;
    entity.ParentEventId = record.parentEventId;
  }
  setChunked(entity, 'Input', record.input);
  setChunked(entity, 'Output', record.output);
  setChunked(entity, 'CustomStatus', record.customStatus);
  setChunked(entity, 'Failure', record.failure);
  return entity;
}

function fromInstanceEntity(entity: Record<string, unknown>): InstanceRecord {
  return {
    instanceId: entity.partitionKey as string,
    name: entity.Name as string,
    executionId: entity.ExecutionId as string,
    runtimeStatus: entity.RuntimeStatus as RuntimeStatus,
    input: getChunked(entity, 'Input'),
    output: getChunked(entity, 'Output'),
    customStatus: getChunked(entity, 'CustomStatus'),
    failure: getChunked(entity, 'Failure'),
    createdTime: entity.CreatedTime as string,
    lastUpdatedTime: entity.LastUpdatedTime as string,
    parentInstanceId: entity.ParentInstanceId as string | undefined,
    parentExecutionId: entity.ParentExecutionId as string | undefined,
    parentEventId: entity.ParentEventId as number | undefined,
    etag: entity.etag as string | undefined,
  };
}

export interface EpisodeCommit {
  record: InstanceRecord;
  history: { executionId: string; startIndex: number; events: HistoryEvent[] };
  deleteInbox: string[];
}

let inboxCounter = 0;

export class DurableStore {
  readonly table: TableClient;
  #ready?: Promise<void>;

  constructor(connectionString: string, hubName: string) {
    const insecure = /Endpoint=http:\/\//i.test(connectionString) || connectionString === 'UseDevelopmentStorage=true';
    this.table = TableClient.fromConnectionString(connectionString, `${hubName}Instances`, { allowInsecureConnection: insecure });
  }

  ready(): Promise<void> {
    this.#ready ??= this.table.createTable().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  async getInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    try {
      return fromInstanceEntity(await this.table.getEntity(instanceId, INSTANCE_ROW));
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  async listInstances(filter?: string): Promise<InstanceRecord[]> {
    const records: InstanceRecord[] = [];
    const query = `RowKey eq '${INSTANCE_ROW}'${filter ? ` and (${filter})` : ''}`;
    for await (const entity of this.table.listEntities({ queryOptions: { filter: query } })) records.push(fromInstanceEntity(entity));
    return records;
  }

  async readHistory(instanceId: string, executionId: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    const prefix = `h:${executionId}:`;
    const filter = `PartitionKey eq '${instanceId}' and RowKey ge '${prefix}' and RowKey lt '${prefix}~'`;
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) events.push(JSON.parse(getChunked(entity, 'Event')!) as HistoryEvent);
    return events;
  }

  async readInbox(instanceId: string): Promise<InboxMessage[]> {
    const messages: InboxMessage[] = [];
    const filter = `PartitionKey eq '${instanceId}' and RowKey ge 'i:' and RowKey lt 'i;'`;
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) {
      messages.push({ ...(JSON.parse(getChunked(entity, 'Message')!) as InboxMessage), rowKey: entity.rowKey as string });
    }
    return messages;
  }

  /** Durably queues a message for an instance; returns it with its row key. */
  async enqueue(instanceId: string, message: InboxMessage): Promise<InboxMessage> {
    const rowKey = `i:${pad(Date.now(), 15)}:${pad(inboxCounter++ % 1e9, 9)}`;
    const entity: TableEntity = { partitionKey: instanceId, rowKey };
    setChunked(entity, 'Message', JSON.stringify(message));
    await this.table.createEntity(entity);
    return { ...message, rowKey };
  }

  async putInstance(record: InstanceRecord): Promise<void> {
    await this.table.upsertEntity(toInstanceEntity(record), 'Replace');
  }

  /** History appends, inbox deletions and the instance row, in transactions of at most 100 operations. */
  async commit({ record, history, deleteInbox }: EpisodeCommit): Promise<void> {
    const actions: TransactionAction[] = history.events.map((e, i) => {
      const entity: TableEntity = { partitionKey: record.instanceId, rowKey: `h:${history.executionId}:${pad(history.startIndex + i, 8)}` };
      setChunked(entity, 'Event', JSON.stringify(e));
      return ['upsert', entity, 'Replace'];
    });
    for (const rowKey of deleteInbox) actions.push(['delete', { partitionKey: record.instanceId, rowKey }]);
    actions.push(['upsert', toInstanceEntity(record), 'Replace']);
    for (let i = 0; i < actions.length; i += 100) await this.table.submitTransaction(actions.slice(i, i + 100));
  }

  /** Deletes every row of an instance (history of all executions, inbox, instance row). */
  async purge(instanceId: string): Promise<void> {
    const actions: TransactionAction[] = [];
    for await (const entity of this.table.listEntities({ queryOptions: { filter: `PartitionKey eq '${instanceId}'`, select: ['RowKey'] } })) {
      actions.push(['delete', { partitionKey: instanceId, rowKey: entity.rowKey as string }]);
    }
    for (let i = 0; i < actions.length; i += 100) await this.table.submitTransaction(actions.slice(i, i + 100));
  }

  /** Removes history rows of executions other than the current one (after continueAsNew). */
  async deleteOtherExecutions(instanceId: string, executionId: string): Promise<void> {
    const actions: TransactionAction[] = [];
    const filter = `PartitionKey eq '${instanceId}' and RowKey ge 'h:' and RowKey lt 'h;'`;
    for await (const entity of this.table.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) {
      if (!(entity.rowKey as string).startsWith(`h:${executionId}:`)) actions.push(['delete', { partitionKey: instanceId, rowKey: entity.rowKey as string }]);
    }
    for (let i = 0; i < actions.length; i += 100) await this.table.submitTransaction(actions.slice(i, i + 100));
  }
}
