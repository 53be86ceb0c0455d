/**
 * The outline in the offline model's language — rows indented under others: "subtasks of Design", "what's under
 * Phase 1", "rows indented under Design" (PARENT()), "top-level rows" (LEVEL() = 0), and "by parent" / "by top-level
 * row" as a grouping (PARENT() / TOP()) wherever a column to group by goes.
 */
import type { PlannedCall } from './commands.js';
import type { SchemaColumn } from './schema.js';

const PARENT = { name: 'Parent', expression: 'PARENT()' };
const TOP = { name: 'Top-level row', expression: 'TOP()' };

/** "subtasks of Design", "what's under Phase 1", "top-level tasks": the query_rows call, or undefined for other text. */
export function planOutline(t: string, columns: SchemaColumn[]): PlannedCall | undefined {
  const select = columns.slice(0, 1).map((c) => c.title);
  const under =
    /^(?:show\s+(?:me\s+)?|list\s+|what\s+are\s+)?(?:the\s+)?(?:sub-?tasks|sub-?rows|children|child\s+rows)\s+(?:of|under)\s+(?:the\s+row\s+)?(.+)$/i.exec(t) ??
    /^(?:show\s+(?:me\s+)?|list\s+)?(?:the\s+)?(?:rows|tasks|items)\s+indented\s+under\s+(?:the\s+row\s+)?(.+)$/i.exec(t) ??
    /^what(?:'s|’s|\s+is)\s+(?:indented\s+)?under\s+(?:the\s+row\s+)?(.+)$/i.exec(t);
  if (under) return { name: 'query_rows', args: { computed: [PARENT], filter: { column: PARENT.name, op: 'eq', value: under[1]!.trim().replace(/^["“']|["”']$/g, '') }, select: [...select, PARENT.name], limit: 50 } };
  if (/^(?:show\s+(?:me\s+)?|list\s+)?(?:only\s+)?(?:the\s+)?top[-\s]level\s+(?:rows|tasks|items)(?:\s+only)?$/i.test(t)) {
    return { name: 'query_rows', args: { computed: [{ name: 'Level', expression: 'LEVEL()' }], filter: { column: 'Level', op: 'eq', value: 0 }, select, limit: 50 } };
  }
  return undefined;
}

/** "parent" / "parent row", "top-level row": a grouping by the outline, when the sheet has no column of that name. */
export function outlineGroup(said: string, columns: SchemaColumn[]): { name: string; expression: string } | undefined {
  const word = said.trim().toLowerCase();
  if (columns.some((c) => c.title.toLowerCase() === word)) return undefined;
  if (/^parent(?:\s+rows?)?$/.test(word)) return PARENT;
  if (/^top[-\s]level(?:\s+rows?)?$/.test(word)) return TOP;
  return undefined;
}
