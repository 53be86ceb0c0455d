import { WebPubSubClient } from '@azure/web-pubsub-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SHEETS } from '../../infra/smartsheet-emulator/seed.js';
import { commentCountsSchema, commentPostedSchema, conversationsSchema, rowCommentsSchema } from '../../shared/api/contracts.js';
import type { RealtimeEvent } from '../../shared/realtime/events.js';
import { appClient } from '../support/app-client.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';
import { principal } from '../support/principal.js';
import { until } from '../support/until.js';

/**
 * The grid's comments over the real local stack (dev host, Azurite, the Smartsheet emulator with its webhooks, the
 * event channel, the Web PubSub emulator): how many each row has, a row's threads, the person's own comment and reply
 * posted straight to Smartsheet — and every comment, ours or someone's in Smartsheet, pushed as `comments.changed` to
 * the sheet's group.
 */
let host: DevHostProcess;
let app: ReturnType<typeof appClient>;
let sessionId: string;
let rows: { id: number }[];
const tracker = SEED_SHEETS.projectTracker;
const pushes: RealtimeEvent[] = [];
let client: WebPubSubClient;
const admin = (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') => fetch(`${new URL(host.smartsheetUrl!).origin}/admin${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
/** A row's threads as Smartsheet (the emulator) has them: each one's comment texts. */
const inSmartsheet = async (rowId: number) =>
  ((await (await fetch(`${new URL(host.smartsheetUrl!).origin}/2.0/sheets/${tracker}/rows/${rowId}/discussions?include=comments`, { headers: { authorization: 'Bearer local-smartsheet-token' } })).json()) as { data: { comments: { text: string }[] }[] }).data.map((d) => d.comments.map((c) => c.text));
const counts = async () => commentCountsSchema.parse(await app.json(await app.api(`/sessions/${sessionId}/comments`)));
const countOf = async (rowId: number) => (await counts()).rows.find((r) => r.rowId === rowId)?.comments ?? 0;
const threads = async (rowId: number) => rowCommentsSchema.parse(await app.json(await app.api(`/sessions/${sessionId}/rows/${rowId}/comments`))).threads;
const post = (rowId: number, body: unknown) => app.post(`/sessions/${sessionId}/rows/${rowId}/comments`, body);
const commentPushes = () => pushes.filter((p) => p.type === 'comments.changed').length;
/** A comment as the app posts it for this test's person: signed with their sign-in name (the app's account posts it). */
const signed = (text: string) => `${text}\n\n— row-comments-rosa@example.com (via ChatSheetAI)`;

beforeAll(async () => {
  host = await startDevHostProcess([], { SMARTSHEET_MAX_ATTEMPTS: '1' });
  const who = principal('row-comments-rosa');
  app = appClient(host, who);
  sessionId = await app.readySession(tracker);
  rows = (await app.sheet(tracker)).rows;
  // The webhook that carries Smartsheet's comment events to us is enabled once the session is in use.
  await until(async () => (await admin('/webhooks')).find((w: any) => w.scopeObjectId === tracker)?.status, (s) => s === 'ENABLED', 'the webhook to be enabled');
  client = new WebPubSubClient({ getClientAccessUrl: async () => (await app.json(await app.post('/negotiate'))).url.replace('localhost', '127.0.0.1') });
  client.on('group-message', (e) => void pushes.push(e.message.data as RealtimeEvent));
  await client.start();
  await client.joinGroup(`sheet:${tracker}`);
}, 60_000);
afterAll(async () => {
  client?.stop();
  await host?.stop();
});

describe('comments in the grid', () => {
  it('counted per row (rows with none left out) and on the sheet, as Smartsheet has them; a row\'s threads oldest first', async () => {
    const seeded = await counts();
    // The tracker's seed: two comments in one thread on row 3, one on rows 9 and 18, one on the sheet itself.
    expect(seeded.rows.map((r) => [rows.findIndex((x) => x.id === r.rowId) + 1, r.comments]).sort((a, b) => a[0]! - b[0]!)).toEqual([[3, 2], [9, 1], [18, 1]]);
    expect(seeded.onSheet).toBe(1);
    expect(seeded.rows.every((r) => typeof r.lastAt === 'string')).toBe(true);
    const row3 = await threads(rows[2]!.id);
    expect(row3).toHaveLength(1);
    expect(row3[0]!.comments.map((c) => [c.by, c.text])).toEqual([
      ['Mei Chen', 'Vendor confirmed the new timeline; we can start after the 15th.'],
      ['Dana Whitfield', "Great, I'll move the kickoff."],
    ]);
    expect(await threads(rows[4]!.id)).toEqual([]);
  });

  it('the person\'s comment is posted in Smartsheet at once, counted, and pushed to the sheet\'s group; a reply goes into its thread', async () => {
    const row = rows[4]!.id;
    const before = commentPushes();
    const res = await post(row, { text: '  Waiting on legal.  ' });
    expect(res.status).toBe(201);
    const posted = commentPostedSchema.parse(await res.json());
    expect(posted.rowId).toBe(row);
    expect(await inSmartsheet(row)).toEqual([[signed('Waiting on legal.')]]);
    expect(await countOf(row)).toBe(1);
    await expect.poll(commentPushes, { timeout: 10_000 }).toBe(before + 1);
    // The push carries the counts as they now stand: the grids need not read them.
    const pushed = pushes.filter((p) => p.type === 'comments.changed').at(-1) as { counts?: { rows: { rowId: number; comments: number }[] } };
    expect(pushed.counts?.rows.find((r) => r.rowId === row)?.comments).toBe(1);
    const reply = await post(row, { text: 'Legal signed off.', discussionId: posted.discussionId });
    expect(reply.status).toBe(201);
    expect(await inSmartsheet(row)).toEqual([[signed('Waiting on legal.'), signed('Legal signed off.')]]);
    expect((await threads(row))[0]!.comments.map((c) => [c.by, c.text])).toEqual([
      ['Local Developer', signed('Waiting on legal.')],
      ['Local Developer', signed('Legal signed off.')],
    ]);
    expect(await countOf(row)).toBe(2);
    // Ours is pushed once: its webhook echo (our change agent) is not pushed again.
    await expect.poll(commentPushes, { timeout: 10_000 }).toBe(before + 2);
    await new Promise((r) => setTimeout(r, 500));
    expect(commentPushes()).toBe(before + 2);
  });

  it('the person\'s own comments are marked theirs and deletable — no one else\'s: not a colleague\'s in Smartsheet, not another user\'s', async () => {
    const row = rows[9]!.id;
    const mine = commentPostedSchema.parse(await (await post(row, { text: 'Typo here.' })).json());
    await admin(`/sheets/${tracker}/comments`, { rowId: row, text: 'Not yours.', by: { name: 'Lena Fischer' } });
    const marked = async () => (await threads(row)).flatMap((t) => t.comments.map((c) => [c.text.split('\n')[0], c.mine ?? false]));
    expect(await marked()).toEqual([['Typo here.', true], ['Not yours.', false]]);
    // Another user of the app, on the same sheet: the same comment is not theirs, to see or to delete.
    const other = appClient(host, principal('row-comments-omar'));
    const theirSession = await other.readySession(tracker);
    const theirView = rowCommentsSchema.parse(await other.json(await other.api(`/sessions/${theirSession}/rows/${row}/comments`))).threads;
    expect(theirView.flatMap((t) => t.comments.map((c) => c.mine ?? false))).toEqual([false, false]);
    expect((await other.api(`/sessions/${theirSession}/comments/${mine.commentId}`, { method: 'DELETE' })).status).toBe(404);
    const lenas = (await threads(row)).flatMap((t) => t.comments).find((c) => c.text === 'Not yours.')!;
    expect((await app.api(`/sessions/${sessionId}/comments/${lenas.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(await inSmartsheet(row)).toHaveLength(2);
    // Edited: the new text in Smartsheet, signed again; not someone else's, not by someone else.
    const editIt = (id: number, text: string, by = app, session = sessionId) => by.api(`/sessions/${session}/comments/${id}`, { method: 'PATCH', body: JSON.stringify({ text }) });
    expect((await editIt(mine.commentId, 'No typo here.')).status).toBe(200);
    expect((await inSmartsheet(row)).flat()).toEqual([signed('No typo here.'), 'Not yours.']);
    expect((await editIt(lenas.id, 'Rewritten.')).status).toBe(404);
    expect((await editIt(mine.commentId, 'Hijacked.', other, theirSession)).status).toBe(404);
    expect((await editIt(mine.commentId, '  ')).status).toBe(400);
    expect((await inSmartsheet(row)).flat()).toEqual([signed('No typo here.'), 'Not yours.']);
    // Deleted: gone from Smartsheet, counted and pushed; a second time there is nothing of theirs to delete.
    const before = commentPushes();
    const res = await app.api(`/sessions/${sessionId}/comments/${mine.commentId}`, { method: 'DELETE' });
    expect([res.status, await res.json()]).toEqual([200, { deleted: true }]);
    expect(await inSmartsheet(row)).toEqual([['Not yours.']]);
    expect(await countOf(row)).toBe(1);
    await expect.poll(commentPushes, { timeout: 10_000 }).toBe(before + 1);
    expect((await app.api(`/sessions/${sessionId}/comments/${mine.commentId}`, { method: 'DELETE' })).status).toBe(404);
    // One someone deleted in Smartsheet first: nothing to delete, and no error.
    const gone = commentPostedSchema.parse(await (await post(row, { text: 'Deleted elsewhere.' })).json());
    await fetch(`${new URL(host.smartsheetUrl!).origin}/2.0/sheets/${tracker}/comments/${gone.commentId}`, { method: 'DELETE', headers: { authorization: 'Bearer local-smartsheet-token' } });
    const again = await app.api(`/sessions/${sessionId}/comments/${gone.commentId}`, { method: 'DELETE' });
    expect([again.status, await again.json()]).toEqual([200, { deleted: false }]);
  });

  it('a comment someone makes in Smartsheet reaches the sheet\'s group through its webhook, and is counted', async () => {
    const row = rows[5]!.id;
    const before = commentPushes();
    await admin(`/sheets/${tracker}/comments`, { rowId: row, text: 'Budget approved.', by: { name: 'Lena Fischer' } });
    await expect.poll(commentPushes, { timeout: 10_000 }).toBe(before + 1);
    expect(await countOf(row)).toBe(1);
  });

  it('a comment from chat is pushed when approved, and again when undone (a version unchanged is no duplicate)', async () => {
    const before = commentPushes();
    const id = (await app.ask(sessionId, 'add a comment to row 7: Needs a second reviewer.')).body.reply.extra.changeSetIds[0];
    expect((await app.post(`/change-sets/${id}/approve`)).status).toBe(202);
    expect((await app.changeSet(id)).status).toBe('applied');
    await expect.poll(commentPushes, { timeout: 10_000 }).toBe(before + 1);
    const undo = (await app.ask(sessionId, 'undo')).body.reply.extra.changeSetIds[0];
    expect((await app.post(`/change-sets/${undo}/approve`)).status).toBe(202);
    expect((await app.changeSet(undo)).status).toBe('applied');
    await expect.poll(commentPushes, { timeout: 10_000 }).toBe(before + 2);
    expect(await countOf(rows[6]!.id)).toBe(0);
  });

  it('the whole sheet\'s threads, newest comment first (rows\' and its own); a comment on the sheet itself and a reply in its thread', async () => {
    const all = async () => conversationsSchema.parse(await app.json(await app.api(`/sessions/${sessionId}/conversations`))).threads;
    const before = await all();
    const newest = (t: { comments: { at: string }[] }) => t.comments.at(-1)!.at;
    expect(before.map(newest)).toEqual(before.map(newest).sort().reverse());
    expect(before.filter((t) => t.rowId === undefined).map((t) => t.comments.map((c) => c.text))).toEqual([['Reminder: Q4 budgets lock on Dec 15.']]);
    expect(before.find((t) => t.rowId === rows[2]!.id)!.comments).toHaveLength(2);
    const res = await app.post(`/sessions/${sessionId}/conversations`, { text: 'All hands on Friday.' });
    expect(res.status).toBe(201);
    const posted = commentPostedSchema.parse(await res.json());
    expect(posted.rowId).toBeUndefined();
    const reply = await app.post(`/sessions/${sessionId}/conversations`, { text: 'See you there.', discussionId: posted.discussionId });
    expect(reply.status).toBe(201);
    const after = await all();
    const ours = after.find((t) => t.id === posted.discussionId)!;
    expect(ours).toMatchObject({ comments: [{ text: signed('All hands on Friday.'), by: 'Local Developer' }, { text: signed('See you there.') }] });
    expect(ours.rowId).toBeUndefined();
    // Newest first — to the second, as Smartsheet times comments: nothing is newer than ours.
    expect(after.map(newest)).toEqual(after.map(newest).sort().reverse());
    expect(newest(after[0]!)).toBe(newest(ours));
    expect((await counts()).onSheet).toBe(3);
    // A row's thread is not the sheet's own: 404, and nothing is posted in it.
    const rowThread = before.find((t) => t.rowId === rows[2]!.id)!;
    const wrong = await app.post(`/sessions/${sessionId}/conversations`, { text: 'misplaced', discussionId: rowThread.id });
    expect(wrong.status).toBe(404);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toBe(`The sheet has no thread ${rowThread.id}.`);
    expect((await all()).find((t) => t.id === rowThread.id)!.comments).toHaveLength(2);
  });

  it('bad input is a 4xx saying what is wrong, and nothing is posted', async () => {
    const row = rows[7]!.id;
    const error = async (res: Response) => {
      const { code, message } = ((await res.json()) as { error: { code: string; message: string } }).error;
      return [res.status, { code, message }] as const;
    };
    expect(await error(await post(row, { text: '   ' }))).toEqual([400, { code: 'BAD_REQUEST', message: 'Invalid request body: text: is empty' }]);
    expect(await error(await post(row, { text: 'x'.repeat(4001) }))).toEqual([400, { code: 'BAD_REQUEST', message: 'Invalid request body: text: is longer than 4000 characters' }]);
    expect((await post(row, { text: 'hi', extra: 1 })).status).toBe(400);
    expect(await error(await post(123, { text: 'hi' }))).toEqual([404, { code: 'NOT_FOUND', message: expect.stringMatching(/^Row 123 is not in version \d+ of the sheet\.$/) }]);
    // A thread of another row is not this row's: 404, and no reply lands anywhere.
    const other = (await threads(rows[2]!.id))[0]!.id;
    expect(await error(await post(row, { text: 'misplaced', discussionId: other }))).toEqual([404, { code: 'NOT_FOUND', message: `Row 8 has no thread ${other}.` }]);
    expect(await inSmartsheet(row)).toEqual([]);
    expect((await inSmartsheet(rows[2]!.id))[0]).toHaveLength(2);
    expect((await app.api(`/sessions/${sessionId}/rows/123/comments`)).status).toBe(404);
  });

  it('Smartsheet not answering: 503 for the counts, a row\'s threads and a comment — never a 500', async () => {
    await admin('/faults', { match: `^(GET|POST) /sheets/${tracker}/(rows/\\d+/)?discussions`, status: 503, errorCode: 4001 });
    try {
      for (const res of [await app.api(`/sessions/${sessionId}/comments`), await app.api(`/sessions/${sessionId}/rows/${rows[0]!.id}/comments`), await post(rows[0]!.id, { text: 'lost?' })]) {
        expect(res.status).toBe(503);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('DEPENDENCY_FAILED');
      }
    } finally {
      await admin('/faults', undefined, 'DELETE');
    }
    expect(await inSmartsheet(rows[0]!.id)).toEqual([]);
  });

  it('a sheet shared with the app as Viewer: comments are read, and one posted is refused saying why (403)', async () => {
    await admin('/tokens', { token: 'local-smartsheet-token', accessLevel: 'VIEWER' });
    try {
      await app.post(`/sessions/${sessionId}/reload`);
      await until(async () => (await app.json(await app.api(`/sessions/${sessionId}`))).access, (a) => a === 'VIEWER', 'the session to see Viewer access');
      expect((await counts()).rows.length).toBeGreaterThan(0);
      const res = await post(rows[0]!.id, { text: 'may I?' });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/shared with ChatSheetAI's Smartsheet account as Viewer/);
      expect(await inSmartsheet(rows[0]!.id)).toEqual([]);
    } finally {
      await admin('/tokens', { token: 'local-smartsheet-token' });
    }
  });
});
