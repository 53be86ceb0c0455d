import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { DependencyProbe } from '../health/health.service.js';

/** Azurite and other plain-HTTP endpoints need the SDK's explicit opt-in. */
function clientOptions(connectionString: string): TableServiceClientOptions {
  const insecure = connectionString === 'UseDevelopmentStorage=true' || /Endpoint=http:\/\//i.test(connectionString);
  return { allowInsecureConnection: insecure, retryOptions: { maxRetries: 2 } };
}

export function tableClient(connectionString: string, table: string): TableClient {
  return TableClient.fromConnectionString(connectionString, table, clientOptions(connectionString));
}

/** Creates a table once per process; a failed attempt is forgotten so the next call retries. */
export function ensureTable(client: TableClient): () => Promise<void> {
  let created: Promise<void> | undefined;
  return () => {
    created ??= client.createTable().catch((error: unknown) => {
      created = undefined;
      throw error;
    });
    return created;
  };
}

/** Health probe: a real write and read of one entity in Table Storage. */
export function tableStorageProbe(connectionString: string): DependencyProbe {
  const client = tableClient(connectionString, 'HealthProbe');
  const ready = ensureTable(client);
  return {
    name: 'storage',
    async check(abortSignal) {
      await ready();
      const entity = { partitionKey: 'probe', rowKey: 'health', checkedAt: new Date().toISOString() };
      await client.upsertEntity(entity, 'Replace', { abortSignal });
      await client.getEntity('probe', 'health', { abortSignal });
    },
  };
}
