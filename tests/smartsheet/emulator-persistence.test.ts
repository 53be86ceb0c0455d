import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEED_SHEETS } from '../../infra/smartsheet-emulator/seed.js';
import { startSmartsheetEmulator } from '../../infra/smartsheet-emulator/server.js';

describe('Smartsheet emulator: optional persistence file', () => {
  it('keeps edits across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-'));
    const file = join(dir, 'sheets.json');
    try {
      let emulator = await startSmartsheetEmulator({ port: 0, persistFile: file });
      const admin = (path: string, body?: unknown) =>
        fetch(`${emulator.url.replace('localhost', '127.0.0.1')}/admin${path}`, { method: body ? 'POST' : 'GET', body: body ? JSON.stringify(body) : undefined }).then((r) => r.json() as Promise<any>);
      const before = await admin(`/sheets/${SEED_SHEETS.crm}`);
      const rowId = before.rows[0].id;
      await admin(`/sheets/${SEED_SHEETS.crm}/external-edit`, { rowId, cells: { Notes: 'persisted note' } });
      await emulator.stop();

      emulator = await startSmartsheetEmulator({ port: 0, persistFile: file });
      const after = await admin(`/sheets/${SEED_SHEETS.crm}`);
      expect(after.version).toBe(before.version + 1);
      const notes = after.columns.find((c: { title: string }) => c.title === 'Notes').id;
      expect(after.rows[0].cells.find((c: { columnId: number }) => c.columnId === notes).value).toBe('persisted note');
      await emulator.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
