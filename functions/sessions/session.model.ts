/**
 * A session is a state machine: loading → ready(sheetVersion) | failed(reason, retryable),
 * and expired when idle too long. Only a ready session answers questions.
 */
export type SessionState =
  | { status: 'loading' }
  | { status: 'ready'; sheetVersion: number }
  | { status: 'failed'; reason: string; retryable: boolean }
  | { status: 'expired' };

export interface Session {
  id: string;
  userId: string;
  sheetId: number;
  sheetName?: string;
  /**
   * The access the app's Smartsheet account has to the sheet, as Smartsheet said at the last load (VIEWER, COMMENTER,
   * EDITOR, EDITOR_SHARE, ADMIN, OWNER): sharing can change with no new version, so it is the session's, not a snapshot's.
   */
  access?: string;
  state: SessionState;
  /** Bumped by "new chat": messages of earlier conversations stay for the record. */
  conversation: number;
  /** Earlier conversations named by their first message, oldest first (the newest CONVERSATIONS_NAMED), to read back. */
  conversations?: ClosedConversation[];
  /** Counts loads, so each load has its own orchestration instance. */
  loads: number;
  /** Turns read the conversation after this message: only the newest messages reach the prompt (see ChatService). */
  historyAfter?: string;
  createdAt: string;
  lastActiveAt: string;
}

/** A conversation a new chat closed: its number, its first message (shortened) and when that was sent. */
export interface ClosedConversation {
  conversation: number;
  title: string;
  startedAt: string;
}

/** How many closed conversations a session names (each a few hundred bytes at most; the session is one Table entity). */
export const CONVERSATIONS_NAMED = 50;
const TITLE_MAX = 80;

/** A conversation as named by its first message: on one line, at most TITLE_MAX characters (cut between words). */
export function closedConversation(conversation: number, first: { text: string; createdAt: string }): ClosedConversation {
  const line = first.text.replace(/\s+/g, ' ').trim();
  const cut = line.slice(0, TITLE_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return { conversation, title: line.length > TITLE_MAX ? `${space > TITLE_MAX / 2 ? cut.slice(0, space) : cut}…` : line, startedAt: first.createdAt };
}

export function newSession(id: string, userId: string, sheetId: number, now: string): Session {
  return { id, userId, sheetId, state: { status: 'loading' }, conversation: 1, loads: 1, createdAt: now, lastActiveAt: now };
}

export function markReady(session: Session, sheetVersion: number, sheetName: string, access?: string): Session {
  return { ...session, sheetName, ...(access ? { access } : {}), state: { status: 'ready', sheetVersion } };
}

export function markFailed(session: Session, reason: string, retryable: boolean): Session {
  return { ...session, state: { status: 'failed', reason, retryable } };
}

export function startReload(session: Session, now: string): Session {
  return { ...session, state: { status: 'loading' }, loads: session.loads + 1, lastActiveAt: now };
}

/** The state a caller sees: an idle session has expired whatever it stored. */
export function effectiveState(session: Session, now: Date, idleMinutes: number): SessionState {
  const idleMs = now.getTime() - Date.parse(session.lastActiveAt);
  return idleMs > idleMinutes * 60_000 ? { status: 'expired' } : session.state;
}
