import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../functions/platform/settings.js';

const valid = { AzureWebJobsStorage: 'UseDevelopmentStorage=true', FUNCTIONS_WORKER_RUNTIME: 'node', SMARTSHEET_ACCESS_TOKEN: 'token', AZURE_OPENAI_ENDPOINT: 'https://x.openai.azure.com', AZURE_OPENAI_DEPLOYMENT: 'gpt', ServiceBusConnection: 'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=s', WEBPUBSUB_CONNECTION_STRING: 'Endpoint=https://x.webpubsub.azure.com;AccessKey=a;Version=1.0;', KEY_VAULT_URL: 'https://x.vault.azure.net/' };

function messageOf(env: Record<string, string | undefined>): string {
  try {
    parseSettings(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected parseSettings to throw');
}

describe('settings', () => {
  it('parses a minimal valid environment with defaults', () => {
    expect(parseSettings(valid)).toMatchObject({
      ...valid,
      APP_ENV: 'local',
      LOG_LEVEL: 'information',
      HEALTH_TIMEOUT_MS: 3000,
      SMARTSHEET_BASE_URL: 'https://api.smartsheet.com/2.0/',
      SMARTSHEET_CHANGE_AGENT: 'chatsheetai',
      SMARTSHEET_MAX_ATTEMPTS: 5,
    });
  });

  it('coerces numbers from strings', () => {
    expect(parseSettings({ ...valid, HEALTH_TIMEOUT_MS: '750' }).HEALTH_TIMEOUT_MS).toBe(750);
  });

  it('names a missing setting (absent or blank)', () => {
    expect(messageOf({ FUNCTIONS_WORKER_RUNTIME: 'node', SMARTSHEET_ACCESS_TOKEN: 't' })).toMatch(/- AzureWebJobsStorage is missing/);
    expect(messageOf({ ...valid, SMARTSHEET_ACCESS_TOKEN: undefined })).toMatch(/- SMARTSHEET_ACCESS_TOKEN is missing/);
    expect(messageOf({ ...valid, KEY_VAULT_URL: undefined })).toMatch(/- KEY_VAULT_URL is missing/);
    expect(messageOf({ ...valid, SMARTSHEET_BASE_URL: 'not a url' })).toMatch(/- SMARTSHEET_BASE_URL must be a URL/);
    expect(messageOf({ ...valid, AzureWebJobsStorage: '  ' })).toMatch(/- AzureWebJobsStorage is missing/);
  });

  it('names a Key Vault reference left unresolved (the secret not set yet) rather than sending its text to Smartsheet as a token', () => {
    const reference = '@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/smartsheet-token)';
    expect(messageOf({ ...valid, SMARTSHEET_ACCESS_TOKEN: reference })).toMatch(/- SMARTSHEET_ACCESS_TOKEN is a Key Vault reference that did not resolve: set the secret "smartsheet-token" and restart the app/);
  });

  it('names a malformed connection string', () => {
    expect(messageOf({ ...valid, AzureWebJobsStorage: 'not a connection string' })).toMatch(/AzureWebJobsStorage must be a Storage connection string/);
  });

  it('names a wrong literal, a bad enum and a bad number, all at once', () => {
    const message = messageOf({ ...valid, FUNCTIONS_WORKER_RUNTIME: 'python', LOG_LEVEL: 'loud', HEALTH_TIMEOUT_MS: 'soon' });
    expect(message).toMatch(/- FUNCTIONS_WORKER_RUNTIME must be "node"/);
    expect(message).toMatch(/- LOG_LEVEL must be one of/);
    expect(message).toMatch(/- HEALTH_TIMEOUT_MS must be a number/);
    expect(message).toMatch(/local\.settings\.json/);
  });

  it('an organisation for the integration-source header is optional; one with a comma would break the header and is refused', () => {
    expect(parseSettings(valid).SMARTSHEET_INTEGRATION_ORG).toBeUndefined();
    expect(parseSettings({ ...valid, SMARTSHEET_INTEGRATION_ORG: 'Contoso Ltd' }).SMARTSHEET_INTEGRATION_ORG).toBe('Contoso Ltd');
    expect(messageOf({ ...valid, SMARTSHEET_INTEGRATION_ORG: 'Contoso, Inc.' })).toMatch(/- SMARTSHEET_INTEGRATION_ORG must be 1–100 characters with no commas/);
  });

  it('a reasoning effort is optional and one of the four the service takes', () => {
    expect(parseSettings(valid).AZURE_OPENAI_REASONING_EFFORT).toBeUndefined();
    expect(parseSettings({ ...valid, AZURE_OPENAI_REASONING_EFFORT: 'low' }).AZURE_OPENAI_REASONING_EFFORT).toBe('low');
    expect(messageOf({ ...valid, AZURE_OPENAI_REASONING_EFFORT: 'fast' })).toMatch(/- AZURE_OPENAI_REASONING_EFFORT must be minimal, low, medium or high/);
  });

  it('names an out-of-range number', () => {
    expect(messageOf({ ...valid, HEALTH_TIMEOUT_MS: '5' })).toMatch(/HEALTH_TIMEOUT_MS must be at least 100/);
  });
});
