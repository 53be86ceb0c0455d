import { describe, expect, it } from 'vitest';
import { storageConnection } from '../../functions/platform/services.js';
import { parseSettings } from '../../functions/platform/settings.js';
import { blobServiceClient, tableClient } from '../../functions/storage/table-storage.adapter.js';

/**
 * In Azure the storage account allows no shared keys: with only
 * `AzureWebJobsStorage__accountName` the app reaches Tables and Blobs over HTTPS with
 * Entra ID (the managed identity); a connection string with a key keeps working locally.
 */
const azure = {
  AzureWebJobsStorage__accountName: 'stchatsheet123',
  SMARTSHEET_ACCESS_TOKEN: 't',
  KEY_VAULT_URL: 'https://x.vault.azure.net/',
  AZURE_OPENAI_ENDPOINT: 'https://oai.openai.azure.com',
  AZURE_OPENAI_DEPLOYMENT: 'chat',
  ServiceBusConnection__fullyQualifiedNamespace: 'sb.servicebus.windows.net',
  WEBPUBSUB_ENDPOINT: 'https://wps.webpubsub.azure.com',
};

describe('storage with the managed identity', () => {
  it('an account name alone is a valid configuration (no connection string, no FUNCTIONS_WORKER_RUNTIME needed)', () => {
    const settings = parseSettings(azure);
    expect(storageConnection(settings)).toBe('AccountName=stchatsheet123;EndpointSuffix=core.windows.net');
  });

  it('clients for a key-less account use the HTTPS endpoints (Entra ID), keyed ones their connection string', () => {
    const conn = storageConnection(parseSettings(azure));
    const table = tableClient(conn, 'Sessions');
    expect([table.url, table.tableName]).toEqual(['https://stchatsheet123.table.core.windows.net', 'Sessions']);
    expect(blobServiceClient(conn).url).toBe('https://stchatsheet123.blob.core.windows.net/');
    const keyed = 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;';
    expect(tableClient(keyed, 'Sessions').url).toBe('http://127.0.0.1:10002/devstoreaccount1');
  });

  it('neither a connection string nor an account name is named as the problem', () => {
    const { AzureWebJobsStorage__accountName: _omit, ...rest } = azure;
    expect(() => parseSettings(rest)).toThrow(/AzureWebJobsStorage is missing \(or set AzureWebJobsStorage__accountName/);
  });
});
