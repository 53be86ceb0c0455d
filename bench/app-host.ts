import { join } from 'node:path';
import { startDevHost, type DevHost } from '../infra/devhost/host.js';
import { createLogger } from '../infra/devhost/logger.js';
import { pristineEnv } from './harness.js';

/** The real app on the dev host with every local service on OS-picked ports, quiet. */
export function startAppHost(root: string, env: Record<string, string> = {}, withWeb = false): Promise<DevHost> {
  return startDevHost({
    root,
    appEntry: join(root, 'dist/functions/index.js'),
    functionsPort: 0,
    ...(withWeb ? { webRoot: join(root, 'dist/web'), webPort: 0 } : {}),
    azuritePorts: 0,
    smartsheetPort: 0,
    modelPort: 0,
    webPubSubPort: 0,
    brokerPort: 0,
    settingsFile: join(root, 'local.settings.sample.json'),
    env: { ...pristineEnv, LOG_LEVEL: 'error', ...env },
    logger: createLogger(() => undefined, 'error'),
  });
}

/** A Static Web Apps principal header for a benchmark user. */
export const benchPrincipal = (user: string) => ({ 'x-ms-client-principal': Buffer.from(JSON.stringify({ userId: user, userDetails: user, identityProvider: 'bench', userRoles: ['authenticated'] })).toString('base64') });
