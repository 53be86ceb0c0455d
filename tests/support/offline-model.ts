import { buildPrompt } from '../../functions/chat/prompt.js';
import { schemaColumns } from '../../infra/offline-model/schema.js';
import { respond } from '../../infra/offline-model/server.js';
import { crm, projectTracker } from '../../infra/smartsheet-emulator/seed.js';
import { totalRows } from '../../infra/smartsheet-emulator/sheet-store.js';
import { toSheet, type Sheet } from '../../shared/sheet/model.js';
import { displayValue } from '../../shared/sheet/values.js';
import { readTools, runTool } from '../../shared/tools/catalogue.js';

/** The offline model over the sample sheets, as the chat service drives it: for tests of what it reads and answers. */
export const today = '2026-08-01';
export const tracker = toSheet(totalRows(projectTracker()));
export const pipeline = toSheet(totalRows(crm()));
export const systemOf = (sheet: Sheet) => buildPrompt({ sheet, history: [], userText: 'x', today, budget: 4000 }).messages[0]!.content;
export const columnsOf = (sheet: Sheet) => schemaColumns(systemOf(sheet));

/** The offline model's whole turn, as the chat service runs it: plan, run the real tools, answer. */
export function turn(sheet: Sheet, text: string, earlier: string[] = []): string {
  const messages: { role: string; content?: string | null; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[] = [
    { role: 'system', content: systemOf(sheet) },
    ...earlier.map((content) => ({ role: 'user', content })),
    { role: 'user', content: text },
  ];
  const first = respond(messages);
  if (!first.toolCalls) return first.content ?? '';
  const calls = first.toolCalls.map((c, i) => ({ id: `call_${i}`, function: c }));
  messages.push({ role: 'assistant', content: null, tool_calls: calls });
  for (const c of calls) messages.push({ role: 'tool', tool_call_id: c.id, content: JSON.stringify(runTool(readTools, c.function.name, c.function.arguments, { sheet, today })) });
  return respond(messages).content ?? '';
}

export const at = (sheet: Sheet, title: string) => sheet.columns.findIndex((c) => c.title === title);
export const text = (sheet: Sheet, row: Sheet['rows'][number], title: string) => displayValue(row.values[at(sheet, title)]!);
