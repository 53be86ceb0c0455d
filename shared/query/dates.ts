/** Date helpers for relative periods and buckets; every date is a UTC 'YYYY-MM-DD' string. */
export type Unit = 'day' | 'week' | 'month' | 'year';

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));

export function addDays(date: string, days: number): string {
  return iso(new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000));
}

export function addUnits(date: string, amount: number, unit: Unit): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (unit === 'day') return addDays(date, amount);
  if (unit === 'week') return addDays(date, amount * 7);
  if (unit === 'month') return iso(utc(d.getUTCFullYear(), d.getUTCMonth() + amount, Math.min(d.getUTCDate(), 28)));
  return iso(utc(d.getUTCFullYear() + amount, d.getUTCMonth(), d.getUTCDate()));
}

/** Monday-based week start. */
function weekStart(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((day + 6) % 7));
}

/** [first, last] inclusive dates of a named period relative to `today`, or of 'Q3 2026', '2026-07', '2026'. */
export function periodRange(period: string, today: string): [string, string] | undefined {
  const d = new Date(`${today}T00:00:00Z`);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const q = Math.floor(m / 3);
  const month = (year: number, mon: number): [string, string] => [iso(utc(year, mon, 1)), iso(utc(year, mon + 1, 0))];
  const quarter = (year: number, qq: number): [string, string] => [iso(utc(year, qq * 3, 1)), iso(utc(year, qq * 3 + 3, 0))];
  const year = (yy: number): [string, string] => [`${yy}-01-01`, `${yy}-12-31`];
  const text = period.trim().toLowerCase().replace(/\s+/g, '_');
  switch (text) {
    case 'today':
      return [today, today];
    case 'yesterday':
      return [addDays(today, -1), addDays(today, -1)];
    case 'tomorrow':
      return [addDays(today, 1), addDays(today, 1)];
    case 'this_week':
      return [weekStart(today), addDays(weekStart(today), 6)];
    case 'last_week':
      return [addDays(weekStart(today), -7), addDays(weekStart(today), -1)];
    case 'next_week':
      return [addDays(weekStart(today), 7), addDays(weekStart(today), 13)];
    case 'this_month':
      return month(y, m);
    case 'last_month':
      return month(y, m - 1);
    case 'next_month':
      return month(y, m + 1);
    case 'this_quarter':
      return quarter(y, q);
    case 'last_quarter':
      return q === 0 ? quarter(y - 1, 3) : quarter(y, q - 1);
    case 'next_quarter':
      return q === 3 ? quarter(y + 1, 0) : quarter(y, q + 1);
    case 'this_year':
      return year(y);
    case 'last_year':
      return year(y - 1);
    case 'next_year':
      return year(y + 1);
  }
  const quarterFirst = /^q([1-4])(?:[_-](\d{4}))?$/.exec(text);
  if (quarterFirst) return quarter(quarterFirst[2] ? Number(quarterFirst[2]) : y, Number(quarterFirst[1]) - 1);
  const yearFirst = /^(\d{4})[_-]q([1-4])$/.exec(text);
  if (yearFirst) return quarter(Number(yearFirst[1]), Number(yearFirst[2]) - 1);
  const ym = /^(\d{4})-(\d{2})$/.exec(text);
  if (ym) return month(Number(ym[1]), Number(ym[2]) - 1);
  if (/^\d{4}$/.test(text)) return year(Number(text));
  return undefined;
}

/** The bucket label of a date: 2026-07-14 → day 2026-07-14, week 2026-W29, month 2026-07, quarter 2026-Q3, year 2026. */
export function bucketOf(date: string, bucket: 'day' | 'week' | 'month' | 'quarter' | 'year'): string {
  const day = date.slice(0, 10);
  switch (bucket) {
    case 'day':
      return day;
    case 'month':
      return day.slice(0, 7);
    case 'year':
      return day.slice(0, 4);
    case 'quarter':
      return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
    case 'week': {
      // ISO 8601: the week with the year's first Thursday is week 1.
      const thursday = new Date(`${day}T00:00:00Z`);
      thursday.setUTCDate(thursday.getUTCDate() - ((thursday.getUTCDay() + 6) % 7) + 3);
      const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
      const week = 1 + Math.round(((thursday.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
      return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
    }
  }
}
