/**
 * Comments in the offline model's language: "comments on row 5", "show the latest comments", "what are people saying
 * about Plan SSO login", "which rows have comments", "comments on the blocked tasks" (get_comments, on the rows named
 * or on every row); "add a comment to row 5: waiting on legal", "comment on the blocked tasks saying escalated"
 * (add_comment).
 */
import type { PlannedCall } from './commands.js';
import { rowsPointedAt } from './conditions.js';
import { parseFilter } from './filters.js';
import type { SchemaColumn } from './schema.js';

const ASKED = [
  /^(?:show(?: me)?|list|read|get|any|are there any)?\s*(?:the\s+)?(?:latest|recent|newest|new)?\s*comments(?:\s+(?:on|for|about|in)\s+(.+))?$/i,
  /^what(?:'s| is| are| did| have)?\s+(?:people|they|everyone|the team|others)\s+(?:been\s+)?(?:saying|say|said|writing|write|wrote|commented|commenting)(?:\s+(?:about|on)\s+(.+))?$/i,
  /^what (?:are|were) the comments(?:\s+(?:on|for|about)\s+(.+))?$/i,
  // "which rows have comments", "rows with comments": every row's (the answer cites each row that has any).
  /^(?:(?:which|what)\s+(?:rows|tasks|items)\s+(?:have|has)|(?:rows|tasks|items)\s+with)\s+(?:any\s+)?comments$/i,
];

const ADDED = /^(?:(?:add|post|leave|write)\s+(?:a\s+)?comment|comment)\s+(?:on|to|for)\s+(.+?)(?:\s*:\s*|\s+(?:saying|that says)\s+)["“]?(.+?)["”]?$/i;

/** `t`: the request without its closing punctuation; `said`: as typed (a comment keeps its full stop). */
export function planComments(t: string, columns: SchemaColumn[], said = t): PlannedCall | undefined {
  const added = ADDED.exec(said.trim());
  if (added) return { name: 'add_comment', args: { ...rowsSaid(added[1]!, columns), text: added[2]!.trim() } };
  const asked = ASKED.map((re) => re.exec(t)).find(Boolean);
  if (!asked) return undefined;
  const rows = asked[1]?.trim();
  if (!rows || /^(?:the\s+)?(?:sheet|this sheet|any rows?|all rows|every row)$/i.test(rows)) return { name: 'get_comments', args: {} };
  return { name: 'get_comments', args: rowsSaid(rows, columns) };
}

/** The rows named: "rows where …" (a filter), else by number, description or name. */
export function rowsSaid(rows: string, columns: SchemaColumn[]): Record<string, unknown> {
  const where = /^(?:the\s+)?(?:rows|tasks|items)\s+where\s+(.+)$/i.exec(rows.trim());
  return where ? { filter: parseFilter(where[1]) } : rowsPointedAt(rows.trim(), columns, columns[0]?.title ?? 'Task');
}
