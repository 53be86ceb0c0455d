import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { GridSelection } from '../../shared/api/contracts';
import { readOnlyReason, type Sheet } from '../../shared/sheet/model';
import { api, ApiError } from './api';
import { Chat } from './components/Chat';
import { useGridEdits } from './cell-edits';
import { Grid } from './components/Grid';
import { SmartsheetDown } from './components/SmartsheetDown';
import { Divider, rememberedWidth, useWidestChat } from './components/Divider';
import { useGridPanels } from './components/GridPanels';
import { SheetPicker } from './components/SheetPicker';
import { usePendingPreview } from './components/pending-preview';
import { shownValuesIn, ValueShown } from './components/value-shown';
import { sessionKey, sheetKey, type Realtime } from './realtime';

export const RealtimeContext = createContext<Realtime | undefined>(undefined);

const SESSION_PARAM = 'session';

function sessionFromUrl(): string | undefined {
  return new URLSearchParams(window.location.search).get(SESSION_PARAM) ?? localStorage.getItem('chatsheetai.session') ?? undefined;
}

function rememberSession(id: string | undefined): void {
  const url = new URL(window.location.href);
  if (id) {
    url.searchParams.set(SESSION_PARAM, id);
    localStorage.setItem('chatsheetai.session', id);
  } else {
    url.searchParams.delete(SESSION_PARAM);
    localStorage.removeItem('chatsheetai.session');
  }
  window.history.replaceState(null, '', url);
}

