/**
 * Where the app keeps secrets it is handed at run time (Smartsheet webhook shared
 * secrets): Key Vault, never Table Storage. Names are Key Vault secret names.
 */
export interface SecretStore {
  /** The current value, or undefined when there is none. */
  get(name: string): Promise<string | undefined>;
  /** Stores a value (a new version; the latest is what `get` reads). */
  set(name: string, value: string, tags?: Record<string, string>): Promise<void>;
  /** Removes it; nothing happens when there is none. */
  delete(name: string): Promise<void>;
}

/** The secret holding a webhook's shared secret. */
export const webhookSecretName = (webhookId: number | string) => `webhook-${webhookId}`;
