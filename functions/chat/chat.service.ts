import type { GridSelection } from '../../shared/api/contracts.js';
import type { Sheet } from '../../shared/sheet/model.js';
import type { ApprovalControl, ChangeSetsService } from '../changesets/changesets.service.js';
import type { JobControl, JobsService } from '../jobs/jobs.service.js';
import { ConflictError } from '../platform/errors.js';
import type { TraceRef } from '../platform/trace-ref.js';
import type { RealtimePort } from '../realtime/realtime.port.js';
import type { SmartsheetPort } from '../smartsheet/smartsheet.port.js';
import type { Session } from '../sessions/session.model.js';
import type { SessionsService, SessionView } from '../sessions/sessions.service.js';
import { memoOf, rowIdsOf } from '../../shared/query/columns.js';
import { sortableId } from '../storage/ids.js';
import type { MessageStore, StoredMessage } from '../storage/stores.port.js';
import { callRecord, type ToolStep } from './chat-tools.js';
import { ModelError, type ChatModel, type ModelMessage } from './model.port.js';
import { newProgress, runToolLoop, watchForStop } from './tool-loop.js';
import { canonicalCitations, citedRows } from './citations.js';
import { selectionNote } from './grid-selection.js';
import { buildPrompt } from './prompt.js';
import { basisDigests, citedStamps, columnsRead, withoutStamps } from './staleness.js';

export interface ChatDeps {
  sessions: SessionsService;
  messages: MessageStore;
  changeSets: ChangeSetsService;
  jobs?: JobsService;
  /** What get_comments and get_cell_history read from Smartsheet when called (rows' comments, cells' history). */
  live?: Pick<SmartsheetPort, 'getDiscussions' | 'getCellHistory'>;
  model: ChatModel;
  /** Tells the user's other tabs and devices about a turn's messages (best effort, never awaited by the turn). */
  realtime?: Pick<RealtimePort, 'sendToUser'>;
  maxRounds: number;
  tokenBudget: number;
  /**
   * The most a turn may take, from arrival to answer: model calls (and their retries) stop at it, and the turn says
   * so — before a front end gives up on the request (Azure's cuts HTTP requests at 230 s) and leaves the person guessing.
   */
  turnDeadlineMs: number;
  now?: () => Date;
}

export interface TurnResult {
  userMessage: StoredMessage;
  reply: StoredMessage;
}

/** What a turn may start: change-set approvals and jobs (durable, through the trigger's client). */
export interface TurnControls {
  approval: ApprovalControl;
  jobs: JobControl;
  /** The request's correlation id and span, for the work the turn starts. */
  trace?: TraceRef;
}

interface TurnInput {
  userId: string;
  /** The person's sign-in name: what a comment the turn proposes is signed with. */
  author?: string;
  sessionId: string;
  clientMessageId: string;
  text: string;
  /** The cells selected in the grid as it was sent: what "these" in it means. */
  selection?: GridSelection | undefined;
}

/** What a user message is stored on: the session's conversation, where its history starts, and the sheet version. */
interface Basis {
  conversation: number;
  historyAfter: string | undefined;
  sheetVersion: number;
}

const basisOf = (session: Session, sheetVersion: number): Basis => ({ conversation: session.conversation, historyAfter: session.historyAfter, sheetVersion });
const sameBasis = (a: Basis, b: Basis) => a.conversation === b.conversation && a.historyAfter === b.historyAfter && a.sheetVersion === b.sheetVersion;

/** The user message as stored (fresh: by this call) and the conversation before it, being read. */
interface Recorded {
  message: StoredMessage;
  fresh: boolean;
  earlier: Promise<StoredMessage[]>;
}

/** Earlier messages a prompt may hold at most (then as many of the newest as fit the token budget). */
export const HISTORY_KEEP = 200;
/** Earlier answers whose tool calls go with them into the prompt (the newest). */
const RECORDED_ANSWERS = 3;
/** A safety cap on one history read; the session's history start keeps reads near 2 × HISTORY_KEEP. */
const HISTORY_READ_MAX = 1000;

