import { z } from 'zod';
import { ConfigError } from './errors.js';

/**
 * Every setting the functions app reads, parsed once at start-up.
 * Locally the values come from local.settings.json (Values), falling back to
 * local.settings.sample.json; in Azure they are app settings. Handlers never
 * read process.env: they get this typed object.
 */
const storageConnection = z
  .string()
  .min(1, 'is empty')
  .refine(
    (value) => value === 'UseDevelopmentStorage=true' || /(AccountName|TableEndpoint)=/i.test(value),
    'must be a Storage connection string (e.g. "UseDevelopmentStorage=true" or "DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…")',
  );

/** A duration setting in milliseconds, with bounds and a default. */
function millis(min: number, max: number, fallback: number) {
  return z.coerce
    .number({ message: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);
}

export const settingsSchema = z.object({
  AzureWebJobsStorage: storageConnection.optional(),
  /** In Azure: the storage account, reached with the managed identity (the account allows no shared keys). */
  AzureWebJobsStorage__accountName: z.string().regex(/^[a-z0-9]{3,24}$/, 'must be a storage account name').optional(),
  FUNCTIONS_WORKER_RUNTIME: z.literal('node', { message: 'must be "node"' }).default('node'),
  APP_ENV: z.enum(['local', 'azure'], { message: 'must be "local" or "azure"' }).default('local'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'information', 'warning', 'error'], {
    message: 'must be one of trace, debug, information, warning, error',
  }).default('information'),
  SMARTSHEET_BASE_URL: z.url({ message: 'must be a URL such as https://api.smartsheet.com/2.0/' }).default('https://api.smartsheet.com/2.0/'),
  SMARTSHEET_ACCESS_TOKEN: z
    .string({ message: 'is missing' })
    .min(1, 'is empty')
    // App Service leaves a Key Vault reference it cannot resolve (no such secret yet) as its own text.
    .refine((v) => !v.startsWith('@Microsoft.KeyVault('), 'is a Key Vault reference that did not resolve: set the secret "smartsheet-token" and restart the app (README: Deploy to Azure)'),
  SMARTSHEET_CHANGE_AGENT: z.string().min(1).max(64).default('chatsheetai'),
  /**
   * The organisation running this app: Smartsheet asks AI connectors to name themselves in the optional
   * `smartsheet-integration-source` header ("AI,<organisation>,ChatSheetAI"); not sent when unset.
   */
  SMARTSHEET_INTEGRATION_ORG: z.string().regex(/^[^,\r\n]{1,100}$/, 'must be 1–100 characters with no commas').optional(),
  SMARTSHEET_TIMEOUT_MS: millis(1000, 300_000, 30_000),
  SMARTSHEET_MAX_ATTEMPTS: z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(10, 'must be at most 10').default(5),
  SMARTSHEET_RETRY_DELAY_MS: millis(10, 60_000, 500),
  SMARTSHEET_BREAKER_THRESHOLD: z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').default(5),
  SMARTSHEET_BREAKER_HALF_OPEN_MS: millis(100, 600_000, 10_000),
  HEALTH_TIMEOUT_MS: millis(100, 60_000, 3000),
  AZURE_OPENAI_ENDPOINT: z.url({ message: 'must be a URL such as https://<resource>.openai.azure.com' }),
  AZURE_OPENAI_DEPLOYMENT: z.string({ message: 'is missing' }).min(1, 'is empty'),
  AZURE_OPENAI_API_VERSION: z.string().min(1).default('2025-04-01-preview'),
  /** Absent: Entra ID (managed identity) through DefaultAzureCredential. */
  AZURE_OPENAI_API_KEY: z.string().min(1).optional(),
  /** A reasoning deployment's effort (o-series, gpt-5: `minimal` is gpt-5's); absent: the model's default. Not for other models. */
  AZURE_OPENAI_REASONING_EFFORT: z.enum(['minimal', 'low', 'medium', 'high'], { message: 'must be minimal, low, medium or high' }).optional(),
  MODEL_TIMEOUT_MS: millis(1000, 300_000, 60_000),
  MODEL_MAX_ATTEMPTS: z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(10, 'must be at most 10').default(4),
  MODEL_RETRY_DELAY_MS: millis(10, 60_000, 1000),
  /** The most a chat turn may take (model calls and their retries stop at it): under the 230 s Azure's front end allows a request. */
  CHAT_TURN_DEADLINE_MS: millis(2000, 600_000, 200_000),
  CHAT_MAX_TOOL_ROUNDS: z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(20, 'must be at most 20').default(6),
  PROMPT_TOKEN_BUDGET: z.coerce.number({ message: 'must be a number of tokens' }).int('must be whole tokens').min(1000, 'must be at least 1000').max(200_000, 'must be at most 200000').default(6000),
  /** `name`: a comment posted for a person ends with their name (the app's Smartsheet account posts it); `off`: the text alone. */
  COMMENT_SIGNATURE: z.enum(['name', 'off'], { message: 'must be name or off' }).default('name'),
  CHANGESET_APPROVAL_MINUTES: z.coerce.number({ message: 'must be a number of minutes' }).min(0.05, 'must be at least 0.05').max(1440, 'must be at most 1440').default(15),
  SESSION_IDLE_MINUTES: z.coerce.number({ message: 'must be a number of minutes' }).int('must be whole minutes').min(1, 'must be at least 1').max(43_200, 'must be at most 43200 (30 days)').default(240),
  JOB_PILOT_ROWS: z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(50, 'must be at most 50').default(5),
  JOB_MODEL_BATCH_ROWS: z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
  JOB_MODEL_CONCURRENCY: z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(32, 'must be at most 32').default(4),
  JOB_APPROVAL_MINUTES: z.coerce.number({ message: 'must be a number of minutes' }).min(0.05, 'must be at least 0.05').max(10_080, 'must be at most 10080 (a week)').default(60),
  SMARTSHEET_REQUESTS_PER_MINUTE: z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(10, 'must be at least 10').max(100_000, 'must be at most 100000').default(300),
  RETENTION_DAYS: z.coerce.number({ message: 'must be a number of days' }).min(0.001, 'must be more than 0').max(365, 'must be at most 365').default(7),
  /** The event channel: a connection string (local broker, or a key), or the namespace for managed identity. */
  ServiceBusConnection: z.string().min(1).optional(),
  ServiceBusConnection__fullyQualifiedNamespace: z.string().min(1).optional(),
  SHEET_EVENTS_TOPIC: z.string().min(1).default('sheet-events'),
  SHEET_EVENTS_SUBSCRIPTION: z.string().min(1).default('live-updates'),
  /** Web PubSub: a connection string (local emulator, or a key), or the endpoint for managed identity. */
  WEBPUBSUB_CONNECTION_STRING: z.string().regex(/Endpoint=/i, 'must be a Web PubSub connection string ("Endpoint=…;AccessKey=…;Version=1.0;")').optional(),
  WEBPUBSUB_ENDPOINT: z.url({ message: 'must be a URL such as https://<name>.webpubsub.azure.com' }).optional(),
  WEBPUBSUB_HUB: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,127}$/, 'must start with a letter and use letters, digits, _ or -').default('chatsheetai'),
  /** Where Smartsheet posts webhook callbacks; by default this app's own /api/webhooks/smartsheet. */
  WEBHOOK_CALLBACK_URL: z.url({ message: 'must be the public https URL of /api/webhooks/smartsheet' }).optional(),
  /** The Key Vault holding webhook shared secrets; a loopback URL is the local emulator. */
  KEY_VAULT_URL: z.url({ message: 'must be the Key Vault URL (https://<vault>.vault.azure.net/; locally http://localhost:8085)' }),
  /** Traces to Application Insights (none when absent). */
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().regex(/InstrumentationKey=/i, 'must be an Application Insights connection string ("InstrumentationKey=…;IngestionEndpoint=…")').optional(),
  /** "Authorization=AAD;ClientId=…": export as the managed identity (the resource takes no key ingestion). */
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: z.string().optional(),
  /** Set by the platform (and by the dev host): this app's host name. */
  WEBSITE_HOSTNAME: z.string().min(1).optional(),
}).superRefine((settings, ctx) => {
  if (!settings.AzureWebJobsStorage && !settings.AzureWebJobsStorage__accountName) {
    ctx.addIssue({ code: 'custom', path: ['AzureWebJobsStorage'], message: 'is missing (or set AzureWebJobsStorage__accountName for managed identity)' });
  }
  if (!settings.ServiceBusConnection && !settings.ServiceBusConnection__fullyQualifiedNamespace) {
    ctx.addIssue({ code: 'custom', path: ['ServiceBusConnection'], message: 'is missing (or set ServiceBusConnection__fullyQualifiedNamespace for managed identity)' });
  }
  if (!settings.WEBPUBSUB_CONNECTION_STRING && !settings.WEBPUBSUB_ENDPOINT) {
    ctx.addIssue({ code: 'custom', path: ['WEBPUBSUB_CONNECTION_STRING'], message: 'is missing (or set WEBPUBSUB_ENDPOINT for managed identity)' });
  }
}, { when: () => true }); // checked even when other settings are wrong, so every problem is named at once

export type Settings = z.infer<typeof settingsSchema>;

/** Parses settings from an environment map; throws ConfigError naming every bad setting. */
export function parseSettings(env: Record<string, string | undefined>): Settings {
  const input = Object.fromEntries(Object.keys(settingsSchema.shape).map((key) => [key, emptyToUndefined(env[key])]));
  const parsed = settingsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '?');
    const problem = issue.code === 'invalid_type' && input[name] === undefined ? 'is missing' : issue.message;
    return `  - ${name} ${problem}`;
  });
  throw new ConfigError(
    `Invalid settings:\n${lines.join('\n')}\n` +
      'Fix them in local.settings.json ("Values") or the app settings; the README "Settings" table lists each one.',
  );
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

let cached: Settings | undefined;

/** The settings of this process, parsed once from process.env on first use (at start-up). */
export function getSettings(): Settings {
  cached ??= parseSettings(process.env);
  return cached;
}
