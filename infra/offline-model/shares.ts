/**
 * Shares for the offline model, as the percent metric answers them exactly: "what percentage of tasks are complete",
 * "share of Budget by Owner", "what percent of Dana's tasks are overdue". Read before other plain questions: a share
 * asked of something it cannot read gets the help text, never a count in its place.
 */
import type { PlannedCall } from './commands.js';
import { OVER_BUDGET } from './arithmetic.js';
import { asFilter, completed, conditions, describeFilter, LATE, won, type Condition } from './conditions.js';
import { groupOf } from './questions.js';
import { hasPhrase, ownerColumn, type SchemaColumn } from './schema.js';

/** "what percentage of tasks are complete", "share of Budget by Owner", "percent of Dana's tasks by Status". */
const PERCENT = /\bpercent(?:age)?s?\b|\bproportion\b|%\s*of\b|\bshares?\s+(?:of|by|per)\b/i;

/** "are complete", "is overdue": where a share question says what holds for the rows it is taken of. */
const PREDICATE = /\b(?:are|is|were|was)\b/i;

/** What the rows a share is taken of are, in the question's own word: "Overdue", "Over budget", "Complete". */
function shareName(text: string, subset: Condition[]): string {
  const late = LATE.exec(text)?.[1];
  if (late) return late[0]!.toUpperCase() + late.slice(1).toLowerCase();
  if (OVER_BUDGET.test(text)) return 'Over budget';
  const only = subset.length === 1 ? subset[0]! : undefined;
  return only?.op === 'eq' && typeof only.value === 'string' ? only.value : describeFilter(asFilter(subset));
}

/**
 * A rate within each group: "what percentage of each owner's tasks are complete", "what percent of tasks are overdue
 * by Owner" — grouped by the column named, each group's share of its own rows that the conditions after "are" hold
 * for; conditions before it ("each owner's high priority tasks") choose the rows. Undefined without both.
 */
function rateOf(text: string, columns: SchemaColumn[]): PlannedCall | undefined {
  const group = groupOf(text, columns);
  const verb = PREDICATE.exec(text);
  if (!group || !verb) return undefined;
  const chosen = conditions(text.slice(0, verb.index), columns).filter((c) => c.column !== group);
  const holds = conditions(text.slice(verb.index), columns).filter((c) => c.column !== group);
  if (!holds.length) return undefined;
  const name = shareName(text.slice(verb.index), holds);
  const metrics = [{ fn: 'count' }, { fn: 'percent', where: asFilter(holds), name }];
  return { name: 'aggregate', args: { groupBy: [group], metrics, sort: { by: `percent ${name}`, direction: 'desc' }, ...(chosen.length ? { filter: asFilter(chosen) } : {}) } };
}

/**
 * A share question as the percent metric answers it: a rate within each group it names (rateOf), else grouped by the
 * column it names ("by Owner"), else by the column
 * of the option it asks about ("… are complete": by Status, the other conditions kept as the filter), else by whether
 * its conditions hold (conditionShare); shares of a column of numbers it names ("share of Budget"), else of the rows.
 */
function percentOf(text: string, found: Condition[], columns: SchemaColumn[]): PlannedCall | null {
  const rate = rateOf(text, columns);
  if (rate) return rate;
  const named = groupOf(text, columns);
  const option = named ? undefined : [...found].reverse().find((c) => c.op === 'eq' && columns.some((col) => col.title === c.column && col.type === 'PICKLIST'));
  const groupBy = named ?? (option?.column as string | undefined);
  if (!groupBy) return conditionShare(text, found, columns);
  const rest = found.filter((c) => c !== option);
  const amount = columns.filter((c) => c.numeric && c.title !== groupBy).find((c) => hasPhrase(text, c.title));
  const metrics = amount ? [{ fn: 'sum', column: amount.title }, { fn: 'percent', column: amount.title }] : [{ fn: 'count' }, { fn: 'percent' }];
  const by = amount ? `percent(${amount.title})` : 'percent';
  return { name: 'aggregate', args: { groupBy: [groupBy], metrics, sort: { by, direction: 'desc' }, ...(rest.length ? { filter: asFilter(rest) } : {}) } };
}

/**
 * "What percent of (Dana's) tasks are overdue": the rows asked about (the owner's, else all) split by whether the rest
 * of the question holds for them — a group by that condition, named in the question's own word; "what percent of the
 * tasks does Dana have": all rows, split by the owner. Null when the question names no condition at all.
 */
function conditionShare(text: string, found: Condition[], columns: SchemaColumn[]): PlannedCall | null {
  const owner = ownerColumn(columns)?.title;
  const others = found.filter((c) => c.column !== owner);
  // "… of the tasks does Dana have": the owner's rows are the share itself; "… of Dana's tasks are late": its whole.
  const [population, subset] = others.length ? [found.filter((c) => c.column === owner), others] : [[], found];
  if (!subset.length) return null;
  const name = shareName(text, subset);
  return { name: 'aggregate', args: { groupBy: [{ name, filter: asFilter(subset) }], metrics: [{ fn: 'count' }, { fn: 'percent' }], ...(population.length ? { filter: asFilter(population) } : {}) } };
}

/** "completion rate by Owner", "% complete by Priority", "what's the completion rate". */
const COMPLETION = /\bcompletion\s+rate\b|(?:%|\bpercent(?:age)?)\s+(?:complete|completed|done)\b|\b(win)\s+rate\b/i;

/**
 * A completion rate: each group's (or all rows') share of rows done — a win rate, of deals won among those won or
 * lost — the rest of the question's conditions choosing the rows. Null on a sheet with nothing that says so.
 */
function completionRate(text: string, columns: SchemaColumn[]): PlannedCall[] | null {
  const done = COMPLETION.exec(text)?.[1] ? won(columns) : completed(columns);
  if (!done) return null;
  const group = groupOf(text, columns);
  const chosen = conditions(text.replace(COMPLETION, ''), columns).filter((c) => c.column !== group && c.column !== done.condition.column);
  const among: Condition[] = 'among' in done ? [done.among as Condition] : [];
  const by = `percent ${done.name}`;
  const args = { groupBy: group ? [group] : [], metrics: [{ fn: 'count' }, { fn: 'percent', where: done.condition, name: done.name }], ...(group ? { sort: { by, direction: 'desc' } } : {}), ...(chosen.length + among.length ? { filter: asFilter([...among, ...chosen]) } : {}) };
  return [{ name: 'aggregate', args }];
}

/** The call a share question plans; null when it asks a share of nothing it can read; undefined when it asks none. */
export function planShare(text: string, columns: SchemaColumn[]): PlannedCall[] | null | undefined {
  const t = text.trim().replace(/[?.!]+$/, '');
  if (columns.length && COMPLETION.test(t)) return completionRate(t, columns);
  if (!columns.length || !PERCENT.test(t)) return undefined;
  const share = percentOf(t, conditions(t, columns), columns);
  return share && [share];
}
