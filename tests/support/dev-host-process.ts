import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const devHostMain = repoRoot + 'dist/infra/devhost/main.js';

export interface DevHostProcess {
  child: ChildProcess;
  functionsUrl: string;
  webUrl: string;
  /** The Smartsheet emulator's API base URL, when the host started one. */
  smartsheetUrl?: string;
  /** The offline model's URL, when the host started it. */
  modelUrl?: string;
  webPubSubUrl?: string;
  brokerUrl?: string;
  keyVaultUrl?: string;
  output(): string;
  /** SIGTERM and wait for exit; returns the exit code. */
  stop(): Promise<number | null>;
}

export function requireBuild(): void {
  if (!existsSync(devHostMain)) throw new Error(`${devHostMain} is missing: run "npm run build" (npm test does it first).`);
}

/**
 * Starts the real dev host (`npm start`'s process) as a child on OS-picked
 * ports and waits for its ready line. Rejects with its output if it exits first.
 */
export function startDevHostProcess(args: string[] = [], env: NodeJS.ProcessEnv = {}, timeoutMs = 20_000): Promise<DevHostProcess> {
  requireBuild();
  const settings = args.includes('--settings') ? [] : ['--settings', 'local.settings.sample.json'];
  const child = spawn(
    process.execPath,
    [devHostMain, '--port', '0', '--web-port', '0', '--azurite-ports', '0', '--smartsheet-port', '0', '--model-port', '0', '--webpubsub-port', '0', '--broker-port', '0', '--keyvault-port', '0', ...settings, ...args],
    { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dev host not ready within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /DEVHOST_READY (\{.*\})/.exec(output);
      if (!ready) return;
      clearTimeout(timer);
      const info = JSON.parse(ready[1]!) as { functionsUrl: string; webUrl?: string; smartsheetUrl?: string; modelUrl?: string; webPubSubUrl?: string; brokerUrl?: string; keyVaultUrl?: string };
      resolve({
        child,
        functionsUrl: info.functionsUrl.replace('localhost', '127.0.0.1'),
        webUrl: (info.webUrl ?? '').replace('localhost', '127.0.0.1'),
        smartsheetUrl: info.smartsheetUrl?.replace('localhost', '127.0.0.1'),
        modelUrl: info.modelUrl?.replace('localhost', '127.0.0.1'),
        webPubSubUrl: info.webPubSubUrl?.replace('localhost', '127.0.0.1'),
        brokerUrl: info.brokerUrl?.replace('localhost', '127.0.0.1'),
        keyVaultUrl: info.keyVaultUrl?.replace('localhost', '127.0.0.1'),
        output: () => output,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`dev host exited (code ${code}) before it was ready:\n${output}`));
    });
  });
}
