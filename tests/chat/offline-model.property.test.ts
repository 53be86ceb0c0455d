import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPrompt } from '../../functions/chat/prompt.js';
import { respond } from '../../infra/offline-model/server.js';
import { projectTracker } from '../../infra/smartsheet-emulator/seed.js';
import { totalRows } from '../../infra/smartsheet-emulator/sheet-store.js';
import { toSheet } from '../../shared/sheet/model.js';

/**
 * The offline model answers every conversation — a reply or tool calls, never an exception (which would fail the
 * turn): whatever people type, in whatever order, with whatever tool results come back. The words are drawn from its
 * own language, so the generator reaches its rules rather than only the help text.
 */
const system = buildPrompt({ sheet: toSheet(totalRows(projectTracker())), history: [], userText: '', today: '2026-12-06', budget: 6000 }).messages[0]!.content;

const word = fc.constantFrom(
  ...'show rows row where is not and or by total average count how many much when who what’s set to on of for in mark as delete add clear column rename sort undo job under first the with = > < before after contains Status Owner Budget Spent Task Notes Due Date Start Blocked Complete Dana Mei Q3 2026-12-01 5 7-9 3 to 5 , " ( ) [ ] + * ? $ \\ . ! ~ due start left only now summarise into Summary bulk categorise percent percentage share % - / TODAY() over budget increase reduce push by 10% days late overdue Priority High'.split(' '),
);
const text = fc.oneof(fc.array(word, { maxLength: 12 }).map((w) => w.join(' ')), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
const toolResult = fc.oneof(
  fc.constant('{"ok":true,"data":{"rows":[],"rowIds":[],"total":0,"columns":[]}}'),
  fc.constant('{"ok":false,"error":{"code":"INVALID_QUERY","message":"No column named \\"X\\"."}}'),
  fc.constant('{"ok":true,"data":{}}'),
  fc.constant('{"ok":true,"data":{"groupBy":["Overdue"],"metrics":["count","percent"],"groups":[{"key":{"Overdue":true},"metrics":{"count":1,"percent":100},"count":1,"rowIds":[1]}],"totalRows":1}}'),
  fc.string({ maxLength: 30 }),
);

describe('the offline model (property-based)', () => {
  it('answers any conversation, with any tool results, without throwing', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 4 }), fc.option(toolResult, { nil: undefined }), (said, result) => {
        const messages: { role: string; content?: string | null; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[] = [{ role: 'system', content: system }];
        for (const [i, content] of said.entries()) {
          messages.push({ role: 'user', content });
          if (i < said.length - 1) messages.push({ role: 'assistant', content: 'ok' });
        }
        const first = respond(messages);
        expect(Boolean(first.content?.length) || Boolean(first.toolCalls?.length)).toBe(true);
        if (result === undefined || !first.toolCalls?.length) return;
        // The tool results come back: it answers from them (or asks for the next tool), again without throwing.
        messages.push({ role: 'assistant', content: null, tool_calls: first.toolCalls.map((c, n) => ({ id: `call_${n}`, function: c })) });
        for (const n of first.toolCalls.keys()) messages.push({ role: 'tool', tool_call_id: `call_${n}`, content: result });
        const second = respond(messages);
        expect(Boolean(second.content?.length) || Boolean(second.toolCalls?.length)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
