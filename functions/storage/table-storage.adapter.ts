import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import { DefaultAzureCredential } from '@azure/identity';
import { BlobServiceClient } from '@azure/storage-blob';
import type { DependencyProbe } from '../health/health.service.js';

/** Azurite and other plain-HTTP endpoints need the SDK's explicit opt-in. */
function clientOptions(connectionString: string): TableServiceClientOptions {
  const insecure = connectionString === 'UseDevelopmentStorage=true' || /Endpoint=http:\/\//i.test(connectionString);
  return { allowInsecureConnection: insecure, retryOptions: { maxRetries: 2 } };
}

/**
 * A connection string with an account but no key or SAS (`AccountName=…;EndpointSuffix=…`,
 * as services.ts builds it from `AzureWebJobsStorage__accountName`) means Entra ID: the
 * managed identity, through DefaultAzureCredential. In Azure the account allows no shared keys.
 */
function identityAccount(connectionString: string): { name: string; suffix: string } | undefined {
  if (/AccountKey=|SharedAccessSignature=|UseDevelopmentStorage=/i.test(connectionString)) return undefined;
  const name = /AccountName=([^;]+)/i.exec(connectionString)?.[1];
  return name ? { name, suffix: /EndpointSuffix=([^;]+)/i.exec(connectionString)?.[1] ?? 'core.windows.net' } : undefined;
}

let credential: DefaultAzureCredential | undefined;
const entra = () => (credential ??= new DefaultAzureCredential());

export function tableClient(connectionString: string, table: string): TableClient {
  const account = identityAccount(connectionString);
  if (account) return new TableClient(`https://${account.name}.table.${account.suffix}`, table, entra(), { retryOptions: { maxRetries: 2 } });
  return TableClient.fromConnectionString(connectionString, table, clientOptions(connectionString));
}

export function blobServiceClient(connectionString: string, options: { retryOptions?: { maxTries: number } } = {}): BlobServiceClient {
  const account = identityAccount(connectionString);
  if (account) return new BlobServiceClient(`https://${account.name}.blob.${account.suffix}`, entra(), options);
  return BlobServiceClient.fromConnectionString(connectionString, options);
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
