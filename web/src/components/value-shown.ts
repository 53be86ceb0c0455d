import { createContext, useContext } from 'react';
import { shownLike } from '../../../shared/query/columns';
import { columnByTitle, type Sheet } from '../../../shared/sheet/model';
import { showAs } from '../../../shared/sheet/shown';
import { displayValue, type SheetValue } from '../../../shared/sheet/values';

/**
 * A value of the column titled as the grid shows it: a number of a formatted column ("$75,000", "60%"), a date as
 * people read it ("Dec 1, 2026"); undefined for anything its column shows plain.
 */
export type ValueShownAs = (column: string | undefined, value: unknown) => string | undefined;
/** A value of the column titled, as the cards show it. */
export type ShowValue = (column: string | undefined, value: unknown) => string;

/** How the sheet's formatted columns show their numbers, learnt from one of each (shownLike, showAs), and its dates (shownDate). */
export function shownValuesIn(sheet: Sheet | undefined): ValueShownAs {
  return (title, value) => {
    const column = sheet && title !== undefined && (typeof value === 'number' || typeof value === 'string') ? columnByTitle(sheet, title) : undefined;
    if (!column) return undefined;
    if (typeof value === 'string') return DATED.has(column.type) ? shownDate(value) : undefined;
    const like = shownLike(sheet!, column);
    return like ? showAs(like, value as number) : undefined;
  };
}

/** Column types whose values are dates, or dates and times. */
export const DATED: ReadonlySet<string> = new Set(['DATE', 'DATETIME', 'ABSTRACT_DATETIME']);

const DAY = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const MOMENT = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/**
 * A date as people read it, in the browser's language: "2026-12-01" → "Dec 1, 2026"; a moment with its time zone
 * ("2026-12-01T14:05:00Z", a created or modified date) with its local time. Undefined for text that is neither (kept as it is).
 */
function readDate(value: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(day.getTime()) ? undefined : DAY.format(day);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const moment = new Date(value);
    return Number.isNaN(moment.getTime()) ? undefined : MOMENT.format(moment);
  }
  return undefined;
}

/** Dates as shown, by value: a search reads every date cell of the sheet on each key, and a sheet holds few distinct dates. */
const shownDates = new Map<string, string | undefined>();
const SHOWN_DATES_KEPT = 20_000;

export function shownDate(value: string): string | undefined {
  if (shownDates.has(value)) return shownDates.get(value);
  const shown = readDate(value);
  if (shownDates.size >= SHOWN_DATES_KEPT) shownDates.clear();
  shownDates.set(value, shown);
  return shown;
}

/** How the conversation's numbers and dates are shown: as its sheet shows them (the app provides it beside the chat). */
export const ValueShown = createContext<ValueShownAs>(() => undefined);
export const useValueShownAs = () => useContext(ValueShown);

/** A value as the cards show it: a formatted column's number and a date as the grid does, anything else as it is ("(empty)" for none). */
export function useShowValue(): ShowValue {
  const shown = useValueShownAs();
  return (column, value) => shown(column, value) ?? (displayValue((value ?? null) as SheetValue) || '(empty)');
}
