import type { Column, Sheet } from '../sheet/model.js';
import { displayOf } from './columns.js';
import { kindOf, toNumber } from './compare.js';
import { columnOf, compileFilter, conditionsOf, type QueryContext } from './filter.js';
import type { Filter } from './query-types.js';

/** Columns with at most this many different values are listed in full in a hint. */
const LISTED = 25;

/**
 * Hints about values a filter compares with that no row holds: "Status is Done" on a sheet whose Status says
 * "Complete" matches nothing (or, negated, everything) — exact, but rarely what was meant. Each hint names the
 * column's actual values, so the model can ask again and the person sees why. Text-like columns only: a number
 * or a date that no row holds is an ordinary answer.
 */
export function filterHints(sheet: Pick<Sheet, 'columns' | 'rows'>, filter: Filter | undefined, ctx: QueryContext): string[] {
  const absent = new Map<Column, Set<string>>();
  for (const condition of conditionsOf(filter)) {
    if (!['eq', 'ne', 'in', 'not_in'].includes(condition.op)) continue;
    const column = columnOf(sheet, condition.column);
    const kind = kindOf(column.type);
    if (kind === 'boolean' || kind === 'date' || kind === 'datetime') continue;
    const values = condition.op === 'eq' || condition.op === 'ne' ? [condition.value] : (condition.values ?? []);
    for (const value of values) {
      if (value === undefined || typeof value === 'boolean' || toNumber(value) !== undefined) continue;
      // The filter's own test, so the hint agrees with the answer (numbers, names in contact columns, list options).
      const holds = compileFilter(sheet, { column: column.title, op: 'eq', value }, ctx);
      if (sheet.rows.some((row, i) => holds(row, i))) continue;
      absent.set(column, (absent.get(column) ?? new Set()).add(`"${value}"`));
    }
  }
  return [...absent].map(([column, values]) => `No row has ${column.title} ${[...values].join(' or ')}. ${heldValues(sheet, column.index, column.title, column.options)}`);
}

function heldValues(sheet: Pick<Sheet, 'rows'>, at: number, title: string, options: string[] | undefined): string {
  if (options?.length) return `${title} options: ${options.join(', ')}.`;
  const distinct = [...new Set(displayOf(sheet, at).filter((t): t is string => t !== null))];
  if (distinct.length === 0) return `${title} is empty in every row.`;
  if (distinct.length <= LISTED) return `${title} holds: ${distinct.join(', ')}.`;
  return `${title} has ${distinct.length} different values; "contains" matches part of one.`;
}
