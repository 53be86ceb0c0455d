import { startSmartsheetEmulator, type SmartsheetEmulator } from '../smartsheet-emulator/server.js';
import { startAzurite, STANDARD_PORTS, type AzuriteHandle } from './azurite.js';
import type { Logger } from './logger.js';

/**
 * The stand-ins for cloud services that `npm start` runs: Azurite when
 * AzureWebJobsStorage is the development account, the Smartsheet emulator when
 * SMARTSHEET_BASE_URL points at this machine. Each rewrites its setting to the
 * address it actually listens on, so the app code never knows the difference.
 */
export interface LocalServiceOptions {
  azuritePorts?: typeof STANDARD_PORTS | 0;
  azuriteLocation?: string;
  /** Overrides the port in SMARTSHEET_BASE_URL (0 = OS picks). */
  smartsheetPort?: number;
  smartsheetDataFile?: string;
}

export interface LocalServices {
  azurite?: AzuriteHandle;
  smartsheet?: SmartsheetEmulator;
  stop(): Promise<void>;
}

const isLoopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

export async function startLocalServices(settings: Record<string, string | undefined>, options: LocalServiceOptions, logger: Logger): Promise<LocalServices> {
  const services: LocalServices = {
    async stop() {
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
    return services;
  } catch (error) {
    await services.stop();
    throw error;
  }
}
