import { gunzipSync, gzipSync } from 'node:zlib';
import type { ContainerClient } from '@azure/storage-blob';
import { odata, TableClient, type TableEntity } from '@azure/data-tables';
import { getChunked, setChunked } from '../../shared/util/chunked.js';
import { ROWS_PER_CHUNK, type JobInputStore, type JobRow, type JobRowState, type JobRowStore } from '../jobs/job.model.js';
import { DEFAULT_NAMES, pad, status } from './table-stores.adapter.js';
import { blobServiceClient, ensureContainer, ensureTable, tableClient } from './table-storage.adapter.js';

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
  readonly #init: () => Promise<void>;

  constructor(connectionString: string, container = DEFAULT_NAMES.jobInputs) {
    this.#container = blobServiceClient(connectionString).getContainerClient(container);
    this.#init = ensureContainer(this.#container);
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
