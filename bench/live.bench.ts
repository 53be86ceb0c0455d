import { createHmac } from 'node:crypto';
import { WebPubSubClient } from '@azure/web-pubsub-client';
import { SEED_SHEETS } from '../infra/smartsheet-emulator/seed.js';
import type { Benchmark } from './harness.js';
import { benchPrincipal, startAppHost } from './app-host.js';
import { percentile } from './harness.js';

const principal = benchPrincipal('bench-live');

/**
 * External edit → `sheet.changed` at a client, over the whole local path: the
 * Smartsheet emulator's signed webhook → our webhook function → the broker → the
 * processor (fetch, snapshot, sessions, push) → the Web PubSub emulator → the
 * `@azure/web-pubsub-client` in this process. 200 edits, one after another.
 */
async function measureEditToClient(root: string, edits = Number(process.env.BENCH_EDITS ?? 200)): Promise<{ latencies: number[]; acks: number[] }> {
  const host = await startAppHost(root);
  const client = new WebPubSubClient({
    getClientAccessUrl: async () => ((await (await fetch(`${base}/negotiate`, { method: 'POST', headers: principal })).json()) as { url: string }).url.replace('localhost', '127.0.0.1'),
  });
  const base = `${host.functionsUrl.replace('localhost', '127.0.0.1')}/api`;
  const admin = `${new URL(host.smartsheetUrl!).origin.replace('localhost', '127.0.0.1')}/admin`;
  const sheetId = SEED_SHEETS.projectTracker;
  try {
    const headers = { 'content-type': 'application/json', ...principal };
    const created = (await (await fetch(`${base}/sessions`, { method: 'POST', headers, body: JSON.stringify({ sheetId }) })).json()) as { sessionId: string };
    for (let i = 0; ; i++) {
      const hooks = (await (await fetch(`${admin}/webhooks`)).json()) as { scopeObjectId: number; status: string }[];
      if (hooks.some((h) => h.scopeObjectId === sheetId && h.status === 'ENABLED')) break;
      if (i > 400) throw new Error(`no webhook for session ${created.sessionId}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const waiting = new Map<number, () => void>();
    const seen = new Set<number>();
    client.on('group-message', (e) => {
      const event = e.message.data as { type: string; version: number };
      if (event.type !== 'sheet.changed') return;
      seen.add(event.version);
      waiting.get(event.version)?.();
    });
    await client.start();
    await client.joinGroup(`sheet:${sheetId}`);
    const sheet = (await (await fetch(`${admin}/sheets/${sheetId}`)).json()) as { rows: { id: number }[] };
    const latencies: number[] = [];
    for (let i = 0; i < edits + 5; i++) {
      const rowId = sheet.rows[i % sheet.rows.length]!.id;
      const began = performance.now();
      const res = await fetch(`${admin}/sheets/${sheetId}/external-edit`, { method: 'POST', body: JSON.stringify({ rowId, cells: { Notes: `bench edit ${i}` } }) });
      const { version } = (await res.json()) as { version: number };
      if (!seen.has(version)) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`version ${version} never reached the client`)), 10_000);
          waiting.set(version, () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      waiting.delete(version);
      if (i >= 5) latencies.push(performance.now() - began); // the first few warm the path
    }
    return { latencies, acks: await measureWebhookAcks(base, admin, sheetId) };
  } finally {
    client.stop();
    await host.stop();
  }
}

/** Time for the webhook function to answer a signed callback (it only verifies and enqueues), 200 callbacks. */
async function measureWebhookAcks(base: string, admin: string, sheetId: number): Promise<number[]> {
  const hooks = (await (await fetch(`${admin}/webhooks`)).json()) as { id: number; scopeObjectId: number; sharedSecret: string }[];
  const hook = hooks.find((h) => h.scopeObjectId === sheetId)!;
  const acks: number[] = [];
  for (let i = 0; i < 205; i++) {
    const body = JSON.stringify({ nonce: `bench-${i}-${Date.now()}`, timestamp: new Date().toISOString(), webhookId: hook.id, scope: 'sheet', scopeObjectId: sheetId, events: [{ objectType: 'sheet', eventType: 'updated', id: sheetId }] });
    const signature = createHmac('sha256', hook.sharedSecret).update(body).digest('hex');
    const began = performance.now();
    const res = await fetch(`${base}/webhooks/smartsheet`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'Smartsheet-Hmac-SHA256': signature } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    if (i >= 5) acks.push(performance.now() - began);
  }
  return acks;
}

export function liveBenchmarks(root: string): Benchmark[] {
  let measuredOnce: { latencies: number[]; acks: number[] } | undefined;
  const measured = async () => (measuredOnce ??= await measureEditToClient(root));
  return [
    { id: 'live.edit-to-client-p50-ms', figure: 'external edit → sheet.changed at a client, 200 edits (p50)', unit: 'ms', target: 150, goal: 'max', run: async () => percentile((await measured()).latencies, 50) },
    { id: 'live.edit-to-client-p99-ms', figure: 'external edit → sheet.changed at a client, 200 edits (p99)', unit: 'ms', target: 500, goal: 'max', run: async () => percentile((await measured()).latencies, 99) },
    { id: 'live.webhook-ack-p99-ms', figure: 'webhook function: signed callback → 200 (verify + enqueue), 200 callbacks (p99)', unit: 'ms', target: 100, goal: 'max', run: async () => percentile((await measured()).acks, 99) },
  ];
}
