import type { Column, Sheet } from '../sheet/model.js';
import { displayOf } from './columns.js';
import { kindOf, toNumber } from './compare.js';
import { closeness, editDistance } from './close-to.js';
import { columnOf, compileFilter, conditionsOf, type QueryContext } from './filter.js';
import type { Filter } from './query-types.js';

/** Columns with at most this many different values are listed in full in a hint. */
const LISTED = 25;

/**
 * Hints about values a filter compares with that no row holds: "Status is Done" on a sheet whose Status says
 * "Complete" matches nothing (or, negated, everything) — exact, but rarely what was meant. Each hint names the
 * column's actual values, so the model can ask again and the person sees why; text looked for in no row
 * ("contains dashbaord") names the values closest to it. Text-like columns only: a number or a date that no row
 * holds is an ordinary answer.
 */
export function filterHints(sheet: Pick<Sheet, 'columns' | 'rows'>, filter: Filter | undefined, ctx: QueryContext): string[] {
  const absent = new Map<Column, Set<string>>();
  const unmatched: string[] = [];
  for (const condition of conditionsOf(filter)) {
    const column = columnOf(sheet, condition.column);
    const kind = kindOf(column.type);
    if (kind === 'boolean' || kind === 'date' || kind === 'datetime') continue;
    if ((condition.op === 'contains' || condition.op === 'starts_with') && typeof condition.value === 'string') {
      const holds = compileFilter(sheet, condition, ctx);
      const hint = sheet.rows.some((row, i) => holds(row, i)) ? undefined : partHint(sheet, column, condition.op, condition.value);
      if (hint) unmatched.push(hint);
      continue;
    }
    if (!['eq', 'ne', 'in', 'not_in'].includes(condition.op)) continue;
    const values = condition.op === 'eq' || condition.op === 'ne' ? [condition.value] : (condition.values ?? []);
    for (const value of values) {
      if (value === undefined || typeof value === 'boolean' || toNumber(value) !== undefined) continue;
      // The filter's own test, so the hint agrees with the answer (numbers, names in contact columns, list options).
      const holds = compileFilter(sheet, { column: column.title, op: 'eq', value }, ctx);
      if (sheet.rows.some((row, i) => holds(row, i))) continue;
      absent.set(column, (absent.get(column) ?? new Set()).add(`"${value}"`));
    }
  }
  return [...[...absent].map(([column, values]) => `No row has ${column.title} ${[...values].join(' or ')}. ${heldValues(sheet, column.index, column.title, column.options)}`), ...unmatched];
}

const wordsOf = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** "No row's Task contains "dashbaord"; closest: "Build analytics dashboard", …" — the values a typo may have meant (none close: no hint). */
function partHint(sheet: Pick<Sheet, 'rows'>, column: Column, op: 'contains' | 'starts_with', text: string): string | undefined {
  const wanted = text.trim().toLowerCase();
  const span = wordsOf(wanted).length || 1;
  const limit = closeness(wanted);
  const close: { value: string; distance: number }[] = [];
  for (const value of new Set(displayOf(sheet, column.index))) {
    if (value === null) continue;
    // Against as many neighbouring words of the value as the text has ("data warehose" ~ "data warehouse").
    const words = wordsOf(value.toLowerCase());
    const spans = words.length <= span ? [words.join(' ')] : words.slice(0, words.length - span + 1).map((_, i) => words.slice(i, i + span).join(' '));
    const distance = Math.min(...spans.map((part) => editDistance(wanted, part, limit)));
    if (distance <= limit) close.push({ value, distance });
  }
  if (close.length === 0) return undefined;
  const closest = close.sort((a, b) => a.distance - b.distance).slice(0, 3).map((c) => `"${c.value}"`);
  return `No row's ${column.title} ${op === 'contains' ? 'contains' : 'starts with'} "${text}"; closest: ${closest.join(', ')}.`;
}

function heldValues(sheet: Pick<Sheet, 'rows'>, at: number, title: string, options: string[] | undefined): string {
  if (options?.length) return `${title} options: ${options.join(', ')}.`;
  const distinct = [...new Set(displayOf(sheet, at).filter((t): t is string => t !== null))];
  if (distinct.length === 0) return `${title} is empty in every row.`;
  if (distinct.length <= LISTED) return `${title} holds: ${distinct.join(', ')}.`;
  return `${title} has ${distinct.length} different values; "contains" matches part of one.`;
}
