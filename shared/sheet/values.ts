import type { ColumnType, ContactObject, SmartsheetCell, SmartsheetColumn } from './smartsheet-json.js';

/**
 * Typed cell values. One plain representation per column type, used by the
 * query engine, the prompt builder and the UI:
 * text/number → string | number, CHECKBOX → boolean, DATE → 'YYYY-MM-DD',
 * DATETIME → ISO string, contacts → Contact / Contact[], MULTI_PICKLIST → string[].
 * An empty cell is null.
 */
export interface Contact {
  email?: string;
  name?: string;
}

export type SheetValue = string | number | boolean | Contact | Contact[] | string[] | null;

export type Validation = { ok: true; value: SheetValue } | { ok: false; message: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isValidDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function toContact(value: unknown): Contact | undefined {
  if (typeof value === 'string') {
    const text = value.trim();
    if (!text) return undefined;
    return EMAIL.test(text) ? { email: text } : { name: text };
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const { email, name } = value as Contact;
    if (typeof email === 'string' || typeof name === 'string') return { ...(email ? { email } : {}), ...(name ? { name } : {}) };
  }
  return undefined;
}

/** Reads a cell as a typed value. */
export function fromCell(column: Pick<SmartsheetColumn, 'type'>, cell: SmartsheetCell | undefined): SheetValue {
  if (!cell) return null;
  const object = cell.objectValue as { objectType?: string; values?: unknown[]; email?: string; name?: string } | undefined;
  switch (column.type) {
    case 'CHECKBOX':
      return cell.value === undefined ? null : cell.value === true || cell.value === 'true';
    case 'CONTACT_LIST':
      if (object?.objectType === 'CONTACT') return toContact(object) ?? null;
      return cell.value === undefined ? null : (toContact(String(cell.value)) ?? null);
    case 'MULTI_CONTACT_LIST':
      if (object?.objectType === 'MULTI_CONTACT') return (object.values ?? []).map(toContact).filter((c): c is Contact => Boolean(c));
      return cell.value === undefined ? null : [toContact(String(cell.value))].filter((c): c is Contact => Boolean(c));
    case 'MULTI_PICKLIST':
      if (object?.objectType === 'MULTI_PICKLIST') return (object.values ?? []).map(String);
      return cell.value === undefined ? null : String(cell.value).split(',').map((v) => v.trim()).filter(Boolean);
    case 'PREDECESSOR':
      return cell.displayValue ?? (cell.value === undefined ? null : String(cell.value));
    default:
      if (cell.value === undefined || cell.value === '') return null;
      return typeof cell.value === 'boolean' ? String(cell.value) : cell.value;
  }
}

/** The formula in text as typed or pasted into a cell (Smartsheet reads `=` and more after it as one), trimmed; else undefined. */
export function formulaIn(text: string): string | undefined {
  const trimmed = text.trim();
  return /^=./.test(trimmed) ? trimmed : undefined;
}

/** A human-readable form of a typed value (what the grid and the model see). */
export function displayValue(value: SheetValue): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : (v.name ?? v.email ?? ''))).join(', ');
  if (typeof value === 'object') return value.name ?? value.email ?? '';
  return String(value);
}

/** Whether two values are the same cell content (empty and blank alike; a number and its text alike; names any case). */
export function sameValue(a: SheetValue, b: SheetValue): boolean {
  if (a === null || b === null) return (a === null || a === '') && (b === null || b === '');
  if (typeof a !== 'object' && typeof b !== 'object') return a === b || String(a) === String(b);
  return displayValue(a).toLowerCase() === displayValue(b).toLowerCase();
}

/** An option spelled as the column spells it ("complete" → "Complete"). */
function asOption(options: readonly string[], text: string): string {
  if (options.includes(text)) return text;
  const lower = text.toLowerCase();
  return options.find((o) => o.toLowerCase() === lower) ?? text;
}

/**
 * A value for a picklist spelled as its options are ("complete" → "Complete", each of a multi-picklist's values),
 * before it is validated and written; any other input as it is. Ours to do: Smartsheet stores text as given.
 */
export function inOptionSpelling(column: Pick<SmartsheetColumn, 'type' | 'options'>, input: unknown): unknown {
  const options = column.options;
  if (!options?.length) return input;
  if (column.type === 'PICKLIST' && typeof input === 'string') return asOption(options, input);
  if (column.type !== 'MULTI_PICKLIST') return input;
  const values = typeof input === 'string' ? input.split(',').map((v) => v.trim()).filter(Boolean) : input;
  return Array.isArray(values) ? values.map((v) => (typeof v === 'string' ? asOption(options, v) : v)) : input;
}

