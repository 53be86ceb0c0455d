import type { Sheet } from '../sheet/model.js';

/**
 * What a typo is close to: the column titles "did you mean" names when a title names none, and (hints.ts) the
 * values a filter's text is a typo away from.
 */

/** Values whose words are this many edits from the text looked for count as close (a typo, not another word). */
export const closeness = (text: string) => Math.max(1, Math.floor(text.length / 4));

/** The candidates a typo away from `wanted` (case aside), closest first: what "did you mean" names. */
export function closeTo(wanted: string, candidates: readonly string[]): string[] {
  const text = wanted.trim().toLowerCase();
  const limit = closeness(text);
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(text, candidate.toLowerCase(), limit) }))
    .filter((c) => c.distance <= limit)
    .sort((a, b) => a.distance - b.distance)
    .map((c) => c.candidate);
}

/** Edit distance (insert, delete, substitute, swap two neighbours), or limit + 1 as soon as it must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** " Did you mean "Budget"?" for a title a typo away from a column's (case, spaces and underscores aside), else "". */
export function didYouMean(sheet: Pick<Sheet, 'columns'>, title: string): string {
  const titles = sheet.columns.map((c) => c.title);
  const loose = (t: string) => t.toLowerCase().replace(/[\s_-]+/g, '');
  const same = titles.filter((t) => loose(t) === loose(title));
  const close = (same.length ? same : closeTo(title, titles)).slice(0, 3);
  return close.length ? ` Did you mean ${close.map((t) => `"${t}"`).join(' or ')}?` : '';
}

/** Why a title names no column: the columns a typo away, and all of them. */
export function noSuchColumn(sheet: Pick<Sheet, 'columns'>, title: string): string {
  return `No column named "${title}".${didYouMean(sheet, title)} Columns: ${sheet.columns.map((c) => c.title).join(', ')}.`;
}
