import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { startDevHost, type DevHost } from '../../infra/devhost/host.js';
import { createLogger } from '../../infra/devhost/logger.js';

export const fixtureRoot = fileURLToPath(new URL('../fixtures/sample-app/', import.meta.url));
export const durableFixtureRoot = fileURLToPath(new URL('../fixtures/durable-app/', import.meta.url));

export interface FixtureHost {
  host: DevHost;
  lines: string[];
  url(path: string): string;
}

/** The dev host, in this process, serving a fixture app on an OS-picked port with the run's shared Azurite. */
export async function startFixtureHost(root = fixtureRoot, env: Record<string, string> = {}): Promise<FixtureHost> {
  const lines: string[] = [];
  const host = await startDevHost({
    root,
    appEntry: root + 'index.ts',
    functionsPort: 0,
    env: { ...process.env, AzureWebJobsStorage: inject('storageConnectionString'), ...env },
    logger: createLogger((line) => lines.push(line), 'debug'),
  });
  return { host, lines, url: (path) => host.functionsUrl.replace('localhost', '127.0.0.1') + path };
}
