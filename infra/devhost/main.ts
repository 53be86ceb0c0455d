/**
 * `npm start` runs this: the dev host with the built functions app and web app.
 * Options: --port (functions, 7071), --web-port (4280), --azurite-location DIR
 * (persist storage; in memory by default), --azurite-ports 0 (OS-picked), --settings FILE,
 * --root DIR (where host.json lives), --app FILE (the built entry), --no-web,
 * --smartsheet-port N (0 = OS-picked), --smartsheet-data FILE (persist the emulator's sheets),
 * --model-port N, --webpubsub-port N, --broker-port N, --keyvault-port N (the offline model, Web PubSub emulator,
 * Service Bus broker, Key Vault emulator).
 * Settings: local.settings.json, else local.settings.sample.json; environment variables win.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startDevHost } from './host.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.DEVHOST_PORT ?? '7071' },
    'web-port': { type: 'string', default: process.env.DEVHOST_WEB_PORT ?? '4280' },
    'azurite-ports': { type: 'string', default: 'standard' },
    'azurite-location': { type: 'string' },
    'smartsheet-port': { type: 'string' },
    'smartsheet-data': { type: 'string' },
    'model-port': { type: 'string' },
    'webpubsub-port': { type: 'string' },
    'broker-port': { type: 'string' },
    'keyvault-port': { type: 'string' },
    settings: { type: 'string' },
    root: { type: 'string', default: root },
    'no-web': { type: 'boolean', default: false },
    app: { type: 'string', default: join(root, 'dist/functions/index.js') },
    'web-root': { type: 'string', default: join(root, 'dist/web') },
  },
});

function fatal(message: string): never {
  process.stderr.write(`\nThe dev host could not start:\n${message}\n`);
  process.exit(1);
}

const portOf = (name: string, value: string | undefined) => {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fatal(`--${name} must be a port number (0 lets the OS pick), not "${value}".`);
  return port;
};

try {
  const host = await startDevHost({
    root: resolve(values.root),
    appEntry: resolve(values.app),
    webRoot: values['no-web'] ? undefined : resolve(values['web-root']),
    functionsPort: portOf('port', values.port),
    webPort: portOf('web-port', values['web-port']),
    azuritePorts: values['azurite-ports'] === '0' ? 0 : undefined,
    azuriteLocation: values['azurite-location'],
    smartsheetPort: values['smartsheet-port'] === undefined ? undefined : portOf('smartsheet-port', values['smartsheet-port']),
    smartsheetDataFile: values['smartsheet-data'],
    modelPort: values['model-port'] === undefined ? undefined : portOf('model-port', values['model-port']),
    webPubSubPort: values['webpubsub-port'] === undefined ? undefined : portOf('webpubsub-port', values['webpubsub-port']),
    brokerPort: values['broker-port'] === undefined ? undefined : portOf('broker-port', values['broker-port']),
    keyVaultPort: values['keyvault-port'] === undefined ? undefined : portOf('keyvault-port', values['keyvault-port']),
    settingsFile: values.settings,
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void host.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Ready only once a stop signal would be handled: a SIGTERM sent on seeing the ready line must stop everything.
  process.stdout.write(`\n${host.describe()}\n\n`);
  process.stdout.write(`DEVHOST_READY ${JSON.stringify({ functionsUrl: host.functionsUrl, webUrl: host.webUrl, storage: host.storage.azurite ? host.storage.connectionString : 'external', smartsheetUrl: host.smartsheetUrl, modelUrl: host.modelUrl, webPubSubUrl: host.webPubSubUrl, brokerUrl: host.brokerUrl, keyVaultUrl: host.keyVaultUrl })}\n`);
  process.stdout.write(`Open ${host.webUrl ?? host.functionsUrl} — Ctrl+C stops everything.\n`);
} catch (error) {
  fatal((error as Error)?.message ?? String(error));
}
