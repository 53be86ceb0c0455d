import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pristineEnv } from './harness.js';

/**
 * The real app on the dev host, as `npm start` runs it but on OS-picked ports, in a
 * child process of its own: every benchmark gets a fresh app (its settings are read
 * once per process) and its memory can be measured apart from the benchmark's.
 */
export interface AppHost {
  functionsUrl: string;
  webUrl?: string;
  smartsheetUrl?: string;
  pid: number;
  /** Peak resident memory of the host process so far, in MB (Linux VmHWM). */
  peakRssMb(): number;
  stop(): Promise<void>;
}

export function startAppHost(root: string, env: Record<string, string> = {}, withWeb = false): Promise<AppHost> {
  const ports = ['--port', '0', '--web-port', '0', '--azurite-ports', '0', '--smartsheet-port', '0', '--model-port', '0', '--webpubsub-port', '0', '--broker-port', '0', '--keyvault-port', '0'];
  // BENCH_HOST_NODE_ARGS: node options for the host alone, e.g. `--cpu-prof --cpu-prof-dir=.bench/profiles` to profile it.
  const nodeArgs = process.env.BENCH_HOST_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'dist/infra/devhost/main.js'), ...ports, ...(withWeb ? [] : ['--no-web']), '--settings', join(root, 'local.settings.sample.json')], {
    cwd: root,
    env: { ...pristineEnv, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the dev host did not start:\n${output}`));
    }, 60_000);
    const local = (url: string | undefined) => url?.replace('localhost', '127.0.0.1');
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /DEVHOST_READY (\{.*\})/.exec(output);
      if (!ready) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      const info = JSON.parse(ready[1]!) as { functionsUrl: string; webUrl?: string; smartsheetUrl?: string };
      resolve({
        functionsUrl: local(info.functionsUrl)!,
        webUrl: local(info.webUrl),
        smartsheetUrl: local(info.smartsheetUrl),
        pid: child.pid!,
        peakRssMb: () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`the dev host exited before it was ready:\n${output}`)));
  });
}

/** A Static Web Apps principal header for a benchmark user. */
export const benchPrincipal = (user: string) => ({ 'x-ms-client-principal': Buffer.from(JSON.stringify({ userId: user, userDetails: user, identityProvider: 'bench', userRoles: ['authenticated'] })).toString('base64') });
