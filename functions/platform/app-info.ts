import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest package.json above this module (the same from source and from dist/). */
function findManifest(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('package.json not found above ' + from);
  }
}

/** The app's version, read once at start-up. */
export const appVersion: string = (() => {
  const manifest = JSON.parse(readFileSync(findManifest(dirname(fileURLToPath(import.meta.url))), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
})();
