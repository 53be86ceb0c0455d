/**
 * Turns tool results into the offline model's answer: plain prose and small
 * tables, every number taken from the results, rows cited as [row:id].
 */
import { isShare, shareOf } from '../../shared/query/engine.js';
import { metricColumn } from '../../shared/query/metric-names.js';
import { SUMMARY_TOP, type ColumnSummary } from '../../shared/query/stats.js';
import { showAs } from '../../shared/sheet/shown.js';
import { plural } from '../../shared/util/plural.js';
import { hasPhrase, type SchemaColumn } from './schema.js';

type Envelope = { ok: true; data: any } | { ok: false; error: { code: string; message: string } };

const MAX_CITES = 8;

function cite(ids: number[] | undefined, total?: number): string {
  if (!ids?.length) return '';
  const shown = ids.slice(0, MAX_CITES).map((id) => `[row:${id}]`).join(' ');
  const more = (total ?? ids.length) - Math.min(ids.length, MAX_CITES);
  return ` Rows: ${shown}${more > 0 ? ` and ${cell(more)} more` : ''}.`;
}

/** One formatter for every number (toLocaleString builds a new one per call). */
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(cell).join(', ');
  if (typeof value === 'object') return String((value as { name?: string; email?: string }).name ?? (value as { email?: string }).email ?? '');
  if (typeof value === 'number') return NUMBER.format(value);
  return String(value).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A value of the column titled as the sheet shows it: a formatted column's number as Smartsheet does ("$1,448,000", "45%"). */
type Shown = (column: string | undefined, value: unknown) => string;
const plainly: Shown = (_column, value) => cell(value);
function shownBy(columns: readonly SchemaColumn[]): Shown {
  return (column, value) => {
    const like = typeof value === 'number' && column ? columns.find((c) => c.title.toLowerCase() === column.toLowerCase())?.shown : undefined;
    return (like && showAs(like, value as number)) ?? cell(value);
  };
}

function table(headers: string[], rows: unknown[][]): string {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/** Column titles a filter mentions, so an answer shows what it was filtered on. */
function filterColumns(filter: unknown): string[] {
  if (!filter || typeof filter !== 'object') return [];
  const f = filter as { column?: string; and?: unknown[]; or?: unknown[]; not?: unknown };
  return [...(f.column ? [f.column] : []), ...(f.and ?? []).flatMap(filterColumns), ...(f.or ?? []).flatMap(filterColumns), ...filterColumns(f.not)];
}

const METRIC_WORDS: Record<string, string> = { sum: 'the total', avg: 'the average', min: 'the lowest', max: 'the highest', median: 'the median' };

/** "sum(Budget)" → "the total Budget". */
function inWords(metric: string, value?: unknown): string {
  // A share: "percent" → "the share", "percent(Budget)" → "the share of Budget", "percent Complete" → "the share Complete".
  const share = shareOf(metric);
  if (share) return ['the share', ...(share.column ? [`of ${share.column}`] : []), ...(share.matching ? [share.matching] : [])].join(' ');
  const m = /^(\w+)\((.+)\)$/.exec(metric);
  // Of days, the lowest is the earliest: "the earliest Due Date is 2026-03-04".
  const day = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value);
  const words = day ? { ...METRIC_WORDS, min: 'the earliest', max: 'the latest' } : METRIC_WORDS;
  return m && words[m[1]!] ? `${words[m[1]!]} ${m[2]}` : metric;
}

/** A proposal's notes (a value its picklist does not offer, text in a column of numbers), as a closing line. */
const notes = (d: { notes?: string[] }) => (d.notes?.length ? `\n\n_Note: ${d.notes.join(' ')}_` : '');

