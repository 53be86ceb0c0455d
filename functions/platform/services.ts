import type { DependencyProbe } from '../health/health.service.js';
import { tableStorageProbe } from '../storage/table-storage.adapter.js';
import { getSettings, type Settings } from './settings.js';

/**
 * The composition root: adapters are built once per process from the settings
 * and handed to services. Triggers ask for what they need here.
 */
export interface Services {
  settings: Settings;
  healthProbes: DependencyProbe[];
}

let services: Services | undefined;

export function getServices(): Services {
  if (!services) {
    const settings = getSettings();
    services = { settings, healthProbes: [tableStorageProbe(settings.AzureWebJobsStorage)] };
  }
  return services;
}
