import type { Sheet } from '../../shared/sheet/model.js';
import { ConflictError } from '../platform/errors.js';
import type { Session } from '../sessions/session.model.js';
import type { MessageStore, SessionStore, SnapshotInfo, SnapshotStore, Stored, StoredMessage } from './stores.port.js';

/** In-memory stores: the same contract as the Azure adapters, for tests and single-process runs. */
const clone = <T>(value: T): T => structuredClone(value);

export class MemorySessionStore implements SessionStore {
  readonly #items = new Map<string, Stored<Session>>();
  #etag = 0;

  async create(session: Session): Promise<Stored<Session>> {
    if (this.#items.has(session.id)) throw new ConflictError(`Session ${session.id} already exists.`);
    const stored = { value: clone(session), etag: String(++this.#etag) };
    this.#items.set(session.id, stored);
    return clone(stored);
  }

  async get(id: string): Promise<Stored<Session> | undefined> {
    const stored = this.#items.get(id);
    return stored && clone(stored);
  }

  async update(session: Session, etag: string): Promise<Stored<Session>> {
    const current = this.#items.get(session.id);
    if (!current || current.etag !== etag) throw new ConflictError(`Session ${session.id} changed meanwhile.`);
    const stored = { value: clone(session), etag: String(++this.#etag) };
    this.#items.set(session.id, stored);
    return clone(stored);
  }

  async listByUser(userId: string): Promise<Session[]> {
    return [...this.#items.values()].filter((s) => s.value.userId === userId).map((s) => clone(s.value));
  }

  async delete(id: string): Promise<void> {
    this.#items.delete(id);
  }
}

export class MemoryMessageStore implements MessageStore {
  readonly #items = new Map<string, StoredMessage[]>();

  async append(message: StoredMessage): Promise<StoredMessage> {
    const list = this.#items.get(message.sessionId) ?? [];
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