/** Values written to a picklist that are not among its options (kept as typed: the column does not restrict them). */
export function unlistedOptions(column: Pick<SmartsheetColumn, 'type' | 'options'>, value: SheetValue): string[] {
  if (!column.options?.length || value === null) return [];
  if (column.type === 'PICKLIST') return column.options.includes(String(value)) ? [] : [String(value)];
  if (column.type === 'MULTI_PICKLIST' && Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && !column.options!.includes(v));
  return [];
}

function fail(column: Pick<SmartsheetColumn, 'title' | 'type'>, message: string): Validation {
  return { ok: false, message: `Column "${column.title}" (${column.type}): ${message}` };
}

/** Validates an input value against a column's type; on success returns the typed value to store. */
export function validateValue(column: Pick<SmartsheetColumn, 'title' | 'type' | 'options' | 'validation'>, input: unknown): Validation {
  if (input === null || input === undefined || input === '') return { ok: true, value: null };
  const type: ColumnType = column.type;
  switch (type) {
    case 'TEXT_NUMBER':
    case 'DURATION':
      if (typeof input === 'number') return Number.isFinite(input) ? { ok: true, value: input } : fail(column, 'the number must be finite');
      if (typeof input === 'string') return input.length > 4000 ? fail(column, 'text is longer than 4000 characters') : { ok: true, value: input };
      if (typeof input === 'boolean') return { ok: true, value: String(input) };
      return fail(column, 'expected text or a number');
    case 'CHECKBOX':
      if (typeof input === 'boolean') return { ok: true, value: input };
      if (input === 'true' || input === 'false') return { ok: true, value: input === 'true' };
      return fail(column, 'expected true or false');
    case 'DATE':
      return typeof input === 'string' && isValidDate(input) ? { ok: true, value: input } : fail(column, 'expected a date as YYYY-MM-DD');
    case 'DATETIME':
    case 'ABSTRACT_DATETIME':
      return typeof input === 'string' && !Number.isNaN(Date.parse(input)) ? { ok: true, value: input } : fail(column, 'expected an ISO 8601 date-time');
    case 'PICKLIST': {
      if (typeof input !== 'string' && typeof input !== 'number') return fail(column, `expected one of the options${column.options?.length ? ` (${column.options.join(', ')})` : ''}`);
      const text = String(input);
      if (column.validation && column.options && !column.options.includes(text)) return fail(column, `"${text}" is not one of ${column.options.join(', ')}`);
      return { ok: true, value: typeof input === 'number' ? input : text };
    }
    case 'MULTI_PICKLIST': {
      const values = Array.isArray(input) ? input : typeof input === 'string' ? input.split(',').map((v) => v.trim()).filter(Boolean) : undefined;
      if (!values || values.some((v) => typeof v !== 'string')) return fail(column, 'expected a list of options');
      const bad = column.validation && column.options ? values.filter((v) => !column.options!.includes(v as string)) : [];
      return bad.length ? fail(column, `${bad.join(', ')} not among the options`) : { ok: true, value: values as string[] };
    }
    case 'CONTACT_LIST': {
      const contact = toContact(input);
      return contact ? { ok: true, value: contact } : fail(column, 'expected an email address or a contact {email, name}');
    }
    case 'MULTI_CONTACT_LIST': {
      const list = (Array.isArray(input) ? input : [input]).map(toContact);
      return list.every(Boolean) ? { ok: true, value: list as Contact[] } : fail(column, 'expected a list of email addresses or contacts');
    }
    case 'PREDECESSOR':
      return fail(column, 'predecessor cells cannot be written by this app');
  }
}

/** Converts a typed value into the cell body Smartsheet accepts for the column. */
export function toCell(column: Pick<SmartsheetColumn, 'id' | 'type'>, value: SheetValue): SmartsheetCell {
  if (value === null) return { columnId: column.id, value: '' };
  switch (column.type) {
    case 'CONTACT_LIST': {
      const c = value as Contact;
      return { columnId: column.id, objectValue: { objectType: 'CONTACT', ...c } as ContactObject };
    }
    case 'MULTI_CONTACT_LIST':
      return { columnId: column.id, objectValue: { objectType: 'MULTI_CONTACT', values: (value as Contact[]).map((c) => ({ objectType: 'CONTACT' as const, ...c })) } };
    case 'MULTI_PICKLIST':
      return { columnId: column.id, objectValue: { objectType: 'MULTI_PICKLIST', values: value as string[] } };
    default:
      return { columnId: column.id, value: value as string | number | boolean };
  }
}
