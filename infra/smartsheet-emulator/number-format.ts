// A number as Smartsheet shows it in a formatted column: the cell's `displayValue` ("$12,500", "35%") beside its value.
import type { SmartsheetColumn } from '../../shared/sheet/smartsheet-json.js';
import type { StoredSheet } from './sheet-store.js';

/**
 * The positions in Smartsheet's format descriptor that shape a number (developers.smartsheet.com, "Cell formatting"):
 * 11 currency (13 = USD), 12 decimal count, 13 thousands separator (1 = on), 14 number format (1 number, 2 currency,
 * 3 percent). The rest (fonts, colours, alignment, dates) do not change the text.
 */
const AT = { currency: 11, decimals: 12, thousands: 13, numberFormat: 14 } as const;
const NUMBER_FORMATS = ['none', 'number', 'currency', 'percent'] as const;
/** The one currency code the documentation names; the emulator shows others without a symbol. */
const SYMBOLS: Record<string, string> = { '13': '$' };

/** A format descriptor for a column of whole-dollar amounts with thousands separators. */
export const USD_WHOLE = ',,,,,,,,,,,13,0,1,2,,';
/** A format descriptor for a percentage with no decimals. */
export const PERCENT = ',,,,,,,,,,,,0,,3,,';

/** The text Smartsheet shows for `value` under the format descriptor `format` (none: the number as it is). */
export function shownNumber(format: string | undefined, value: number): string {
  const parts = (format ?? '').split(',');
  const field = (at: number) => parts[at] ?? '';
  const kind = NUMBER_FORMATS[Number(field(AT.numberFormat) || 0)] ?? 'none';
  const decimals = field(AT.decimals) === '' ? undefined : Number(field(AT.decimals));
  const grouped = field(AT.thousands) === '1';
  if (kind === 'none' && decimals === undefined && !grouped) return String(value);
  const scaled = kind === 'percent' ? value * 100 : value;
  const digits = decimals ?? (kind === 'currency' ? 2 : kind === 'percent' ? 0 : undefined);
  const text = Math.abs(scaled).toLocaleString('en-US', { useGrouping: grouped, ...(digits === undefined ? { maximumFractionDigits: 20 } : { minimumFractionDigits: digits, maximumFractionDigits: digits }) });
  const sign = scaled < 0 ? '-' : '';
  if (kind === 'percent') return `${sign}${text}%`;
  if (kind === 'currency') return `${sign}${SYMBOLS[field(AT.currency)] ?? ''}${text}`;
  return `${sign}${text}`;
}

/** A column's new format ('' clears it), and every number in it shown anew. */
export function reformat(stored: StoredSheet, column: SmartsheetColumn, format: string): void {
  if (format) column.format = format;
  else delete column.format;
  for (const row of stored.rows) for (const cell of row.cells) if (cell.columnId === column.id && typeof cell.value === 'number') cell.displayValue = shownNumber(column.format, cell.value);
}
