import { afterAll, beforeAll } from 'vitest';
import { startSmartsheetEmulator, type SmartsheetEmulator } from '../../infra/smartsheet-emulator/server.js';

export const TOKEN = 'local-smartsheet-token';

/** One emulator per test file, on an OS-picked port, stopped afterwards. */
export function useEmulator(): { readonly emulator: SmartsheetEmulator; api(path: string, init?: RequestInit): Promise<Response>; admin<T = unknown>(path: string, method?: string, body?: unknown): Promise<T> } {
  let emulator: SmartsheetEmulator | undefined;
  beforeAll(async () => {
    emulator = await startSmartsheetEmulator({ port: 0 });
  });
  afterAll(() => emulator?.stop());
  const base = () => emulator!.url.replace('localhost', '127.0.0.1');
  return {
    get emulator() {
      return emulator!;
    },
    api: (path, init = {}) =>
      fetch(`${base()}/2.0${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } }),
    admin: async (path, method = 'GET', body) => {
      const res = await fetch(`${base()}/admin${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = await res.json();
      if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json as never;
    },
  };
}

export const smallSheet = {
  name: 'Contract Test Sheet',
  columns: [
    { title: 'Task', type: 'TEXT_NUMBER' },
    { title: 'Status', type: 'PICKLIST', options: ['Open', 'Done', 'Blocked'] },
    { title: 'Due', type: 'DATE' },
    { title: 'Budget', type: 'TEXT_NUMBER' },
    { title: 'Done', type: 'CHECKBOX' },
    { title: 'Owner', type: 'CONTACT_LIST' },
  ],
  rows: [
    { Task: 'Alpha', Status: 'Open', Due: '2026-12-01', Budget: 100, Done: false, Owner: { email: 'dana@example.com', name: 'Dana' } },
    { Task: 'Beta', Status: 'Blocked', Due: '2026-12-15', Budget: 250.5, Done: false },
    { Task: 'Gamma', Status: 'Done', Budget: 75, Done: true },
  ],
};