/** "Highest count: **Mei Chen**, **Dana Whitfield** (4 each)." over groups ordered by one of their metrics; '' otherwise. */
function leader(groups: { key: Record<string, unknown>; metrics: Record<string, unknown> }[], groupBy: string[], metrics: string[], sort: { by: string; direction?: string } | undefined, as: Shown = plainly): string {
  // Not for a lowest or highest value per group ("Highest lowest Budget" says nothing): its rows are named instead.
  if (!sort || groupBy.length !== 1 || groups.length < 2 || !metrics.includes(sort.by) || /^(min|max)\(/.test(sort.by)) return '';
  const top = groups[0]!.metrics[sort.by];
  if (top === null || top === undefined) return '';
  const tied = groups.filter((g) => g.metrics[sort.by] === top).map((g) => `**${cell(g.key[groupBy[0]!] ?? '(empty)')}**`);
  const what = sort.by === 'count' ? 'count' : inWords(sort.by).replace(/^the /, '');
  return `${sort.direction === 'asc' ? 'Lowest' : 'Highest'} ${what}: ${tied.join(', ')} (${as(metricColumn(sort.by), top)}${isShare(sort.by) ? '%' : ''}${tied.length > 1 ? ' each' : ''}).\n\n`;
}

/** One value looked up (`select`: the row's name column, then the column asked about): a sentence, not a table. */
function oneValue(row: { rowId: number; rowNumber: number; values: Record<string, unknown> }, select: string[], as: Shown): string {
  const [name, column] = select as [string, string];
  const value = as(column, row.values[column]);
  return `**${column}** of row ${row.rowNumber} (${cell(row.values[name])}) [row:${row.rowId}] is ${value ? `**${value}**` : 'empty'}.`;
}

/**
 * `question`: what the person asked, for the answer to lead with the part it asked about (a share of one group);
 * `columns`: the schema's columns, whose numbers are said as the sheet shows them.
 */
export function answer(tool: string, result: Envelope, args: unknown = {}, question = '', columns: readonly SchemaColumn[] = []): string {
  if (!result.ok) return `That didn't work: ${result.error.message}`;
  const hints = result.data?.hints as string[] | undefined;
  const said = answerData(tool, result.data, args, question, shownBy(columns));
  return hints?.length ? `${said}\n\n_${hints.join(' ')}_` : said;
}

/** "**Complete**: 23.33% of the rows (14 of 60)." — the share of the one group the question names, if it names one. */
function askedShare(groups: { key: Record<string, unknown>; metrics: Record<string, unknown>; count: number }[], groupBy: string[], metrics: string[], question: string, total: number): string {
  const share = metrics.find(isShare);
  const of = share ? shareOf(share)! : undefined;
  // Not a rate within each group ("percent Complete"): its groups' shares are each of their own rows.
  if (!share || !of || of.matching || groupBy.length !== 1) return '';
  const key = groupBy[0]!;
  // A group named in the question ("… are complete"), or the rows a yes/no group holds for ("… are overdue": Overdue).
  const named = groups.filter((g) => (typeof g.key[key] === 'string' && hasPhrase(question, String(g.key[key]))) || g.key[key] === true);
  if (named.length !== 1) return '';
  const [g] = named as [(typeof groups)[number]];
  const whole = of.column ? `of the total ${of.column}` : `of the rows (${cell(g.count)} of ${cell(total)})`;
  return `**${g.key[key] === true ? key : cell(g.key[key])}**: **${cell(g.metrics[share])}%** ${whole}.\n\n`;
}

/**
 * A column in a few words: its commonest values with their counts (and how many others), its range, or some of its
 * distinct texts — and how many cells are empty. "Blocked (14), Complete (12), Not Started (10) and 3 more".
 */
function columnSummary(c: ColumnSummary, rows: number, as: Shown): string {
  if (c.empty === rows) return 'empty';
  // A multi-valued column's distinct counts whole cells (sets of people or options); its top values count each one.
  const kinds = c.type.startsWith('MULTI_') ? c.top?.length ?? 0 : c.distinct;
  const others = (shown: number) => (kinds > shown ? ` and ${cell(kinds - shown)}${c.type.startsWith('MULTI_') && kinds >= SUMMARY_TOP ? '+' : ''} more` : '');
  const values = c.top
    ? c.top.slice(0, 3).map((t) => `${t.value.length > 40 ? `${t.value.slice(0, 39)}…` : t.value} (${cell(t.count)})`).join(', ') + others(Math.min(3, c.top.length))
    : c.min !== undefined
      ? `${as(c.title, c.min)} – ${as(c.title, c.max)}`
      : `${cell(c.distinct)} distinct${c.examples?.length ? `, e.g. ${c.examples.map((e) => `“${e}”`).join(', ')}` : ''}`;
  return c.empty ? `${values}; ${cell(c.empty)} empty` : values;
}

function answerData(tool: string, d: any, args: unknown, question: string, as: Shown): string {
  switch (tool) {
    case 'aggregate': {
      const groups = d.groups as { key: Record<string, unknown>; metrics: Record<string, unknown>; count: number; rowIds: number[]; heldBy?: Record<string, number[]>; heldByNames?: Record<string, string[]> }[];
      if (d.groupBy.length === 0) {
        const g = groups[0]!;
        // A lowest or highest value names the rows holding it (what each is called, when the tool says); other metrics
        // cite the rows they were computed over.
        const holder = (m: string, id: number, k: number) => (g.heldByNames?.[m]?.[k] ? `**${g.heldByNames[m]![k]}** [row:${id}]` : `[row:${id}]`);
        const holders = (m: string) => (g.heldBy?.[m]?.length ? ` (${g.heldBy[m]!.slice(0, MAX_CITES).map((id, k) => holder(m, id, k)).join(g.heldByNames?.[m] ? ', ' : ' ')})` : '');
        const parts = (d.metrics as string[]).map((m) => (m === 'count' ? plural(Number(g.metrics[m]), 'matching row', (n) => `**${cell(n)}**`) : `${inWords(m, g.metrics[m])} is **${as(metricColumn(m), g.metrics[m])}${isShare(m) && g.metrics[m] !== null ? '%' : ''}**${holders(m)}`));
        const sentence = parts.join(', ');
        const extremesOnly = (d.metrics as string[]).every((m) => g.heldBy?.[m]);
        return `${sentence[0]!.toUpperCase()}${sentence.slice(1)}.${extremesOnly ? '' : cite(g.rowIds, g.count)}`;
      }
      if (groups.length === 0) return 'No rows match, so there are no groups.';
      // Only lowest/highest values asked for: each group names the rows holding them, and the answer cites those.
      const extremesOnly = groups.every((g) => (d.metrics as string[]).every((m) => g.heldBy?.[m]));
      const holding = (g: (typeof groups)[number]) => [...new Set(Object.values(g.heldBy ?? {}).flat())];
      const headers = [...(d.groupBy as string[]), ...(d.metrics as string[]), ...(extremesOnly ? ['Rows'] : [])];
      const rows = groups.map((g) => [
        ...(d.groupBy as string[]).map((k) => g.key[k] ?? '(empty)'),
        ...(d.metrics as string[]).map((m) => as(metricColumn(m), g.metrics[m])),
        ...(extremesOnly ? [holding(g).map((id) => `[row:${id}]`).join(' ')] : []),
      ]);
      const lead = askedShare(groups, d.groupBy, d.metrics, question, d.totalRows) || leader(groups, d.groupBy as string[], d.metrics as string[], (args as { sort?: { by: string; direction?: string } }).sort, as);
      const cited = extremesOnly ? '' : cite(groups.flatMap((g) => g.rowIds), d.totalRows);
      return `${lead}${table(headers, rows)}${d.more ? `\n\n${d.more} more groups not shown.` : ''}\n\n${plural(groups.length + (d.more ?? 0), 'group', cell)} over ${plural(d.totalRows, 'row', cell)}.${cited}`;
    }
    case 'query_rows': {
      if (d.total === 0) return 'No rows match.';
      const select = (args as { select?: string[] }).select;
      if (d.total === 1 && select?.length === 2) return oneValue(d.rows[0], select, as);
      const available = d.columns as string[];
      const mentioned = [...filterColumns((args as { filter?: unknown }).filter), ...((args as { sort?: { column: string }[] }).sort ?? []).map((x) => x.column)]
        .map((title) => available.find((c) => c.toLowerCase() === title.toLowerCase()))
        .filter((c): c is string => Boolean(c));
      const columns = [...new Set([...available.slice(0, 3), ...mentioned])].slice(0, 6);
      const rows = (d.rows as { rowId: number; values: Record<string, unknown> }[]).slice(0, 10);
      const shown = rows.length < d.total ? ` (showing ${rows.length})` : '';
      return `Found ${plural(d.total, 'matching row', (n) => `**${cell(n)}**`)}${shown}:\n\n${table(['Row', ...columns], rows.map((r) => [`[row:${r.rowId}]`, ...columns.map((c) => as(c, r.values[c]))]))}`;
    }
    case 'column_stats': {
      const n = d.numeric as Record<string, number> | undefined;
      const base = `**${d.column}**: ${plural(d.count, 'value', cell)}, ${cell(d.empty)} empty, ${cell(d.distinct)} distinct.`;
      const of = (x: unknown) => as(d.column, x);
      const numeric = n ? ` Min ${of(n.min)}, median ${of(n.median)}, mean ${of(n.mean)}, max ${of(n.max)}, sum ${of(n.sum)}.` : '';
      const outliers = d.outliers?.length ? ` Outliers: ${d.outliers.map((o: { rowId: number; value: number }) => `${of(o.value)} [row:${o.rowId}]`).join(', ')}.` : '';
      const top = d.top?.length && !n ? ` Most common: ${d.top.slice(0, 5).map((t: { value: string; count: number }) => `${t.value} (${t.count})`).join(', ')}.` : '';
      return base + numeric + outliers + top;
    }
    case 'describe_sheet':
      return `**${d.name}** has ${plural(d.rowCount, 'row', cell)} and ${plural(d.columns.length, 'column')}:\n\n${table(['Column', 'Type', 'Summary'], d.columns.map((c: ColumnSummary) => [c.title, c.type, columnSummary(c, d.rowCount, as)]))}`;
    case 'get_rows': {
      const rows = d.rows as { rowId: number; rowNumber: number; values: Record<string, unknown> }[];
      const select = (args as { select?: string[] }).select;
      if (rows.length === 1 && select?.length === 2) return oneValue(rows[0]!, select, as);
      if (rows.length === 1) {
        // Named by its first column (the citation says its number): "Test analytics dashboard [row 5]", not "Row 5 [row 5]".
        const [row] = rows;
        const name = Object.values(row!.values)[0];
        return `${name === null || name === undefined || name === '' ? `Row ${row!.rowNumber}` : `**${cell(name)}**`} [row:${row!.rowId}]:\n\n${table(['Column', 'Value'], Object.entries(row!.values).map(([k, v]) => [k, as(k, v)]))}`;
      }
      const columns = Object.keys(rows[0]?.values ?? {}).slice(0, 6);
      return `${rows.length} rows:\n\n${table(['#', 'Row', ...columns], rows.map((r) => [r.rowNumber, `[row:${r.rowId}]`, ...columns.map((c) => as(c, r.values[c]))]))}${d.note ? `\n\n${d.note}` : ''}`;
    }
    case 'get_comments': {
      const rows = d.rows as { rowId?: number; rowNumber?: number; name?: string; onSheet?: true; comments: { by: string; at: string; text: string }[] }[];
      if (!rows.length) return `No comments${(args as { filter?: unknown; rowIds?: unknown; rowNumbers?: unknown }).filter || (args as { rowIds?: unknown }).rowIds || (args as { rowNumbers?: unknown }).rowNumbers ? ' on those rows' : ' on this sheet'}.`;
      // Quoted, never obeyed: what people wrote is shown as their words.
      const said = rows.map((r) => `${r.onSheet ? '**On the sheet**' : `${r.name ? `**${cell(r.name)}**` : `Row ${r.rowNumber}`} [row:${r.rowId}]`}:\n${r.comments.map((c) => `> **${c.by}**, ${c.at.slice(0, 10)}: ${c.text.replace(/\s*\n\s*/g, ' ')}`).join('\n>\n')}`);
      return `${d.summary[0].toUpperCase()}${d.summary.slice(1)}, newest first:\n\n${said.join('\n\n')}`;
    }
    case 'get_cell_history': {
      const rows = d.rows as { rowId: number; rowNumber: number; name?: string; changes: { value: string; by: string; at: string }[] }[];
      if (!rows.length) return 'No rows match.';
      const told = rows.map((r) => {
        const changes = r.changes.map((c, i) => `- **${cell(c.value)}**${i === 0 ? ' (now)' : ''} — ${c.by}, ${c.at.slice(0, 10)}`);
        return `${r.name ? `**${cell(r.name)}**` : `Row ${r.rowNumber}`} [row:${r.rowId}]:\n${changes.join('\n') || '- no changes recorded'}`;
      });
      return `Changes to **${d.column}**, newest first:\n\n${told.join('\n\n')}`;
    }
    case 'undo_job':
      return `I've planned an undo: **${d.summary}**. Check which rows get their values back in the job card, then approve it to run (job ${d.jobId}).${notes(d)}`;
    default:
      if (d.jobId) return `I've planned a bulk job: **${d.summary}**. It runs a pilot first; check the preview and estimate, then approve it to run (job ${d.jobId}).${notes(d)}`;
      if (d.changeSetId) return `I've prepared a change: **${d.summary}**. Nothing is written until you approve it (change set ${d.changeSetId}).${notes(d)}`;
      return 'Done.';
  }
}
