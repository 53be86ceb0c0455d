import { LOCAL_KEYVAULT_TOKEN } from '../../functions/secrets/keyvault-secrets.adapter.js';
import type { DevHostProcess } from './dev-host-process.js';

/**
 * Every secret a local stack holds — the embedded keys of local.settings.sample.json,
 * a Web PubSub client token and the webhook shared secrets — for scans that must not
 * find any of them in logs or telemetry.
 */
export async function knownSecrets(host: DevHostProcess, who: Record<string, string>): Promise<string[]> {
  const negotiated = (await (await fetch(`${host.functionsUrl}/api/negotiate`, { method: 'POST', headers: who })).json()) as { url: string };
  const hooks = (await (await fetch(`${new URL(host.smartsheetUrl!).origin}/admin/webhooks`)).json()) as { sharedSecret: string }[];
  if (!hooks.length) throw new Error('no webhooks registered: nothing to check the shared secrets against');
  return [
    'local-smartsheet-token',
    'offline-model-key',
    'local-servicebus-key',
    'bG9jYWwtd2VicHVic3ViLWtleS1mb3ItZGV2ZWxvcG1lbnQ=',
    'local-master-key',
    'local-function-key',
    LOCAL_KEYVAULT_TOKEN,
    new URL(negotiated.url).searchParams.get('access_token')!,
    ...hooks.map((h) => h.sharedSecret),
  ];
}
