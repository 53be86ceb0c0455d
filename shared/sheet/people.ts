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
  // Typed in the grid, a name or an address arrives as half a contact ({name: "Mei"}): the same words.
  const half = said && typeof said === 'object' && !Array.isArray(said) ? (said as Contact) : undefined;
  const words = half && Boolean(half.name) !== Boolean(half.email) ? (half.name ?? half.email) : said;
  if (typeof words !== 'string') return said;
  const text = words.trim().toLowerCase();
  const by = (match: (c: Contact) => boolean) => people.filter(match);
  for (const found of [by((c) => c.email?.toLowerCase() === text), by((c) => c.name?.toLowerCase() === text), by((c) => c.name?.toLowerCase().split(/\s+/)[0] === text)]) {
    if (found.length === 1) return { ...found[0] };
    if (found.length > 1) return said;
  }
  return said;
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
