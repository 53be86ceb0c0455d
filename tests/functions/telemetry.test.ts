import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SHEETS } from '../../infra/smartsheet-emulator/seed.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { startIngestion, type Envelope, type IngestionServer } from '../support/ingestion.js';
import { principal } from '../support/principal.js';
import { knownSecrets } from '../support/secrets.js';
import { until } from '../support/until.js';

/**
 * Traces reach Application Insights: the app runs with a connection string pointing at a
 * loopback stand-in for the ingestion endpoint, and the real exporter sends what it sends
 * in Azure. One user action (propose, then approve an edit) must be one trace from the
 * request through the durable activity to the live-update processor.
 */
let host: DevHostProcess;
let ingestion: IngestionServer;
const owner = principal('tracy-trace');
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${host.functionsUrl}/api${path}`, { method, headers: { 'content-type': 'application/json', ...owner, ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as any };
};
const inTrace = (id: string) => ingestion.envelopes.filter((e) => e.tags['ai.operation.id'] === id);
const named = (envelopes: Envelope[], name: string) => envelopes.find((e) => e.data.baseData.name === name);

beforeAll(async () => {
  ingestion = await startIngestion();
  host = await startDevHostProcess([], { APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString, NODE_EXTRA_CA_CERTS: ingestion.caFile, APPLICATION_INSIGHTS_NO_STATSBEAT: 'true', APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true', MODEL_MAX_ATTEMPTS: '1' });
}, 60_000);
afterAll(async () => {
  await host?.stop();
  await ingestion?.close();
});

describe('OpenTelemetry export to Application Insights', () => {
  it('one trace runs from the chat request through the approved apply to the live-update processor', async () => {
    const session = (await call('POST', '/sessions', { sheetId: SEED_SHEETS.projectTracker })).body.sessionId as string;
    await until(async () => (await call('GET', `/sessions/${session}`)).body.state.status, (s) => s === 'ready', 'the session ready');
    const turn = await call('POST', `/sessions/${session}/messages`, { clientMessageId: 'trace-1', text: 'set Priority to Low where Status is Blocked' }, { traceparent: `00-${traceId}-b7ad6b7169203331-01` });
    expect(turn.status).toBe(200);
    const changeSetId = turn.body.reply.extra.changeSetIds[0] as string;
    expect((await call('POST', `/change-sets/${changeSetId}/approve`)).status).toBe(202);
    await until(async () => (await call('GET', `/change-sets/${changeSetId}`)).body.status, (s) => s === 'applied', 'the change set applied');

    const trace = await until(async () => inTrace(traceId), (t) => Boolean(named(t, 'changeset-apply') && named(t, 'sheet-events-processor')), 'the apply and processor spans in the trace', 20_000);
    const request = named(trace, 'POST messages-post')!;
    expect(request.name).toBe('Microsoft.ApplicationInsights.Request');
    expect(request.data.baseData.responseCode).toBe('200');
    expect(request.tags['ai.operation.parentId']).toBe('b7ad6b7169203331');
    expect(request.tags['ai.cloud.role']).toMatch(/chatsheetai-functions/);
    // The apply and the processor continue the request's own span, not a new trace.
    expect(named(trace, 'changeset-apply')!.tags['ai.operation.parentId']).toBe(request.data.baseData.id);
    expect(named(trace, 'changeset-apply')!.data.baseData.properties).toMatchObject({ 'changeset.id': changeSetId, 'changeset.status': 'applied' });
    const processor = named(trace, 'sheet-events-processor')!;
    expect(processor.name).toBe('Microsoft.ApplicationInsights.Request');
    expect(processor.tags['ai.operation.parentId']).toBe(request.data.baseData.id);
    // The version our write made (pushed here, or already by an earlier notice for it).
    const applied = (await call('GET', `/change-sets/${changeSetId}`)).body.appliedVersion;
    expect(processor.data.baseData.properties).toMatchObject({ 'sheet.event.source': 'app', 'sheet.version': String(applied) });
  });

  it('a job and a session load are one trace each: their activities are children of the request that started them', async () => {
    const jobTrace = '5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e';
    const loadTrace = '10ad10ad10ad10ad10ad10ad10ad10ad';
    const session = (await call('POST', '/sessions', { sheetId: SEED_SHEETS.projectTracker }, { traceparent: `00-${loadTrace}-00f067aa0ba902b7-01` })).body.sessionId as string;
    await until(async () => (await call('GET', `/sessions/${session}`)).body.state.status, (s) => s === 'ready', 'the session ready');
    const created = await call('POST', `/sessions/${session}/jobs`, { kind: 'update', set: { Budget: 777 } }, { traceparent: `00-${jobTrace}-00f067aa0ba902b7-01` });
    expect(created.status).toBe(202);
    await until(async () => (await call('GET', `/jobs/${created.body.id}`)).body.status, (s) => s === 'awaiting_approval', 'the job planned');
    expect((await call('POST', `/jobs/${created.body.id}/approve`)).status).toBe(202);
    await until(async () => (await call('GET', `/jobs/${created.body.id}`)).body.status, (s) => s === 'completed', 'the job completed', 20_000);

    const names = ['job-plan', 'job-start', 'job-chunk', 'job-finish'];
    const trace = await until(async () => inTrace(jobTrace), (t) => names.every((n) => named(t, n)), 'every job activity span in the trace', 20_000);
    const request = named(trace, 'POST jobs-create')!;
    for (const name of names) {
      expect(named(trace, name)!.tags['ai.operation.parentId'], name).toBe(request.data.baseData.id);
      expect(named(trace, name)!.data.baseData.properties).toMatchObject({ 'job.id': created.body.id });
    }
    expect(named(trace, 'job-chunk')!.data.baseData.properties).toMatchObject({ 'job.chunk': '0' });

    // The session's load, too: loading the sheet and setting up live updates are children of the request that created it.
    const load = await until(async () => inTrace(loadTrace), (t) => Boolean(named(t, 'session-load-sheet') && named(t, 'session-watch-sheet')), 'the session load spans', 20_000);
    const create = named(load, 'POST sessions-create')!;
    expect(named(load, 'session-load-sheet')!.tags['ai.operation.parentId']).toBe(create.data.baseData.id);
    expect(named(load, 'session-watch-sheet')!.data.baseData.properties).toMatchObject({ 'session.id': session, 'webhook.action': expect.stringMatching(/created|ok|enabled/) });
  });

  it('client mistakes are requests with their 4xx code, not failures of the app; faults are', async () => {
    const otherTrace = '0af7651916cd43dd8448eb211c80319c';
    expect((await call('POST', '/sessions', { sheetId: 'nope' }, { traceparent: `00-${otherTrace}-00f067aa0ba902b7-01` })).status).toBe(400);
    // Every answer names its correlation id, so a person can quote it and it finds this trace.
    const answered = await fetch(`${host.functionsUrl}/api/sessions`, { headers: { ...owner, traceparent: `00-${otherTrace}-00f067aa0ba902b8-01` } });
    expect(answered.headers.get('x-correlation-id')).toBe(otherTrace);
    const [request] = await until(async () => inTrace(otherTrace), (t) => t.length > 0, 'the 400 request');
    expect(request!.data.baseData).toMatchObject({ name: 'POST sessions-create', responseCode: '400', success: true });

    const faultTrace = 'f00dfacef00dfacef00dfacef00dface';
    await fetch(`${host.modelUrl}/admin/faults`, { method: 'POST', body: JSON.stringify({ status: 500, count: 50 }) });
    try {
      const session = (await call('POST', '/sessions', { sheetId: SEED_SHEETS.projectTracker })).body.sessionId as string;
      await until(async () => (await call('GET', `/sessions/${session}`)).body.state.status, (s) => s === 'ready', 'the session ready');
      expect((await call('POST', `/sessions/${session}/messages`, { clientMessageId: 'down-1', text: 'count rows' }, { traceparent: `00-${faultTrace}-00f067aa0ba902b7-01` })).status).toBe(503);
    } finally {
      await fetch(`${host.modelUrl}/admin/faults`, { method: 'DELETE' });
    }
    const [fault] = await until(async () => inTrace(faultTrace), (t) => t.length > 0, 'the 503 request', 20_000);
    expect(fault!.data.baseData).toMatchObject({ name: 'POST messages-post', responseCode: '503', success: false });
  });

  it('no token, key or secret is in the exported telemetry', async () => {
    const secrets = await knownSecrets(host, owner);
    expect(ingestion.raw.length).toBeGreaterThan(0);
    const sent = ingestion.raw.join('\n');
    for (const secret of secrets) expect(sent.includes(secret), `a secret (${secret.slice(0, 6)}…) was exported`).toBe(false);
    // Query strings (tokens travel there) and bodies are not recorded at all.
    expect(sent).not.toMatch(/access_token|"url\.query"|x-ms-client-principal/);
  });
});
