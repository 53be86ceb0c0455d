import { createHash } from 'node:crypto';
import { memoOf } from '../../shared/query/columns.js';
import { computedSources, filterColumns, WHOLE_ROW } from '../../shared/query/engine.js';
import type { Computed, Filter } from '../../shared/query/query-types.js';
import type { Row, Sheet } from '../../shared/sheet/model.js';
import type { SnapshotStore, StoredMessage } from '../storage/stores.port.js';
import type { ToolStep } from './chat-tools.js';

/**
 * A short digest of a row's values — of the columns at `indexes` when given (those an answer read), else of all:
 * equal while the row holds the same values there.
 */
export function rowStamp(row: Row, indexes?: readonly number[]): string {
  const values = indexes ? indexes.map((i) => row.values[i] ?? null) : row.values;
  return createHash('sha1').update(JSON.stringify(values)).digest('base64url').slice(0, 12);
}

/** The stamps of the cited rows of a snapshot (over `columnIds` when given), to store with an answer. */
export function citedStamps(sheet: Sheet, rowIds: number[], columnIds?: readonly number[]): Record<string, string> {
  const wanted = new Set(rowIds);
  const indexes = columnIds && indexesOf(sheet, columnIds);
  return Object.fromEntries(sheet.rows.filter((r) => wanted.has(r.id)).map((r) => [String(r.id), rowStamp(r, indexes)]));
}

/** Where the columns are in a version of the sheet; undefined when one of them is gone. */
function indexesOf(sheet: Sheet, columnIds: readonly number[]): number[] | undefined {
  const indexes = columnIds.map((id) => sheet.columns.find((c) => c.id === id)?.index);
  return indexes.every((i) => i !== undefined) ? (indexes as number[]) : undefined;
}

type Group = string | { column: string } | { name: string; filter: Filter };
type ReadArgs = { computed?: Computed[]; filter?: Filter; select?: string[]; sort?: { column: string }[]; groupBy?: Group[]; metrics?: { column?: string; where?: Filter }[]; column?: string };

/** The columns a group is made from: its column, or those its condition reads. */
const groupTitles = (g: Group): string[] => (typeof g === 'string' ? [g] : 'filter' in g ? filterColumns(g.filter) : [g.column]);

/**
 * The column titles that decide which rows a read tool call counted and what it worked out over them — a filter's,
 * a grouping's, a metric's (and the filter of a share of matching rows), a sort's: wherever in the sheet they change, its answer may change. A computed column
 * ("Remaining" = Budget - Spent) stands for the columns it is worked out from.
 */
function basisTitles(tool: string, a: ReadArgs): string[] {
  return throughComputed(a, ownBasisTitles(tool, a));
}

/** Titles with each computed column's name replaced by the sheet columns it reads. */
function throughComputed(a: ReadArgs, titles: string[]): string[] {
  if (!a.computed?.length) return titles;
  const sources = computedSources(a.computed);
  return titles.flatMap((t) => sources.get(t.trim().toLowerCase()) ?? [t]);
}

function ownBasisTitles(tool: string, a: ReadArgs): string[] {
  const filtered = filterColumns(a.filter);
  switch (tool) {
    case 'aggregate':
      return [...filtered, ...(a.groupBy ?? []).flatMap(groupTitles), ...(a.metrics ?? []).flatMap((m) => [...(m.column ? [m.column] : []), ...filterColumns(m.where)])];
    case 'column_stats':
      return a.column ? [...filtered, a.column] : filtered;
    case 'query_rows':
      return [...filtered, ...(a.sort ?? []).map((x) => x.column)];
    default:
      return [];
  }
}

/** The column titles a read tool call looked at; undefined when it returned whole rows (every column counts). */
function titlesRead(tool: string, args: unknown): string[] | undefined {
  const a = (args ?? {}) as ReadArgs;
  switch (tool) {
    case 'aggregate':
      return basisTitles(tool, a);
    case 'column_stats':
      return a.column ? basisTitles(tool, a) : undefined;
    case 'query_rows':
      return a.select?.length ? [...basisTitles(tool, a), ...throughComputed(a, a.select)] : undefined;
    case 'get_rows':
      return a.select?.length ? a.select : undefined;
    default:
      return undefined;
  }
}

