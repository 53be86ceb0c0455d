import type { Sheet } from '../../shared/sheet/model.js';
import type { SheetValue, Contact } from '../../shared/sheet/values.js';

/**
 * A deliberately naive reference for the query engine: one plain loop per
 * question, written from the documented semantics, sharing no code with it.
 */
export interface RefCondition {
  column: string;
  op: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'contains' | 'not_contains' | 'starts_with' | 'in' | 'not_in' | 'is_empty' | 'not_empty' | 'between';
  value?: string | number | boolean;
  values?: (string | number)[];
}

const isNum = (v: unknown): v is number | string => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()));
const lower = (v: unknown) => String(v).toLowerCase();
const texts = (v: SheetValue): string[] => {
  if (v === null) return [];
  if (typeof v === 'object' && !Array.isArray(v)) return [(v as Contact).name, (v as Contact).email].filter(Boolean).map((t) => t!.toLowerCase());
  return [lower(v)];
};
const shown = (v: SheetValue): string => (v !== null && typeof v === 'object' && !Array.isArray(v) ? ((v as Contact).name ?? (v as Contact).email ?? '') : String(v));

export function refMatches(sheet: Sheet, row: Sheet['rows'][number], c: RefCondition): boolean {
  const column = sheet.columns.find((col) => col.title.toLowerCase() === c.column.toLowerCase())!;
  const v = row.values[column.index] ?? null;
  const empty = v === null || v === '';
  if (c.op === 'is_empty') return empty;
  if (c.op === 'not_empty') return !empty;
  if (column.type === 'CHECKBOX') {
    const same = (v === true) === (c.value === true);
    return c.op === 'eq' ? same : !same;
  }
  if (c.op === 'contains') return texts(v).some((t) => t.includes(lower(c.value)));
  if (c.op === 'not_contains') return !texts(v).some((t) => t.includes(lower(c.value)));
  if (c.op === 'starts_with') return texts(v).some((t) => t.startsWith(lower(c.value)));
  if (c.op === 'not_in') return !refMatches(sheet, row, { ...c, op: 'in' });
  if (c.op === 'in') {
    return (c.values ?? []).some((w) => (isNum(w) && isNum(v) && column.type !== 'CONTACT_LIST' ? Number(w) === Number(v) : texts(v).includes(lower(w))));
  }
  if (c.op === 'between') {
    const [lo, hi] = c.values!;
    if (column.type === 'DATE') return !empty && String(v) >= String(lo) && String(v) <= String(hi);
    return isNum(v) && Number(v) >= Number(lo) && Number(v) <= Number(hi);
  }
  if (empty) return c.op === 'ne';
  if (column.type === 'CONTACT_LIST') {
    const hit = texts(v).includes(lower(c.value));
    return c.op === 'eq' ? hit : !hit;
  }
  let cmp: number;
  if (column.type === 'DATE') cmp = String(v) < String(c.value) ? -1 : String(v) > String(c.value) ? 1 : 0;
  else if (isNum(c.value) && isNum(v)) cmp = Number(v) - Number(c.value);
  else if (isNum(c.value) && c.op !== 'eq' && c.op !== 'ne') return false;
  else cmp = lower(shown(v)) < lower(c.value) ? -1 : lower(shown(v)) > lower(c.value) ? 1 : 0;
  return { eq: cmp === 0, ne: cmp !== 0, lt: cmp < 0, lte: cmp <= 0, gt: cmp > 0, gte: cmp >= 0 }[c.op];
}

export function refSum(sheet: Sheet, column: string, rows: Sheet['rows']): number {
  const col = sheet.columns.find((c) => c.title === column)!;
  let total = 0;
  for (const row of rows) {
    const v = row.values[col.index] ?? null;
    if (isNum(v)) total += Number(v);
  }
  return total;
}
