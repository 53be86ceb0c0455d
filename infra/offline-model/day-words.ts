/**
 * Days as people say them when they set one: "today", "tomorrow", "Friday", "next Friday", "in 2 weeks", "end of the
 * month" — written as YYYY-MM-DD from the day the system prompt gives ("Today is 2026-12-07."), as a model would, since
 * a date column takes only that. The change set shows the day before anything is written.
 */
import type { PlannedCall } from './commands.js';
import { isDate, type SchemaColumn } from './schema.js';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const DAY_MS = 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

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
  const now = Date.parse(`${today}T00:00:00Z`);
  if (Number.isNaN(now)) return undefined;
  const weekday = new Date(now).getUTCDay();
  const shift: Record<string, number> = { today: 0, tomorrow: 1, yesterday: -1 };
  if (text in shift) return iso(now + shift[text]! * DAY_MS);
  let m = /^(?:(this|next|coming)\s+)?(sunday|monday|tuesday|wednesday|thursday|friday|saturday)$/.exec(text);
  if (m) {
    const target = WEEKDAYS.indexOf(m[2]!);
    if (m[1] !== 'next') return iso(now + ((target - weekday + 7) % 7) * DAY_MS);
    // Next week's: from this week's Monday, a week on, to that day (Sunday ends the week).
    const monday = now - ((weekday + 6) % 7) * DAY_MS;
    return iso(monday + (7 + ((target + 6) % 7)) * DAY_MS);
  }
  if ((m = /^in (\d{1,3}) (day|week)s?$/.exec(text))) return iso(now + Number(m[1]) * (m[2] === 'week' ? 7 : 1) * DAY_MS);
  if (/^(?:the )?end of (?:the |this )?month$/.test(text)) {
    const d = new Date(now);
    return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
  }
  if (/^(?:the )?end of (?:the |this )?week$/.test(text)) return iso(now + ((5 - weekday + 7) % 7) * DAY_MS);
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
