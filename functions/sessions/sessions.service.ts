import type { Sheet } from '../../shared/sheet/model.js';
import { AppError, NotFoundError, describeError } from '../platform/errors.js';
import { refusedAccess, type SmartsheetPort } from '../smartsheet/smartsheet.port.js';
import type { MessageStore, SessionStore, SnapshotStore, Stored } from '../storage/stores.port.js';
import { opaqueId } from '../storage/ids.js';
import { updateWithRetry } from '../storage/optimistic.js';
import { closedConversation, CONVERSATIONS_NAMED, effectiveState, markFailed, markReady, newSession, startReload, type ClosedConversation, type Session, type SessionState } from './session.model.js';

/** What a client sees of a session. */
export interface SessionView {
  sessionId: string;
  sheetId: number;
  sheetName?: string;
  /** The app's access to the sheet (Smartsheet's level); VIEWER or COMMENTER: nothing can be changed. */
  access?: string;
  state: SessionState;
  conversation: number;
  /** Earlier conversations named by their first message, newest first. */
  conversations?: ClosedConversation[];
  createdAt: string;
  lastActiveAt: string;
}

export interface LoadRequest {
  sessionId: string;
  sheetId: number;
  load: number;
}

export interface SessionsDeps {
  sessions: SessionStore;
  /** Read for the first message of a conversation a new chat closes. */
  messages: MessageStore;
  snapshots: SnapshotStore;
  smartsheet: SmartsheetPort;
  idleMinutes: number;
  now?: () => Date;
}

/** 409 with the session's current state: the one answer to "not ready". */
export class SessionNotReadyError extends AppError {
  constructor(readonly state: SessionState) {
    super('CONFLICT', `The session is not ready (state: ${state.status}${state.status === 'failed' ? `: ${state.reason}` : ''}).`, 409, { details: { state } });
  }
}

/** Sessions this instance has read or written, newest last: a turn's guess, never its authority. */
const KNOWN_MAX = 5000;

export class SessionsService {
  readonly #known = new Map<string, Session>();

  constructor(private readonly deps: SessionsDeps) {}

  #remember(session: Session): Session {
    this.#known.delete(session.id);
    this.#known.set(session.id, session);
    if (this.#known.size > KNOWN_MAX) this.#known.delete(this.#known.keys().next().value!);
    return session;
  }

  /**
   * The caller's session as this instance last saw it, if it was ready then — a guess that lets a
   * turn store its message while the session is read (see ChatService). The owner never changes,
   * so a remembered owner is a checked one; everything else is checked again by requireReady.
   */
  lastKnown(userId: string, sessionId: string): { session: Session; sheetVersion: number } | undefined {
    const session = this.#known.get(sessionId);
    if (!session || session.userId !== userId) return undefined;
    const state = effectiveState(session, this.#now(), this.deps.idleMinutes);
    return state.status === 'ready' ? { session, sheetVersion: state.sheetVersion } : undefined;
  }

  #now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  view(session: Session): SessionView {
    return {
      sessionId: session.id,
      sheetId: session.sheetId,
      ...(session.sheetName ? { sheetName: session.sheetName } : {}),
      ...(session.access ? { access: session.access } : {}),
      state: effectiveState(session, this.#now(), this.deps.idleMinutes),
      conversation: session.conversation,
      ...(session.conversations?.length ? { conversations: [...session.conversations].reverse() } : {}),
      createdAt: session.createdAt,
      lastActiveAt: session.lastActiveAt,
    };
  }

  /** Creates a loading session; the caller starts its load (a durable orchestration). */
  async create(userId: string, sheetId: number, startLoad: (request: LoadRequest) => Promise<void>): Promise<SessionView> {
    const session = newSession(opaqueId(), userId, sheetId, this.#now().toISOString());
    await this.deps.sessions.create(session);
    await this.#start(session, startLoad);
    return this.view(session);
  }

  async #start(session: Session, startLoad: (request: LoadRequest) => Promise<void>): Promise<void> {
    try {
      await startLoad({ sessionId: session.id, sheetId: session.sheetId, load: session.loads });
    } catch (error) {
      await this.#mutate(session.id, (s) => markFailed(s, `Could not start loading the sheet: ${describeError(error)}`, true));
      throw error;
    }
  }

  /** The caller's own session; anyone else's is "not found". */
  async get(userId: string, sessionId: string): Promise<Stored<Session>> {
    const stored = await this.deps.sessions.get(sessionId);
    if (!stored) {
      this.#known.delete(sessionId);
      throw new NotFoundError('No such session.');
    }
    if (stored.value.userId !== userId) throw new NotFoundError('No such session.');
    this.#remember(stored.value);
    return stored;
  }

  async list(userId: string): Promise<SessionView[]> {
    return (await this.deps.sessions.listByUser(userId)).sort((a, b) => b.lastActiveAt.localeCompare(a.lastActiveAt)).map((s) => this.view(s));
  }

  async reload(userId: string, sessionId: string, startLoad: (request: LoadRequest) => Promise<void>): Promise<SessionView> {
    await this.get(userId, sessionId);
    let restarted = false;
    const session = await this.#mutate(sessionId, (s) => {
      if (s.state.status === 'loading') return s; // a load is already under way
      restarted = true;
      return startReload(s, this.#now().toISOString());
    });
    if (restarted) await this.#start(session, startLoad);
    return this.view(session);
  }

