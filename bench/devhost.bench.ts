import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { Benchmark } from './harness.js';
import { median } from './harness.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Time from `npm start` (build included) to the first 200 from /api/health. */
async function coldStartOnce(root: string): Promise<number> {
  const [port, webPort] = [await freePort(), await freePort()];
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent', '--', '--port', String(port), '--web-port', String(webPort), '--azurite-ports', '0'], {
    cwd: root,
    stdio: 'ignore',
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const deadline = started + 60_000;
    while (performance.now() < deadline) {
      // A start that fails (the build broken, a port taken) is said as such, not as a timeout.
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`npm start exited (${child.exitCode ?? child.signalCode}) before /api/health answered; run it to see why`);
      try {
        const res = await fetch(`http://127.0.0.1:${webPort}/api/health`);
        if (res.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('no 200 from /api/health within 60 s');
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // the group has ended already
    }
    await exited;
  }
}

export function devhostBenchmarks(root: string): Benchmark[] {
  return [
    {
      id: 'devhost.cold-start-ms',
      figure: 'npm start → 200 from /api/health (median of 3)',
      unit: 'ms',
      target: 10_000,
      goal: 'max',
      async run() {
        const times: number[] = [];
        for (let i = 0; i < 3; i++) times.push(await coldStartOnce(root));
        return median(times);
      },
    },
  ];
}
