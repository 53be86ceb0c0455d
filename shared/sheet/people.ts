import { memoOf } from '../query/columns.js';
import type { Column, Sheet } from './model.js';
import type { Contact } from './values.js';

/** The people a contact column holds, each once (by email, else by name), worked out once per snapshot. */
export function peopleIn(sheet: Sheet, col: Column): Contact[] {
  return memoOf(sheet, col.index, 'people', () => {
    const people = new Map<string, Contact>();
    for (const row of sheet.rows) {
      const value = row.values[col.index];
      const held = (Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : []) as Contact[];
      for (const c of held) {
        const key = (c.email ?? c.name ?? '').toLowerCase();
        if (key && !people.has(key)) people.set(key, c);
      }
    }
    return [...people.values()];
  });
}

/**
 * A person named in words as the one the column already holds: "Mei", "mei chen" or "mei@…" is Mei Chen's contact
 * (name and email) when exactly one person matches — by email, full name, or first name. Said of nobody there, or of
 * several ("Dana" with two Danas), it is left as said, for the diff to show.
 */
function asPerson(people: Contact[], said: unknown): unknown {
  const found = matching(people, said);
  return found?.length === 1 ? { ...found[0] } : said;
}

/**
 * The people words name — by email, else full name, else first name, the first of these that names anyone — or
 * undefined when the value is not words (a whole contact, a number). Typed in the grid, a name or an address arrives
 * as half a contact ({name: "Mei"}): the same words.
 */
function matching(people: Contact[], said: unknown): Contact[] | undefined {
  const half = said && typeof said === 'object' && !Array.isArray(said) ? (said as Contact) : undefined;
  const words = half && Boolean(half.name) !== Boolean(half.email) ? (half.name ?? half.email) : said;
  if (typeof words !== 'string') return undefined;
  const text = words.trim().toLowerCase();
  const by = (match: (c: Contact) => boolean) => people.filter(match);
  for (const found of [by((c) => c.email?.toLowerCase() === text), by((c) => c.name?.toLowerCase() === text), by((c) => c.name?.toLowerCase().split(/\s+/)[0] === text)]) {
    if (found.length) return found;
  }
  return [];
}

/**
 * A contact about to be written by name alone (no email: asKnownContacts could not tell who it is) and the people
 * of the column that name could be — none, or several ("Mei": Mei Chen and Mei Lin). Smartsheet keeps such a value
 * as the name, not as anyone's contact.
 */
export function nameOnly(sheet: Sheet, col: Column, value: unknown): { name: string; could: Contact[] }[] {
  if (col.type !== 'CONTACT_LIST' && col.type !== 'MULTI_CONTACT_LIST') return [];
  const people = peopleIn(sheet, col);
  return (Array.isArray(value) ? value : [value]).flatMap((v) => {
    const c = v && typeof v === 'object' ? (v as Contact) : undefined;
    return c?.name && !c.email ? [{ name: c.name, could: matching(people, c.name) ?? [] }] : [];
  });
}

/** A value for a contact column with each person said in words resolved to the contact the column holds (asPerson). */
export function asKnownContacts(sheet: Sheet, col: Column, value: unknown): unknown {
  if (col.type !== 'CONTACT_LIST' && col.type !== 'MULTI_CONTACT_LIST') return value;
  const people = peopleIn(sheet, col);
  if (!people.length) return value;
  if (col.type === 'CONTACT_LIST') return asPerson(people, value);
  const list = typeof value === 'string' ? value.split(/\s*[,;]\s*/).filter(Boolean) : value;
  return Array.isArray(list) ? list.map((v) => asPerson(people, v)) : value;
}
