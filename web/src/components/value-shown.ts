import { createContext, useContext } from 'react';
import { shownLike } from '../../../shared/query/columns';
import { columnByTitle, type Sheet } from '../../../shared/sheet/model';
import { showAs } from '../../../shared/sheet/shown';
import { displayValue, type SheetValue } from '../../../shared/sheet/values';

/** A value of the column titled, as the cards show it. */
export type ShowValue = (column: string | undefined, value: unknown) => string;

const plain: ShowValue = (_column, value) => displayValue((value ?? null) as SheetValue) || '(empty)';

/** A number in a column Smartsheet formats as the grid shows it ("$75,000", "60%"); anything else as it is. */
export function valueShownIn(sheet: Sheet | undefined): ShowValue {
  if (!sheet) return plain;
  return (title, value) => {
    const column = typeof value === 'number' && title !== undefined ? columnByTitle(sheet, title) : undefined;
    const like = column && shownLike(sheet, column);
    return (like && showAs(like, value as number)) ?? plain(title, value);
  };
}

/** How the cards in a conversation show values: as its sheet shows them (Chat provides it). */
export const ValueShown = createContext<ShowValue>(plain);
export const useShowValue = () => useContext(ValueShown);
