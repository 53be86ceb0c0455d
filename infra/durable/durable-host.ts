import type { RegisteredFunction } from '../devhost/core-api.js';
import type { FunctionRuntime } from '../devhost/function-runtime.js';
import type { Logger } from '../devhost/logger.js';
import { DurableEngine } from './engine.js';
import { durableClientBinding, serveManagement, type ManagementOptions } from './management-api.js';
import { DurableStore } from './store.js';

export interface DurableHost {
  engine: DurableEngine;
  serve: (request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => Promise<boolean>;
  stop(): Promise<void>;
}

const usesDurable = (fn: RegisteredFunction) =>
  Object.values(fn.metadata.bindings).some((b) => ['orchestrationTrigger', 'activityTrigger', 'entityTrigger', 'durableClient'].includes(b.type));

/** Adds the durable engine, the client binding and the management API when the app uses Durable Functions. */
export async function attachDurable(options: {
  functions: RegisteredFunction[];
  runtime: FunctionRuntime;
  logger: Logger;
  connectionString: string;
  hubName: string;
  maxConcurrentActivities: number;
  masterKey: string;
  origin: () => string;
}): Promise<DurableHost | undefined> {
  if (!options.functions.some(usesDurable)) return undefined;
  if (!/^[A-Za-z][A-Za-z0-9]{2,44}$/.test(options.hubName)) {
    throw new Error(`host.json durableTask.hubName "${options.hubName}" must be 3–45 letters or digits, starting with a letter.`);
  }
  const store = new DurableStore(options.connectionString, options.hubName);
  const engine = new DurableEngine(store, options.runtime, options.logger, options.maxConcurrentActivities);
  const management: ManagementOptions = { engine, hubName: options.hubName, masterKey: options.masterKey, origin: options.origin };
  options.runtime.inputProviders.set('durableClient', () => durableClientBinding(management));
  // Storage may be unreachable at start (health then says so): keep trying in the background.
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;
  const boot = async (): Promise<void> => {
    try {
      await engine.start();
    } catch (error) {
      if (stopped) return;
      options.logger.log('error', `Durable engine cannot reach storage (${(error as Error).message}); retrying in 5 s.`);
      retry = setTimeout(() => void boot(), 5000);
      retry.unref();
    }
  };
  await boot();
  return {
    engine,
    serve: (req, res) => serveManagement(management, req, res),
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await engine.stop();
    },
  };
}
