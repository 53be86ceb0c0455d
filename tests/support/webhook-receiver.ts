import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  startedAt: number;
  finishedAt?: number;
}

/** A callback endpoint for webhook tests: answers challenges (unless told not to) and records callbacks. */
export async function startReceiver(options: { answerChallenge?: boolean; status?: () => number; delayMs?: number } = {}): Promise<{ url: string; received: ReceivedCallback[]; challenges: number; close(): Promise<void> }> {
  const received: ReceivedCallback[] = [];
  const state = { challenges: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const challenge = req.headers['smartsheet-hook-challenge'];
      if (challenge) {
        state.challenges++;
        if (options.answerChallenge === false) return res.writeHead(200).end('{}');
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ smartsheetHookResponse: challenge }));
      }
      const entry: ReceivedCallback = { headers: req.headers, body, startedAt: performance.now() };
      received.push(entry);
      setTimeout(() => {
        entry.finishedAt = performance.now();
        res.writeHead(options.status?.() ?? 200).end();
      }, options.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    received,
    get challenges() {
      return state.challenges;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
