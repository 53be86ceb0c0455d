import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import { DefaultAzureCredential } from '@azure/identity';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { connectionFields } from '../../shared/util/connection-string.js';
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
  const fields = connectionFields(connectionString);
  if (fields.has('accountkey') || fields.has('sharedaccesssignature') || fields.has('usedevelopmentstorage')) return undefined;
  const name = fields.get('accountname');
  return name ? { name, suffix: fields.get('endpointsuffix') ?? 'core.windows.net' } : undefined;
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

/** Runs `create` once per process; a failed attempt is forgotten so the next call retries. */
function once(create: () => Promise<unknown>): () => Promise<void> {
  let created: Promise<void> | undefined;
  return () => {
    created ??= create().then(
      () => undefined,
      (error: unknown) => {
        created = undefined;
        throw error;
      },
    );
    return created;
  };
}

/** Creates a table once per process. */
export const ensureTable = (client: TableClient) => once(() => client.createTable());

/** Creates a blob container once per process. */
export const ensureContainer = (container: ContainerClient) => once(() => container.createIfNotExists());

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
