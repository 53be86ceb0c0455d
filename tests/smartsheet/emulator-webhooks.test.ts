import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { smallSheet, useEmulator } from '../support/smartsheet.js';
import { startReceiver } from '../support/webhook-receiver.js';

const ctx = useEmulator();

async function createSheetAndHook(callbackUrl: string) {
  const sheet = await ctx.admin<{ id: number; rowIds: number[] }>('/sheets', 'POST', smallSheet);
  const res = await ctx.api('/webhooks', { method: 'POST', body: JSON.stringify({ name: 't', callbackUrl, scope: 'sheet', scopeObjectId: sheet.id, events: ['*.*'], version: 1 }) });
  const created = ((await res.json()) as { result: { id: number; enabled: boolean; status: string; sharedSecret: string } }).result;
  return { sheet, hook: created };
}

const enable = async (id: number) => ((await (await ctx.api(`/webhooks/${id}`, { method: 'PUT', body: JSON.stringify({ enabled: true }) })).json()) as { result: { status: string; enabled: boolean } }).result;

describe('Smartsheet emulator: webhooks', () => {
  it('creates NEW_NOT_VERIFIED, verifies on enable, then sends signed callbacks with the documented payload', async () => {
    const receiver = await startReceiver();
    try {
      const { sheet, hook } = await createSheetAndHook(receiver.url);
      expect(hook).toMatchObject({ enabled: false, status: 'NEW_NOT_VERIFIED', sharedSecret: expect.any(String) });
      expect(await enable(hook.id)).toMatchObject({ enabled: true, status: 'ENABLED' });
      expect(receiver.challenges).toBe(1);

      await ctx.admin(`/sheets/${sheet.id}/external-edit`, 'POST', { rowId: sheet.rowIds[0], cells: { Status: 'Done' } });
      await expect.poll(() => receiver.received.length).toBe(1);
      const [callback] = receiver.received;
      const signature = createHmac('sha256', hook.sharedSecret).update(callback!.body).digest('hex');
      expect(callback!.headers['smartsheet-hmac-sha256']).toBe(signature);
      const payload = JSON.parse(callback!.body);
      expect(payload).toMatchObject({ nonce: expect.any(String), timestamp: expect.any(String), webhookId: hook.id, scope: 'sheet', scopeObjectId: sheet.id });
      expect(payload.events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ objectType: 'sheet', eventType: 'updated', id: sheet.id, userId: 2002 }),
          expect.objectContaining({ objectType: 'row', eventType: 'updated', id: sheet.rowIds[0] }),
          expect.objectContaining({ objectType: 'cell', eventType: 'updated', rowId: sheet.rowIds[0], columnId: expect.any(Number) }),
        ]),
      );
    } finally {
      await receiver.close();
    }
  });

  it('carries the writer change agent in events', async () => {
    const receiver = await startReceiver();
    try {
      const { sheet, hook } = await createSheetAndHook(receiver.url);
      await enable(hook.id);
      const columns = ((await (await ctx.api(`/sheets/${sheet.id}/columns`)).json()) as { data: { id: number }[] }).data;
      await ctx.api(`/sheets/${sheet.id}/rows`, { method: 'PUT', headers: { 'smartsheet-change-agent': 'chatsheetai' }, body: JSON.stringify([{ id: sheet.rowIds[1], cells: [{ columnId: columns[0]!.id, value: 'Renamed' }] }]) });
      await expect.poll(() => receiver.received.length).toBe(1);
      expect(JSON.parse(receiver.received[0]!.body).events.every((e: { changeAgent?: string }) => e.changeAgent === 'chatsheetai')).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it('a failed verification leaves the webhook DISABLED_VERIFICATION_FAILED', async () => {
    const receiver = await startReceiver({ answerChallenge: false });
    try {
      const { hook } = await createSheetAndHook(receiver.url);
      expect(await enable(hook.id)).toMatchObject({ enabled: false, status: 'DISABLED_VERIFICATION_FAILED' });
    } finally {
      await receiver.close();
    }
  });

  it('retries a failing callback with backoff, then disables the webhook', async () => {
    await ctx.admin('/config', 'PUT', { webhookRetryBaseMs: 10, webhookMaxRetries: 3 });
    const receiver = await startReceiver({ status: () => 500 });
    try {
      const { sheet, hook } = await createSheetAndHook(receiver.url);
      await enable(hook.id);
      await ctx.admin(`/sheets/${sheet.id}/external-edit`, 'POST', { rowId: sheet.rowIds[0], cells: { Status: 'Open' } });
      await expect.poll(async () => ((await (await ctx.api(`/webhooks/${hook.id}`)).json()) as { status: string }).status, { timeout: 5000 }).toBe('DISABLED_CALLBACK_FAILED');
      expect(receiver.received).toHaveLength(4); // the first try and 3 retries
      expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1); // the same callback each time
    } finally {
      await ctx.admin('/config', 'PUT', { webhookRetryBaseMs: 1000, webhookMaxRetries: 14 });
      await receiver.close();
    }
  });

  it('delivers one callback at a time per webhook, in order', async () => {
    const receiver = await startReceiver({ delayMs: 60 });
    try {
      const { sheet, hook } = await createSheetAndHook(receiver.url);
      await enable(hook.id);
      for (const status of ['Open', 'Done', 'Blocked']) await ctx.admin(`/sheets/${sheet.id}/external-edit`, 'POST', { rowId: sheet.rowIds[0], cells: { Status: status } });
      await expect.poll(() => receiver.received.filter((r) => r.finishedAt).length).toBe(3);
      const [a, b, c] = receiver.received;
      expect(b!.startedAt).toBeGreaterThanOrEqual(a!.finishedAt!);
      expect(c!.startedAt).toBeGreaterThanOrEqual(b!.finishedAt!);
      const times = receiver.received.map((r) => JSON.parse(r.body).events[0].timestamp as string);
      expect([...times].sort()).toEqual(times);
    } finally {
      await receiver.close();
    }
  });
});

describe('Smartsheet emulator: verification every 100 callbacks', () => {
  it('sends a new challenge before the 101st callback', async () => {
    const receiver = await startReceiver();
    try {
      const { sheet, hook } = await createSheetAndHook(receiver.url);
      await enable(hook.id);
      expect(receiver.challenges).toBe(1);
      for (let i = 0; i < 101; i++) await ctx.admin(`/sheets/${sheet.id}/external-edit`, 'POST', { rowId: sheet.rowIds[0], cells: { Budget: i } });
      await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(101);
      expect(receiver.challenges).toBe(2);
    } finally {
      await receiver.close();
    }
  });
});
