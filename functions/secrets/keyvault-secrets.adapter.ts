import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { isLoopback } from '../../shared/util/loopback.js';
import { DependencyError } from '../platform/errors.js';
import type { SecretStore } from './secret-store.port.js';

/** The local Key Vault emulator's token (it holds only local data; not a secret). */
export const LOCAL_KEYVAULT_TOKEN = 'local-keyvault-token';

/** A fixed bearer token for the local emulator, which checks it after its challenge like Key Vault does. */
const localCredential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: LOCAL_KEYVAULT_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
};

const statusOf = (error: unknown) => (error as { statusCode?: number })?.statusCode;

/**
 * Secrets in Azure Key Vault through `@azure/keyvault-secrets`, signed in with
 * DefaultAzureCredential (the managed identity; role Key Vault Secrets Officer). A
 * loopback vault URL is the local emulator: the same client, its fixed token, and no
 * check that the challenge names a *.vault.azure.net host.
 */
export class KeyVaultSecretStore implements SecretStore {
  readonly #client: SecretClient;

  constructor(vaultUrl: string, credential?: TokenCredential, options: { maxRetries?: number } = {}) {
    const local = isLoopback(new URL(vaultUrl));
    this.#client = new SecretClient(vaultUrl, credential ?? (local ? localCredential : new DefaultAzureCredential()), {
      disableChallengeResourceVerification: local,
      allowInsecureConnection: local,
      retryOptions: { maxRetries: options.maxRetries ?? 3 },
    });
  }

  async get(name: string): Promise<string | undefined> {
    try {
      return (await this.#client.getSecret(name)).value;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw unavailable(error);
    }
  }

  async set(name: string, value: string, tags?: Record<string, string>): Promise<void> {
    try {
      await this.#client.setSecret(name, value, { contentType: 'text/plain', ...(tags ? { tags } : {}) });
    } catch (error) {
      throw unavailable(error);
    }
  }

  async delete(name: string): Promise<void> {
    try {
      // Soft delete, then purge, so the name is free again (the vault keeps nothing a deleted webhook could use).
      const poller = await this.#client.beginDeleteSecret(name, { intervalInMs: 200 });
      await poller.pollUntilDone();
      await this.#client.purgeDeletedSecret(name).catch((error: unknown) => {
        // Purge protection (or a missing purge permission) leaves it soft-deleted until retention ends: still unusable.
        if (statusOf(error) !== 403) throw error;
      });
    } catch (error) {
      if (statusOf(error) === 404) return;
      throw unavailable(error);
    }
  }
}

function unavailable(error: unknown): DependencyError {
  return new DependencyError('Key Vault', 'unavailable; try again shortly.', { cause: error });
}
