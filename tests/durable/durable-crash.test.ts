import { TableClient } from '@azure/data-tables';
import { inject, describe, expect, it } from 'vitest';
import { repoRoot, startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { start, waitForStatus } from '../support/durable.js';

const fixture = repoRoot + 'tests/fixtures/durable-app/';
const hub = `Crash${Date.now()}`;

function startHost(): Promise<DevHostProcess> {
  return startDevHostProcess(
    ['--root', fixture, '--app', repoRoot + 'dist/tests/fixtures/durable-app/index.js', '--settings', fixture + 'local.settings.json', '--no-web'],
    { AzureWebJobsStorage: inject('storageConnectionString'), TEST_HUB: hub },
  );
}

async function counts(instanceId: string): Promise<Record<string, number>> {
  const table = TableClient.fromConnectionString(inject('storageConnectionString'), 'DurableSideEffects', { allowInsecureConnection: true });
  const result: Record<string, number> = {};
  try {
    for await (const row of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${instanceId}'` } })) result[row.rowKey as string] = Number(row.count);
  } catch {
    // table not created yet
  }
  return result;
}

describe('durable state survives a crash of the host', () => {
  it('SIGKILL mid-orchestration, restart: the instance completes and no completed activity runs twice', async () => {
    let host = await startHost();
    try {
      const started = await start(host.functionsUrl, 'crashy', { steps: 6, ms: 300 });
      // Kill while step 2 is running: started, not yet done.
      await expect.poll(async () => {
        const c = await counts(started.id);
        return c['2:started'] === 1 && c['2:done'] === undefined;
      }, { timeout: 15_000, interval: 20 }).toBe(true);
      host.child.kill('SIGKILL');
      await host.stop();

      host = await startHost();
      const statusUri = started.statusQueryGetUri.replace(new URL(started.statusQueryGetUri).origin, host.functionsUrl);
      const done = await waitForStatus(statusUri, undefined, 30_000);
      expect(done.runtimeStatus).toBe('Completed');
      expect(done.output).toEqual([0, 1, 2, 3, 4, 5]);

      const c = await counts(started.id);
      for (let step = 0; step < 6; step++) expect(c[`${step}:done`], `step ${step} completions`).toBe(1);
      expect(c['2:started']).toBe(2); // the interrupted step ran again, as at-least-once requires
    } finally {
      await host.stop();
    }
  });

  it('pending timers and awaited events carry on after a restart', async () => {
    let host = await startHost();
    try {
      const timer = await start(host.functionsUrl, 'timer', 1500);
      const approval = await start(host.functionsUrl, 'approval', 60_000);
      await waitForStatus(approval.statusQueryGetUri, ['Running']);
      await waitForStatus(timer.statusQueryGetUri, ['Running']);
      host.child.kill('SIGKILL');
      await host.stop();

      host = await startHost();
      const at = (uri: string) => uri.replace(new URL(uri).origin, host.functionsUrl);
      const fired = await waitForStatus(at(timer.statusQueryGetUri), undefined, 20_000);
      expect(fired.runtimeStatus).toBe('Completed');
      expect(fired.output as number).toBeGreaterThanOrEqual(1500);

      const raised = await fetch(at(approval.sendEventPostUri).replace('{eventName}', 'approval'), { method: 'POST', body: JSON.stringify('ops') });
      expect(raised.status).toBe(202);
      expect((await waitForStatus(at(approval.statusQueryGetUri))).output).toEqual({ outcome: 'approved', by: 'ops' });
    } finally {
      await host.stop();
    }
  });
});
