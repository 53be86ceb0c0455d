import { createContext, useContext } from 'react';
import { shownLike } from '../../../shared/query/columns';
import { columnByTitle, type Sheet } from '../../../shared/sheet/model';
import { showAs } from '../../../shared/sheet/shown';
import { displayValue, type SheetValue } from '../../../shared/sheet/values';

/** A number of the column titled as the grid shows it ("$75,000", "60%"); undefined for anything its column shows plain. */
export type ShownNumber = (column: string | undefined, value: unknown) => string | undefined;
/** A value of the column titled, as the cards show it. */
export type ShowValue = (column: string | undefined, value: unknown) => string;

/** How the sheet's formatted columns show their numbers, learnt from one of each (shownLike, showAs). */
export function shownNumbersIn(sheet: Sheet | undefined): ShownNumber {
  return (title, value) => {
    const column = sheet && typeof value === 'number' && title !== undefined ? columnByTitle(sheet, title) : undefined;
    const like = column && shownLike(sheet!, column);
    return like ? showAs(like, value as number) : undefined;
  };
}

/** How the conversation's numbers are shown: as its sheet shows them (the app provides it beside the chat). */
export const ValueShown = createContext<ShownNumber>(() => undefined);
export const useShownNumber = () => useContext(ValueShown);

/** A value as the cards show it: a formatted column's number as the grid does, anything else as it is ("(empty)" for none). */
export function useShowValue(): ShowValue {
  const shown = useShownNumber();
  return (column, value) => shown(column, value) ?? (displayValue((value ?? null) as SheetValue) || '(empty)');
}
