import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Logger } from './logger.js';

/** Azurite's well-known development account (public, documented by Microsoft). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
export const STANDARD_PORTS = { blob: 10000, queue: 10001, table: 10002 } as const;

export type StoragePorts = { blob: number; queue: number; table: number };

export function azuriteConnectionString(host: string, ports: StoragePorts): string {
  const base = (port: number) => `http://${host}:${port}/${DEV_ACCOUNT}`;
  return (
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};` +
    `BlobEndpoint=${base(ports.blob)};QueueEndpoint=${base(ports.queue)};TableEndpoint=${base(ports.table)};`
  );
}

export interface AzuriteOptions {
  host?: string;
  /** 0 lets the OS pick each port. */
  ports?: StoragePorts | 0;
  /** A folder to persist to; in memory when absent. */
  location?: string;
  logger?: Logger;
  startTimeoutMs?: number;
}

export interface AzuriteHandle {
  pid: number;
  ports: StoragePorts;
  connectionString: string;
  stop(): Promise<void>;
}

const azuriteEntry = createRequire(import.meta.url).resolve('azurite/dist/src/azurite.js');

/**
 * Azurite runs in a child that exits as soon as its IPC channel to us closes,
 * so even a SIGKILLed dev host leaves no orphan behind.
 */
const bootstrap =
  `process.on('disconnect', () => process.exit(0));` +
  `process.argv.splice(1, 0, ${JSON.stringify(azuriteEntry)});` +
  `require(${JSON.stringify(azuriteEntry)});`;

const listening = /Azurite (Blob|Queue|Table) service is successfully listening at http:\/\/[^:]+:(\d+)/;

/** Starts Azurite (telemetry off) as a child process and resolves once all three services listen. */
export function startAzurite(options: AzuriteOptions = {}): Promise<AzuriteHandle> {
  const host = options.host ?? '127.0.0.1';
  const requested = options.ports === 0 ? { blob: 0, queue: 0, table: 0 } : (options.ports ?? STANDARD_PORTS);
  const args = ['--disableTelemetry', '--skipApiVersionCheck', '--loose', '--silent'];
  for (const service of ['blob', 'queue', 'table'] as const) args.push(`--${service}Host`, host, `--${service}Port`, String(requested[service]));
  args.push(...(options.location ? ['--location', options.location] : ['--inMemoryPersistence']));
  const child: ChildProcess = spawn(process.execPath, ['-e', bootstrap, '--', ...args], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });

  return new Promise((resolve, reject) => {
    const ports: Partial<StoragePorts> = {};
    let output = '';
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within ${options.startTimeoutMs ?? 20000} ms.\n${output}`)), options.startTimeoutMs ?? 20000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) {
        const match = listening.exec(line);
        if (match) ports[match[1]!.toLowerCase() as keyof StoragePorts] = Number(match[2]);
      }
      if (ports.blob && ports.queue && ports.table) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        const all = ports as StoragePorts;
        options.logger?.log('information', `Azurite listening (blob ${all.blob}, queue ${all.queue}, table ${all.table})`);
        resolve({ pid: child.pid!, ports: all, connectionString: azuriteConnectionString(host, all), stop: () => stopChild(child) });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      const inUse = /EADDRINUSE/.test(output) ? ' A port is already in use: stop the other Azurite, or point AzureWebJobsStorage at it.' : '';
      fail(new Error(`Azurite exited during start (code ${code}).${inUse}\n${output.trim()}`));
    });
  });
}

/** Ends a child process: SIGTERM, then SIGKILL if it has not exited in time. */
export function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
