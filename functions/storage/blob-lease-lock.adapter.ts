import type { ContainerClient } from '@azure/storage-blob';
import { blobServiceClient, ensureContainer } from './table-storage.adapter.js';
import type { SheetWriteLock } from '../smartsheet/sheet-write-lock.js';

/**
 * Serialises writes to a sheet across every instance with a blob lease
 * (`locks/sheet-<id>`): acquire (waiting while another holder has it), work, release.
 * A lease is 15 s (the shortest Azure allows) and renewed every 5 s while the work
 * runs, so a crashed holder frees the sheet within 15 s.
 */
export class BlobLeaseWriteLock implements SheetWriteLock {
  readonly #container: ContainerClient;
  readonly #ready: () => Promise<void>;

  constructor(connectionString: string, private readonly waitMs = 30_000) {
    const insecure = connectionString === 'UseDevelopmentStorage=true' || /Endpoint=http:\/\//i.test(connectionString);
    this.#container = blobServiceClient(connectionString, insecure ? { retryOptions: { maxTries: 2 } } : {}).getContainerClient('locks');
    this.#ready = ensureContainer(this.#container);
  }

  async withLock<T>(sheetId: number, work: () => Promise<T>): Promise<T> {
    await this.#ready();
    const blob = this.#container.getBlockBlobClient(`sheet-${sheetId}`);
    if (!(await blob.exists())) await blob.upload('', 0).catch(() => undefined);
    const lease = blob.getBlobLeaseClient();
    const deadline = Date.now() + this.waitMs;
    for (let delay = 25; ; delay = Math.min(delay * 2, 500)) {
      try {
        await lease.acquireLease(15);
        break;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 409 || Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    const renew = setInterval(() => void lease.renewLease().catch(() => undefined), 5_000);
    try {
      return await work();
    } finally {
      clearInterval(renew);
      await lease.releaseLease().catch(() => undefined);
    }
  }
}
