/**
 * Numbers shown the way Smartsheet shows a formatted column's numbers, learnt from one of them: a column whose 0.35
 * shows as "35%" shows 0.6 as "60%"; one whose 12500 shows as "$12,500" shows 75000 as "$75,000".
 */
export interface ShownExample {
  value: number;
  shown: string;
}

/** sign, symbol before, digits (with the decimals apart), text after: "-$1,234.50" → "-", "$", "1,234.50", "50", "". */
const PARTS = /^(-?)([^\d-]*)(\d[\d,]*(?:\.(\d+))?)(.*)$/;

/** How `example` shows numbers, as a function; undefined when it is not a number shown in a way read here. */
function reader(example: ShownExample): ((x: number) => string) | undefined {
  const parts = PARTS.exec(example.shown.trim());
  if (!parts) return undefined;
  const [, , before, digits, decimals, after] = parts as unknown as [string, string, string, string, string | undefined, string];
  const percent = after.trim().startsWith('%');
  const grouped = digits.includes(',') || Math.abs(percent ? example.value * 100 : example.value) < 1000;
  const format = new Intl.NumberFormat('en-US', { useGrouping: grouped, minimumFractionDigits: decimals?.length ?? 0, maximumFractionDigits: decimals?.length ?? 0 });
  const show = (x: number) => `${x < 0 ? '-' : ''}${before}${format.format(Math.abs(percent ? x * 100 : x))}${after}`;
  // Read back, the example must come out as it was shown: a way of showing numbers not read here is left alone.
  return show(example.value) === example.shown.trim() ? show : undefined;
}

/** Each example read once: a card or an answer shows many numbers of one column. */
const readers = new WeakMap<ShownExample, ((x: number) => string) | undefined>();

/** `n` as the column of `like` shows its numbers; undefined when `like` is not a number shown in a way read here. */
export function showAs(like: ShownExample, n: number): string | undefined {
  if (!readers.has(like)) readers.set(like, reader(like));
  return readers.get(like)?.(n);
}

/** The schema's note of how a column shows its numbers ("0.35 shows as 35%"), and reading it back. */
export const shownNote = (like: ShownExample) => `${like.value} shows as ${like.shown}`;
export function readShownNote(note: string | undefined): ShownExample | undefined {
  const m = /^(\S+) shows as (.+)$/.exec(note ?? '');
  return m && Number.isFinite(Number(m[1])) ? { value: Number(m[1]), shown: m[2]! } : undefined;
}
