/**
 * Arithmetic for the offline model, through the tools' computed columns: in commands, a column may be arithmetic over
 * columns ("total Budget - Spent by Owner", "show rows where Spent - Budget > 0", "… sorted by Spent / Budget desc");
 * in questions, "over budget" and "how much budget is left" are worked out from the sheet's budget and spent columns.
 */
import { computedSources } from '../../shared/query/expression.js';
import type { PlannedCall } from './commands.js';
import type { SchemaColumn } from './schema.js';

/** An operator between spaces: "Budget - Spent" is arithmetic, "Re-work" and "Cost/Unit" are titles. */
const OPERATOR = /\s[-+*/]\s/;

/** A title as an expression term: in [brackets] when it holds an operator or a bracket. */
export const term = (title: string) => (/[-+*/()[\]]/.test(title) ? `[${title}]` : title);

/** Is `words` arithmetic over columns rather than a column title the sheet has? */
export function isArithmetic(words: string, columns: SchemaColumn[]): boolean {
  const text = words.trim();
  return OPERATOR.test(text) && !columns.some((c) => c.title.toLowerCase() === text.toLowerCase());
}

/** The sheet's planned and spent amounts: the columns of numbers a budget question is about. */
export function budgetColumns(columns: SchemaColumn[]): { budget: string; spent: string } | undefined {
  const numbers = columns.filter((c) => c.numeric || /budget|spent|cost|actual/i.test(c.title));
  const budget = numbers.find((c) => /budget|planned|estimate|allocated|allowance/i.test(c.title));
  const spent = numbers.find((c) => c !== budget && /spent|actual|cost|used|expense/i.test(c.title));
  return budget && spent ? { budget: budget.title, spent: spent.title } : undefined;
}

/** "over budget", "over-budget": rows whose spent amount is above their budget. */
export const OVER_BUDGET = /\bover[\s-]budget\b/i;

/** The condition "over budget" names: spent minus budget above 0 (a computed column, added by `withArithmetic`). */
export function overBudget(columns: SchemaColumn[]): Record<string, unknown> | undefined {
  const pair = budgetColumns(columns);
  return pair && { column: `${term(pair.spent)} - ${term(pair.budget)}`, op: 'gt', value: 0 };
}

/** What is left of the budget: budget minus spent, as a computed column named for what it is. */
export function budgetLeft(columns: SchemaColumn[]): { name: string; expression: string } | undefined {
  const pair = budgetColumns(columns);
  return pair && { name: `${pair.budget} left`, expression: `${term(pair.budget)} - ${term(pair.spent)}` };
}

/** "how late are the overdue tasks", "days overdue": how many days past its due date each row is. */
export const DAYS_LATE = /\bhow\s+(?:many\s+days\s+)?(?:late|overdue|behind)\b|\bdays\s+(?:late|overdue|behind)\b/i;

/** Days past the due date, worked out per row against today. */
export const daysLate = (due: string) => ({ name: 'Days late', expression: `TODAY() - ${term(due)}` });

/** The computed column (MODIFIED(): the day a row last changed) that "what changed this week" is read over. */
export const LAST_CHANGED = 'Last changed';

type Computed = { name: string; expression: string };

/** The tools that take computed columns. */
const COMPUTING = new Set(['query_rows', 'aggregate', 'column_stats', 'update_cells', 'delete_rows', 'start_job']);

/** Every column a call's arguments name: metrics (and their conditions), group-by, sort, select and filter conditions. */
function columnsNamed(args: Record<string, unknown>): string[] {
  const named: string[] = [];
  const walk = (filter: unknown): void => {
    if (!filter || typeof filter !== 'object') return;
    const f = filter as { column?: unknown; and?: unknown[]; or?: unknown[]; not?: unknown };
    if (typeof f.column === 'string') named.push(f.column);
    [...(f.and ?? []), ...(f.or ?? []), f.not].forEach(walk);
  };
  walk(args.filter);
  for (const m of (args.metrics as { column?: string; where?: unknown }[] | undefined) ?? []) {
    if (m.column) named.push(m.column);
    walk(m.where);
  }
  for (const g of (args.groupBy as (string | { column: string } | { filter: unknown })[] | undefined) ?? []) {
    if (typeof g === 'string') named.push(g);
    else if ('filter' in g) walk(g.filter);
    else named.push(g.column);
  }
  // query_rows sorts by columns (a list); aggregate sorts its groups by a metric or group name.
  if (Array.isArray(args.sort)) for (const s of args.sort as { column?: string }[]) if (s.column) named.push(s.column);
  if (typeof args.column === 'string') named.push(args.column);
  return named;
}

/**
 * Is a value to set arithmetic over the row ("Budget * 1.1", "Due Date + 7"): an expression whose every column is one
 * the sheet has? "Waiting - vendor" is text.
 */
function overColumns(value: unknown, columns: SchemaColumn[]): value is string {
  if (typeof value !== 'string' || !OPERATOR.test(value)) return false;
  const titles = computedSources([{ name: 'value', expression: value }]).get('value') ?? [];
  return titles.length > 0 && titles.every((t) => columns.some((c) => c.title.toLowerCase() === t.trim().toLowerCase()));
}

/** An edit (or an update job) whose values are arithmetic over the row: worked out per row (`setComputed`), not written as text. */
function withWorkedValues(call: PlannedCall, columns: SchemaColumn[]): PlannedCall {
  const set = call.args.set as Record<string, unknown> | undefined;
  const editing = call.name === 'update_cells' || (call.name === 'start_job' && call.args.kind === 'update');
  if (!editing || !set || !Object.values(set).some((v) => overColumns(v, columns))) return call;
  const worked = Object.entries(set).filter(([, v]) => overColumns(v, columns));
  const plain = Object.entries(set).filter(([, v]) => !overColumns(v, columns));
  return { name: call.name, args: { ...call.args, set: Object.fromEntries(plain), setComputed: Object.fromEntries(worked) } };
}

/**
 * A planned call with each column it names that is arithmetic ("Spent - Budget") defined as a computed column of that
 * name, for the tool to work out (and "Last changed" as MODIFIED()), and values to set that are arithmetic worked out
 * per row; others returned as they were.
 */
export function withArithmetic(planned: PlannedCall, columns: SchemaColumn[]): PlannedCall {
  const call = withWorkedValues(planned, columns);
  if (!COMPUTING.has(call.name)) return call;
  const computed = [...((call.args.computed as Computed[] | undefined) ?? [])];
  const defined = (name: string) => computed.some((c) => c.name.toLowerCase() === name.trim().toLowerCase());
  for (const name of columnsNamed(call.args)) {
    if (isArithmetic(name, columns) && !defined(name)) computed.push({ name: name.trim(), expression: name.trim() });
    if (name === LAST_CHANGED && !defined(name) && !columns.some((c) => c.title.toLowerCase() === name.toLowerCase())) computed.push({ name, expression: 'MODIFIED()' });
  }
  return computed.length ? { name: call.name, args: { ...call.args, computed } } : call;
}
