import { startOfflineModel, type OfflineModel } from '../offline-model/server.js';
import { startSmartsheetEmulator, type SmartsheetEmulator } from '../smartsheet-emulator/server.js';
import { startAzurite, STANDARD_PORTS, type AzuriteHandle } from './azurite.js';
import type { Logger } from './logger.js';

/**
 * The stand-ins for cloud services that `npm start` runs: Azurite when
 * AzureWebJobsStorage is the development account, the Smartsheet emulator when
 * SMARTSHEET_BASE_URL points at this machine, the offline model when
 * AZURE_OPENAI_ENDPOINT does. Each rewrites its setting to the
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
}

export interface LocalServices {
  azurite?: AzuriteHandle;
  smartsheet?: SmartsheetEmulator;
  model?: OfflineModel;
  stop(): Promise<void>;
}

const isLoopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

export async function startLocalServices(settings: Record<string, string | undefined>, options: LocalServiceOptions, logger: Logger): Promise<LocalServices> {
  const services: LocalServices = {
    async stop() {
      await services.model?.stop();
      await services.smartsheet?.stop();
      await services.azurite?.stop();
    },
  };
  try {
    if (settings.AzureWebJobsStorage === 'UseDevelopmentStorage=true') {
      services.azurite = await startAzurite({ ports: options.azuritePorts ?? STANDARD_PORTS, location: options.azuriteLocation, logger });
      settings.AzureWebJobsStorage = services.azurite.connectionString;
    }
    const smartsheetUrl = settings.SMARTSHEET_BASE_URL ? new URL(settings.SMARTSHEET_BASE_URL) : undefined;
    if (smartsheetUrl && isLoopback(smartsheetUrl)) {
      const port = options.smartsheetPort ?? Number(smartsheetUrl.port || 80);
      services.smartsheet = await startSmartsheetEmulator({ port, persistFile: options.smartsheetDataFile }).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EADDRINUSE' ? new Error(`Port ${port} for the Smartsheet emulator is in use; use --smartsheet-port or change SMARTSHEET_BASE_URL.`) : error;
      });
      settings.SMARTSHEET_BASE_URL = services.smartsheet.baseUrl;
      logger.log('information', `Smartsheet emulator listening at ${services.smartsheet.baseUrl}`);
    }
    const modelUrl = settings.AZURE_OPENAI_ENDPOINT ? new URL(settings.AZURE_OPENAI_ENDPOINT) : undefined;
    if (modelUrl && isLoopback(modelUrl)) {
      const port = options.modelPort ?? Number(modelUrl.port || 80);
      services.model = await startOfflineModel({ port, apiKey: settings.AZURE_OPENAI_API_KEY }).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EADDRINUSE' ? new Error(`Port ${port} for the offline model is in use; use --model-port or change AZURE_OPENAI_ENDPOINT.`) : error;
      });
      settings.AZURE_OPENAI_ENDPOINT = services.model.url;
      logger.log('information', `Offline model listening at ${services.model.url}`);
    }
    return services;
  } catch (error) {
    await services.stop();
    throw error;
  }
}
