import type { Sheet } from '../../shared/sheet/model.js';
import { ConflictError, NotFoundError } from '../platform/errors.js';
import type { Session } from '../sessions/session.model.js';
import type { ChangeSet } from '../changesets/changeset.model.js';
import type { Job, JobInputStore, JobRow, JobRowState, JobRowStore } from '../jobs/job.model.js';
import type { ChangeSetStore, MessageStore, PostedComment, PostedCommentStore, SessionStore, SheetState, SheetStateStore, SnapshotInfo, SnapshotStore, Stored, StoredMessage, WebhookRecord, WebhookStore } from './stores.port.js';

/** In-memory stores: the same contract as the Azure adapters, for tests and single-process runs. */
const clone = <T>(value: T): T => structuredClone(value);

/** ETag-guarded records by id: the shared core of the in-memory session and change-set stores. */
class MemoryRecords<T extends { id: string }> {
  protected readonly items = new Map<string, Stored<T>>();
  #etag = 0;

  constructor(private readonly what: string) {}

  async create(value: T): Promise<Stored<T>> {
    if (this.items.has(value.id)) throw new ConflictError(`${this.what} ${value.id} already exists.`);
    const stored = { value: clone(value), etag: String(++this.#etag) };
    this.items.set(value.id, stored);
    return clone(stored);
  }

  async get(id: string): Promise<Stored<T> | undefined> {
    const stored = this.items.get(id);
    return stored && clone(stored);
  }

  async update(value: T, etag: string): Promise<Stored<T>> {
    const current = this.items.get(value.id);
    if (!current || current.etag !== etag) throw new ConflictError(`${this.what} ${value.id} changed meanwhile.`);
    const stored = { value: clone(value), etag: String(++this.#etag) };
    this.items.set(value.id, stored);
    return clone(stored);
  }

  async list(): Promise<T[]> {
    return this.where(() => true);
  }

  async delete(id: string): Promise<void> {
    this.items.delete(id);
  }

  protected where(test: (value: T) => boolean): T[] {
    return [...this.items.values()].filter((s) => test(s.value)).map((s) => clone(s.value));
  }
}

export class MemoryJobStore extends MemoryRecords<Job> {
  constructor() {
    super('Job');
  }

  async listBySession(sessionId: string): Promise<Job[]> {
    return this.where((j) => j.sessionId === sessionId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}

export class MemoryJobRowStore implements JobRowStore {
  readonly #jobs = new Map<string, Map<number, JobRow>>();

  async range(jobId: string, from: number, to: number): Promise<JobRow[]> {
    return [...(this.#jobs.get(jobId)?.values() ?? [])].filter((r) => r.index >= from && r.index < to).sort((a, b) => a.index - b.index).map(clone);
  }

  async put(jobId: string, rows: JobRow[]): Promise<void> {
    const job = this.#jobs.get(jobId) ?? new Map<number, JobRow>();
    for (const row of rows) job.set(row.index, clone(row));
    this.#jobs.set(jobId, job);
  }

  async list(jobId: string, state?: JobRowState): Promise<JobRow[]> {
    return (await this.range(jobId, 0, Number.MAX_SAFE_INTEGER)).filter((r) => !state || r.state === state);
  }

  async deleteJob(jobId: string): Promise<void> {
    this.#jobs.delete(jobId);
  }
}

export class MemoryJobInputStore implements JobInputStore {
  readonly #items = new Map<string, string>();

  async put(jobId: string, text: string): Promise<void> {
    this.#items.set(jobId, text);
  }

  async get(jobId: string): Promise<string | undefined> {
    return this.#items.get(jobId);
  }

  async delete(jobId: string): Promise<void> {
    this.#items.delete(jobId);
  }
}

export class MemoryWebhookStore extends MemoryRecords<WebhookRecord> implements WebhookStore {
  constructor() {
    super('Webhook');
  }
}

export class MemoryPostedCommentStore extends MemoryRecords<PostedComment> implements PostedCommentStore {
  constructor() {
    super('Posted comment');
  }

  async listByAuthor(sheetId: number, userId: string) {
    return (await this.list()).filter((c) => c.sheetId === sheetId && c.userId === userId);
  }
}

export class MemorySheetStateStore extends MemoryRecords<SheetState> implements SheetStateStore {
  constructor() {
    super('Sheet state');
  }
}

export class MemorySessionStore extends MemoryRecords<Session> implements SessionStore {
  constructor() {
    super('Session');
  }

  async listByUser(userId: string): Promise<Session[]> {
    return this.where((s) => s.userId === userId);
  }

  async listBySheet(sheetId: number): Promise<Session[]> {
    return this.where((s) => s.sheetId === sheetId);
  }

  async listActiveSince(since: string): Promise<Session[]> {
    return this.where((s) => s.lastActiveAt >= since);
  }
}

export class MemoryChangeSetStore extends MemoryRecords<ChangeSet> implements ChangeSetStore {
  constructor() {
    super('Change set');
  }

  async listBySession(sessionId: string): Promise<ChangeSet[]> {
    return this.where((c) => c.sessionId === sessionId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}

export class MemoryMessageStore implements MessageStore {
  readonly #items = new Map<string, StoredMessage[]>();

  async append(message: StoredMessage): Promise<StoredMessage> {
    const list = this.#items.get(message.sessionId) ?? [];
    if (message.role === 'user' && message.clientMessageId && list.some((m) => m.role === 'user' && m.clientMessageId === message.clientMessageId)) {
      throw new ConflictError(`Message ${message.clientMessageId} was already sent.`);
    }
    list.push(clone(message));
    this.#items.set(message.sessionId, list);
    return clone(message);
  }

  async list(sessionId: string, options: { after?: string; limit?: number; conversation?: number } = {}): Promise<StoredMessage[]> {
    return (this.#items.get(sessionId) ?? [])
      .filter((m) => (!options.after || m.id > options.after) && (options.conversation === undefined || m.conversation === options.conversation))
      .slice(0, options.limit ?? 100)
      .map(clone);
  }

  async findByClientId(sessionId: string, clientMessageId: string): Promise<StoredMessage | undefined> {
    const found = (this.#items.get(sessionId) ?? []).find((m) => m.clientMessageId === clientMessageId && m.role === 'user');
    return found && clone(found);
  }

  async revise(message: StoredMessage): Promise<StoredMessage> {
    const list = this.#items.get(message.sessionId) ?? [];
    const at = list.findIndex((m) => m.id === message.id);
    if (at < 0) throw new NotFoundError('No such message.');
    list[at] = clone(message);
    return clone(message);
  }

  readonly #stops = new Set<string>();

  async requestStop(sessionId: string, clientMessageId: string): Promise<void> {
    this.#stops.add(`${sessionId}/${clientMessageId}`);
  }

  async stopRequested(sessionId: string, clientMessageId: string): Promise<boolean> {
    return this.#stops.has(`${sessionId}/${clientMessageId}`);
  }

  async clearStop(sessionId: string, clientMessageId: string): Promise<void> {
    this.#stops.delete(`${sessionId}/${clientMessageId}`);
  }

  async withdraw(message: StoredMessage): Promise<void> {
    const list = this.#items.get(message.sessionId);
    if (list) this.#items.set(message.sessionId, list.filter((m) => m.id !== message.id));
  }

  async deleteSession(sessionId: string): Promise<void> {
    this.#items.delete(sessionId);
  }
}

export class MemorySnapshotStore implements SnapshotStore {
  readonly #items = new Map<string, { sheet: Sheet; info: SnapshotInfo }>();

  async put(sheet: Sheet): Promise<SnapshotInfo> {
    const key = `${sheet.id}:${sheet.version}`;
    const existing = this.#items.get(key);
    if (existing) return existing.info;
    const info: SnapshotInfo = { sheetId: sheet.id, version: sheet.version, rows: sheet.rows.length, bytes: JSON.stringify(sheet).length, createdAt: new Date().toISOString() };
    this.#items.set(key, { sheet: clone(sheet), info });
    return info;
  }

  async get(sheetId: number, version: number): Promise<Sheet | undefined> {
    const found = this.#items.get(`${sheetId}:${version}`);
    return found && clone(found.sheet);
  }

  async latest(sheetId: number): Promise<SnapshotInfo | undefined> {
    return (await this.list(sheetId)).at(-1);
  }

  async list(sheetId: number): Promise<SnapshotInfo[]> {
    return [...this.#items.values()].filter((s) => s.info.sheetId === sheetId).map((s) => s.info).sort((a, b) => a.version - b.version);
  }

  async delete(sheetId: number, version: number): Promise<void> {
    this.#items.delete(`${sheetId}:${version}`);
  }
}
