import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { GridSelection } from '../../../shared/api/contracts';
import { MESSAGE_MAX } from '../../../shared/api/limits';
import { primaryColumn, readOnlyReason, type Sheet } from '../../../shared/sheet/model';
import { displayValue } from '../../../shared/sheet/values';
import { plural } from '../../../shared/util/plural';
import { api, ApiError, type Message, type SessionView } from '../api';
import { jobsKey, sessionKey } from '../realtime';
import { ChangeSetCard } from './ChangeSetCard';
import { JobCard } from './JobCard';
import { Markdown } from './Markdown';
import { suggestions } from '../../../shared/tools/suggestions';
import { ConversationPicker } from './ConversationPicker';
import { SHOWN_MAX, useConversation } from './useConversation';
import { useElapsed } from './useCountdown';
import { useStickToBottom } from './useStickToBottom';
import { AnswerRows } from './AnswerRows';
import { askable, SelectionChip, selectionLabel } from './SelectionChip';

/** The correlation id of a failed request, to quote when reporting it. */
function Reference({ id }: { id: string }) {
  return (
    <small className="reference">
      Reference <code>{id}</code>
    </small>
  );
}

/** Chart.js is loaded with the first chart, not with the app: most sessions start with the grid and a question. */
const ChartView = lazy(() => import('./ChartView').then((m) => ({ default: m.ChartView })));