export function App() {
  const realtime = useContext(RealtimeContext);
  const queries = useQueryClient();
  const [sessionId, setSessionId] = useState<string | undefined>(sessionFromUrl);
  const [highlight, setHighlight] = useState<{ rows: ReadonlySet<number>; focus?: number }>({ rows: new Set() });
  const [onlyHighlighted, setOnlyHighlighted] = useState(false);
  const [split, setSplit] = useState(rememberedWidth);
  // The width the chat was left at, within what this window allows: it comes back when the window is wide again.
  const widest = useWidestChat();
  const chatWidth = Math.min(split, widest);
  const [theme, setTheme] = useState<'light' | 'dark' | 'auto'>(() => (localStorage.getItem('chatsheetai.theme') as 'light' | 'dark' | null) ?? 'auto');
  // On a narrow screen one pane shows at a time: the chat, or the sheet (a picked row chip shows the sheet).
  const [pane, setPane] = useState<'chat' | 'sheet'>('chat');
  const [gridSelection, setGridSelection] = useState<GridSelection | undefined>();
  const [view, setView] = useState<{ sort?: { column: string; direction: 'asc' | 'desc' }; columns: string[] }>({ columns: [] });
  const status = useSyncExternalStore(realtime?.subscribe ?? (() => () => undefined), realtime?.getStatus ?? (() => 'offline' as const));

  useEffect(() => {
    if (theme === 'auto') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
    localStorage.setItem('chatsheetai.theme', theme);
  }, [theme]);

  const me = useQuery({ queryKey: ['me'], queryFn: api.me, staleTime: Infinity });
  const info = useQuery({ queryKey: ['info'], queryFn: api.info, staleTime: Infinity });
  const sheets = useQuery({ queryKey: ['sheets'], queryFn: api.sheets, staleTime: 60_000 });
  const session = useQuery({
    queryKey: sessionKey(sessionId),
    queryFn: () => api.session(sessionId!),
    enabled: Boolean(sessionId),
    // Faster while Smartsheet is not answering, so the read-only label goes soon after it is back.
    refetchInterval: (q) => (q.state.data?.state.status === 'loading' ? 500 : q.state.data?.smartsheet ? 5_000 : 30_000),
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 3,
  });
  const ready = session.data?.state.status === 'ready';
  const sheet = useQuery({
    queryKey: sessionId ? sheetKey(sessionId) : ['sheet', 'none'],
    queryFn: async () => {
      const known = queries.getQueryData<Sheet>(sheetKey(sessionId!));
      // Not modified: the grid keeps what it holds now — not what it held when asking, which may have been an edit's
      // optimistic value that was refused (and put back) meanwhile.
      return (await api.sheet(sessionId!, known?.version)) ?? queries.getQueryData<Sheet>(sheetKey(sessionId!)) ?? known!;
    },
    enabled: Boolean(sessionId) && ready,
    staleTime: Infinity,
  });

  useEffect(() => {
    if (session.error instanceof ApiError && session.error.status === 404) {
      rememberSession(undefined);
      setSessionId(undefined);
    }
  }, [session.error]);
  useEffect(() => {
    if (session.data && realtime) realtime.watch(session.data.sessionId, session.data.sheetId);
  }, [session.data?.sessionId, session.data?.sheetId, realtime]); // eslint-disable-line react-hooks/exhaustive-deps
  // The session's version moved (our write, or live): the grid follows.
  useEffect(() => {
    const version = session.data?.state.status === 'ready' ? session.data.state.sheetVersion : undefined;
    if (version !== undefined && sheet.data && sheet.data.version < version) void queries.invalidateQueries({ queryKey: sheetKey(sessionId!) });
  }, [session.data, sheet.data, sessionId, queries]);

  const open = useMutation({
    // Back to a sheet, back to its conversation: the newest session on it goes on (an expired or failed one loads
    // again, keeping its messages); "New chat" starts afresh. Only a sheet never opened gets a new session.
    mutationFn: async (sheetId: number) => {
      const earlier = (await api.sessions()).find((s) => s.sheetId === sheetId);
      if (!earlier) return api.createSession(sheetId);
      return earlier.state.status === 'expired' || earlier.state.status === 'failed' ? api.reload(earlier.sessionId) : earlier;
    },
    onSuccess: (created) => {
      rememberSession(created.sessionId);
      setSessionId(created.sessionId);
      queries.setQueryData(sessionKey(created.sessionId), created);
      // A new session's sheet joins the token's groups: reconnect with a fresh negotiate.
      realtime?.watch(created.sessionId, created.sheetId);
    },
  });
  const reload = useMutation({ mutationFn: () => api.reload(sessionId!), onSuccess: (s) => queries.setQueryData(sessionKey(sessionId), s) });
  const newChat = useMutation({ mutationFn: () => api.newChat(sessionId!), onSuccess: (s) => queries.setQueryData(sessionKey(sessionId), s) });

  const edits = useGridEdits(session.data, queries);

  const state = session.data?.state;
  // The chat's cards and charts show a formatted column's numbers as the grid does ("$75,000", "60%").
  const shownValues = useMemo(() => shownValuesIn(sheet.data), [sheet.data]);
  const pending = usePendingPreview(sheet.data?.id);
  const panels = useGridPanels(session.data, sheet.data, (rowId) => setHighlight({ rows: new Set([rowId]), focus: rowId }));
  /** A cell's history (from a chat card): over the grid, which a phone-sized screen then shows. */
  const openHistory = (rowId: number, column: string) => panels.openHistory(rowId, column) && setPane('sheet');
  // Shared with the app's Smartsheet account as Viewer: nothing can be edited, and the grid says why.
  const viewOnly = readOnlyReason(session.data?.access);
  const blocked = !session.data
    ? 'Pick a sheet to start.'
    : state?.status === 'loading'
      ? 'Loading the sheet…'
      : state?.status === 'failed'
        ? `The sheet could not be loaded: ${state.reason}`
        : state?.status === 'expired'
          ? 'This session expired. Reload it to continue.'
          : undefined;

  return (
    <div className="app" data-pane={pane} style={{ gridTemplateColumns: `${chatWidth}px 6px 1fr` }}>
      <header className="topbar">
        <h1>ChatSheetAI</h1>
        <SheetPicker sheets={sheets.data} loading={sheets.isLoading} current={session.data?.sheetId} disabled={open.isPending} onPick={(id) => open.mutate(id)} />
        <button type="button" disabled={!ready || newChat.isPending} onClick={() => newChat.mutate()}>
          New chat
        </button>
        <a className={`button${ready ? '' : ' disabled'}`} aria-disabled={!ready} href={session.data ? api.exportUrl(session.data.sheetId, { ...(view.sort ? { sort: [view.sort] } : {}), ...(view.columns.length && view.columns.length < (sheet.data?.columns.length ?? 0) ? { columns: view.columns } : {}) }) : undefined}
          title="The sheet as the grid shows it: its sort and visible columns" download>
          Export CSV
        </a>
        <span className="spacer" />
        <span className={`connection ${status}`} role="status" aria-label={`Live updates: ${status}`}>
          ● {status}
        </span>
        {info.data && <span className="muted" title={`Version ${info.data.version}`}>{info.data.model}</span>}
        {me.data === null && (
          <a className="button" href="/.auth/login/aad?post_login_redirect_uri=/">
            Sign in
          </a>
        )}
        {me.data && (
          <span className="user" title={me.data.identityProvider === 'devhost' ? 'A local user supplied by the dev host' : me.data.identityProvider}>
            {me.data.userDetails}
            {me.data.identityProvider === 'devhost' ? ' (local)' : ''}
          </span>
        )}
        <select aria-label="Theme" value={theme} onChange={(e) => setTheme(e.target.value as 'light' | 'dark' | 'auto')}>
          <option value="auto">Auto</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </header>
      {/* Laid out by .app's grid (display: contents): one main landmark for chat and sheet, for people moving by landmarks. */}
      <main className="main">
      {sheets.error && (
        <p role="alert" className="banner">
          Could not list sheets: {(sheets.error as Error).message}
        </p>
      )}
      <div className="panes" role="tablist" aria-label="Show">
        {(['chat', 'sheet'] as const).map((p) => (
          <button key={p} type="button" role="tab" aria-selected={pane === p} aria-controls={`pane-${p}`} onClick={() => setPane(p)}>
            {p === 'chat' ? 'Chat' : 'Sheet'}
          </button>
        ))}
      </div>
      <div className="left" id="pane-chat">
        {session.data ? (
          <ValueShown.Provider value={shownValues}>
            <Chat
              session={session.data}
              sheet={sheet.data}
              blocked={blocked}
              onCite={(rows, focus, chosen, only) => {
                setHighlight({ rows: new Set(rows), focus });
                if (only) setOnlyHighlighted(true);
                if (chosen) setPane('sheet');
              }}
              onCellHistory={openHistory}
              selection={gridSelection}
            />
          </ValueShown.Provider>
        ) : (
          <div className="empty">
            <h2>Work with a Smartsheet sheet in plain language</h2>
            <p>Pick a sheet above. Ask questions and get exact answers with the rows cited; ask for changes, see the diff, and approve.</p>
            {open.error && <p role="alert">{(open.error as Error).message}</p>}
          </div>
        )}
        {(state?.status === 'failed' || state?.status === 'expired') && (
          <button type="button" className="primary" onClick={() => reload.mutate()} disabled={reload.isPending}>
            Reload the sheet
          </button>
        )}
      </div>
      <Divider width={chatWidth} max={widest} onWidth={setSplit} />
      <div className="right" id="pane-sheet">
        {edits.banners}
        {session.data?.smartsheet && state?.status === 'ready' && <SmartsheetDown since={session.data.smartsheet.unreachableSince} reason={session.data.smartsheet.reason} version={state.sheetVersion} />}
        {viewOnly && (
          <div role="status" className="banner view-only" data-testid="view-only">
            <strong>{session.data?.access === 'COMMENTER' ? 'Comments only.' : 'View only.'}</strong> {viewOnly}
          </div>
        )}
        {sheet.data ? (
          <ValueShown.Provider value={shownValues}>
            <Grid key={sheet.data.id} sheet={sheet.data} highlighted={highlight.rows} focusRowId={highlight.focus} flashes={realtime?.flashes ?? new Map()} onSave={edits.save} edits={edits} readOnly={Boolean(session.data?.smartsheet || viewOnly)} onlyHighlighted={onlyHighlighted} onOnlyHighlighted={setOnlyHighlighted} onViewChange={setView} pending={pending} onCellHistory={(row, column) => panels.openHistory(row.id, column.title)} comments={panels.counts.byRow} commentTotal={panels.counts.total} onComments={panels.openComments} onSelection={setGridSelection} />
            {panels.panel}
          </ValueShown.Provider>
        ) : (
          <div className="empty muted">{session.data ? (state?.status === 'loading' ? 'Loading the sheet…' : sheet.isLoading ? 'Loading the grid…' : '') : 'The sheet appears here.'}</div>
        )}
      </div>
      </main>
    </div>
  );
}
