import Module from 'node:module';
import { pathToFileURL } from 'node:url';
import { CoreApi, type RegisteredFunction } from './core-api.js';

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Loader };

/** One core API per process, as in the worker: registrations are process-wide. */
let core: CoreApi | undefined;

/**
 * Makes `require('@azure/functions-core')` resolve to our core API, the way the
 * Azure worker does, so `@azure/functions` and `durable-functions` register with us.
 */
export function installCoreApi(): CoreApi {
  if (core) return core;
  const api = new CoreApi();
  const originalLoad = moduleInternals._load;
  moduleInternals._load = function load(request, parent, isMain) {
    if (request === '@azure/functions-core') return api;
    return originalLoad.call(this, request, parent, isMain);
  };
  core = api;
  return api;
}

export interface LoadedApp {
  core: CoreApi;
  functions: RegisteredFunction[];
}

/** Imports the functions app's entry (ESM or CommonJS) and returns what it registered. */
export async function loadFunctionsApp(entryPath: string): Promise<LoadedApp> {
  const api = installCoreApi();
  await import(pathToFileURL(entryPath).href);
  if (!api.programmingModel) throw new Error(`${entryPath} registered no functions (no programming model was set).`);
  return { core: api, functions: [...api.functions.values()] };
}
