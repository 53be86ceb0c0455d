import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SHEETS } from '../../infra/smartsheet-emulator/seed.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';

/**
 * A turn has a deadline (CHAT_TURN_DEADLINE_MS, under the 230 s Azure's front end allows a request): a model that
 * has not answered by then — slow, or retrying after 429s — is no longer waited for, and the person is told so.
 */
let host: DevHostProcess;
const who = principal('deadline-ada');
const api = (path: string, init: RequestInit = {}) => fetch(`${host.functionsUrl}/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...who, ...(init.headers as object) } });
const model = (path: string, body?: unknown) => fetch(`${host.modelUrl}/admin${path}`, { method: body === undefined ? 'DELETE' : 'POST', body: body === undefined ? undefined : JSON.stringify(body) });

beforeAll(async () => {
  host = await startDevHostProcess([], { CHAT_TURN_DEADLINE_MS: '2500', MODEL_RETRY_DELAY_MS: '20' });
}, 60_000);
afterAll(() => host?.stop());

describe('a chat turn past its deadline', () => {
  it('stops waiting for the model, says why, keeps the question, and the same message sent again is answered', async () => {
    const { sessionId } = (await (await api('/sessions', { method: 'POST', body: JSON.stringify({ sheetId: SEED_SHEETS.projectTracker }) })).json()) as { sessionId: string };
    for (let i = 0; i < 200 && ((await (await api(`/sessions/${sessionId}`)).json()) as { state: { status: string } }).state.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 50));
    const send = () => api(`/sessions/${sessionId}/messages`, { method: 'POST', body: JSON.stringify({ clientMessageId: 'slow-1', text: 'how many rows where Status is Blocked' }) });
    for (const fault of [{ delayMs: 6000 }, { status: 429, retryAfterMs: 6000, count: 5 }]) {
      await model('/faults', fault);
      const started = performance.now();
      const res = await send();
      const elapsed = performance.now() - started;
      expect(res.status, JSON.stringify(fault) + await res.clone().text()).toBe(503);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe('This question took longer than the 3 s a turn may take, so it was stopped. A narrower question is quicker.');
      expect(elapsed).toBeGreaterThan(2000);
      expect(elapsed).toBeLessThan(5000);
      await model('/faults');
    }
    const history = (await (await api(`/sessions/${sessionId}/messages`)).json()) as { messages: { role: string; text: string; extra?: { error?: unknown } }[] };
    expect(history.messages.filter((m) => m.role === 'user').map((m) => m.text)).toEqual(['how many rows where Status is Blocked']);
    expect(history.messages.at(-1)).toMatchObject({ role: 'assistant', text: expect.stringMatching(/^This question took longer than the 3 s .* Your message is saved — send it again to retry\.$/), extra: { error: { retryable: true } } });
    const again = await send();
    expect(again.status).toBe(200);
    expect(((await again.json()) as { reply: { text: string } }).reply.text).toMatch(/matching rows/);
  });
});
