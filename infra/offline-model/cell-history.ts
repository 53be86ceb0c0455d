/**
 * Cell history in the offline model's language (get_cell_history): "who changed Status on row 5", "who set the
 * Priority of Plan SSO login", "history of Budget for row 3", "Budget history for rows 3 and 4", "when did the Status
 * of row 5 change". The column must be one the sheet has; the rows are named as comments' rows are.
 */
import type { PlannedCall } from './commands.js';
import { rowsSaid } from './comments.js';
import { columnTitled, type SchemaColumn } from './schema.js';

const ASKED = [
  /^who\s+(?:changed|set|updated|edited|last changed)\s+(?:the\s+)?(.+?)\s+(?:on|of|for|in)\s+(.+)$/i,
  /^(?:show(?:\s+me)?\s+)?(?:the\s+)?(?:history|changes)\s+(?:of|to)\s+(?:the\s+)?(.+?)\s+(?:on|of|for|in)\s+(.+)$/i,
  /^when\s+did\s+(?:the\s+)?(.+?)\s+(?:on|of|for|in)\s+(.+?)\s+change$/i,
  /^(?:the\s+)?(.+?)\s+history\s+(?:on|of|for|in)\s+(.+)$/i,
];

export function planCellHistory(t: string, columns: SchemaColumn[]): PlannedCall | undefined {
  for (const re of ASKED) {
    const m = re.exec(t);
    const column = m && columnTitled(columns, m[1]!);
    if (column) return { name: 'get_cell_history', args: { column: column.title, ...rowsSaid(m[2]!, columns) } };
  }
  return undefined;
}
