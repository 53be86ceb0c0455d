import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { InProcessWriteLock } from '../functions/smartsheet/sheet-write-lock.js';
import { SmartsheetAdapter } from '../functions/smartsheet/smartsheet.adapter.js';
import type { Sheet } from '../shared/sheet/model.js';
import { SEED_SHEETS } from '../infra/smartsheet-emulator/seed.js';
import type { Benchmark } from './harness.js';
import { median } from './harness.js';

/** The emulator in its own process, so the figures are the adapter's alone. */
async function withEmulator<T>(root: string, run: (baseUrl: string) => Promise<T>): Promise<T> {
  const server = join(root, 'dist/infra/smartsheet-emulator/server.js');
  const code = `import(${JSON.stringify(server)}).then((m) => m.startSmartsheetEmulator({ port: 0 })).then((e) => console.log('READY ' + e.baseUrl));`;
  const child: ChildProcess = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const ready = /READY (\S+)/.exec(out);
        if (ready) resolve(ready[1]!);
      });
      child.once('exit', (code) => reject(new Error(`emulator exited (${code})`)));
    });
    return await run(baseUrl);
  } finally {
    child.kill('SIGTERM');
  }
}

function adapter(baseUrl: string): SmartsheetAdapter {
  return new SmartsheetAdapter({
    baseUrl,
    accessToken: 'local-smartsheet-token',
    changeAgent: 'bench',
    lock: new InProcessWriteLock(),
    maxAttempts: 1,
    initialDelayMs: 100,
    maxDelayMs: 100,
    timeoutMs: 60_000,
    breakerThreshold: 5,
    halfOpenAfterMs: 1000,
  });
}

const gc = (globalThis as { gc?: () => void }).gc;

export function smartsheetBenchmarks(root: string): Benchmark[] {
  let heapMb: number | undefined;
  return [
    {
      id: 'smartsheet.load-20k-ms',
      figure: 'getSheet of 20,000 rows × 20 columns through the adapter (median of 3)',
      unit: 'ms',
      target: 1500,
      goal: 'max',
      run: () =>
        withEmulator(root, async (baseUrl) => {
          const client = adapter(baseUrl);
          await client.getVersion(SEED_SHEETS.large);
          const times: number[] = [];
          let kept: Sheet | undefined;
          for (let i = 0; i < 3; i++) {
            kept = undefined;
            gc?.();
            const before = process.memoryUsage().heapUsed;
            const began = performance.now();
            kept = await client.getSheet(SEED_SHEETS.large);
            times.push(performance.now() - began);
            gc?.();
            heapMb = Math.max(heapMb ?? 0, (process.memoryUsage().heapUsed - before) / 1024 / 1024);
            if (kept.rows.length !== 20_000) throw new Error(`loaded ${kept.rows.length} rows`);
          }
          return median(times);
        }),
    },
    {
      id: 'smartsheet.load-20k-heap-mb',
      figure: 'heap growth holding the loaded 20k sheet (after GC; needs --expose-gc)',
      unit: 'MB',
      target: 150,
      goal: 'max',
      async run() {
        if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
        if (heapMb === undefined) await smartsheetBenchmarks(root)[0]!.run().then(() => undefined);
        return heapMb!;
      },
    },
  ];
}
