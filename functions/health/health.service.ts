import { describeError } from '../platform/errors.js';

/** A dependency the app cannot work without, checked with a real round trip. */
export interface DependencyProbe {
  readonly name: string;
  check(signal: AbortSignal): Promise<void>;
}

export type DependencyState = 'ok' | { error: string };

export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  dependencies: Record<string, DependencyState>;
}

/** Runs every probe in parallel, each bounded by the timeout, and reports them all. */
export async function checkHealth(probes: readonly DependencyProbe[], version: string, timeoutMs: number): Promise<HealthReport> {
  const results = await Promise.all(
    probes.map(async (probe): Promise<[string, DependencyState]> => {
      try {
        await withTimeout(timeoutMs, (signal) => probe.check(signal));
        return [probe.name, 'ok'];
      } catch (error) {
        return [probe.name, { error: describeError(error) }];
      }
    }),
  );
  const dependencies = Object.fromEntries(results);
  const healthy = results.every(([, state]) => state === 'ok');
  return { status: healthy ? 'ok' : 'degraded', version, dependencies };
}

async function withTimeout(ms: number, run: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within ${ms} ms`));
    }, ms);
  });
  try {
    await Promise.race([run(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
