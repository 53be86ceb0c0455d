import { buildPrompt } from '../functions/chat/prompt.js';
import { largeSheet } from '../infra/smartsheet-emulator/seed.js';
import { totalRows } from '../infra/smartsheet-emulator/sheet-store.js';
import { runAggregate, runQuery } from '../shared/query/engine.js';
import { toSheet, type Sheet } from '../shared/sheet/model.js';
import type { Contact, SheetValue } from '../shared/sheet/values.js';
import { openDuckDb, type DuckConnection } from './duckdb.js';
import type { Benchmark } from './harness.js';
import { collectGarbage, median } from './harness.js';
import { countTokens } from 'gpt-tokenizer';

const ctx = { today: '2026-11-24' };

/** The same questions for both engines; each returns something comparable (a number or a row count). */
const questions: { name: string; ours: (s: Sheet) => number; sql: string }[] = [
  {
    name: 'filter+count',
    ours: (s) => runQuery(s, { filter: { and: [{ column: 'Category', op: 'eq', value: 'Hardware' }, { column: 'Amount', op: 'gt', value: 1000 }] }, limit: 1 }, ctx).total,
    sql: `SELECT count(*) FROM ledger WHERE lower(category) = 'hardware' AND amount > 1000`,
  },
  {
    name: 'sum by group',
    ours: (s) => runAggregate(s, { groupBy: ['Region'], metrics: [{ fn: 'sum', column: 'Amount' }] }, ctx).groups.length,
    sql: `SELECT region, sum(amount) FROM ledger GROUP BY region`,
  },
  {
    name: 'avg by month bucket',
    ours: (s) => runAggregate(s, { groupBy: [{ column: 'Ordered', bucket: 'month' }], metrics: [{ fn: 'avg', column: 'Score' }] }, ctx).groups.length,
    sql: `SELECT strftime(ordered, '%Y-%m') AS m, avg(score) FROM ledger GROUP BY m`,
  },
  {
    name: 'top 10 sorted',
    ours: (s) => runQuery(s, { filter: { column: 'Urgent', op: 'eq', value: true }, sort: [{ column: 'Amount', direction: 'desc' }], limit: 10 }, ctx).rows.length,
    sql: `SELECT * FROM ledger WHERE urgent ORDER BY amount DESC LIMIT 10`,
  },
  {
    name: 'distinct in set',
    ours: (s) => Number(runAggregate(s, { filter: { column: 'Status', op: 'in', values: ['Open', 'Approved'] }, metrics: [{ fn: 'count_distinct', column: 'Vendor' }] }, ctx).groups[0]!.metrics['count_distinct(Vendor)']),
    sql: `SELECT count(DISTINCT lower(vendor)) FROM ledger WHERE lower(status) IN ('open', 'approved')`,
  },
  {
    name: 'contact contains',
    ours: (s) => runQuery(s, { filter: { and: [{ column: 'Owner', op: 'contains', value: 'dana' }, { column: 'Delivered', op: 'is_empty' }] }, limit: 1 }, ctx).total,
    sql: `SELECT count(*) FROM ledger WHERE (lower(owner_name) LIKE '%dana%' OR lower(owner_email) LIKE '%dana%') AND delivered IS NULL`,
  },
];

async function loadDuckDb(root: string, sheet: Sheet): Promise<DuckConnection> {
  const db = await openDuckDb(root);
  await db.run(`CREATE TABLE ledger (category VARCHAR, region VARCHAR, owner_name VARCHAR, owner_email VARCHAR, status VARCHAR, amount DOUBLE, score DOUBLE, ordered DATE, delivered DATE, urgent BOOLEAN, vendor VARCHAR)`);
  const at = (title: string) => sheet.columns.find((c) => c.title === title)!.index;
  const cols = ['Category', 'Region', 'Owner', 'Status', 'Amount', 'Score', 'Ordered', 'Delivered', 'Urgent', 'Vendor'].map(at);
  const text = (v: SheetValue) => (v === null ? 'NULL' : `'${String(v).replace(/'/g, "''")}'`);
  const values = sheet.rows.map((r) => {
    const [category, region, owner, status, amount, score, ordered, delivered, urgent, vendor] = cols.map((i) => r.values[i] ?? null);
    const contact = owner as Contact | null;
    return `(${text(category!)}, ${text(region!)}, ${text(contact?.name ?? null)}, ${text(contact?.email ?? null)}, ${text(status!)}, ${amount ?? 'NULL'}, ${score ?? 'NULL'}, ${ordered ? `DATE '${ordered}'` : 'NULL'}, ${delivered ? `DATE '${delivered}'` : 'NULL'}, ${urgent === true}, ${text(vendor!)})`;
  });
  for (let i = 0; i < values.length; i += 2000) await db.run(`INSERT INTO ledger VALUES ${values.slice(i, i + 2000).join(',')}`);
  return db;
}