/**
 * A digest of one column over a whole snapshot — its rows in order, and their values there; worked out once per
 * snapshot, beside the query engine's column views.
 */
export function columnDigest(sheet: Sheet, columnId: number): string | undefined {
  const column = sheet.columns.find((c) => c.id === columnId);
  return column && memoOf(sheet, column.index, 'digest', () => hashColumn(sheet.rows, column.index));
}

const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);

/**
 * A 53-bit hash of the rows' ids and their values at `at`, streamed over the values themselves (two multiplicative
 * lanes, as cyrb53): a 20,000-row column in a few milliseconds where building strings for SHA-1 took 15–35. Not for
 * secrets — a change it misses has a chance of about 2^-53.
 */
function hashColumn(rows: readonly Row[], at: number): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const mix = (n: number) => {
    h1 = Math.imul(h1 ^ n, 2654435761);
    h2 = Math.imul(h2 ^ n, 1597334677);
  };
  const number = (n: number) => {
    float[0] = n;
    mix(words[0]!);
    mix(words[1]!);
  };
  const text = (t: string) => {
    for (let i = 0; i < t.length; i++) mix(t.charCodeAt(i));
    mix(0x110000 + t.length);
  };
  const value = (v: unknown): void => {
    if (v === null || v === undefined) mix(0x120001);
    else if (typeof v === 'string') text(v);
    else if (typeof v === 'number') (mix(0x120002), number(v));
    else if (typeof v === 'boolean') mix(v ? 0x120003 : 0x120004);
    else if (Array.isArray(v)) (mix(0x120005), v.forEach(value), mix(0x120006));
    else (mix(0x120007), text(String((v as { name?: string }).name ?? '')), text(String((v as { email?: string }).email ?? '')));
  };
  for (const row of rows) (number(row.id), value(row.values[at]));
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * The digests of the columns an answer was worked out from (`basisTitles` of its read calls), to store with it:
 * "how many tasks are Blocked?" goes stale when any row's Status changes — a task newly blocked is no cited row.
 */
export function basisDigests(steps: readonly ToolStep[], sheet: Sheet): Record<string, string> | undefined {
  const titles = new Set(steps.filter((s) => s.ok).flatMap((s) => {
    try {
      return basisTitles(s.tool, (s.args ?? {}) as ReadArgs).map((t) => t.toLowerCase());
    } catch {
      return [];
    }
  }));
  // Worked out from when rows last changed (MODIFIED()): a change anywhere counts.
  const ids = sheet.columns.filter((c) => titles.has(WHOLE_ROW) || titles.has(c.title.toLowerCase())).map((c) => c.id);
  return ids.length ? Object.fromEntries(ids.map((id) => [String(id), columnDigest(sheet, id)!])) : undefined;
}

/**
 * The columns an answer's tool calls read (ids, ascending): its rows go stale only when one of these changes —
 * "total Budget by Owner" is not made stale by an edit to Notes. Undefined (every column counts) when a call
 * returned whole rows, proposed a change, or nothing was read.
 */
export function columnsRead(steps: readonly ToolStep[], sheet: Sheet): number[] | undefined {
  const titles = new Set<string>();
  for (const step of steps.filter((s) => s.ok)) {
    let read: string[] | undefined;
    try {
      read = titlesRead(step.tool, step.args);
    } catch {
      read = undefined; // arguments it cannot read: count every column
    }
    if (!read || read.includes(WHOLE_ROW)) return undefined;
    for (const title of read) titles.add(title.toLowerCase());
  }
  const ids = [...titles].map((title) => sheet.columns.find((c) => c.title.toLowerCase() === title)?.id);
  return ids.length && ids.every((id) => id !== undefined) ? [...new Set(ids as number[])].sort((a, b) => a - b) : undefined;
}

