import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { durableFixtureRoot, startFixtureHost, type FixtureHost } from '../support/fixture-host.js';
import { start, status, waitForStatus } from '../support/durable.js';

let fixture: FixtureHost;
let base: string;
beforeAll(async () => {
  fixture = await startFixtureHost(durableFixtureRoot, { TEST_HUB: `Engine${Date.now()}` });
  base = fixture.url('');
});
afterAll(() => fixture?.host.stop());

describe('durable orchestrations in the dev host', () => {
  it('runs a sequence of activities to completion', async () => {
    const started = await start(base, 'sequence');
    const done = await waitForStatus(started.statusQueryGetUri, ['Completed', 'Failed'], 20_000, '&showHistory=true');
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toEqual(['Hello Tokyo', 'Hello Seattle', 'Hello London']);
    const types = done.historyEvents!.map((e) => e.EventType);
    expect(types.filter((t) => t === 'TaskScheduled')).toHaveLength(3);
    expect(types.filter((t) => t === 'TaskCompleted')).toHaveLength(3);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types.at(-1)).toBe('ExecutionCompleted');
  });

  it('fans out to 100 activities and fans in', async () => {
    const started = await start(base, 'fanout', 100);
    const done = await waitForStatus(started.statusQueryGetUri);
    expect(done.output).toBe(9900);
  });

  it('runs at most maxConcurrentActivityFunctions activities at once (host.json: 20)', async () => {
    const started = await start(base, 'busy-fanout', { n: 60, ms: 40 });
    const done = await waitForStatus(started.statusQueryGetUri);
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toBe(20);
  });

  it('retries with backoff until an attempt succeeds', async () => {
    const started = await start(base, 'retry', { key: `ok-${Date.now()}`, failTimes: 2, maxAttempts: 4 });
    const done = await waitForStatus(started.statusQueryGetUri, undefined, 20_000, '&showHistory=true');
    expect(done.output).toEqual({ ok: true, attempt: 3 });
    const types = done.historyEvents!.map((e) => e.EventType);
    expect(types.filter((t) => t === 'TaskFailed')).toHaveLength(2);
    expect(types.filter((t) => t === 'TimerCreated')).toHaveLength(2);
  });

  it('gives up after the last attempt and hands the error to the orchestrator', async () => {
    const key = `fail-${Date.now()}`;
    const started = await start(base, 'retry', { key, failTimes: 10, maxAttempts: 3 });
    const done = await waitForStatus(started.statusQueryGetUri);
    expect(done.output).toMatchObject({ ok: false, attempts: 3 });
    expect((done.output as { message: string }).message).toMatch(/flaky failure 3/);
  });

  it('fires a durable timer at its time', async () => {
    const startedAt = Date.now();
    const started = await start(base, 'timer', 400);
    const done = await waitForStatus(started.statusQueryGetUri);
    expect(done.output as number).toBeGreaterThanOrEqual(400);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(400);
  });

  it('an external event beats the timeout', async () => {
    const started = await start(base, 'approval', 30_000);
    await waitForStatus(started.statusQueryGetUri, ['Running']);
    const raised = await fetch(`${base}/api/client/${started.id}/events/approval`, { method: 'POST', body: JSON.stringify({ user: 'dana' }) });
    expect(raised.status).toBe(202);
    const done = await waitForStatus(started.statusQueryGetUri);
    expect(done.output).toEqual({ outcome: 'approved', by: { user: 'dana' } });
  });

  it('the timeout beats a missing event', async () => {
    const started = await start(base, 'approval', 300);
    const done = await waitForStatus(started.statusQueryGetUri);
    expect(done.output).toEqual({ outcome: 'expired' });
    const late = await fetch(started.sendEventPostUri.replace('{eventName}', 'approval'), { method: 'POST', body: '{}' });
    expect(late.status).toBe(410);
  });

  it('runs a sub-orchestration and returns its output to the parent', async () => {
    const started = await start(base, 'parent');
    const done = await waitForStatus(started.statusQueryGetUri);
    expect(done.output).toEqual({ child: { greeting: 'Hello from parent', parent: started.id } });
  });

  it('continueAsNew starts a fresh execution with the new input', async () => {
    const started = await start(base, 'countdown', 3);
    const done = await waitForStatus(started.statusQueryGetUri, undefined, 20_000, '&showHistory=true');
    expect(done.output).toBe('liftoff');
    expect(done.input).toBe(0);
    expect(done.historyEvents!.filter((e) => e.EventType === 'TaskScheduled')).toHaveLength(0);
  });

  it('shows custom status through getStatus while running', async () => {
    const started = await start(base, 'progress');
    await expect
      .poll(async () => ((await (await fetch(`${base}/api/client/${started.id}`)).json()) as { customStatus: unknown; runtimeStatus: string }), { timeout: 10_000 })
      .toMatchObject({ customStatus: { phase: 'waiting' }, runtimeStatus: 'Running' });
    await fetch(`${base}/api/client/${started.id}/events/go`, { method: 'POST', body: JSON.stringify('now') });
    const done = await waitForStatus(started.statusQueryGetUri);
    expect(done).toMatchObject({ output: 'now', customStatus: { phase: 'done' } });
  });

  it('terminates a running instance', async () => {
    const started = await start(base, 'approval', 60_000);
    await waitForStatus(started.statusQueryGetUri, ['Running']);
    const res = await fetch(started.terminatePostUri.replace('{text}', 'no longer needed'), { method: 'POST' });
    expect(res.status).toBe(202);
    const done = await waitForStatus(started.statusQueryGetUri);
    expect(done).toMatchObject({ runtimeStatus: 'Terminated', output: 'no longer needed' });
  });

  it('refuses to start a running instance id again, and restarts a finished one', async () => {
    const id = `fixed-${Date.now()}`;
    const first = await start(base, 'approval', 60_000, id);
    await waitForStatus(first.statusQueryGetUri, ['Running']);
    const again = await fetch(`${base}/api/start/approval/${id}`, { method: 'POST', body: '1000' });
    expect(again.status).toBe(500);
    expect(await again.text()).not.toMatch(/already exists/); // the starter's error stays server-side
    expect(fixture.lines.some((l) => l.includes('already exists'))).toBe(true);
    await fetch(first.terminatePostUri.replace('{text}', 'done'), { method: 'POST' });
    await waitForStatus(first.statusQueryGetUri, ['Terminated']);
    const restarted = await start(base, 'sequence', ['Oslo'], id);
    expect((await waitForStatus(restarted.statusQueryGetUri)).output).toEqual(['Hello Oslo']);
  });

  it('purges a finished instance and refuses to purge a running one', async () => {
    const done = await start(base, 'sequence', ['A']);
    await waitForStatus(done.statusQueryGetUri);
    expect((await fetch(done.purgeHistoryDeleteUri, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(done.statusQueryGetUri)).status).toBe(404);

    const running = await start(base, 'approval', 60_000);
    await waitForStatus(running.statusQueryGetUri, ['Running']);
    expect((await fetch(running.purgeHistoryDeleteUri, { method: 'DELETE' })).status).toBe(409);
    await fetch(running.terminatePostUri.replace('{text}', 'cleanup'), { method: 'POST' });
  });

  it('purges by filter and lists instances by status', async () => {
    const started = await start(base, 'sequence', ['B']);
    await waitForStatus(started.statusQueryGetUri);
    const origin = new URL(started.statusQueryGetUri).origin;
    const list = (await (await fetch(`${origin}/runtime/webhooks/durabletask/instances?code=master-key&runtimeStatus=Completed`)).json()) as { instanceId: string }[];
    expect(list.map((s) => s.instanceId)).toContain(started.id);
    const purged = await fetch(`${origin}/runtime/webhooks/durabletask/instances?code=master-key&runtimeStatus=Completed,Failed,Terminated`, { method: 'DELETE' });
    expect(((await purged.json()) as { instancesDeleted: number }).instancesDeleted).toBeGreaterThan(0);
    expect((await fetch(started.statusQueryGetUri)).status).toBe(404);
  });

  it('fails an orchestrator that throws, with its message', async () => {
    const started = await start(base, 'fails');
    const done = await waitForStatus(started.statusQueryGetUri);
    expect(done.runtimeStatus).toBe('Failed');
    expect(done.output).toMatch(/Orchestrator function 'fails' failed: orchestrator gave up/);
  });

  it('fails a non-deterministic orchestrator with the replay error', async () => {
    const started = await start(base, 'nondeterministic');
    const done = await waitForStatus(started.statusQueryGetUri);
    expect(done.runtimeStatus).toBe('Failed');
    expect(done.output).toMatch(/Non-Deterministic workflow detected: A previous execution of this orchestration scheduled an activity task with sequence ID 0 and name '(hello|double)'/);
  });

  it('guards the management API with the master key', async () => {
    const started = await start(base, 'sequence', ['C']);
    const url = new URL(started.statusQueryGetUri);
    url.searchParams.delete('code');
    expect((await fetch(url)).status).toBe(401);
    expect((await status(started.statusQueryGetUri)).instanceId).toBe(started.id);
  });
});
