import type { QueryClient } from '@tanstack/react-query';
import { applySheetChanged, planSheetUpdate, realtimeEvent, sheetGroup, type RealtimeEvent, type SheetChangedEvent } from '../../shared/realtime/events';
import type { Sheet } from '../../shared/sheet/model';
import type { JobView } from '../../shared/jobs/job-types';
import type { Message } from './api';

/**
 * The one realtime module: a Web PubSub client (URL from /api/negotiate) whose
 * pushes go into the query cache. `sheet.changed` is applied by version (a gap
 * refetches), `answer.stale` marks answers, `job.progress` updates job cards, `chat.messages` brings in a turn
 * sent from another tab or device, `comments.changed` has the sheet's comments read again.
 * After every reconnect the watched sessions' sheets, sessions, conversations, jobs and comments are read again (pushes sent
 * meanwhile are lost; a sheet costs a cheap 304 when nothing was missed).
 */
export interface PushClient {
  on(event: 'connected' | 'disconnected' | 'stopped', listener: (e: unknown) => void): void;
  on(event: 'group-message' | 'server-message', listener: (e: { message: { data: unknown } }) => void): void;
  start(): Promise<void>;
  stop(): void;
  joinGroup(group: string): Promise<unknown>;
}

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export const sheetKey = (sessionId: string) => ['sheet', sessionId] as const;
export const messagesKey = (sessionId: string) => ['messages', sessionId] as const;
export const sessionKey = (sessionId: string | undefined) => ['session', sessionId] as const;
export const jobKey = (jobId: string) => ['job', jobId] as const;
export const jobsKey = (sessionId: string) => ['jobs', sessionId] as const;
/** A session's comments: the counts, and threads — a row's (`[…threadsKey, rowId]`) or all the sheet's (`[…, 'all']`). */
export const commentsKey = (sessionId: string) => ['comments', sessionId] as const;
export const commentCountsKey = (sessionId: string) => [...commentsKey(sessionId), 'counts'] as const;
export const threadsKey = (sessionId: string) => [...commentsKey(sessionId), 'threads'] as const;

/** Whether a change adds rows the sheet did not have, or deletes some. */
function rowsCameOrWent(sheet: Sheet, event: SheetChangedEvent): boolean {
  if (event.deletedRowIds.length) return true;
  if (!event.changedRowIds.length) return false;
  const had = new Set(sheet.rows.map((r) => r.id));
  return event.changedRowIds.some((id) => !had.has(id));
}

export class Realtime {
  #status: ConnectionStatus = 'connecting';
  #listeners = new Set<() => void>();
  #watched = new Map<string, { sheetId: number; joined: boolean }>();
  #connectedOnce = false;
  #restarting = false;
  readonly #retried = new Set<number>();
  #whenStopped?: () => void;
  /** Row id → until when it flashes (changed live). */
  readonly flashes = new Map<number, number>();

