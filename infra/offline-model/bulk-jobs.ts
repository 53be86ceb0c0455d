/**
 * Bulk jobs in the offline model's command language (the start_job tool), read from plain words as people name the
 * columns.
 */
import type { PlannedCall } from './commands.js';
import { describedRows } from './conditions.js';
import { parseFilter, parseValue, splitWhere } from './filters.js';
import { ROW_NOUN, type SchemaColumn } from './schema.js';

/** A column named in words: "the Summary column", "a new Sentiment column", "each row's Notes", "the notes of every row". */
const columnWords = (text: string) =>
  text
    .trim()
    .replace(/^(?:the|each row's|every row's|(?:a\s+)?new(?=\s+.+\s+column$))\s+/i, '')
    .replace(/\s+(?:of|in|for|from)\s+(?:each|every|all)\s+rows?$/i, '')
    .replace(/\s+column$/i, '')
    .trim();
const list = (text: string) => text.split(/\s*(?:,|\band\b)\s*/i).map(columnWords).filter(Boolean);
/** Labels said as a list: "High/Medium/Low", "Low, Medium or High". */
const labelsOf = (text: string) => text.split(/\s*(?:\/|,|\bor\b|\band\b)\s*/i).map((l) => l.trim().replace(/^["']|["']$/g, '')).filter(Boolean);
/** The sources of a fill said of rows: "each task's Notes", "the Notes of every row" are Notes. */
const sourcesOf = (text: string) => list(text.replace(/^(?:each|every)\s+[\w-]+['’]s\s+/i, ''));

/**
 * Bulk jobs (the start_job tool): "summarise Notes in 12 words into Summary",
 * "classify Notes into High/Medium/Low into Priority", "categorise Notes into Risk as Low, Medium or High",
 * "translate Notes into French into Notes FR", "extract the vendor name from Notes into Vendor", "sentiment of Notes into Mood",
 * "key terms of Notes into Tags", "entities of Notes into People",
 * "score Notes against clarity into Score", "fill Summary from Task, Notes with "…"",
 * each optionally "… as draft" and "… where <filter>" (or "… for Dana's blocked tasks": rows described in words);
 * "bulk set Status to Done where …", "bulk delete rows where …", "bulk delete the cancelled tasks".
 */
export function planJob(text: string, columns: SchemaColumn[]): PlannedCall | undefined {
  let m: RegExpExecArray | null;
  // "For every task, summarise …": the rows are all of them; said first, it is not part of the command.
  const [said, where] = splitWhere(text.replace(new RegExp(String.raw`^for\s+(?:each|every|all)\s+${ROW_NOUN}\s*,\s*`, 'i'), ''));
  // "… for Dana's blocked tasks" says which rows when no "where" does — never part of a value or a column's name.
  const forRows = where ? null : /\s+for\s+(.+)$/i.exec(said);
  const described = forRows ? describedRows(forRows[1]!, columns) : undefined;
  const body = described ? said.slice(0, forRows!.index) : said;
  const filter = where ? { filter: parseFilter(where) } : described ? { filter: described } : {};
  const draftMatch = /\s+as\s+(?:a\s+)?draft$/i.exec(body);
  const core = draftMatch ? body.slice(0, draftMatch.index) : body;
  const draft = draftMatch ? { draft: true } : {};
  const fill = (args: Record<string, unknown>): PlannedCall => ({ name: 'start_job', args: { kind: 'fill', ...args, targetColumn: columnWords(String(args.targetColumn)), ...draft, ...filter } });
  if ((m = /^bulk\s+set\s+(.+?)\s+(?:to|=)\s+(.+)$/i.exec(core))) return { name: 'start_job', args: { kind: 'update', set: { [m[1]!.trim()]: parseValue(m[2]!) }, ...filter } };
  if ((m = /^bulk\s+delete(?:\s+(?:the\s+)?rows?)?$/i.exec(core)) && where) return { name: 'start_job', args: { kind: 'delete', ...filter } };
  const deleting = /^bulk\s+(?:delete|remove)\s+(?:all\s+(?:of\s+)?)?(.+)$/i.exec(core);
  const doomed = deleting && !where ? describedRows(deleting[1]!, columns) : undefined;
  if (doomed) return { name: 'start_job', args: { kind: 'delete', filter: doomed } };
  // "Write a one-line summary of each row's Notes into the Summary column".
  if ((m = /^(?:write|add|put|generate|create|make)\s+(?:a\s+)?(one-line|one-sentence|short|brief|\d+-word)?\s*summary\s+of\s+(.+?)\s+(?:into|in|to)\s+(.+)$/i.exec(core))) {
    const size = m[1]?.toLowerCase();
    const words = size === 'one-sentence' ? 20 : size && /^\d+-word$/.test(size) ? parseInt(size, 10) : size ? 12 : undefined;
    return fill({ template: 'summarise', sourceColumns: list(m[2]!), targetColumn: m[3]!, ...(words ? { words } : {}) });
  }
  if ((m = /^(?:summarise|summarize)\s+(.+?)(?:\s+in\s+(\d+)\s+words)?\s+into\s+(.+)$/i.exec(core))) return fill({ template: 'summarise', sourceColumns: sourcesOf(m[1]!), targetColumn: m[3]!.trim(), ...(m[2] ? { words: Number(m[2]) } : {}) });
  const classify = String.raw`^(?:classify|categorise|categorize|label|tag)\s+`;
  // "categorise Notes into Risk as Low, Medium or High": the target, then the labels.
  if ((m = new RegExp(`${classify}(.+?)\\s+into\\s+(.+?)\\s+as\\s+(.+?)(?:\\s+risk)?$`, 'i').exec(core))) return fill({ template: 'categorise', sourceColumns: sourcesOf(m[1]!), targetColumn: m[2]!, labels: labelsOf(m[3]!) });
  // "classify Notes into High/Medium/Low into Priority", "classify each task's Notes as Low, Medium or High risk into Risk".
  if ((m = new RegExp(`${classify}(?:(.+?)\\s+from\\s+)?(.+?)\\s+(?:into|as)\\s+(.+?)(?:\\s+risk)?(?:\\s+into\\s+(.+))?$`, 'i').exec(core))) {
    const target = m[4]?.trim() ?? m[1]?.trim();
    const labels = labelsOf(m[3]!);
    if (!target || labels.length < 2) return undefined;
    return fill({ template: 'categorise', sourceColumns: sourcesOf(m[2]!), targetColumn: target, labels });
  }
  // A free-form fill said in words: "translate Notes into French into Notes FR", "extract the vendor name from Notes into Vendor".
  if ((m = /^translate\s+(.+?)\s+(?:into|to)\s+([A-Za-z][\w-]*)\s+into\s+(.+)$/i.exec(core))) return fill({ template: 'prompt', sourceColumns: sourcesOf(m[1]!), targetColumn: m[3]!, prompt: `Translate into ${m[2]}` });
  if ((m = /^extract\s+(.+?)\s+from\s+(.+?)\s+into\s+(.+)$/i.exec(core))) return fill({ template: 'prompt', sourceColumns: sourcesOf(m[2]!), targetColumn: m[3]!, prompt: `Extract ${m[1]!.trim()}` });
  if ((m = /^(sentiment|key terms|entities)\s+(?:of\s+)?(.+?)\s+into\s+(.+)$/i.exec(core))) {
    const template = m[1]!.toLowerCase() === 'key terms' ? 'key_terms' : m[1]!.toLowerCase();
    return fill({ template, sourceColumns: list(m[2]!), targetColumn: m[3]!.trim() });
  }
  if ((m = /^score\s+(.+?)\s+against\s+(.+?)\s+into\s+(.+)$/i.exec(core))) return fill({ template: 'score', sourceColumns: list(m[1]!), targetColumn: m[3]!.trim(), rubric: m[2]!.trim().replace(/^["']|["']$/g, '') });
  if ((m = /^fill\s+(.+?)\s+from\s+(.+?)\s+with\s+["“](.+)["”]$/i.exec(core))) return fill({ template: 'prompt', sourceColumns: list(m[2]!), targetColumn: m[1]!.trim(), prompt: m[3]! });
  return undefined;
}
