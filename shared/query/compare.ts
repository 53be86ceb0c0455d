import type { ColumnType } from '../sheet/smartsheet-json.js';
import { displayValue, type Contact, type SheetValue } from '../sheet/values.js';

/**
 * Typed comparison: numbers stored as text compare as numbers, dates as dates,
 * checkboxes as booleans, contacts by name or email, lists by element;
 * text compares case-insensitively. Empty is null.
 */
export type Kind = 'text' | 'date' | 'datetime' | 'boolean' | 'contact' | 'contacts' | 'list';

export function kindOf(type: ColumnType): Kind {
  switch (type) {
    case 'CHECKBOX':
      return 'boolean';
    case 'DATE':
      return 'date';
    case 'DATETIME':
    case 'ABSTRACT_DATETIME':
      return 'datetime';
    case 'CONTACT_LIST':
      return 'contact';
    case 'MULTI_CONTACT_LIST':
      return 'contacts';
    case 'MULTI_PICKLIST':
      return 'list';
    default:
      return 'text';
  }
}

const NUMERIC = /^[-+]?(?:[$€£¥]\s*)?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?%?$/;

/** A number from a number or numeric text ("1,200", "$45.50", "12%"); undefined otherwise. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!text || !/\d/.test(text) || !NUMERIC.test(text)) return undefined;
  const n = Number(text.replace(/[$€£¥,%\s]/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

const SCALED = /^\s*([-+]?(?:[$€£¥]\s*)?[\d,]*\.?\d+)\s*([kKmM])\s*$/;

/** The amount text says: a number as toNumber reads it, or in thousands or millions ("50k", "$1.2M"); undefined otherwise. */
export function toAmount(text: string): number | undefined {
  const scaled = SCALED.exec(text);
  if (!scaled) return toNumber(text);
  const n = toNumber(scaled[1]!);
  return n === undefined ? undefined : Math.round(n * (/k/i.test(scaled[2]!) ? 1e3 : 1e6) * 1e6) / 1e6;
}

/** The fraction a percentage says ("35%" → 0.35, "12.5 %" → 0.125); undefined for text that is not one. */
export function percentOf(text: string): number | undefined {
  const n = /%\s*$/.test(text) ? toNumber(text.replace(/\s*%\s*$/, '')) : undefined;
  return n === undefined ? undefined : Math.round(n * 1e10) / 1e12;
}

export function isEmpty(value: SheetValue): boolean {
  return value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['true', 'yes', 'checked', '1', 'done', 'y'].includes(text)) return true;
  if (['false', 'no', 'unchecked', '0', 'n'].includes(text)) return false;
  return undefined;
}

/** 'YYYY-MM-DD' from a date or date-time text; undefined when it is not one. */
export function toDay(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  return match && !Number.isNaN(Date.parse(`${match[1]}T00:00:00Z`)) ? match[1] : undefined;
}

export function contactTexts(contact: Contact): string[] {
  return [contact.name, contact.email].filter((t): t is string => Boolean(t)).map((t) => t.toLowerCase());
}

/** The strings a value can be matched by (lower-cased). */
export function textsOf(value: SheetValue): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'string' ? [v.toLowerCase()] : contactTexts(v)));
  if (typeof value === 'object') return contactTexts(value);
  return [String(value).toLowerCase()];
}

/** Orders two values of a column (nulls last); numbers numerically, the rest as text or dates. */
export function compareValues(a: SheetValue, b: SheetValue): number {
  return compareKeys(sortKey(a), sortKey(b));
}

/** What a value is ordered by, worked out once: a column sorts by its keys (see compareKeys). */
export interface SortKey {
  empty: boolean;
  boolean?: boolean;
  number?: number;
  /** Lower-cased display text, worked out when first compared as text. */
  text?: string;
  value: SheetValue;
}

export const sortKey = (value: SheetValue): SortKey => ({ empty: isEmpty(value), ...(typeof value === 'boolean' ? { boolean: value } : {}), number: toNumber(value), value });

/** The key's lower-cased display text (worked out once). */
export const textKey = (key: SortKey) => (key.text ??= displayValue(key.value).toLowerCase());

/** Empty last; two checkboxes as false < true; numbers numerically and before the rest; the rest as text. */
export function compareKeys(a: SortKey, b: SortKey): number {
  if (a.empty || b.empty) return a.empty === b.empty ? 0 : a.empty ? 1 : -1;
  if (a.boolean !== undefined && b.boolean !== undefined) return Number(a.boolean) - Number(b.boolean);
  if (a.number !== undefined && b.number !== undefined) return a.number - b.number;
  if (a.number !== undefined) return -1;
  if (b.number !== undefined) return 1;
  const s = textKey(a);
  const t = textKey(b);
  return s < t ? -1 : s > t ? 1 : 0;
}