/** Times both engines on one question, alternating runs so both see the same machine state. */
async function timePair(ours: () => unknown, theirs: () => Promise<unknown>, repeats: number): Promise<[number, number]> {
  collectGarbage(); // loading the sheet into both engines leaves garbage whose marking would be paid for by the timed runs
  for (let i = 0; i < 5; i++) {
    ours();
    await theirs();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < repeats; i++) {
    let began = performance.now();
    ours();
    a.push(performance.now() - began);
    began = performance.now();
    await theirs();
    b.push(performance.now() - began);
  }
  return [median(a), median(b)];
}

export function queryBenchmarks(root: string): Benchmark[] {
  const promptTokens = (rows: number) => {
    const sheet = toSheet(totalRows(largeSheet(rows)));
    return buildPrompt({ sheet, history: [], userText: 'Which urgent items over 1,000 are still open, and what do they total?', today: ctx.today, budget: 4000 }).tokens;
  };
  return [
    {
      id: 'query.vs-duckdb-ratio',
      figure: 'worst ratio ours/DuckDB over 6 queries on the 20k sheet (medians of 50, interleaved)',
      unit: '×',
      target: 1.0,
      goal: 'max',
      async run() {
        const sheet = toSheet(totalRows(largeSheet()));
        const db = await loadDuckDb(root, sheet);
        let worst = 0;
        for (const q of questions) {
          const [ours, theirs] = await timePair(() => q.ours(sheet), () => db.runAndReadAll(q.sql), 50);
          const ratio = ours / theirs;
          process.stderr.write(`  ${q.name.padEnd(20)} ours ${ours.toFixed(2)} ms  duckdb ${theirs.toFixed(2)} ms  ratio ${ratio.toFixed(2)}\n`);
          worst = Math.max(worst, ratio);
        }
        db.closeSync();
        return worst;
      },
    },
    {
      id: 'query.computed-20k-ms',
      figure: 'a computed column on the 20k sheet, first use (sum of Amount * Score - k by Region; a new k each time, median of 30)',
      unit: 'ms',
      target: 100,
      goal: 'max',
      async run() {
        const sheet = toSheet(totalRows(largeSheet()));
        runAggregate(sheet, { groupBy: ['Region'], metrics: [{ fn: 'sum', column: 'Amount' }] }, ctx); // the sheet's own views, as any earlier question builds them
        const times: number[] = [];
        for (let k = 0; k < 30; k++) {
          const began = performance.now();
          runAggregate(sheet, { computed: [{ name: 'X', expression: `Amount * Score - ${k}` }], groupBy: ['Region'], metrics: [{ fn: 'sum', column: 'X' }] }, ctx);
          times.push(performance.now() - began);
        }
        return median(times);
      },
    },
    { id: 'prompt.tokens-20', figure: 'prompt tokens, 20-row sheet', unit: 'tokens', target: 4000, goal: 'max', run: async () => promptTokens(20) },
    { id: 'prompt.tokens-2k', figure: 'prompt tokens, 2,000-row sheet', unit: 'tokens', target: 4000, goal: 'max', run: async () => promptTokens(2000) },
    { id: 'prompt.tokens-20k', figure: 'prompt tokens, 20,000-row sheet', unit: 'tokens', target: 4000, goal: 'max', run: async () => promptTokens(20_000) },
    {
      id: 'prompt.naive-tokens-20k',
      figure: 'for comparison: the 20k sheet pasted as CSV (no target)',
      unit: 'tokens',
      target: Number.MAX_SAFE_INTEGER,
      goal: 'max',
      async run() {
        const sheet = toSheet(totalRows(largeSheet()));
        const cell = (v: SheetValue) => (v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
        const csv = [sheet.columns.map((c) => c.title).join(','), ...sheet.rows.map((r) => r.values.map(cell).join(','))].join('\n');
        return countTokens(csv);
      },
    },
  ];
}