  /** A ready session and its snapshot; 409 with the state otherwise. */
  async requireReady(userId: string, sessionId: string): Promise<{ session: Session; sheet: Sheet }> {
    const { value: session } = await this.get(userId, sessionId);
    const state = effectiveState(session, this.#now(), this.deps.idleMinutes);
    if (state.status !== 'ready') throw new SessionNotReadyError(state);
    const sheet = await this.deps.snapshots.get(session.sheetId, state.sheetVersion);
    if (!sheet) throw new SessionNotReadyError({ status: 'failed', reason: `The snapshot of version ${state.sheetVersion} is missing; reload the session.`, retryable: true });
    return { session, sheet };
  }

  /**
   * A fresh conversation on the same sheet; the one it closes is named by its first message, to be read back by. A
   * conversation with no message yet is not closed (nothing to start afresh from); nor is one another tab closed meanwhile.
   */
  async newChat(userId: string, sessionId: string): Promise<SessionView> {
    const { value: session } = await this.get(userId, sessionId);
    const [first] = await this.deps.messages.list(sessionId, { conversation: session.conversation, limit: 1 });
    if (!first) return this.view(session);
    const closed = closedConversation(session.conversation, first);
    return this.view(
      await this.#mutate(sessionId, (s) =>
        s.conversation !== closed.conversation ? s : { ...s, conversation: s.conversation + 1, conversations: [...(s.conversations ?? []), closed].slice(-CONVERSATIONS_NAMED), lastActiveAt: this.#now().toISOString() },
      ),
    );
  }

  /** After our own write: the session reads the new version (snapshot stored first). */
  async adopt(sessionId: string, sheet: Sheet): Promise<void> {
    await this.deps.snapshots.put(sheet);
    await this.#mutate(sessionId, (s) => (s.state.status === 'ready' && s.state.sheetVersion < sheet.version ? markReady(s, sheet.version, sheet.name) : s));
  }

  /**
   * After a write Smartsheet refused for the app's access (403/1004): the session reads that access again (one small
   * read, no rows) — sharing changes with no new version, so no load would notice — and the chat and grid go view
   * only. Anything else, and a read that fails (the sheet unshared), leaves the session as it is.
   */
  async afterRefusal(sessionId: string, error: unknown): Promise<void> {
    if (!refusedAccess(error)) return;
    try {
      const stored = await this.deps.sessions.get(sessionId);
      if (!stored) return;
      const { accessLevel } = await this.deps.smartsheet.getRowsModifiedSince(stored.value.sheetId, this.#now().toISOString());
      if (accessLevel) await this.#mutate(sessionId, (s) => (s.access === accessLevel ? s : { ...s, access: accessLevel }));
    } catch {
      // The refusal is what the caller reports; the access is read again at the next load.
    }
  }

  /** A person's write to the session's sheet: one Smartsheet refuses for the app's access turns the session view only (afterRefusal) before the refusal is answered. */
  async written<T>(sessionId: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      await this.afterRefusal(sessionId, error);
      throw error;
    }
  }

  /** Later turns read the conversation after `messageId` (never moves back). */
  async skipHistoryThrough(sessionId: string, messageId: string): Promise<void> {
    await this.#mutate(sessionId, (s) => (s.historyAfter && s.historyAfter >= messageId ? s : { ...s, historyAfter: messageId }));
  }

  async touch(sessionId: string): Promise<void> {
    await this.#mutate(sessionId, (s) => ({ ...s, lastActiveAt: this.#now().toISOString() }));
  }

  /**
   * The load itself (run by the orchestration's activity): the whole sheet from
   * Smartsheet into an immutable snapshot, then ready(version) — or failed(reason).
   * A load that a newer one has replaced does not touch the session.
   */
  async load(request: LoadRequest): Promise<SessionState> {
    try {
      // The access comes with each whole read and is kept on the session (a snapshot is per version, sharing is not).
      const { accessLevel, ...sheet } = await this.deps.smartsheet.getSheet(request.sheetId);
      await this.deps.snapshots.put(sheet);
      return (await this.#mutate(request.sessionId, (s) => (s.loads === request.load ? markReady(s, sheet.version, sheet.name, accessLevel) : s))).state;
    } catch (error) {
      const retryable = error instanceof AppError ? error.retryable : true;
      const reason = error instanceof AppError ? error.message : `Loading failed: ${describeError(error)}`;
      return (await this.#mutate(request.sessionId, (s) => (s.loads === request.load ? markFailed(s, reason, retryable) : s))).state;
    }
  }

  async #mutate(sessionId: string, change: (session: Session) => Session): Promise<Session> {
    return this.#remember(await updateWithRetry(this.deps.sessions, sessionId, change, 'session'));
  }
}