/**
 * One chat turn, inline in the HTTP call: the user message is stored first; the
 * model runs the tool loop against one immutable snapshot (read tools answer;
 * write tools become change sets awaiting approval); the answer is stored with the
 * sheet version and the rows it cites. The same clientMessageId twice is one turn.
 */
export class ChatService {
  readonly #inFlight = new Map<string, Promise<TurnResult>>();

  constructor(private readonly deps: ChatDeps) {}

  turn(input: TurnInput, controls: TurnControls): Promise<TurnResult> {
    const key = `${input.sessionId}:${input.clientMessageId}`;
    let running = this.#inFlight.get(key);
    if (!running) {
      running = this.#turn(input, controls).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, running);
    }
    return running;
  }

  /** A fresh conversation on the session's sheet; the user's other tabs move to it too. */
  async newChat(userId: string, sessionId: string): Promise<SessionView> {
    const view = await this.deps.sessions.newChat(userId, sessionId);
    this.#announce(userId, sessionId, view.conversation, []);
    return view;
  }

  /**
   * Stops the turn of a message still being answered: its model call and any step after it (change sets and jobs it
   * proposed stay, awaiting approval). Said through storage, for the turn may run on another instance: it looks every
   * STOP_POLL_MS (tool-loop.ts). A message not stored yet (Stop pressed as it was sent) is stopped once its turn looks.
   * `stopping` is false when the message has its answer, or the reason it has none, already.
   */
  async stop(userId: string, sessionId: string, clientMessageId: string): Promise<{ stopping: boolean }> {
    await this.deps.sessions.get(userId, sessionId);
    const sent = await this.deps.messages.findByClientId(sessionId, clientMessageId);
    if (sent && (await this.#reply(sessionId, sent, true))) return { stopping: false };
    await this.deps.messages.requestStop(sessionId, clientMessageId);
    return { stopping: true };
  }

  /** The answer to a user message — or, `failed` too, the message saying why there is none. */
  async #reply(sessionId: string, userMessage: StoredMessage, failed = false): Promise<StoredMessage | undefined> {
    return (await this.deps.messages.list(sessionId, { after: userMessage.id, limit: 50 })).find((m) => m.role === 'assistant' && m.extra?.replyTo === userMessage.id && (failed || !m.extra?.error));
  }

  /**
   * Stores the user message on a session's basis (its conversation and sheet version) — once per client
   * id: an id sent before yields the message stored then — and reads the conversation before it alongside.
   */
  async #record(input: TurnInput, basis: Basis, now: Date): Promise<Recorded> {
    const candidate: StoredMessage = {
      id: sortableId(),
      sessionId: input.sessionId,
      conversation: basis.conversation,
      role: 'user',
      text: input.text,
      clientMessageId: input.clientMessageId,
      sheetVersion: basis.sheetVersion,
      createdAt: now.toISOString(),
      ...(input.selection ? { extra: { selection: input.selection } } : {}),
    };
    const earlier = this.#history(input.sessionId, basis);
    try {
      return { message: await this.deps.messages.append(candidate), fresh: true, earlier };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const sent = await this.deps.messages.findByClientId(input.sessionId, input.clientMessageId);
      if (!sent) throw new ConflictError('This message is being withdrawn; send it again.');
      return { message: sent, fresh: false, earlier };
    }
  }

