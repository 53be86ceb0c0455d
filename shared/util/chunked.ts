/**
 * Table Storage caps a string property at 64 KiB (32K UTF-16 characters); longer
 * text is split across `Name`, `Name_1`, `Name_2`, … and joined back on read.
 */
export const CHUNK_CHARS = 30_000;

export function setChunked(entity: Record<string, unknown>, name: string, text: string | undefined): void {
  if (text === undefined) return;
  const parts = Math.max(1, Math.ceil(text.length / CHUNK_CHARS));
  for (let i = 0; i < parts; i++) entity[i === 0 ? name : `${name}_${i}`] = text.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS);
}

export function getChunked(entity: Record<string, unknown>, name: string): string | undefined {
  if (typeof entity[name] !== 'string') return undefined;
  let text = entity[name] as string;
  for (let i = 1; typeof entity[`${name}_${i}`] === 'string'; i++) text += entity[`${name}_${i}`] as string;
  return text;
}
