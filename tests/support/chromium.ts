import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core (`npx playwright install` cannot download a browser here). Without it
 * a browser suite fails under CI and says what is missing; elsewhere it is skipped with a warning.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`Browser tests need Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does it).`);
if (!haveChromium) console.warn(`SKIPPED: the browser tests need Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);

export interface OpenBrowser {
  context: BrowserContext;
  page: Page;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/**
 * Chromium, headless with a fresh profile (its --user-data-dir) and the flags that keep it off the network; an error
 * the page throws fails the test running.
 */
export async function openChromium(name: string): Promise<OpenBrowser> {
  const profile = join(tmpdir(), `chatsheetai-${name}-${process.pid}-${Date.now()}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => {
    throw error;
  });
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens a sheet as a person does: types part of its name in the sheet box and picks it from the list. */
export async function pickSheet(page: Page, name: string, typed = name.split(' ')[0]!.toLowerCase()): Promise<void> {
  const box = page.getByRole('combobox', { name: 'Sheet' });
  await box.click();
  await box.fill(typed);
  await page.getByRole('option', { name }).click();
}

/** Sends a message in the chat and waits for its answer to show. */
export async function ask(page: Page, text: string): Promise<void> {
  const before = await page.locator('[data-testid=message-assistant]').count();
  await page.getByLabel('Message').fill(text);
  await page.getByLabel('Message').press('Enter');
  await page.locator('[data-testid=message-assistant]').nth(before).waitFor({ timeout: 20_000 });
}
