/** "1 row", "3 rows"; `format` shows the number (e.g. with thousands separators). */
export function plural(n: number, word: string, format: (n: number) => string = String): string {
  return `${format(n)} ${word}${n === 1 ? '' : 's'}`;
}
