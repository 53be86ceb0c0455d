import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { SEED_SHEETS } from '../infra/smartsheet-emulator/seed.js';
import { startAppHost } from './app-host.js';
import type { Benchmark } from './harness.js';

/** Gzipped size of the web app's JavaScript chunks — all of them, or only the first load's (`index-*.js`). */
function jsGzipKb(root: string, only?: RegExp): number {
  const dir = join(root, 'dist/web/assets');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js') && (!only || only.test(f)))
    .reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0) / 1024;
}

/**
 * Navigation to a grid that shows, and scrolls through, the 20,000-row seeded
 * sheet (session already loaded), in Debian's Chromium: median of 3 page loads.
 */
async function interactive20k(root: string): Promise<number> {
  const host = await startAppHost(root, {}, true);
  const profile = join(tmpdir(), `chatsheetai-bench-${process.pid}`);
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const web = host.webUrl!.replace('localhost', '127.0.0.1');
    const created = (await (await fetch(`${web}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sheetId: SEED_SHEETS.large }) })).json()) as { sessionId: string };
    for (;;) {
      const view = (await (await fetch(`${web}/api/sessions/${created.sessionId}`)).json()) as { state: { status: string } };
      if (view.state.status === 'ready') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const page = browser.pages()[0] ?? (await browser.newPage());
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await page.goto(`${web}/?session=${created.sessionId}`);
      await page.getByText(/20,000 of 20,000 rows/).waitFor({ timeout: 30_000 });
      await page.locator('[data-row-id]').first().waitFor();
      // Interactive: a jump to the end renders the last rows.
      await page.getByTestId('grid').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page.locator('[role=rowheader]', { hasText: /^20000$/ }).waitFor({ timeout: 10_000 });
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[1]!;
  } finally {
    await browser.close();
    await host.stop();
  }
}

export function webBenchmarks(root: string): Benchmark[] {
  return [
    { id: 'web.interactive-20k-ms', figure: 'navigation → grid showing and scrolled to the end of the 20,000-row sheet, Chromium, median of 3', unit: 'ms', target: 2000, goal: 'max', run: () => interactive20k(root) },
    { id: 'web.js-gzip-kb', figure: 'JavaScript shipped to the browser, gzipped (every chunk)', unit: 'KB', target: 350, goal: 'max', run: async () => jsGzipKb(root) },
    { id: 'web.js-first-load-gzip-kb', figure: "the app's first load alone, gzipped (Chart.js comes with the first chart)", unit: 'KB', target: Number.MAX_SAFE_INTEGER, goal: 'max', run: async () => jsGzipKb(root, /^index-/) },
  ];
}
