import type { TestProject } from 'vitest/node';
import { startAzurite } from '../../infra/devhost/azurite.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection string to the Azurite the whole run shares (ports picked by the OS). */
    storageConnectionString: string;
  }
}

/** One real Azurite for the whole run; tests isolate themselves by table/container names. */
export default async function setup(project: TestProject) {
  const azurite = await startAzurite({ ports: 0 });
  project.provide('storageConnectionString', azurite.connectionString);
  return () => azurite.stop();
}
