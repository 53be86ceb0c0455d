/**
 * Days as people say them when they set one: "today", "tomorrow", "Friday", "next Friday", "in 2 weeks", "end of the
 * month" — written as YYYY-MM-DD from the day the system prompt gives ("Today is 2026-12-07."), as a model would, since
 * a date column takes only that. The change set shows the day before anything is written.
 */
import { addDays, periodRange } from '../../shared/query/dates.js';
import type { PlannedCall } from './commands.js';
import { isDate, type SchemaColumn } from './schema.js';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The day the system prompt says is today, if it says one. */
export function todayOf(system: string): string | undefined {
  return /\bToday is (\d{4}-\d{2}-\d{2})\b/.exec(system)?.[1];
}

/**
 * A day said in words, from `today`: "Friday" and "this Friday" are the coming one (today, on a Friday); "next Friday"
 * is the one in next week (weeks start on Monday); "in 3 days", "in 2 weeks"; "end of the month" / "end of the week"
 * (its Friday). Undefined for anything else (a date already written, or words it does not know).
 */
export function dayOf(said: string, today: string): string | undefined {
  const text = said.trim().toLowerCase().replace(/\s+/g, ' ');
  if (Number.isNaN(Date.parse(`${today}T00:00:00Z`))) return undefined;
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const shift: Record<string, number> = { today: 0, tomorrow: 1, yesterday: -1 };
  if (text in shift) return addDays(today, shift[text]!);
  let m = /^(?:(this|next|coming)\s+)?(sunday|monday|tuesday|wednesday|thursday|friday|saturday)$/.exec(text);
  if (m) {
    const target = WEEKDAYS.indexOf(m[2]!);
    // Next week's: from its Monday to that day (Sunday ends the week).
    return m[1] === 'next' ? addDays(periodRange('next_week', today)![0], (target + 6) % 7) : addDays(today, (target - weekday + 7) % 7);
  }
  if ((m = /^in (\d{1,3}) (day|week)s?$/.exec(text))) return addDays(today, Number(m[1]) * (m[2] === 'week' ? 7 : 1));
  if (/^(?:the )?end of (?:the |this )?month$/.test(text)) return periodRange('this_month', today)![1];
  if (/^(?:the )?end of (?:the |this )?week$/.test(text)) return addDays(today, (5 - weekday + 7) % 7);
  return undefined;
}

/** The planned writes with days said in words written as dates, in the sheet's date columns. */
export function withDays(calls: PlannedCall[], columns: SchemaColumn[], today: string | undefined): PlannedCall[] {
  if (!today) return calls;
  const dated = new Set(columns.filter(isDate).map((c) => c.title.toLowerCase()));
  const dayValues = (values: unknown) => {
    if (!values || typeof values !== 'object' || Array.isArray(values)) return values;
    return Object.fromEntries(Object.entries(values).map(([title, value]) => [title, dated.has(title.toLowerCase()) && typeof value === 'string' ? (dayOf(value, today) ?? value) : value]));
  };
  return calls.map((call) => {
    if (call.name === 'update_cells' && call.args.set) return { ...call, args: { ...call.args, set: dayValues(call.args.set) } };
    if (call.name === 'add_rows' && Array.isArray(call.args.rows)) return { ...call, args: { ...call.args, rows: call.args.rows.map(dayValues) } };
    return call;
  });
}
