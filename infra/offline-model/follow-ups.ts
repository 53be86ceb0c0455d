/**
 * Follow-ups: a message that refines the question before it — "now only high priority", "what about Mei?", "how many of
 * them are high priority", "what is their total budget", "sort them by Budget", "what about Spent?". The question
 * refined is the conversation's latest one as it was read, follow-ups included (conversationBase), so a follow-up of a
 * follow-up refines both.
 */
import type { PlannedCall } from './commands.js';
import { retarget, questionFilter } from './conditions.js';
import { descending, DIRECTION, parseFilter } from './filters.js';
import { isPeriod } from './periods.js';
import { dueColumn, escape, isDate, type SchemaColumn } from './schema.js';

/** Plans a message on its own (no earlier question): the command language, else a plain question. */
type PlanOwn = (text: string) => PlannedCall[] | undefined;
/** What a follow-up refines: the earlier question's text, or its calls as they were planned. */
export type Previous = string | PlannedCall[] | undefined;

const READS = new Set(['query_rows', 'aggregate', 'column_stats']);
const reads = (calls: PlannedCall[] | undefined): calls is PlannedCall[] => Boolean(calls?.length) && calls!.every((c) => READS.has(c.name));

/**
 * Words that point back at the previous answer's rows: "how many of them …", "what is their total …", "sort them …",
 * "show those" — not a "their" inside a question of its own ("tasks that have their Notes empty").
 */
const ANAPHOR = /\bof\s+(?:them|those|these)\b|^(?:what(?:'s|’s|\s+is|\s+are|\s+was)|show(?:\s+me)?|give\s+me|and)\s+their\b|^(?:sort|order|rank|show|list|count)\s+(?:them|those|these)\b/i;
/** The question without its pointing back: "how many are high priority", "what is the total budget", "count rows". */
const unpointed = (t: string) => t.replace(/\s*\bof\s+(?:them|those|these)\b/i, '').replace(/\btheir\b/i, 'the').replace(/\b(?:them|those|these)\b/i, 'rows').replace(/\s+/g, ' ').trim();

function baseOf(previous: Previous, planOwn: PlanOwn): PlannedCall[] | undefined {
  if (previous === undefined) return undefined;
  try {
    return typeof previous === 'string' ? planOwn(previous) : previous;
  } catch {
    return undefined;
  }
}

const both = (a: unknown, b: unknown) => (a && b ? { and: [a, b] } : (a ?? b));

/** The date column a period refers to: one the previous question's calls name, else the due date. */
function dateColumnOf(base: PlannedCall[], columns: SchemaColumn[]): string {
  const said = JSON.stringify(base);
  return (columns.filter(isDate).find((c) => said.includes(JSON.stringify(c.title))) ?? dueColumn(columns))?.title ?? 'Due Date';
}

/** "what about Spent?": the previous figures, of another column of numbers. */
function ofAnotherColumn(base: PlannedCall[], subject: string, columns: SchemaColumn[]): PlannedCall[] | undefined {
  const column = columns.find((c) => c.numeric && c.title.toLowerCase() === subject.trim().toLowerCase())?.title;
  const metrics = (call: PlannedCall) => (call.args.metrics as { fn: string; column?: string }[] | undefined) ?? [];
  if (!column || !base.some((call) => metrics(call).some((m) => m.column))) return undefined;
  return base.map((call) => {
    if (call.name !== 'aggregate') return call;
    const renamed = (name: string) => name.replace(/\((.+)\)$/, `(${column})`);
    const sort = call.args.sort as { by: string; direction?: string } | undefined;
    return { name: call.name, args: { ...call.args, metrics: metrics(call).map((m) => (m.column ? { ...m, column } : m)), ...(sort ? { sort: { ...sort, by: renamed(sort.by) } } : {}) } };
  });
}

/** A follow-up's plan, or undefined when the text is not one (or there is nothing before it to refine). */
export function planFollowUp(t: string, previous: Previous, columns: SchemaColumn[], planOwn: PlanOwn): PlannedCall[] | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^(?:now\s+)?only\s+(?:the\s+ones\s+)?(?:where\s+)?(.+)$/i.exec(t))) {
    const base = baseOf(previous, planOwn);
    if (!base?.length) return undefined;
    let extra: Record<string, unknown> | undefined;
    try {
      extra = /^in\s+/i.test(m[1]!) ? undefined : parseFilter(m[1]);
    } catch {
      // "now only high priority"; but "now only Q3 2026" is a period of the date the previous question was about.
      extra = isPeriod(m[1]!) ? undefined : questionFilter(m[1]!, columns);
    }
    const addition = extra ?? { column: dateColumnOf(base, columns), op: 'in_period', value: m[1]!.replace(/^in\s+/i, '').replace(/\s+/g, '_') };
    return base.map((call) => ({ name: call.name, args: { ...call.args, filter: both(call.args.filter, addition) } }));
  }
  if ((m = /^(?:(?:and\s+)?(?:what|how)\s+about|(?:and\s+)?(?:the\s+)?same\s+for|and\s+for)\s+(.+)$/i.exec(t))) {
    const base = baseOf(previous, planOwn);
    return reads(base) ? (ofAnotherColumn(base, m[1]!, columns) ?? retarget(base, m[1]!, columns)) : undefined;
  }
  if (!ANAPHOR.test(t)) return undefined;
  const base = baseOf(previous, planOwn);
  if (!reads(base)) return undefined;
  const filter = base[0]!.args.filter;
  const computed = base.flatMap((call) => (call.args.computed as unknown[] | undefined) ?? []);
  // A call of the follow-up, over the previous answer's rows: both filters, and the columns both work out.
  const withBase = (call: PlannedCall): PlannedCall => {
    const rows = both(filter, call.args.filter);
    const worked = [...computed, ...((call.args.computed as unknown[] | undefined) ?? [])];
    return { name: call.name, args: { ...call.args, ...(rows ? { filter: rows } : {}), ...(worked.length ? { computed: worked } : {}) } };
  };
  // "sort them by Budget", "order those by Due Date, latest first": the rows again, in that order.
  const titles = columns.map((c) => c.title).sort((a, b) => b.length - a.length);
  if ((m = new RegExp(String.raw`^(?:sort|order|rank)\s+(?:them|those|these)\s+by\s+(?:the\s+)?(${titles.map(escape).join('|')})\b(?:,?\s+${DIRECTION})?$`, 'i').exec(t))) {
    const column = titles.find((x) => x.toLowerCase() === m![1]!.toLowerCase())!;
    return [withBase({ name: 'query_rows', args: { limit: 20, sort: [{ column, direction: descending(m[2]) ? 'desc' : 'asc' }] } })];
  }
  // "how many of them are high priority", "what is their total budget": the question asked of those rows.
  const own = planOwn(unpointed(t));
  return reads(own) ? own.map(withBase) : undefined;
}

/**
 * The question a new message may refine: the conversation's earlier user messages read in order, each a follow-up of
 * the one before it could read (one it could not read is skipped). The last `keep` messages are enough.
 */
export function conversationBase(earlier: string[], plan: (text: string, previous: Previous) => PlannedCall[] | undefined, keep = 12): PlannedCall[] | undefined {
  let base: PlannedCall[] | undefined;
  for (const text of earlier.slice(-keep)) {
    try {
      base = plan(text, base) ?? base;
    } catch {
      // Not readable: the question before it stays the one refined.
    }
  }
  return base;
}
