import { gunzipSync, gzipSync } from 'node:zlib';
import type { ContainerClient } from '@azure/storage-blob';
import { odata, type TableClient } from '@azure/data-tables';
import type { Sheet } from '../../shared/sheet/model.js';
import type { SnapshotInfo, SnapshotStore } from './stores.port.js';
import { DEFAULT_NAMES, pad, status, type StorageNames } from './table-stores.adapter.js';
import { blobServiceClient, ensureContainer, ensureTable, tableClient } from './table-storage.adapter.js';

/** Snapshots: gzip JSON blobs `snapshots/<sheetId>/<version>.json.gz` with a table index (a large sheet is far beyond a 1 MB entity). */
export class BlobSnapshotStore implements SnapshotStore {
  readonly #index: TableClient;
  readonly #indexReady: () => Promise<void>;
  readonly #container: ContainerClient;
  readonly #containerReady: () => Promise<void>;

  constructor(connectionString: string, names: Pick<StorageNames, 'snapshots' | 'snapshotContainer'> = DEFAULT_NAMES) {
    this.#index = tableClient(connectionString, names.snapshots);
    this.#indexReady = ensureTable(this.#index);
    this.#container = blobServiceClient(connectionString).getContainerClient(names.snapshotContainer);
    this.#containerReady = ensureContainer(this.#container);
  }

  async #ready(): Promise<void> {
    await Promise.all([this.#indexReady(), this.#containerReady()]);
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
