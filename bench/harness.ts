import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One benchmark figure: measured by `run`, judged against `target`. */
export interface Benchmark {
  id: string;
  figure: string;
  unit: string;
  target: number;
  /** 'max': lower is better and target is a ceiling; 'min': higher is better. */
  goal: 'max' | 'min';
  run(): Promise<number>;
}

export interface BenchResult {
  id: string;
  figure: string;
  unit: string;
  value: number | null;
  target: number;
  pass: boolean;
  error?: string;
}

/** The environment before any benchmark started a host (hosts write their settings into process.env). */
export const pristineEnv: NodeJS.ProcessEnv = { ...process.env };

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * A full garbage collection (under `--expose-gc`, as `npm run bench` runs): each benchmark starts on a heap without the
 * one before's garbage. Otherwise a benchmark timed right after another (hundreds of MB left by a host) pays for the
 * marking of that garbage in its own allocations — 1 ms queries measured at 3 ms half the time.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export async function runBenchmarks(benchmarks: Benchmark[], filter: string | undefined, outDir: string): Promise<BenchResult[]> {
  const selected = benchmarks.filter((b) => !filter || b.id.includes(filter));
  const results: BenchResult[] = [];
  for (const bench of selected) {
    process.stderr.write(`running ${bench.id}…\n`);
    collectGarbage();
    try {
      const value = await bench.run();
      const pass = bench.goal === 'max' ? value <= bench.target : value >= bench.target;
      results.push({ id: bench.id, figure: bench.figure, unit: bench.unit, value: Math.round(value * 100) / 100, target: bench.target, pass });
    } catch (error) {
      results.push({ id: bench.id, figure: bench.figure, unit: bench.unit, value: null, target: bench.target, pass: false, error: (error as Error).message });
    }
  }
  printTable(results, selected);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  return results;
}

function printTable(results: BenchResult[], benchmarks: Benchmark[]): void {
  const rows = results.map((r) => {
    const goal = benchmarks.find((b) => b.id === r.id)?.goal === 'min' ? '≥' : '≤';
    const target = r.target === Number.MAX_SAFE_INTEGER ? '— (no target)' : `${goal} ${r.target} ${r.unit}`;
    return [r.id, r.figure, r.value === null ? `error: ${r.error}` : `${r.value} ${r.unit}`, target, r.pass ? 'yes' : 'NO'];
  });
  const header = ['id', 'figure', 'measured', 'target', 'pass'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  process.stdout.write([line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n') + '\n');
}
