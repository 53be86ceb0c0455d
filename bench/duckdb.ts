import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * DuckDB is the yardstick for the query benchmark only. Its npm package ships
 * per-platform native bindings that the lockfile cannot list for every platform,
 * so it is not a dependency: the benchmark installs it on first use into a folder
 * of its own (`.bench/duckdb`, git-ignored) — never into the project's
 * node_modules, where an install outside the lockfile would move other packages
 * (it once moved vite to another version under the tests).
 */
export const DUCKDB_VERSION = '1.5.6-r.1';

export interface DuckConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<unknown>;
  closeSync(): void;
}

export async function openDuckDb(root: string): Promise<DuckConnection> {
  const prefix = join(root, '.bench', 'duckdb');
  const dir = join(prefix, 'node_modules/@duckdb/node-api');
  const installed = existsSync(join(dir, 'package.json')) && (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version === DUCKDB_VERSION;
  if (!installed) {
    process.stderr.write(`installing @duckdb/node-api@${DUCKDB_VERSION} for the benchmark into .bench/duckdb…\n`);
    mkdirSync(prefix, { recursive: true });
    // A package.json of its own: npm installs there, not in the project above it.
    writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: 'duckdb-yardstick', private: true }));
    execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `@duckdb/node-api@${DUCKDB_VERSION}`], { cwd: prefix, stdio: 'inherit' });
  }
  const main = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { main?: string }).main ?? 'index.js';
  const { DuckDBInstance } = (await import(pathToFileURL(join(dir, main)).href)) as { DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<DuckConnection> }> } };
  return (await DuckDBInstance.create(':memory:')).connect();
}
