import { join } from 'node:path';
import { startDevHost, type DevHost } from '../infra/devhost/host.js';
import { createLogger } from '../infra/devhost/logger.js';
import type { Benchmark } from './harness.js';
import { median, pristineEnv } from './harness.js';

/** The durable test fixture app (built into dist/), on its own Azurite, quiet. */
async function withDurableHost<T>(root: string, run: (host: DevHost, base: string) => Promise<T>): Promise<T> {
  const fixture = join(root, 'tests/fixtures/durable-app/');
  const host = await startDevHost({
    root: fixture,
    appEntry: join(root, 'dist/tests/fixtures/durable-app/index.js'),
    functionsPort: 0,
    azuritePorts: 0,
    env: { ...pristineEnv, AzureWebJobsStorage: 'UseDevelopmentStorage=true', TEST_HUB: `Bench${Date.now()}` },
    logger: createLogger(() => undefined, 'error'),
  });
  try {
    return await run(host, host.functionsUrl.replace('localhost', '127.0.0.1'));
  } finally {
    await host.stop();
  }
}

/**
 * Runs an orchestration and returns its engine-side wall time (created → last update),
 * so the benchmark's own status polling (every 50 ms) does not compete for the CPU it measures.
 */
async function runToCompletion(base: string, name: string, input: unknown): Promise<number> {
  const res = await fetch(`${base}/api/start/${name}`, { method: 'POST', body: JSON.stringify(input) });
  const { statusQueryGetUri } = (await res.json()) as { statusQueryGetUri: string };
  for (;;) {
    await new Promise((r) => setTimeout(r, 50));
    const status = (await (await fetch(statusQueryGetUri)).json()) as { runtimeStatus: string; createdTime: string; lastUpdatedTime: string };
    if (status.runtimeStatus === 'Completed') return Date.parse(status.lastUpdatedTime) - Date.parse(status.createdTime);
    if (status.runtimeStatus === 'Failed' || status.runtimeStatus === 'Terminated') throw new Error(`${name} ${status.runtimeStatus}`);
  }
}

export function durableBenchmarks(root: string): Benchmark[] {
  return [
    {
      id: 'durable.sequence-per-activity-ms',
      figure: '50-activity sequence: wall time per activity (median of 5)',
      unit: 'ms',
      target: 10,
      goal: 'max',
      run: () =>
        withDurableHost(root, async (_host, base) => {
          const names = Array.from({ length: 50 }, (_, i) => `n${i}`);
          await runToCompletion(base, 'sequence', names.slice(0, 5)); // warm-up
          const runs: number[] = [];
          for (let i = 0; i < 5; i++) runs.push((await runToCompletion(base, 'sequence', names)) / 50);
          return median(runs);
        }),
    },
    {
      id: 'durable.fanout-500-ms',
      figure: '500-activity fan-out/fan-in: wall time (median of 3)',
      unit: 'ms',
      target: 10_000,
      goal: 'max',
      run: () =>
        withDurableHost(root, async (_host, base) => {
          await runToCompletion(base, 'fanout', 10);
          const runs: number[] = [];
          for (let i = 0; i < 3; i++) runs.push(await runToCompletion(base, 'fanout', 500));
          return median(runs);
        }),
    },
  ];
}