/** A conversation with a turn's messages in it, once each, in order (ids sort by time). */
const withTurn = (messages: Message[], turn: Message[]) => [...messages.filter((m) => !turn.some((t) => t.id === m.id)), ...turn].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const newId = () => `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

export interface ChatProps {
  session: SessionView;
  sheet?: Sheet;
  /** Why the input is disabled, when it is. */
  blocked?: string;
  /** Rows to highlight in the grid; `chosen` when the person picked them (a row chip), not when an answer arrived. */
  /** `only`: show these rows alone in the grid (every row an answer found). */
  onCite(rowIds: number[], focus: number, chosen?: boolean, only?: boolean): void;
  /** A cell's history asked for from a card (who changed a conflicting cell). */
  onCellHistory?(rowId: number, column: string): void;
  /** The cells selected in the grid (more than one): the next message goes with them unless left out. */
  selection?: GridSelection | undefined;
}

/** The conversation: answers with cited rows, tool steps, change sets, jobs and charts; the input. */
export function Chat({ session, sheet, blocked: notReady, onCite, onCellHistory, selection }: ChatProps) {
  const viewOnly = readOnlyReason(session.access);
  // Approve, revert and run wait while Smartsheet is down; on a sheet shared as Viewer they cannot happen at all.
  const writesPaused = session.smartsheet ? 'Smartsheet is not answering: this waits until it is back.' : viewOnly;
  const queries = useQueryClient();
  const { conversation, earlierOne, key, history, last, read, showEarlier } = useConversation(session, !notReady || session.state.status === 'ready');
  const blocked = notReady ?? (earlierOne ? 'This is an earlier conversation: go back to the current one to ask.' : undefined);
  const jobs = useQuery({ queryKey: jobsKey(session.sessionId), queryFn: () => api.jobs(session.sessionId), enabled: session.state.status === 'ready' });
  const [text, setText] = useState('');
  // A selection goes with one message, or none when left out; selecting again offers the new one.
  const [usedSelection, setUsedSelection] = useState<GridSelection | undefined>();
  const offeredSelection = selection !== usedSelection ? selection : undefined;
  const log = useStickToBottom<HTMLDivElement, HTMLDivElement>();
  // Counted over every row once per snapshot, not on every keystroke.
  const offered = useMemo(() => suggestions(sheet, session.access), [sheet, session.access]);
  // A row's number in the grid; null when the sheet no longer has it, undefined while the sheet is still loading.
  const numbered = useMemo(() => sheet && new Map(sheet.rows.map((r) => [r.id, r.rowNumber])), [sheet]);
  const rowNumbers = useCallback((id: number) => (numbered ? (numbered.get(id) ?? null) : undefined), [numbered]);
  // What each row is called (its first column), beside its number in diffs and pilots: looked up once one is shown, not
  // on every new version of a 20,000-row sheet.
  const rowName = useMemo(() => {
    let named: Map<number, string> | undefined;
    const primary = (sheet && primaryColumn(sheet)?.index) ?? 0;
    return (id: number) => (sheet ? (named ??= new Map(sheet.rows.map((r) => [r.id, displayValue(r.values[primary] ?? null)]))).get(id) || undefined : undefined);
  }, [sheet]);

  const send = useMutation({
    mutationFn: ({ clientMessageId, text: t, selection: with_ }: { clientMessageId: string; text: string; selection?: GridSelection | undefined }) => api.send(session.sessionId, clientMessageId, t, with_),
    onSuccess: ({ userMessage, reply }) => {
      if (reply.citedRowIds?.length) onCite(reply.citedRowIds, reply.citedRowIds[0]!);
      // The turn went into a newer conversation (a new chat began in another tab): move to it.
      if (reply.conversation !== session.conversation) void queries.invalidateQueries({ queryKey: sessionKey(session.sessionId) });
      // The answer holds the turn's two messages: added to the conversation shown, not read again with the rest of it
      // (other tabs' turns and stale marks come as pushes, and with the next read on focus).
      else queries.setQueriesData<{ messages: Message[] }>({ queryKey: key }, (page) => (page ? { ...page, messages: withTurn(page.messages, [userMessage, reply]) } : page));
    },
    onError: (error, sent) => {
      // Refused as sent (nothing stored): the text goes back into the box to fix, unless something new is being typed.
      if (error instanceof ApiError && error.status === 400) setText((typed) => typed || sent.text);
      void queries.invalidateQueries({ queryKey: key }); // a failed turn the server recorded shows from the store
    },
    onSettled: () => void queries.invalidateQueries({ queryKey: jobsKey(session.sessionId) }),
  });

  const stop = useMutation({ mutationFn: (clientMessageId: string) => api.stop(session.sessionId, clientMessageId) });
  const stopping = send.isPending && stop.variables === send.variables?.clientMessageId && !stop.isError;
  const stopTurn = () => send.variables && stop.mutate(send.variables.clientMessageId);
  const messages = history.data?.messages ?? [];
  const waited = useElapsed(send.isPending ? send.submittedAt : undefined);
  // A conversation opens at its end.
  useEffect(() => log.follow(), [log.follow, session.sessionId, conversation]);

  /** Sends a question — with the grid's selection it is about, if any: what is typed, the one offered; asked again, its own. */
  const ask = (question: string, about?: GridSelection) => {
    const t = question.trim();
    if (!t || t.length > MESSAGE_MAX || send.isPending || blocked) return false;
    log.follow();
    send.mutate({ clientMessageId: newId(), text: t, selection: about });
    return true;
  };
  /** A card's rows (a diff's, a pilot's) highlighted in the grid, the one clicked shown. */
  const showRows = (rows: number[], focus: number) => onCite(rows, focus, true);
  const askAgain = (m: Message) => void ask(userFor(m)!.text, userFor(m)!.extra?.selection);
  const length = text.trim().length;
  const submit = () => {
    if (!ask(text, askable(offeredSelection))) return;
    setText('');
    setUsedSelection(selection);
  };
  const userFor = (m: Message) => messages.find((u) => u.id === m.extra?.replyTo);
  // Questions answered since a failure (sent again): the failure's Retry has done its work.
  const answered = new Set(messages.flatMap((m) => (m.role === 'assistant' && !m.extra?.error && m.extra?.replyTo ? [m.extra.replyTo] : [])));
  // A failed turn the server recorded shows as that message (with Retry); the transient error would say it twice.
  const sent = send.variables && messages.find((u) => u.role === 'user' && u.clientMessageId === send.variables!.clientMessageId);
  const failureStored = Boolean(sent && messages.some((m) => m.extra?.error && m.extra.replyTo === sent.id));
  const shownJobs = new Set(messages.flatMap((m) => m.extra?.jobIds ?? []));
  // An undo shows under the job it undoes, when that job's card is in the conversation.
  const otherActiveJobs = (jobs.data ?? []).filter((j) => !shownJobs.has(j.id) && !(j.undoes && shownJobs.has(j.undoes.jobId)) && !['completed', 'cancelled', 'rejected', 'expired', 'failed'].includes(j.status));

  return (
    <section className="chat" aria-label="Chat">
      <ConversationPicker current={session.conversation} named={session.conversations} shown={conversation} onRead={read} />
      <div className="messages" role="log" aria-live="polite" aria-busy={send.isPending} ref={log.scroller}>
        <div className="messages-content" ref={log.content}>
          {history.isLoading && <p className="muted">Loading the conversation…</p>}
          {history.data?.earlier && last < SHOWN_MAX && (
            <button type="button" className="earlier" disabled={history.isPlaceholderData} onClick={showEarlier}>
              {history.isPlaceholderData ? 'Loading earlier messages…' : 'Show earlier messages'}
            </button>
          )}
          {history.data?.earlier && last >= SHOWN_MAX && <p className="muted">The {SHOWN_MAX.toLocaleString()} newest messages are shown; earlier ones are kept.</p>}
          {!history.isLoading && messages.length === 0 && earlierOne && <p className="muted">Nothing was asked in this conversation.</p>}
          {!history.isLoading && messages.length === 0 && !send.isPending && !earlierOne && (
            <div className="empty">
              <p>Ask about <strong>{session.sheetName ?? 'your sheet'}</strong> — answers are computed exactly from the sheet, with the rows cited.</p>
              <ul className="suggestions" aria-label="Suggested questions">
                {offered.map((s) => (
                  <li key={s.text}>
                    <button type="button" className="suggestion" disabled={Boolean(blocked)} onClick={() => ask(s.text)}>
                      {s.text}
                    </button>
                    {s.note && <span className="muted"> ({s.note})</span>}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {otherActiveJobs.map((j) => (
            <JobCard key={j.id} id={j.id} writesPaused={writesPaused} inConversation={shownJobs} rowName={rowName} onRows={showRows} />
          ))}
          {messages.map((m) => (
            <div key={m.id} className={`message ${m.role}${m.extra?.error ? (m.extra.error.code === 'STOPPED' ? ' stopped' : ' error') : ''}`} data-testid={`message-${m.role}`}>
              {m.role === 'user' ? (
                <>
                  <p>{m.text}</p>
                  {m.extra?.selection && <p className="muted selection-sent">With the selection: {selectionLabel(sheet, m.extra.selection)}</p>}
                </>
              ) : (
                <>
                  {m.stale && (
                    <span className="stale-note">
                      <span className="badge stale" title="The rows or columns this answer was worked out from changed since">
                        stale
                      </span>
                      {/* An answer, not a proposal: asking again answers from the sheet as it is now (a proposal's card has its own). */}
                      {userFor(m) && !blocked && !m.extra?.changeSetIds?.length && !m.extra?.jobIds?.length && (
                        <button type="button" className="small" title="Ask this again on the sheet as it is now" onClick={() => askAgain(m)}>
                          Ask again
                        </button>
                      )}
                    </span>
                  )}
                  <Markdown text={m.text} rowNumber={rowNumbers} rowName={rowName} onCite={(id) => onCite(m.citedRowIds ?? [id], id, true)} />
                  {m.extra?.chart && (
                    <Suspense fallback={<div className="card muted">Drawing the chart…</div>}>
                      <ChartView data={m.extra.chart} />
                    </Suspense>
                  )}
                  <AnswerRows sheetId={session.sheetId} message={m} onShow={(rows) => onCite(rows, rows[0]!, true, true)} />
                  {m.extra?.steps?.length ? (
                    <details className="steps">
                      <summary>
                        {m.extra.steps.length} tool step{m.extra.steps.length > 1 ? 's' : ''} · {m.extra.model}
                      </summary>
                      <ol>
                        {m.extra.steps.map((s, i) => (
                          <li key={i} className={s.ok ? '' : 'failed'}>
                            <code>{s.tool}</code> {s.detail}
                            <pre>{JSON.stringify(s.args, null, 1)}</pre>
                          </li>
                        ))}
                      </ol>
                    </details>
                  ) : null}
                  {(m.extra?.changeSetIds ?? []).map((id) => (
                    <ChangeSetCard key={id} id={id} writesPaused={writesPaused} commenter={session.access === 'COMMENTER' && !session.smartsheet} rowName={rowName} onRows={showRows} onAskAgain={userFor(m) && !blocked ? () => askAgain(m) : undefined} onHistory={onCellHistory} />
                  ))}
                  {(m.extra?.jobIds ?? []).map((id) => (
                    <JobCard key={id} id={id} writesPaused={writesPaused} inConversation={shownJobs} rowName={rowName} onRows={showRows} />
                  ))}
                  {m.extra?.error && m.extra.error.retryable !== false && userFor(m) && !answered.has(m.extra.replyTo!) && !earlierOne && (
                    <button type="button" onClick={() => send.mutate({ clientMessageId: userFor(m)!.clientMessageId ?? newId(), text: userFor(m)!.text })}>
                      Retry
                    </button>
                  )}
                  {m.extra?.error?.reference && <Reference id={m.extra.error.reference} />}
                </>
              )}
            </div>
          ))}
          {send.isPending && (
            <>
              {/* Stored first, the question shows from the conversation once it is read again mid-turn (the tab refocused). */}
              {!sent && (
                <div className="message user pending">
                  <p>{send.variables?.text}</p>
                </div>
              )}
              <div className="message assistant pending">
                <span aria-label="Working">
                  <span className="dots">{stopping ? 'Stopping…' : 'Working on it…'}</span>
                  {/* A reasoning model can take a while: the seconds show it is still on it. */}
                  {waited >= 5 && <span className="muted"> {waited} s</span>}
                </span>
                {/* The turn stops at its next step: what it proposed so far stays, and the question can be sent again. */}
                <button type="button" className="small stop" disabled={stopping} title="Stop working on this answer (Esc)" onClick={stopTurn}>
                  Stop
                </button>
              </div>
            </>
          )}
          {send.error && !failureStored && (
            <div role="alert" className="message error">
              {(send.error as Error).message}{' '}
              {send.error instanceof ApiError && send.error.status >= 500 && send.variables && (
                <button type="button" onClick={() => send.mutate(send.variables!)}>
                  Retry
                </button>
              )}
              {send.error instanceof ApiError && send.error.status >= 500 && send.error.reference && <Reference id={send.error.reference} />}
            </div>
          )}
        </div>
      </div>
      {offeredSelection && !blocked && <SelectionChip sheet={sheet} selection={offeredSelection} onLeaveOut={() => setUsedSelection(selection)} />}
      <form
        className="composer"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <textarea
          aria-label="Message"
          placeholder={blocked ?? (viewOnly ? (session.access === 'COMMENTER' ? 'Ask about the sheet, or comment on a row (view only)…' : 'Ask about the sheet (view only)…') : 'Ask about the sheet, or ask for a change…')}
          value={text}
          disabled={Boolean(blocked)}
          rows={2}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              submit();
            }
            if (e.key === 'Escape' && send.isPending && !stopping) stopTurn();
          }}
        />
        <button type="submit" className="primary" disabled={Boolean(blocked) || send.isPending || !text.trim() || length > MESSAGE_MAX}>
          Send
        </button>
      </form>
      {length > MESSAGE_MAX * 0.9 && (
        <p className={`muted length${length > MESSAGE_MAX ? ' over' : ''}`} role="status">
          {length > MESSAGE_MAX ? `${plural(length - MESSAGE_MAX, 'character', (n) => n.toLocaleString())} too long: a message holds ${MESSAGE_MAX.toLocaleString()}.` : `${length.toLocaleString()} of ${MESSAGE_MAX.toLocaleString()} characters.`}
        </p>
      )}
      {blocked && <p className="muted blocked" role="status">{blocked}</p>}
    </section>
  );
}
