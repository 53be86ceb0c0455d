import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generate } from 'selfsigned';

/** One Application Insights envelope as the exporter sends it (the fields tests read). */
export interface Envelope {
  name: string;
  iKey?: string;
  tags: Record<string, string>;
  data: { baseType: string; baseData: { id?: string; name?: string; responseCode?: string; success?: boolean; properties?: Record<string, string> } };
  [key: string]: unknown;
}

export interface IngestionServer {
  /** For APPLICATIONINSIGHTS_CONNECTION_STRING. */
  connectionString: string;
  /** The endpoint's own certificate (PEM file), for the app's NODE_EXTRA_CA_CERTS. */
  caFile: string;
  envelopes: Envelope[];
  /** Every request body as received (for scans). */
  raw: string[];
  close(): Promise<void>;
}

/**
 * A stand-in for Application Insights' ingestion endpoint (`POST /v2.1/track`) on
 * loopback: it accepts what the real exporter sends and keeps it for assertions.
 * The exporter only speaks https (it rewrites an http endpoint), so this serves TLS
 * with a certificate made for the run; the app trusts it through NODE_EXTRA_CA_CERTS.
 */
export async function startIngestion(): Promise<IngestionServer> {
  const envelopes: Envelope[] = [];
  const raw: string[] = [];
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], { keyType: 'ec', extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }] });
  const dir = mkdtempSync(join(tmpdir(), 'ingestion-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, pems.cert);
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const text = body.toString('utf8');
      raw.push(text);
      const items: Envelope[] = text.trimStart().startsWith('[') ? JSON.parse(text) : text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      if (req.url?.endsWith('/track')) envelopes.push(...items);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    connectionString: `InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=https://127.0.0.1:${port}/`,
    caFile,
    envelopes,
    raw,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
