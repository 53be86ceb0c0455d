import { connectionFields } from '../../shared/util/connection-string.js';
import { isLoopback } from '../../shared/util/loopback.js';
import { startKeyVaultEmulator, type KeyVaultEmulator } from '../keyvault-emulator/server.js';
import { startOfflineModel, type OfflineModel } from '../offline-model/server.js';
import { startBrokerServer, type BrokerServer } from '../servicebus-broker/server.js';
import { startSmartsheetEmulator, type SmartsheetEmulator } from '../smartsheet-emulator/server.js';
import { startWebPubSubEmulator, type WebPubSubEmulator } from '../webpubsub-emulator/server.js';
import { startAzurite, STANDARD_PORTS, type AzuriteHandle } from './azurite.js';
import type { Logger } from './logger.js';

/**
 * The stand-ins for cloud services that `npm start` runs: Azurite when
 * AzureWebJobsStorage is the development account, the Smartsheet emulator when
 * SMARTSHEET_BASE_URL points at this machine, the offline model when
 * AZURE_OPENAI_ENDPOINT does, the Web PubSub emulator when WEBPUBSUB_CONNECTION_STRING's
 * endpoint does, and the Service Bus broker when ServiceBusConnection says
 * UseDevelopmentBroker=true, and the Key Vault emulator when KEY_VAULT_URL does. Each rewrites its setting to the
 * address it actually listens on, so the app code never knows the difference.
 */
export interface LocalServiceOptions {
  azuritePorts?: typeof STANDARD_PORTS | 0;
  azuriteLocation?: string;
  /** Overrides the port in SMARTSHEET_BASE_URL (0 = OS picks). */
  smartsheetPort?: number;
  smartsheetDataFile?: string;
  /** Overrides the port in AZURE_OPENAI_ENDPOINT for the offline model (0 = OS picks). */
  modelPort?: number;
  /** Overrides the Web PubSub emulator's port (0 = OS picks). */
  webPubSubPort?: number;
  /** Overrides the Service Bus broker's port (0 = OS picks). */
  brokerPort?: number;
  /** Overrides the Key Vault emulator's port (0 = OS picks). */
  keyVaultPort?: number;
}

export interface LocalServices {
  azurite?: AzuriteHandle;
  smartsheet?: SmartsheetEmulator;
  model?: OfflineModel;
  webPubSub?: WebPubSubEmulator;
  broker?: BrokerServer;
  keyVault?: KeyVaultEmulator;
  stop(): Promise<void>;
}

const connectionField = (connectionString: string, name: string) => connectionFields(connectionString).get(name.toLowerCase());

/** The URL a setting points at: the setting itself, or a connection string's Endpoint. */
function endpointOf(value: string | undefined): URL | undefined {
  if (!value) return undefined;
  const endpoint = /^[a-z]+:\/\//i.test(value) ? value : connectionField(value, 'Endpoint');
  try {
    return endpoint ? new URL(endpoint) : undefined;
  } catch {
    return undefined;
  }
}

export async function startLocalServices(settings: Record<string, string | undefined>, options: LocalServiceOptions, logger: Logger): Promise<LocalServices> {
  const services: LocalServices = {
    async stop() {
      await services.keyVault?.stop();
      await services.broker?.stop();
      await services.webPubSub?.stop();
      await services.model?.stop();
      await services.smartsheet?.stop();
      await services.azurite?.stop();
    },
  };
  // DEVHOST_SKIP_EMULATORS=smartsheet,model,… : use what the settings point at, even on loopback (tests run their own).
  const skip = new Set((settings.DEVHOST_SKIP_EMULATORS ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const unless = <T>(name: string, start: () => Promise<T>) => (skip.has(name) ? Promise.resolve(undefined) : start());
  // Azurite starts in a process of its own: the stand-ins below start in this one meanwhile (~0.5 s off start-up).
  const azurite = settings.AzureWebJobsStorage === 'UseDevelopmentStorage=true' ? startAzurite({ ports: options.azuritePorts ?? STANDARD_PORTS, location: options.azuriteLocation, logger }) : undefined;
  azurite?.catch(() => undefined);
  try {
    services.smartsheet = await unless('smartsheet', () => startIfLocal(settings, 'SMARTSHEET_BASE_URL', 'Smartsheet emulator', '--smartsheet-port', options.smartsheetPort, logger, async (port) => {
      const emulator = await startSmartsheetEmulator({ port, persistFile: options.smartsheetDataFile });
      return { service: emulator, url: emulator.baseUrl };
    }));
    services.model = await unless('model', () => startIfLocal(settings, 'AZURE_OPENAI_ENDPOINT', 'offline model', '--model-port', options.modelPort, logger, async (port) => {
      const model = await startOfflineModel({ port, apiKey: settings.AZURE_OPENAI_API_KEY });
      return { service: model, url: model.url };
    }));
    services.webPubSub = await startIfLocal(settings, 'WEBPUBSUB_CONNECTION_STRING', 'Web PubSub emulator', '--webpubsub-port', options.webPubSubPort, logger, async (port) => {
      const accessKey = connectionField(settings.WEBPUBSUB_CONNECTION_STRING!, 'AccessKey');
      const emulator = await startWebPubSubEmulator({ port, ...(accessKey ? { accessKey } : {}) });
      return { service: emulator, url: emulator.url, setting: emulator.connectionString };
    });
    if (/UseDevelopmentBroker=true/i.test(settings.ServiceBusConnection ?? '')) {
      services.broker = await startIfLocal(settings, 'ServiceBusConnection', 'Service Bus broker', '--broker-port', options.brokerPort, logger, async (port) => {
        const key = connectionField(settings.ServiceBusConnection!, 'SharedAccessKey');
        const broker = await startBrokerServer({ port, ...(key ? { key } : {}) });
        return { service: broker, url: broker.url, setting: broker.connectionString };
      });
    }
    services.keyVault = await startIfLocal(settings, 'KEY_VAULT_URL', 'Key Vault emulator', '--keyvault-port', options.keyVaultPort, logger, async (port) => {
      const vault = await startKeyVaultEmulator({ port });
      return { service: vault, url: vault.url };
    });
    if (azurite) {
      services.azurite = await azurite;
      settings.AzureWebJobsStorage = services.azurite.connectionString;
    }
    return services;
  } catch (error) {
    services.azurite ??= await azurite?.catch(() => undefined);
    await services.stop();
    throw error;
  }
}

/**
 * Starts a stand-in when `setting` is (or has an Endpoint that is) a loopback URL, on its port (or the option's),
 * and points the setting at the address it really listens on.
 */
async function startIfLocal<T>(
  settings: Record<string, string | undefined>,
  setting: string,
  what: string,
  flag: string,
  portOption: number | undefined,
  logger: Logger,
  start: (port: number) => Promise<{ service: T; url: string; setting?: string }>,
): Promise<T | undefined> {
  const url = endpointOf(settings[setting]);
  if (!url || !isLoopback(url)) return undefined;
  const port = portOption ?? Number(url.port || 80);
  const started = await start(port).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EADDRINUSE' ? new Error(`Port ${port} for the ${what} is in use; use ${flag} or change ${setting}.`) : error;
  });
  settings[setting] = started.setting ?? started.url;
  logger.log('information', `${what[0]!.toUpperCase()}${what.slice(1)} listening at ${started.url}`);
  return started.service;
}