  /** The conversation's messages (the newest matter most: the prompt keeps what fits); never an unhandled rejection. */
  #history(sessionId: string, basis: Basis): Promise<StoredMessage[]> {
    const read = this.deps.messages.list(sessionId, { conversation: basis.conversation, limit: HISTORY_READ_MAX, ...(basis.historyAfter ? { after: basis.historyAfter } : {}) });
    read.catch(() => undefined);
    return read;
  }

  /**
   * The session is read and the user message stored — at the same time when this instance has seen the
   * session ready before (its owner cannot change): the message is stored on that remembered basis and
   * corrected if the session moved on (new chat, newer sheet), or withdrawn if it is no longer ready.
   * The turn itself always runs on the session as read now.
   */
  async #begin(input: TurnInput, now: Date): Promise<{ session: Session; sheet: Sheet; recorded: Recorded; readyMs: number }> {
    const started = performance.now();
    const guess = this.deps.sessions.lastKnown(input.userId, input.sessionId);
    const early = guess ? this.#record(input, basisOf(guess.session, guess.sheetVersion), now) : undefined;
    early?.catch(() => undefined);
    let ready: { session: Session; sheet: Sheet };
    try {
      ready = await this.deps.sessions.requireReady(input.userId, input.sessionId);
    } catch (error) {
      const stored = await early?.catch(() => undefined);
      // Best effort: the caller must hear why the turn did not run; a message left behind has no reply, like a crashed turn's.
      if (stored?.fresh) await this.deps.messages.withdraw(stored.message).catch(() => undefined);
      throw error;
    }
    const readyMs = performance.now() - started;
    const basis = basisOf(ready.session, ready.sheet.version);
    if (!early) return { ...ready, recorded: await this.#record(input, basis, now), readyMs };
    const recorded = await early;
    const guessed = basisOf(guess!.session, guess!.sheetVersion);
    if (sameBasis(guessed, basis)) return { ...ready, recorded, readyMs };
    const moved = guessed.conversation !== basis.conversation || guessed.sheetVersion !== basis.sheetVersion;
    const message = recorded.fresh && moved ? await this.deps.messages.revise({ ...recorded.message, conversation: basis.conversation, sheetVersion: basis.sheetVersion }) : recorded.message;
    return { ...ready, recorded: { message, fresh: recorded.fresh, earlier: this.#history(input.sessionId, basis) }, readyMs };
  }

  async #turn(input: TurnInput, controls: TurnControls): Promise<TurnResult> {
    const started = performance.now();
    const now = this.deps.now?.() ?? new Date();
    const { session, sheet, recorded, readyMs } = await this.#begin(input, now);
    const userMessage = recorded.message;
    if (!recorded.fresh) {
      const reply = await this.#reply(session.id, userMessage);
      if (reply) return { userMessage, reply: withoutStamps(reply) };
      await this.deps.messages.clearStop(session.id, input.clientMessageId); // sent again after a stop: answered afresh
    }
    const storedMs = performance.now() - started;
    const prior = (await recorded.earlier).filter((m) => m.id < userMessage.id);
    const kept = prior.filter((m) => !m.extra?.error).slice(-HISTORY_KEEP);
    // The calls behind the latest answers go with them: what a follow-up refines ("only the overdue ones").
    const withCalls = new Set(kept.filter((m) => m.role === 'assistant').slice(-RECORDED_ANSWERS));
    const history = kept.map((m) => {
      const calls = withCalls.has(m) ? callRecord(m.extra?.steps as ToolStep[] | undefined) : undefined;
      return { role: m.role, text: m.text, ...(calls ? { calls } : {}) };
    });
    const historyMs = performance.now() - started - storedMs;
    const today = now.toISOString().slice(0, 10);
    // The selection the message was sent with (stored with it: the same on a retry).
    const selection = selectionNote(sheet, userMessage.extra?.selection as GridSelection | undefined);
    const prompt = buildPrompt({ sheet, access: session.access, history, userText: userMessage.text, ...(selection ? { selection } : {}), today, budget: this.deps.tokenBudget });
    const messages: ModelMessage[] = prompt.messages.map((m) => ({ role: m.role, content: m.content }) as ModelMessage);
    const progress = newProgress();
    const timeUp = AbortSignal.timeout(Math.max(1, Math.ceil(this.deps.turnDeadlineMs - (performance.now() - started))));
    const stop = new AbortController();
    const watch = watchForStop(this.deps.messages, session.id, input.clientMessageId, stop);
    let answer: string | undefined;
    try {
      answer = await runToolLoop(this.deps, messages, { sheet, access: session.access, sessionId: session.id, userId: input.userId, author: input.author, today, controls }, progress, AbortSignal.any([timeUp, stop.signal]));
    } catch (error) {
      const modelError = stop.signal.aborted
        ? new ModelError('You stopped this answer.', true, { code: 'STOPPED', status: 409 })
        : timeUp.aborted
          ? new ModelError(`This question took longer than the ${Math.round(this.deps.turnDeadlineMs / 1000)} s a turn may take, so it was stopped. A narrower question is quicker.`, true)
          : error instanceof ModelError
            ? error
            : new ModelError(`The language model failed: ${(error as Error).message}`, true);
      const failed = await this.deps.messages.append({
        id: sortableId(),
        sessionId: session.id,
        conversation: session.conversation,
        role: 'assistant',
        text: `${modelError.message} Your message is saved${modelError.retryable ? ' — send it again to retry' : ''}.`,
        createdAt: new Date().toISOString(),
        sheetVersion: sheet.version,
        extra: { replyTo: userMessage.id, error: { code: modelError.code, retryable: modelError.retryable, ...(controls.trace && !stop.signal.aborted ? { reference: controls.trace.correlationId } : {}) }, steps: progress.steps, changeSetIds: progress.changeSetIds, jobIds: progress.jobIds, model: this.deps.model.label },
      });
      this.#announce(input.userId, session.id, session.conversation, [userMessage, failed]);
      if (stop.signal.aborted) await this.deps.messages.clearStop(session.id, input.clientMessageId).catch(() => undefined);
      throw modelError;
    } finally {
      clearInterval(watch);
    }
    const known = memoOf(sheet, -1, 'id-set', () => new Set(rowIdsOf(sheet)));
    answer = canonicalCitations(answer ?? `I could not finish within ${this.deps.maxRounds} tool steps. Try a narrower question.`, known);
    const cited = citedRows(answer, known);
    const read = cited.length ? columnsRead(progress.steps, sheet) : undefined;
    const basis = basisDigests(progress.steps, sheet);
    const reply = await this.deps.messages.append({
      id: sortableId(),
      sessionId: session.id,
      conversation: session.conversation,
      role: 'assistant',
      text: answer,
      createdAt: new Date().toISOString(),
      sheetVersion: sheet.version,
      citedRowIds: cited,
      citedRowStamps: citedStamps(sheet, cited, read),
      ...(read ? { citedColumnIds: read } : {}),
      ...(basis ? { basisDigests: basis } : {}),
      extra: { replyTo: userMessage.id, steps: progress.steps, changeSetIds: progress.changeSetIds, jobIds: progress.jobIds, ...(progress.chart ? { chart: progress.chart } : {}), model: this.deps.model.label, timing: { modelMs: ms(progress.modelMs), readyMs: ms(readyMs), storedMs: ms(storedMs), historyMs: ms(historyMs), beforeReplyMs: ms(performance.now() - started) } },
    });
    // lastActiveAt only needs minute precision for idle expiry: no write on every turn.
    if (now.getTime() - Date.parse(session.lastActiveAt) > 60_000) await this.deps.sessions.touch(session.id).catch(() => undefined);
    // A long conversation: later turns start reading at the newest HISTORY_KEEP messages (one session write per
    // HISTORY_KEEP messages), so a turn never reads the whole conversation.
    if (prior.length > 2 * HISTORY_KEEP) await this.deps.sessions.skipHistoryThrough(session.id, prior[prior.length - HISTORY_KEEP - 1]!.id).catch(() => undefined);
    this.#announce(input.userId, session.id, session.conversation, [userMessage, reply]);
    return { userMessage, reply: withoutStamps(reply) };
  }

  /**
   * The turn's messages, to the user's other tabs and devices (the sending tab has them from the answer). Not
   * awaited, and started after the answer: a push must not add to the turn's time, and a missed one only means
   * another tab shows the turn when it next reads the conversation.
   */
  #announce(userId: string, sessionId: string, conversation: number, messages: StoredMessage[]): void {
    const event = { type: 'chat.messages' as const, sessionId, conversation, messageIds: messages.map((m) => m.id) };
    const realtime = this.deps.realtime;
    // After this tick: the answer goes out first; the push's own work (signing, the request) comes after it.
    if (realtime) setImmediate(() => void Promise.resolve().then(() => realtime.sendToUser(userId, event)).catch(() => undefined));
  }
}

const ms = (value: number) => Math.round(value * 10) / 10;

