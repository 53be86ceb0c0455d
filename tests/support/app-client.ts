import type { DevHostProcess } from './dev-host-process.js';
import { until } from './until.js';

/**
 * The app on a dev host over HTTP, as one person: JSON calls, a session once it is ready, a chat turn, a change set
 * once it is decided; and the Smartsheet emulator's admin API (a sheet as stored there).
 */
export function appClient(host: DevHostProcess, who: Record<string, string>) {
  let counter = 0;
  const api = (path: string, init: RequestInit = {}) => fetch(`${host.functionsUrl}/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...who, ...(init.headers as object) } });
  const json = async <T = any>(res: Response): Promise<T> => (await res.json()) as T;
  const post = (path: string, body: unknown = {}) => api(path, { method: 'POST', body: JSON.stringify(body) });
  /** The Smartsheet emulator's admin API: GET without a body, POST with one, or `method`. */
  const admin = async (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<any> =>
    (await fetch(`${new URL(host.smartsheetUrl!).origin}/admin${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })).json();
  return {
    api,
    json,
    post,
    admin,
    async readySession(sheetId: number): Promise<string> {
      const { sessionId } = await json<{ sessionId: string }>(await post('/sessions', { sheetId }));
      await until(async () => (await json(await api(`/sessions/${sessionId}`))).state.status, (s) => s === 'ready', 'the session to be ready');
      return sessionId;
    },
    /** One chat turn: its status and body. */
    async ask(sessionId: string, text: string): Promise<{ status: number; body: any }> {
      const res = await post(`/sessions/${sessionId}/messages`, { clientMessageId: `t${++counter}`, text });
      return { status: res.status, body: await json(res) };
    },
    /** The change set once it is neither awaiting approval nor being applied. */
    changeSet: (id: string) => until(async () => json(await api(`/change-sets/${id}`)), (cs) => cs.status !== 'awaiting_approval' && cs.status !== 'applying', `change set ${id} to be decided`),
    /** The sheet as the emulator stores it (rows with their cells, by column id). */
    sheet: (sheetId: number): Promise<any> => admin(`/sheets/${sheetId}`),
  };
}
