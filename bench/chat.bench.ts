import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { SEED_SHEETS } from '../infra/smartsheet-emulator/seed.js';
import type { Benchmark } from './harness.js';
import { benchPrincipal, startAppHost } from './app-host.js';
import { percentile } from './harness.js';
import { startLatencyProxy } from './latency-proxy.js';
import { azuriteConnectionString, startAzurite } from '../infra/devhost/azurite.js';

/** CPU time (user + system, all threads) a process and its children have used, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const own = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return (Number(own[11]) + Number(own[12])) * 10 + children.reduce((sum, child) => sum + cpuMs(child), 0);
}

/**
 * The load generator's POST: plain node:http on kept-alive sockets (as load tools do), ending when the last byte
 * arrives — the client's own work (fetch's streams, parsing the answer) is not the server's overhead.
 */
function post(agent: Agent, url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface ChatRun {
  overheads: number[];
  /** CPU of the app host and Azurite per measured turn. */
  cpuPerTurnMs: number;
}

/**
 * How the 20 sessions send their turns:
 * - `people`: each session sends its next question 1–3 s after the previous answer (uniform, seeded), as a
 *   person reading the answer and asking again would — 20 concurrent sessions, ~10 turns a second in all;
 * - `saturated`: each session sends its next question the moment the answer arrives (20 turns always in
 *   flight: with the model answering instantly this measures throughput, not overhead);
 * - `serial`: one turn at a time, round robin over the sessions (the per-turn cost without queueing).
 */
type Pacing = 'people' | 'saturated' | 'serial';

/** A small seeded generator (mulberry32): the same think times on every run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 20 sessions ask 10 questions each over real HTTP against the dev host with Azurite, the Smartsheet
 * emulator and the offline model. Overhead per turn = latency seen by the client − model time the server reports.
 */
async function measureOverheads(root: string, pacing: Pacing, tableLatencyMs = 0): Promise<ChatRun> {
  const storage = tableLatencyMs ? await behindLatency(tableLatencyMs) : undefined;
  const host = await startAppHost(root, storage ? { AzureWebJobsStorage: storage.connectionString } : {});
  // Idle sockets closed by the client after 4 s, before the server's 5 s keep-alive: without an agent timeout Node
  // ignores the server's `Keep-Alive: timeout=5` hint, and a request sent on a socket the server is closing just then
  // fails with ECONNRESET (seen once in a paced run).
  const agent = new Agent({ keepAlive: true, timeout: 4000 });
  try {
    const base = `${host.functionsUrl.replace('localhost', '127.0.0.1')}/api`;
    const sessions = await Promise.all(
      Array.from({ length: Number(process.env.BENCH_SESSIONS ?? 20) }, async (_, n) => {
        const headers = { 'content-type': 'application/json', ...benchPrincipal(`bench-${n}`) };
        const created = (await (await fetch(`${base}/sessions`, { method: 'POST', headers, body: JSON.stringify({ sheetId: SEED_SHEETS.projectTracker }) })).json()) as { sessionId: string };
        for (;;) {
          const view = (await (await fetch(`${base}/sessions/${created.sessionId}`, { headers })).json()) as { state: { status: string } };
          if (view.state.status === 'ready') return { id: created.sessionId, headers };
          await new Promise((r) => setTimeout(r, 25));
        }
      }),
    );
    const questions = ['how many rows where Status is Blocked', 'total Budget by Owner', 'show rows where Priority is High sorted by Budget desc', 'count by Status', 'average Spent where Done is false'];
    const overheads: number[] = [];
    let turns = 0;
    // The load generator's own garbage (session set-up) collected now, not as pauses counted against the server.
    (globalThis as { gc?: () => void }).gc?.();
    const cpuBefore = cpuMs(host.pid);
    const ask = async (session: (typeof sessions)[number], n: number, i: number) => {
      const began = performance.now();
      const res = await post(agent, `${base}/sessions/${session.id}/messages`, session.headers, JSON.stringify({ clientMessageId: `b${n}-${i}`, text: questions[(n + i) % questions.length] }));
      const elapsed = performance.now() - began;
      turns++;
      if (res.status !== 200) throw new Error(`turn failed: ${res.status} ${res.text}`);
      const body = JSON.parse(res.text) as { reply: { extra: { timing: { modelMs: number } } } };
      if (i > 0) overheads.push(elapsed - body.reply.extra.timing.modelMs); // the first turn of each session warms caches
      if (process.env.BENCH_TRACE) process.stderr.write(`${Math.round(elapsed)} ${JSON.stringify(body.reply.extra.timing)}\n`);
    };
    if (pacing === 'serial') {
      for (let i = 0; i < 10; i++) for (const [n, session] of sessions.entries()) await ask(session, n, i);
    } else {
      const random = seeded(20261124);
      const think = () => (pacing === 'people' ? new Promise((r) => setTimeout(r, 1000 + 2000 * random())) : undefined);
      await Promise.all(
        sessions.map(async (session, n) => {
          for (let i = 0; i < 10; i++) {
            if (i > 0) await think();
            await ask(session, n, i);
          }
        }),
      );
    }
    return { overheads, cpuPerTurnMs: (cpuMs(host.pid) - cpuBefore) / turns };
  } finally {
    agent.destroy();
    await host.stop();
    await storage?.stop();
  }
}

/** Azurite with its Table service behind a proxy adding `oneWayMs` each way. */
async function behindLatency(oneWayMs: number) {
  const azurite = await startAzurite({ ports: 0 });
  const proxy = await startLatencyProxy(azurite.ports.table, oneWayMs);
  return {
    connectionString: azuriteConnectionString('127.0.0.1', { ...azurite.ports, table: proxy.port }),
    stop: async () => {
      await proxy.stop();
      await azurite.stop();
    },
  };
}

export function chatBenchmarks(root: string): Benchmark[] {
  const runs = new Map<string, Promise<ChatRun>>();
  const measured = (pacing: Pacing, tableLatencyMs = 0) => {
    const key = `${pacing}:${tableLatencyMs}`;
    if (!runs.has(key)) runs.set(key, measureOverheads(root, pacing, tableLatencyMs));
    return runs.get(key)!;
  };
  const p = (pacing: Pacing, q: number) => async () => percentile((await measured(pacing)).overheads, q);
  const NO_TARGET = Number.MAX_SAFE_INTEGER;
  return [
    { id: 'chat.overhead-p50-ms', figure: 'server overhead per turn, 20 concurrent sessions × 10 turns, each asking again 1–3 s after its answer (p50)', unit: 'ms', target: 15, goal: 'max', run: p('people', 50) },
    { id: 'chat.overhead-p99-ms', figure: 'server overhead per turn, 20 concurrent sessions × 10 turns, each asking again 1–3 s after its answer (p99)', unit: 'ms', target: 60, goal: 'max', run: p('people', 99) },
    { id: 'chat.overhead-one-in-flight-p50-ms', figure: 'server overhead per turn, the same 200 turns one at a time (p50; no queueing — the per-turn cost)', unit: 'ms', target: 15, goal: 'max', run: p('serial', 50) },
    { id: 'chat.saturated-p50-ms', figure: 'the 20 sessions asking again the instant each answer arrives: 20 turns always in flight (p50; throughput-bound, ≈ 20 × CPU per turn ÷ cores)', unit: 'ms', target: NO_TARGET, goal: 'max', run: p('saturated', 50) },
    { id: 'chat.saturated-p99-ms', figure: 'the same, 20 turns always in flight (p99)', unit: 'ms', target: NO_TARGET, goal: 'max', run: p('saturated', 99) },
    {
      id: 'chat.overhead-table-5ms-one-in-flight-p50-ms',
      figure: 'the one-at-a-time turns with 5 ms added to every Table Storage round trip, as across a network in Azure (p50; each round trip on the critical path costs ~5 ms)',
      unit: 'ms',
      target: NO_TARGET,
      goal: 'max',
      run: async () => percentile((await measured('serial', 2.5)).overheads, 50),
    },
    {
      id: 'chat.cpu-per-turn-ms',
      figure: 'CPU per turn in the 20-in-flight run: app host (all threads, offline model included) + Azurite',
      unit: 'ms',
      target: NO_TARGET,
      goal: 'max',
      run: async () => (await measured('saturated')).cpuPerTurnMs,
    },
  ];
}
