/**
 * Comments in the offline model's language: "comments on row 5", "show the latest comments", "what are people saying
 * about Plan SSO login", "comments on the blocked tasks" (get_comments, on the rows named or on every row).
 */
import type { PlannedCall } from './commands.js';
import { rowsPointedAt } from './conditions.js';
import { parseFilter } from './filters.js';
import type { SchemaColumn } from './schema.js';

const ASKED = [
  /^(?:show(?: me)?|list|read|get|any|are there any)?\s*(?:the\s+)?(?:latest|recent|newest|new)?\s*comments(?:\s+(?:on|for|about|in)\s+(.+))?$/i,
  /^what(?:'s| is| are| did| have)?\s+(?:people|they|everyone|the team|others)\s+(?:been\s+)?(?:saying|say|said|writing|write|wrote|commented|commenting)(?:\s+(?:about|on)\s+(.+))?$/i,
  /^what (?:are|were) the comments(?:\s+(?:on|for|about)\s+(.+))?$/i,
];

export function planComments(t: string, columns: SchemaColumn[]): PlannedCall | undefined {
  const said = ASKED.map((re) => re.exec(t)).find(Boolean);
  if (!said) return undefined;
  const rows = said[1]?.trim();
  if (!rows || /^(?:the\s+)?(?:sheet|this sheet|any rows?|all rows|every row)$/i.test(rows)) return { name: 'get_comments', args: {} };
  const where = /^(?:the\s+)?(?:rows|tasks|items)\s+where\s+(.+)$/i.exec(rows);
  const primary = columns[0]?.title ?? 'Task';
  return { name: 'get_comments', args: where ? { filter: parseFilter(where[1]) } : rowsPointedAt(rows, columns, primary) };
}
