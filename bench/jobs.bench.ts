import { benchPrincipal, startAppHost } from './app-host.js';
import type { Benchmark } from './harness.js';

const ROWS = Number(process.env.BENCH_JOB_ROWS ?? 20_000);

interface FillMeasure {
  ms: number;
  writes: number;
  modelCalls: number;
  peakMb: number;
}

/**
 * A 20,000-row fill job (summarise Notes into Summary) over the real local stack:
 * the offline model answers at once and the emulator's rate limit is lifted, so what
 * is measured is our own work: wall time from approval to completion, Smartsheet
 * write requests against the minimum ceil(20000/500), model calls, and the peak RSS
 * of the host process (functions, emulator with the sheet, offline model) — its own process.
 */
async function measureFill(root: string): Promise<FillMeasure> {
  const host = await startAppHost(root, { SMARTSHEET_REQUESTS_PER_MINUTE: '100000' });
  const headers = { 'content-type': 'application/json', ...benchPrincipal('bench-jobs') };
  const base = `${host.functionsUrl.replace('localhost', '127.0.0.1')}/api`;
  const admin = `${new URL(host.smartsheetUrl!).origin.replace('localhost', '127.0.0.1')}/admin`;
  const get = async <T>(url: string, init?: RequestInit) => (await (await fetch(url, init)).json()) as T;
  const until = async <T>(read: () => Promise<T>, done: (v: T) => boolean) => {
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    await fetch(`${admin}/config`, { method: 'PUT', body: JSON.stringify({ rateLimitPerMinute: 100_000, writeLatencyMs: 0 }) });
    const sheet = await get<{ id: number }>(`${admin}/sheets`, {
      method: 'POST',
      body: JSON.stringify({
        name: 'Bench 20k',
        columns: [
          { title: 'Task', type: 'TEXT_NUMBER' },
          { title: 'Notes', type: 'TEXT_NUMBER' },
          { title: 'Summary', type: 'TEXT_NUMBER' },
        ],
        rows: Array.from({ length: ROWS }, (_, i) => ({ Task: `Task ${i}`, Notes: `Check the vendor contract for item ${i} before the quarterly billing run; risk is moderate` })),
      }),
    });
    const { sessionId } = await get<{ sessionId: string }>(`${base}/sessions`, { method: 'POST', headers, body: JSON.stringify({ sheetId: sheet.id }) });
    await until(() => get<{ state: { status: string } }>(`${base}/sessions/${sessionId}`, { headers }), (s) => s.state.status === 'ready');
    const job = await get<{ id: string }>(`${base}/sessions/${sessionId}/jobs`, { method: 'POST', headers, body: JSON.stringify({ kind: 'fill', template: 'summarise', sourceColumns: ['Notes'], targetColumn: 'Summary', words: 5 }) });
    await until(() => get<{ status: string }>(`${base}/jobs/${job.id}`, { headers }), (j) => j.status === 'awaiting_approval');
    await fetch(`${admin}/write-log`, { method: 'DELETE' });
    const started = performance.now();
    await fetch(`${base}/jobs/${job.id}/approve`, { method: 'POST', headers });
    const done = await until(() => get<{ status: string; result: { modelCalls: number; written: number } }>(`${base}/jobs/${job.id}`, { headers }), (j) => ['completed', 'failed'].includes(j.status));
    const ms = performance.now() - started;
    if (done.status !== 'completed' || done.result.written !== ROWS) throw new Error(`the job ended ${done.status} with ${done.result.written} rows written`);
    const log = await get<{ method: string }[]>(`${admin}/write-log?sheetId=${sheet.id}`);
    return { ms, writes: log.filter((w) => w.method === 'PUT' || w.method === 'POST').length, modelCalls: done.result.modelCalls, peakMb: host.peakRssMb() };
  } finally {
    await host.stop();
  }
}

export function jobsBenchmarks(root: string): Benchmark[] {
  let measured: FillMeasure | undefined;
  const run = async () => (measured ??= await measureFill(root));
  return [
    { id: 'jobs.fill-20k-ms', figure: '20,000-row fill job, approval → completed (offline model, rate limit lifted)', unit: 'ms', target: 30_000, goal: 'max', run: async () => (await run()).ms },
    { id: 'jobs.writes-vs-minimum-ratio', figure: 'Smartsheet write requests ÷ ceil(20000/500)', unit: '×', target: 1.0, goal: 'max', run: async () => (await run()).writes / Math.ceil(ROWS / 500) },
    { id: 'jobs.fill-20k-model-calls', figure: 'model calls for the 20,000 rows (pilot included) vs ceil(rows/20) = 1000', unit: 'calls', target: 1000, goal: 'max', run: async () => (await run()).modelCalls },
    { id: 'jobs.fill-20k-peak-mb', figure: 'peak RSS of the host process (functions + emulator holding the sheet + model), whole run', unit: 'MB', target: 1024, goal: 'max', run: async () => (await run()).peakMb },
  ];
}
