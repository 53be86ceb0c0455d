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

export const settingsSchema = z.object({
  AzureWebJobsStorage: storageConnection,
  FUNCTIONS_WORKER_RUNTIME: z.literal('node', { message: 'must be "node"' }),
  APP_ENV: z.enum(['local', 'azure'], { message: 'must be "local" or "azure"' }).default('local'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'information', 'warning', 'error'], {
    message: 'must be one of trace, debug, information, warning, error',
  }).default('information'),
  HEALTH_TIMEOUT_MS: z.coerce
    .number({ message: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(100, 'must be at least 100')
    .max(60_000, 'must be at most 60000')
    .default(3000),
});

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
