import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

export interface LocalSettings {
  /** Which file the values came from. */
  source: string;
  values: Record<string, string>;
}

/**
 * Reads `local.settings.json` the way `func start` does, falling back to the
 * committed sample so a fresh clone runs with no set-up. Values are strings.
 */
export function readLocalSettings(root: string, file?: string): LocalSettings {
  for (const name of file ? [file] : ['local.settings.json', 'local.settings.sample.json']) {
    const path = isAbsolute(name) ? name : join(root, name);
    if (file && !existsSync(path)) throw new Error(`Settings file ${path} does not exist.`);
    if (!existsSync(path)) continue;
    let parsed: { Values?: Record<string, unknown> };
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8')) as typeof parsed;
    } catch (error) {
      throw new Error(`${name} is not valid JSON: ${(error as Error).message}`);
    }
    const values = Object.fromEntries(Object.entries(parsed.Values ?? {}).map(([k, v]) => [k, String(v)]));
    return { source: name, values };
  }
  return { source: 'none', values: {} };
}

/** Environment variables win over file values, as with Core Tools. */
export function mergeSettings(file: Record<string, string>, env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return { ...file, ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) };
}

export interface HostJson {
  routePrefix: string;
  hubName: string;
  maxConcurrentActivityFunctions: number;
}

/** The parts of host.json the dev host honours. */
export function readHostJson(root: string): HostJson {
  const path = join(root, 'host.json');
  const json = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>) : {};
  const http = json.extensions?.http ?? {};
  const durable = json.extensions?.durableTask ?? {};
  return {
    routePrefix: typeof http.routePrefix === 'string' ? http.routePrefix.replace(/^\/+|\/+$/g, '') : 'api',
    hubName: typeof durable.hubName === 'string' ? durable.hubName : 'TestHubName',
    maxConcurrentActivityFunctions: Number(durable.maxConcurrentActivityFunctions ?? 10) || 10,
  };
}
