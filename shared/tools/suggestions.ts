import { holdsNumbers } from '../query/columns.js';
import { readOnlyReason, type Sheet } from '../sheet/model.js';
import { displayValue } from '../sheet/values.js';

/** A first question for an empty conversation, made from this sheet's own columns and values. */
export interface Suggestion {
  text: string;
  note?: string;
}

/** The most common value of a column, with how often it occurs. */
function mostCommon(sheet: Sheet, at: number): { value: string; count: number } | undefined {
  const counts = new Map<string, number>();
  for (const row of sheet.rows) {
    const value = displayValue(row.values[at] ?? null);
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const [value, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
  return value === undefined ? undefined : { value, count: count! };
}

/** A column title that names when work is due (the offline model reads "late" against the same). */
export const DUE_TITLE = /due|deadline|end|close|finish/i;

/**
 * Three to five questions that work on this sheet, in words both the offline model and
 * Azure OpenAI read: a count on the commonest option, a total by a group, the late rows
 * of an owner with their total, what changed this week (every row knows when it last
 * changed), and an edit (a proposal: nothing is written before approval) unless the sheet is shared with the app as
 * Viewer, where no change can be made.
 */
export function suggestions(sheet: Sheet | undefined, access?: string): Suggestion[] {
  const columns = (sheet?.columns ?? []).map((column, at) => ({ column, at })).filter(({ column }) => !column.hidden);
  if (!sheet || sheet.rows.length === 0) return [{ text: 'Describe the sheet' }, { text: 'How many rows are there?' }];
  const picklists = columns.filter(({ column }) => column.type === 'PICKLIST' && column.options?.length);
  const contact = columns.find(({ column }) => column.type === 'CONTACT_LIST');
  const number = columns.find(({ column, at }) => holdsNumbers(sheet, column));
  const due = columns.find(({ column }) => /DATE/.test(column.type) && DUE_TITLE.test(column.title));
  const category = picklists[0];
  const common = category && mostCommon(sheet, category.at);
  const out: Suggestion[] = [];
  if (category && common) out.push({ text: `How many rows where ${category.column.title} is ${common.value}?` });
  const group = contact ?? category;
  if (number && group) out.push({ text: `Total ${number.column.title} by ${group.column.title}` });
  const owner = contact && mostCommon(sheet, contact.at)?.value.split(/\s+/)[0];
  if (owner && due && number) out.push({ text: `Which rows owned by ${owner} are late, and what is their total ${number.column.title}?` });
  const asked: Suggestion[] = out.length ? out : [{ text: 'Describe the sheet' }, { text: 'How many rows are there?' }];
  // Not on a sheet with a column of that name: the question would be about that column.
  const changed = columns.some(({ column }) => /^last changed$/i.test(column.title)) ? [] : [{ text: 'What changed this week?' }];
  // The edit suggested sets a picklist the app may write (not calculated, not locked in Smartsheet).
  const target = [picklists[1], category].find((p) => p && !p.column.readOnly && !p.column.locked);
  const option = target?.column.options?.find((o) => !(target === category && o === common?.value));
  const edit = category && common && target && option && !readOnlyReason(access) ? [{ text: `Set ${target.column.title} to ${option} where ${category.column.title} is ${common.value}`, note: 'you approve before anything is written' }] : [];
  return [...asked, ...changed, ...edit];
}