/**
 * Is an answer that carries stamps or digests stale in `sheet`: a cited row changed (in the columns it read) or gone,
 * or a column it was worked out from changed anywhere (or is gone)?
 */
export function answerStale(message: StoredMessage, sheet: Sheet, rows: ReadonlyMap<number, Row>): boolean {
  return stampsDiffer(message, sheet, rows) || Object.entries(message.basisDigests ?? {}).some(([id, digest]) => columnDigest(sheet, Number(id)) !== digest);
}

/** Has a row an answer cites changed (in the columns it read) or gone, in `sheet`? */
function stampsDiffer(message: StoredMessage, sheet: Sheet, rows: ReadonlyMap<number, Row>): boolean {
  const stamps = message.citedRowStamps ?? {};
  const indexes = message.citedColumnIds && indexesOf(sheet, message.citedColumnIds);
  if (message.citedColumnIds && !indexes) return true; // a column it read is gone
  return (message.citedRowIds ?? []).some((id) => {
    const now = rows.get(id);
    return !now || rowStamp(now, indexes) !== stamps[String(id)];
  });
}

/** A message as clients see it (the stamps are the server's own bookkeeping). */
export function withoutStamps<T extends StoredMessage>(message: T): Omit<T, Bookkeeping> {
  const { citedRowStamps: _stamps, citedColumnIds: _columns, basisDigests: _digests, ...rest } = message;
  return rest;
}

/** What the server keeps with an answer to tell when it goes stale; clients see `stale`. */
type Bookkeeping = 'citedRowStamps' | 'citedColumnIds' | 'basisDigests';

/**
 * An answer is stale when a row it cites was deleted or changed (in a column it read), or a column it was worked out
 * from changed anywhere, after it was given. Derived on read, so it needs
 * no write and cannot drift: an answer carries a stamp of each cited row, compared with the session's current
 * version (no old snapshot is loaded: on a busy 20,000-row sheet a page of answers spans many versions). Answers
 * stored before stamps existed compare the rows of the version they read, or, when that snapshot is gone (cleaned
 * up), count a row modified after the answer's second.
 */
export async function markStale(messages: StoredMessage[], current: Sheet, snapshots: Pick<SnapshotStore, 'get'>): Promise<(Omit<StoredMessage, Bookkeeping> & { stale?: true })[]> {
  const rows = new Map(current.rows.map((r) => [r.id, r]));
  const versions = new Map<number, Map<number, Row> | undefined>();
  const rowsAt = async (version: number) => {
    if (!versions.has(version)) {
      const sheet = await snapshots.get(current.id, version);
      versions.set(version, sheet && new Map(sheet.rows.map((r) => [r.id, r])));
    }
    return versions.get(version);
  };
  const out: (Omit<StoredMessage, Bookkeeping> & { stale?: true })[] = [];
  for (const full of messages) {
    const message = withoutStamps(full);
    const version = message.sheetVersion;
    if (message.role !== 'assistant' || !(message.citedRowIds?.length || full.basisDigests) || version === undefined || version >= current.version) {
      out.push(message);
      continue;
    }
    if (full.citedRowStamps || full.basisDigests) {
      out.push(answerStale(full, current, rows) ? { ...message, stale: true } : message);
      continue;
    }
    if (!message.citedRowIds?.length) {
      out.push(message);
      continue;
    }
    const before = await rowsAt(version);
    const givenSecond = Math.floor(Date.parse(message.createdAt) / 1000) * 1000;
    const stale = message.citedRowIds.some((id) => {
      const now = rows.get(id);
      if (!now) return true;
      const then = before?.get(id);
      if (before) return !then || then.modifiedAt !== now.modifiedAt || JSON.stringify(then.values) !== JSON.stringify(now.values);
      return Date.parse(now.modifiedAt) >= givenSecond;
    });
    out.push(stale ? { ...message, stale: true } : message);
  }
  return out;
}
