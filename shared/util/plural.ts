const thousands = new Intl.NumberFormat('en-US');

/** "1 row", "3 rows", "10,017 rows"; `format` shows the number otherwise. */
export function plural(n: number, word: string, format: (n: number) => string = (x) => thousands.format(x)): string {
  return `${format(n)} ${word}${n === 1 ? '' : 's'}`;
}