  constructor(
    private readonly client: PushClient,
    private readonly queries: QueryClient,
    private readonly now: () => number = () => Date.now(),
  ) {
    client.on('connected', () => {
      this.#set('connected');
      for (const watch of this.#watched.values()) watch.joined = false;
      void this.#joinAll();
      // A new connection after the first: pushes sent meanwhile are gone, so what they would have brought is read
      // again — the sheet (a cheap 304 when nothing changed), the session (a new chat begun elsewhere), its
      // conversation, its jobs and its comments.
      if (this.#connectedOnce) for (const sessionId of this.#watched.keys()) for (const queryKey of [sheetKey(sessionId), sessionKey(sessionId), messagesKey(sessionId), jobsKey(sessionId), commentsKey(sessionId)]) void this.queries.invalidateQueries({ queryKey });
      this.#connectedOnce = true;
    });
    client.on('disconnected', () => this.#set('reconnecting'));
    client.on('stopped', () => {
      if (this.#whenStopped) {
        this.#whenStopped();
        this.#whenStopped = undefined;
      } else this.#set('offline');
    });
    client.on('group-message', (e) => this.receive(e.message.data));
    client.on('server-message', (e) => this.receive(e.message.data));
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getStatus = (): ConnectionStatus => this.#status;

  async start(): Promise<void> {
    try {
      await this.client.start();
    } catch {
      this.#set('offline');
    }
  }

  stop(): void {
    this.client.stop();
  }

  /** Follows a session's sheet: its group is joined now and after every reconnect. */
  watch(sessionId: string, sheetId: number): void {
    if (this.#watched.get(sessionId)?.sheetId === sheetId) return;
    this.#watched.set(sessionId, { sheetId, joined: false });
    if (this.#status === 'connected') void this.#joinAll();
  }

  async #joinAll(): Promise<void> {
    let refused = false;
    for (const watch of this.#watched.values()) {
      if (watch.joined) continue;
      watch.joined = true;
      await this.client.joinGroup(sheetGroup(watch.sheetId)).catch(() => {
        watch.joined = false;
        // Worth one fresh token per sheet; a group still refused after that stays refused.
        if (!this.#retried.has(watch.sheetId)) refused = true;
        this.#retried.add(watch.sheetId);
      });
    }
    // The token predates this sheet's session: connect again with a fresh negotiate (once at a time).
    if (refused && !this.#restarting) {
      this.#restarting = true;
      this.#set('reconnecting');
      const stopped = new Promise<void>((resolve) => (this.#whenStopped = resolve));
      this.client.stop();
      await stopped; // the client refuses to start again while it is still stopping
      this.#restarting = false;
      await this.start();
    }
  }

  /** One push, validated against the shared contract (anything else is ignored). */
  receive(data: unknown): void {
    const parsed = realtimeEvent.safeParse(data);
    if (!parsed.success) return;
    const event = parsed.data as RealtimeEvent;
    if (event.type === 'sheet.changed') this.#sheetChanged(event);
    else if (event.type === 'comments.changed') {
      // The counts come with the push (read once for everyone) unless there were too many: then they are read here.
      for (const [sessionId, watch] of this.#watched) {
        if (watch.sheetId !== event.sheetId) continue;
        if (event.counts) this.queries.setQueryData(commentCountsKey(sessionId), event.counts);
        void this.queries.invalidateQueries({ queryKey: event.counts ? threadsKey(sessionId) : commentsKey(sessionId) });
      }
    } else if (event.type === 'answer.stale') {
      this.queries.setQueriesData<{ messages: Message[] }>({ queryKey: messagesKey(event.sessionId) }, (page) =>
        page ? { ...page, messages: page.messages.map((m) => (event.messageIds.includes(m.id) ? { ...m, stale: true } : m)) } : page,
      );
    } else if (event.type === 'chat.messages') {
      // A turn from another tab or device: read the conversation again unless this tab has its messages already;
      // a session this tab shows on another conversation (a new chat began elsewhere) is read again and moves to it.
      const session = this.queries.getQueryData<{ conversation: number }>(sessionKey(event.sessionId));
      if (session && session.conversation !== event.conversation) void this.queries.invalidateQueries({ queryKey: sessionKey(event.sessionId) });
      const key = [...messagesKey(event.sessionId), event.conversation];
      const pages = this.queries.getQueriesData<{ messages: Message[] }>({ queryKey: key }).filter(([, page]) => page);
      if (pages.length && !pages.some(([, page]) => event.messageIds.every((id) => page!.messages.some((m) => m.id === id)))) void this.queries.invalidateQueries({ queryKey: key });
    } else if (event.type === 'job.progress') {
      this.queries.setQueryData<JobView>(jobKey(event.jobId), (job) => (job ? { ...job, status: event.status, progress: event.progress } : job));
      void this.queries.invalidateQueries({ queryKey: jobKey(event.jobId) });
      void this.queries.invalidateQueries({ queryKey: jobsKey(event.sessionId) });
    }
  }

  #sheetChanged(event: SheetChangedEvent): void {
    for (const [sessionId, watch] of this.#watched) {
      if (watch.sheetId !== event.sheetId) continue;
      const current = this.queries.getQueryData<Sheet>(sheetKey(sessionId));
      const plan = planSheetUpdate(current?.version, event);
      if (plan === 'ignore') continue;
      // Rows that came (a move back, from another sheet) or went bring or take their comments, with no comment event.
      if (plan === 'refetch' || rowsCameOrWent(current!, event)) void this.queries.invalidateQueries({ queryKey: commentsKey(sessionId) });
      if (plan === 'refetch') {
        void this.queries.invalidateQueries({ queryKey: sheetKey(sessionId) });
        continue;
      }
      this.queries.setQueryData(sheetKey(sessionId), applySheetChanged(current!, event));
      const until = this.now() + 1500;
      for (const id of event.changedRowIds) this.flashes.set(id, until);
    }
  }

  #set(status: ConnectionStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    for (const listener of this.#listeners) listener();
  }
}
