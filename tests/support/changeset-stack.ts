import type { ApprovalControl } from '../../functions/changesets/changesets.service.js';
import { ChangeSetsService } from '../../functions/changesets/changesets.service.js';
import type { SheetChanged } from '../../functions/events/sheet-events.port.js';
import { markReady, newSession } from '../../functions/sessions/session.model.js';
import { SessionsService } from '../../functions/sessions/sessions.service.js';
import { InProcessWriteLock } from '../../functions/smartsheet/sheet-write-lock.js';
import { SmartsheetAdapter } from '../../functions/smartsheet/smartsheet.adapter.js';
import { MemoryChangeSetStore, MemoryMessageStore, MemorySessionStore, MemorySnapshotStore } from '../../functions/storage/memory-stores.js';
import type { Sheet } from '../../shared/sheet/model.js';
import { TOKEN, type useEmulator } from './smartsheet.js';

const now = new Date('2026-11-24T12:00:00.000Z');
/** The durable orchestration's part is not under test: approval goes straight to apply. */
export const approval: ApprovalControl = { start: async () => undefined, decide: async () => undefined };

/**
 * The change set service against the Smartsheet emulator over HTTP, through the real adapter, with in-memory stores:
 * one ready session (`s1`, Dana's; `access` as Smartsheet gave it) on the sheet `sheetId`; the notices it publishes.
 * `signComments`: comments proposed for Dana (`author`) are signed with her name.
 */
export async function changeSetStack(ctx: ReturnType<typeof useEmulator>, sheetId: number, access?: string, signComments = false) {
  const smartsheet = new SmartsheetAdapter({ baseUrl: `${ctx.emulator.url.replace('localhost', '127.0.0.1')}/2.0/`, accessToken: TOKEN, changeAgent: 'chatsheetai', lock: new InProcessWriteLock(), maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20, timeoutMs: 5000, breakerThreshold: 50, halfOpenAfterMs: 100 });
  const snapshots = new MemorySnapshotStore();
  const sessionStore = new MemorySessionStore();
  const notices: SheetChanged[] = [];
  const sessions = new SessionsService({ sessions: sessionStore, messages: new MemoryMessageStore(), snapshots, smartsheet, idleMinutes: 60, now: () => now });
  const service = new ChangeSetsService({ changeSets: new MemoryChangeSetStore(), snapshots, smartsheet, sessions, publisher: { publishSheetChanged: async (e) => void notices.push(e) }, approvalMinutes: 15, signComments, now: () => now });
  const sheet = await smartsheet.getSheet(sheetId);
  await snapshots.put(sheet);
  await sessionStore.create({ ...markReady(newSession('s1', 'dana', sheet.id, now.toISOString()), sheet.version, sheet.name), ...(access ? { access } : {}) });
  const propose = (tool: string, args: object, on: Sheet = sheet, author?: string) => service.propose({ sessionId: 's1', userId: 'dana', author, sheet: on, tool, args, today: '2026-11-24', approval, access });
  return { service, smartsheet, sessions, notices, sheet, read: (id: number) => smartsheet.getSheet(id), propose };
}
