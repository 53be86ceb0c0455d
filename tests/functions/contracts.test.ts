import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  cellEditResponse,
  changeSetViewSchema,
  errorBodySchema,
  infoSchema,
  jobViewSchema,
  messagesPageSchema,
  negotiateSchema,
  sessionViewSchema,
  sheetSummarySchema,
  turnResultSchema,
} from '../../shared/api/contracts.js';
import { SEED_SHEETS } from '../../infra/smartsheet-emulator/seed.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';

/** The server's real answers match the contracts in shared/api (the web app's types come from them). */
let host: DevHostProcess;
const who = principal('contract-cora');
const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${host.functionsUrl}/api${path}`, { method, headers: { 'content-type': 'application/json', ...who }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as unknown };
};
const conforms = <T extends z.ZodType>(schema: T, value: unknown) => {
  const parsed = schema.safeParse(value);
  expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(true);
  return parsed.data as z.infer<T>;
};

beforeAll(async () => {
  host = await startDevHostProcess();
}, 60_000);
afterAll(() => host?.stop());

describe('HTTP contracts', () => {
  it('sheets, sessions, messages, change sets, jobs, cell edits, info, negotiate and errors', async () => {
    for (const s of (await call('GET', '/sheets')).body as unknown[]) conforms(sheetSummarySchema, s);
    const created = conforms(sessionViewSchema, (await call('POST', '/sessions', { sheetId: SEED_SHEETS.projectTracker })).body);
    let session = created;
    for (let i = 0; i < 200 && session.state.status !== 'ready'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      session = conforms(sessionViewSchema, (await call('GET', `/sessions/${created.sessionId}`)).body);
    }
    const id = created.sessionId;
    const question = conforms(turnResultSchema, (await call('POST', `/sessions/${id}/messages`, { clientMessageId: 'c1', text: 'total Budget by Status' })).body);
    expect(question.reply.extra?.chart?.labels.length).toBeGreaterThan(0);
    const edit = conforms(turnResultSchema, (await call('POST', `/sessions/${id}/messages`, { clientMessageId: 'c2', text: 'set Priority to Low where Status is Blocked' })).body);
    conforms(changeSetViewSchema, (await call('GET', `/change-sets/${edit.reply.extra!.changeSetIds![0]}`)).body);
    conforms(messagesPageSchema, (await call('GET', `/sessions/${id}/messages`)).body);
    const newest = conforms(messagesPageSchema, (await call('GET', `/sessions/${id}/messages?last=100`)).body);
    expect([newest.messages.length, newest.earlier]).toEqual([4, false]);
    // The answers' row digests are the server's own: never sent.
    expect(JSON.stringify([newest, question, edit])).not.toContain('citedRowStamps');
    const job = conforms(jobViewSchema, (await call('POST', `/sessions/${id}/jobs`, { kind: 'update', set: { Budget: 3 } })).body);
    for (const j of (await call('GET', `/sessions/${id}/jobs`)).body as unknown[]) conforms(jobViewSchema, j);
    conforms(jobViewSchema, (await call('GET', `/jobs/${job.id}`)).body);
    const sheet = (await call('GET', `/sessions/${id}/sheet`)).body as { rows: { id: number; values: unknown[] }[]; columns: { id: number; title: string; index: number }[] };
    const task = sheet.columns.find((c) => c.title === 'Task')!;
    const row = sheet.rows[0]!;
    conforms(cellEditResponse, (await call('PATCH', `/sheets/${SEED_SHEETS.projectTracker}/rows/${row.id}`, { sessionId: id, columnId: task.id, value: 'Contract', expected: row.values[task.index] })).body);
    const conflict = await call('PATCH', `/sheets/${SEED_SHEETS.projectTracker}/rows/${row.id}`, { sessionId: id, columnId: task.id, value: 'Again', expected: 'not what it holds' });
    expect(conflict.status).toBe(409);
    expect(conforms(errorBodySchema, conflict.body).error.details).toMatchObject({ current: 'Contract' });
    conforms(infoSchema, (await call('GET', '/info')).body);
    conforms(negotiateSchema, (await call('POST', '/negotiate')).body);
    conforms(errorBodySchema, (await call('POST', `/sessions/${id}/messages`, { text: '' })).body);
  });
});
