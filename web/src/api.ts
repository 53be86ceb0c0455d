import type { JobSpec, JobView } from '../../shared/jobs/job-types';
import type { Sheet } from '../../shared/sheet/model';
import type { CellHistory, CellsEdited, CellsEditRequest, GridSelection, ChangeSetView as ChangeSet, CommentCounts, CommentEditRequest, CommentPosted, CommentPostRequest, Conversations, Message, RowComments, SessionView, SheetSummary } from '../../shared/api/contracts';
import type { ColumnEdit, RowsEdited } from '../../shared/api/grid-edits';

/**
 * The browser's view of the API: typed calls, one error type carrying the
 * server's `{error:{code,message,details}}`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** The request's correlation id (the server's trace id), for a person to quote when something failed. */
    readonly reference?: string,
  ) {
    super(message);
  }
}

/** The API's `{error:{…}}`, if the body is one (a refusal by Static Web Apps itself is a page, not JSON). */
function errorOf(text: string): { code?: string; message?: string; details?: unknown } | undefined {
  try {
    return (JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  } catch {
    return undefined;
  }
}

/**
 * A refusal that did not come from the API: Static Web Apps answers 401 before anyone signs in and 403 to a signed-in
 * account that has not been invited to the app's role (staticwebapp.config.json).
 */
function withoutOurError(status: number): string {
  if (status === 401) return 'You are not signed in: sign in to use ChatSheetAI.';
  if (status === 403) return 'Your account has not been given access to ChatSheetAI: ask whoever runs it here to invite you.';
  return `The server answered ${status}.`;
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
  if (res.status === 304) return undefined as T;
  const text = await res.text();
  if (!res.ok) {
    const error = errorOf(text);
    throw new ApiError(res.status, error?.code ?? 'HTTP', error?.message ?? withoutOurError(res.status), error?.details, res.headers.get('x-correlation-id') ?? undefined);
  }
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  return body as T;
}

const post = <T>(path: string, body?: unknown) => call<T>(path, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

export type { ChangeSetView as ChangeSet, ChartData, Message, SessionView, SheetSummary, ToolStep } from '../../shared/api/contracts';
export type SessionState = SessionView['state'];
export type CellChange = ChangeSet['cells'][number];

export const api = {
  me: async () => {
    const res = await fetch('/.auth/me');
    const body = (await res.json()) as { clientPrincipal: { userId: string; userDetails: string; identityProvider: string } | null };
    return body.clientPrincipal;
  },
  info: () => call<{ version: string; model: string; environment: 'local' | 'azure' }>('/info'),
  sheets: () => call<SheetSummary[]>('/sheets'),
  sessions: () => call<SessionView[]>('/sessions'),
  createSession: (sheetId: number) => post<SessionView>('/sessions', { sheetId }),
  session: (id: string) => call<SessionView>(`/sessions/${id}`),
  reload: (id: string) => post<SessionView>(`/sessions/${id}/reload`),
  newChat: (id: string) => post<SessionView>(`/sessions/${id}/new-chat`),
  /** undefined when the sheet is still at `knownVersion` (304). */
  sheet: (id: string, knownVersion?: number) => call<Sheet | undefined>(`/sessions/${id}/sheet`, knownVersion === undefined ? {} : { headers: { 'if-none-match': `"v${knownVersion}"` } }),
  /** The newest `last` messages of a conversation, and whether there are earlier ones. */
  messages: (id: string, conversation: number, last: number) => call<{ messages: Message[]; earlier?: boolean }>(`/sessions/${id}/messages?last=${last}&conversation=${conversation}`),
  /** A message, with the grid's selection it is about when there is one. */
  send: (id: string, clientMessageId: string, text: string, selection?: GridSelection) => post<{ userMessage: Message; reply: Message }>(`/sessions/${id}/messages`, { clientMessageId, text, ...(selection ? { selection } : {}) }),
  /** Stops the turn answering that message (its POST then answers 409 STOPPED); `stopping: false` when answered already. */
  stop: (id: string, clientMessageId: string) => post<{ stopping: boolean }>(`/sessions/${id}/messages/${encodeURIComponent(clientMessageId)}/stop`),
  changeSet: (id: string) => call<ChangeSet>(`/change-sets/${id}`),
  decideChangeSet: (id: string, action: 'approve' | 'reject' | 'revert') => post<ChangeSet>(`/change-sets/${id}/${action}`),
  jobs: (sessionId: string) => call<JobView[]>(`/sessions/${sessionId}/jobs`),
  job: (id: string) => call<JobView>(`/jobs/${id}`),
  createJob: (sessionId: string, spec: JobSpec) => post<JobView>(`/sessions/${sessionId}/jobs`, spec),
  jobAction: (id: string, action: 'approve' | 'reject' | 'cancel' | 'retry-failed' | 'resume' | 'undo') => post<JobView>(`/jobs/${id}/${action}`),
  /** The person's own edit of one cell or several (a paste, an undo): all checked first, one write to Smartsheet. */
  editCells: (sheetId: number, body: CellsEditRequest) => call<CellsEdited>(`/sheets/${sheetId}/cells`, { method: 'PATCH', body: JSON.stringify(body) }),
  /** Blank rows inserted just below (`after`) or above (`before`) a row, else at the end: written at once. */
  insertRows: (sheetId: number, body: { sessionId: string; version: number; count?: number; after?: number; before?: number }) => post<RowsEdited>(`/sheets/${sheetId}/rows`, body),
  /** Rows deleted, with the rows under them; never a row changed since `version` (409). */
  deleteRows: (sheetId: number, body: { sessionId: string; version: number; rowIds: number[] }) => post<RowsEdited>(`/sheets/${sheetId}/rows/delete`, body),
  /** Rows one level in or out (each with the rows under it), as Smartsheet's Indent and Outdent; never a row changed since `version` (409). */
  indentRows: (sheetId: number, body: { sessionId: string; version: number; rowIds: number[]; direction: 'indent' | 'outdent' }) => post<RowsEdited>(`/sheets/${sheetId}/rows/indent`, body),
  /** Rows (each with the rows under it) dragged just below (`after`) or above (`before`) a row, at its level. */
  moveRows: (sheetId: number, body: { sessionId: string; version: number; rowIds: number[]; after?: number; before?: number }) => post<RowsEdited>(`/sheets/${sheetId}/rows/move`, body),
  /** A column added, renamed or deleted from its header (Admin access to the sheet needed). */
  editColumn: (sheetId: number, body: ColumnEdit) => post<RowsEdited>(`/sheets/${sheetId}/columns`, body),
  /** Who changed a cell, to what and when, newest first (Smartsheet's cell history, read when asked). */
  cellHistory: (sessionId: string, rowId: number, columnId: number) => call<CellHistory>(`/sessions/${sessionId}/cell-history?rowId=${rowId}&columnId=${columnId}`),
  /** How many comments each row has (rows with none left out), read from Smartsheet when asked. */
  commentCounts: (sessionId: string) => call<CommentCounts>(`/sessions/${sessionId}/comments`),
  rowComments: (sessionId: string, rowId: number) => call<RowComments>(`/sessions/${sessionId}/rows/${rowId}/comments`),
  /** The person's comment on a row: a new thread, or a reply in `discussionId`. */
  postComment: (sessionId: string, rowId: number, body: CommentPostRequest) => post<CommentPosted>(`/sessions/${sessionId}/rows/${rowId}/comments`, body),
  /** A new text for a comment the person posted from the grid (`mine`), signed again. */
  editComment: (sessionId: string, commentId: number, body: CommentEditRequest) => call<{ commentId: number }>(`/sessions/${sessionId}/comments/${commentId}`, { method: 'PATCH', body: JSON.stringify(body) }),
  /** Deletes a comment the person posted from the grid (`mine`); `deleted: false` when it was gone already. */
  deleteComment: (sessionId: string, commentId: number) => call<{ deleted: boolean }>(`/sessions/${sessionId}/comments/${commentId}`, { method: 'DELETE' }),
  /** Every thread on the sheet (its rows' and its own), the one with the newest comment first. */
  conversations: (sessionId: string) => call<Conversations>(`/sessions/${sessionId}/conversations`),
  /** The person's comment on the sheet itself: a new thread, or a reply in one of its own threads. */
  postOnSheet: (sessionId: string, body: CommentPostRequest) => post<CommentPosted>(`/sessions/${sessionId}/conversations`, body),
  negotiate: () => post<{ url: string; groups: string[] }>('/negotiate'),
  exportUrl: (sheetId: number, query?: SheetQuery) => `/api${sheetQueryPath(sheetId, 'export', query)}`,
  /** Every row a query matches, in its order, on the version the grid shows. */
  matches: (sheetId: number, query: SheetQuery) => call<{ sheetVersion: number; total: number; rowIds: number[] }>(sheetQueryPath(sheetId, 'matches', query)),
};

/** A query over the sheet (as a chat answer ran it): its filter, order, computed columns and the columns to give. */
export interface SheetQuery {
  filter?: unknown;
  /** Only these rows, by number (the rows a question was asked of: named, or selected in the grid). */
  rowNumbers?: number[];
  sort?: unknown;
  computed?: unknown;
  columns?: string[];
}

function sheetQueryPath(sheetId: number, what: 'export' | 'matches', query?: SheetQuery): string {
  const params = new URLSearchParams();
  if (query?.computed) params.set('computed', JSON.stringify(query.computed));
  if (query?.filter) params.set('filter', JSON.stringify(query.filter));
  if (query?.rowNumbers?.length) params.set('rowNumbers', query.rowNumbers.join(','));
  if (query?.sort) params.set('sort', JSON.stringify(query.sort));
  if (query?.columns?.length) params.set('columns', query.columns.join(','));
  const qs = params.toString();
  return `/sheets/${sheetId}/${what}${qs ? `?${qs}` : ''}`;
}
