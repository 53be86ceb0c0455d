import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DependencyError } from '../../functions/platform/errors.js';
import { KeyVaultSecretStore } from '../../functions/secrets/keyvault-secrets.adapter.js';
import { startKeyVaultEmulator, type KeyVaultEmulator } from '../../infra/keyvault-emulator/server.js';

/** The Key Vault adapter through the real `@azure/keyvault-secrets` client against the local vault. */
let vault: KeyVaultEmulator;
let store: KeyVaultSecretStore;
const url = () => vault.url.replace('localhost', '127.0.0.1');

beforeAll(async () => {
  vault = await startKeyVaultEmulator();
  store = new KeyVaultSecretStore(url());
});
afterAll(() => vault?.stop());

describe('Key Vault secret store', () => {
  it('a missing secret reads as undefined', async () => {
    expect(await store.get('webhook-1')).toBeUndefined();
  });

  it('set then get; a second set is a new version that get returns', async () => {
    await store.set('webhook-2', 'first', { sheetId: '42' });
    expect(await store.get('webhook-2')).toBe('first');
    await store.set('webhook-2', 'second');
    expect(await store.get('webhook-2')).toBe('second');
  });

  it('delete removes it (soft delete and purge), so the name can be used again; deleting nothing is fine', async () => {
    await store.set('webhook-3', 'gone soon');
    await store.delete('webhook-3');
    expect(await store.get('webhook-3')).toBeUndefined();
    await store.delete('webhook-3');
    await store.set('webhook-3', 'back');
    expect(await store.get('webhook-3')).toBe('back');
  });

  it('the vault challenges a request without a token, as Key Vault does, and refuses a wrong one', async () => {
    const res = await fetch(`${url()}/secrets/webhook-2?api-version=7.5`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer authorization="https:\/\/login\.microsoftonline\.com\/[^"]+", resource="https:\/\/vault\.azure\.net"$/);
    const wrong = new KeyVaultSecretStore(url(), { getToken: async () => ({ token: 'not-the-token', expiresOnTimestamp: Date.now() + 60_000 }) });
    const error = await wrong.get('webhook-2').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyError);
    expect((error as DependencyError).message).toMatch(/^Key Vault: /);
  });

  it('a vault that is down is a 503-class error naming Key Vault, not a crash', async () => {
    const down = await startKeyVaultEmulator();
    const address = down.url.replace('localhost', '127.0.0.1');
    await down.stop();
    const error = await new KeyVaultSecretStore(address, undefined, { maxRetries: 0 }).set('webhook-9', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyError);
    expect((error as DependencyError).status).toBe(503);
  });
});
