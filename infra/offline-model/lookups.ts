/**
 * One value looked up, as people ask when they look at a grid: "what's the Budget of Plan vendor contracts?",
 * "what is the status of row 12", "who owns row 5", "when is Launch checkout flow due?", "show the first 5 rows",
 * "how much have we spent?". Read only where no question or command reading applies, so they never change how
 * other text is read.
 */
import type { PlannedCall } from './commands.js';
import { questionFilter } from './conditions.js';
import { groupOf } from './questions.js';
import { amountColumn, columnTitled, DIFFERENCE, dueColumn, isDate, ownerColumn, type SchemaColumn } from './schema.js';
import { budgetLeft } from './arithmetic.js';
import { rowRef } from './row-numbers.js';

const VALUE_OF = /^(?:what(?:'s|’s|\s+is|\s+are|\s+was)|show(?:\s+me)?|tell\s+me|give\s+me|get)\s+(?:the\s+)?(.+?)\s+(?:of|for|on|in)\s+(?:the\s+)?(.+?)$/i;
const WHO = /^who(?:'s|’s|\s+is)?\s+(?:owns|assigned\s+to|responsible\s+for|working\s+on|doing|handling|in\s+charge\s+of|on|leads|works\s+on|has)\s+(?:the\s+)?(.+?)$/i;
const FIRST = /^(?:show|list|get)(?:\s+me)?\s+(?:the\s+)?first\s+(\d+)\s+rows?$/i;
const WHEN = /^when\s+(?:is|was|are|were|does|did)\s+(?:the\s+)?(.+?)\s+(due|start|starting|begin|beginning)$/i;
/** "how much have we spent", "how much budget does Dana have": a total of the column of numbers it names. */
const HOW_MUCH = /^how\s+much\b/i;
/** "how much budget is left", "what's the remaining budget by Owner", "budget left for Dana": budget − spent, summed. */
const LEFT = /^(?:how\s+much\b.*\b(?:left|remaining|remains)\b|(?:what(?:'s|’s|\s+is)\s+)?(?:the\s+)?(?:remaining\s+budget|budget\s+(?:left|remaining))\b)/i;

/** The column a person names: its title in any case, or "owner" for the sheet's owner column. */
export function columnNamed(words: string, columns: SchemaColumn[]): SchemaColumn | undefined {
  return columnTitled(columns, words) ?? (/^(?:the\s+)?(?:owner|assignee)$/i.test(words.trim()) ? ownerColumn(columns) : undefined);
}

export function planLookup(text: string, columns: SchemaColumn[]): PlannedCall[] | undefined {
  const t = text.trim().replace(/[?.!]+$/, '');
  const primary = columns[0]?.title;
  if (!primary) return undefined;
  let m: RegExpExecArray | null;
  if ((m = FIRST.exec(t))) return [{ name: 'get_rows', args: { rowNumbers: Array.from({ length: Math.min(Number(m[1]), 100) }, (_, i) => i + 1) } }];
  const left = LEFT.test(t) ? budgetLeft(columns) : undefined;
  if (left) {
    const filter = questionFilter(t, columns);
    const groupBy = groupOf(t, columns);
    const metric = `sum(${left.name})`;
    return [{ name: 'aggregate', args: { computed: [left], metrics: [{ fn: 'sum', column: left.name }], ...(groupBy ? { groupBy: [groupBy], sort: { by: metric, direction: 'desc' } } : {}), ...(filter ? { filter } : {}) } }];
  }
  if (HOW_MUCH.test(t) && !DIFFERENCE.test(t)) {
    const named = (c: SchemaColumn) => new RegExp(`(?:^|\\W)${c.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|\\W)`, 'i');
    // The column named, else money said as a verb ("how much did we spend on travel", "… pay Vendor 12"): the sheet's money.
    const spent = /\b(?:spen[dt]|pa(?:y|id))\b/i;
    const titled = columns.filter((c) => c.numeric).find((c) => named(c).test(t));
    const column = titled ?? (spent.test(t) ? amountColumn(columns) : undefined);
    const filter = column && questionFilter(t.replace(titled ? named(titled) : spent, ' '), columns);
    return column ? [{ name: 'aggregate', args: { metrics: [{ fn: 'sum', column: column.title }], ...(filter ? { filter } : {}) } }] : undefined;
  }
  const when = WHEN.exec(t);
  const dated = when && (/^(?:due)$/i.test(when[2]!) ? dueColumn(columns) : columns.filter(isDate).find((c) => /start|begin/i.test(c.title)));
  const asked = (m = VALUE_OF.exec(t))
    ? { column: columnNamed(m[1]!, columns), row: m[2]! }
    : (m = WHO.exec(t))
      ? { column: ownerColumn(columns), row: m[1]! }
      : when
        ? { column: dated, row: when[1]! }
        : undefined;
  if (!asked?.column || /\bwhere\b/i.test(asked.row)) return undefined;
  const select = [...new Set([primary, asked.column.title])];
  const rows = rowRef(asked.row, primary);
  return 'rowNumbers' in rows ? [{ name: 'get_rows', args: { ...rows, select } }] : [{ name: 'query_rows', args: { ...rows, select, limit: 5 } }];
}
