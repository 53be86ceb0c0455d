/**
 * `npm run bench [-- FILTER]`: runs the benchmarks whose id contains FILTER,
 * prints a table and writes .bench/results.json. Exits 1 when a target is missed.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chatBenchmarks } from './chat.bench.js';
import { devhostBenchmarks } from './devhost.bench.js';
import { durableBenchmarks } from './durable.bench.js';
import { jobsBenchmarks } from './jobs.bench.js';
import { liveBenchmarks } from './live.bench.js';
import { webBenchmarks } from './web.bench.js';
import { runBenchmarks } from './harness.js';
import { queryBenchmarks } from './query.bench.js';
import { smartsheetBenchmarks } from './smartsheet.bench.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const results = await runBenchmarks([...devhostBenchmarks(root), ...durableBenchmarks(root), ...smartsheetBenchmarks(root), ...queryBenchmarks(root), ...chatBenchmarks(root), ...liveBenchmarks(root), ...jobsBenchmarks(root), ...webBenchmarks(root)], process.argv[2], join(root, '.bench'));
process.exit(results.every((r) => r.pass) ? 0 : 1);
