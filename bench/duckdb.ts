import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * DuckDB is the yardstick for the query benchmark only. Its npm package ships
 * per-platform native bindings that the lockfile cannot list for every platform,
 * so it is not a dependency: the benchmark installs it on first use (no save).
 */
export const DUCKDB_VERSION = '1.5.6-r.1';

export interface DuckConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<unknown>;
  closeSync(): void;
}

export async function openDuckDb(root: string): Promise<DuckConnection> {
  const require = createRequire(`${root}/package.json`);
  try {
    require.resolve('@duckdb/node-api');
  } catch {
    process.stderr.write(`installing @duckdb/node-api@${DUCKDB_VERSION} for the benchmark (not saved)…\n`);
    execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `@duckdb/node-api@${DUCKDB_VERSION}`], { cwd: root, stdio: 'inherit' });
  }
  // Located by hand: Node's resolver remembers that the package was missing a moment ago.
  const dir = join(root, 'node_modules/@duckdb/node-api');
  const main = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { main?: string }).main ?? 'index.js';
  const { DuckDBInstance } = (await import(pathToFileURL(join(dir, main)).href)) as { DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<DuckConnection> }> } };
  return (await DuckDBInstance.create(':memory:')).connect();
}
