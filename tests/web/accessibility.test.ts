import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_SHEETS } from '../../infra/smartsheet-emulator/seed.js';
import { ask as askIn, haveChromium, openChromium, pickSheet, type OpenBrowser } from '../support/chromium.js';
import { startDevHostProcess, type DevHostProcess } from '../support/dev-host-process.js';

/**
 * The web app checked with axe-core (WCAG 2 A and AA, 2.2's target size, and axe's best practices) in real Chromium,
 * in the states people spend their time in: the start page, a sheet open, an answer with its chart, a change awaiting
 * approval shown in the card and the grid, a change in conflict, a job's preview and the job done, the row and column
 * menus, a cell's history, the comments, the list of keys — in the light theme and the dark one, and on a phone-sized
 * screen. Every rule's violation fails the test, naming the rule and the elements.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let host: DevHostProcess;
let opened: OpenBrowser;
let page: Page;

/** What axe finds wrong with the page as it is now: "rule (impact): element — what to fix", one a line. */
async function violations(): Promise<string[]> {
  // Evaluated over the DevTools protocol, not as a <script>: the page's content security policy does not apply.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[]; failureSummary: string }[] }[] }> } }).axe;
    // WCAG 2.2's target size (24 × 24 px, or space around) too: axe leaves it off unless asked.
    const { violations } = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'], rules: { 'target-size': { enabled: true } } });
    return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 240)}`));
  });
  return found;
}

const ask = (text: string) => askIn(page, text);

const rowNumber = (n: number) => page.locator('[data-row-id] [role=rowheader]').nth(n - 1);

describe.skipIf(!haveChromium)('accessibility (axe-core)', () => {
  beforeAll(async () => {
    host = await startDevHostProcess();
    opened = await openChromium('axe');
    page = opened.page;
  }, 60_000);
  afterAll(async () => {
    await opened?.close();
    await host?.stop();
  });

  it('the start page, and a sheet open with its suggested questions', async () => {
    await page.goto(host.webUrl);
    await page.getByRole('combobox', { name: 'Sheet' }).waitFor();
    expect(await violations()).toEqual([]);
    await pickSheet(page, 'Project Tracker');
    await page.locator('[data-row-id]').first().waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: /Total Budget by Owner/ }).waitFor({ timeout: 10_000 });
    expect(await violations()).toEqual([]);
  });

  it('an answer with its rows cited and its chart; a change awaiting approval, in the card and in the grid', async () => {
    await ask('Total Budget by Owner');
    await page.getByRole('img', { name: /chart of .*Budget.* by Owner$/ }).last().waitFor({ timeout: 10_000 });
    await ask('set Priority to High where Status is Blocked');
    await page.getByRole('button', { name: 'Approve' }).last().waitFor({ timeout: 10_000 });
    await page.locator('.cell.proposed').first().waitFor();
    expect(await violations()).toEqual([]);
  });

  it('a change in conflict (a cell changed first in Smartsheet); a job’s preview, and the job done', async () => {
    const sheet = (await (await fetch(`${new URL(host.smartsheetUrl!).origin}/admin/sheets/${SEED_SHEETS.projectTracker}`)).json()) as { rows: { id: number }[] };
    await ask('set Priority to Low on row 1');
    const card = page.locator('.card.changeset').last();
    await card.getByRole('button', { name: 'Approve' }).waitFor({ timeout: 10_000 });
    await fetch(`${new URL(host.smartsheetUrl!).origin}/admin/sheets/${SEED_SHEETS.projectTracker}/external-edit`, { method: 'POST', body: JSON.stringify({ rowId: sheet.rows[0]!.id, cells: { Priority: 'Medium' } }) });
    await card.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => card.getAttribute('class'), { timeout: 20_000 }).toContain('conflict');
    expect(await violations()).toEqual([]);
    await ask('summarise Notes in 5 words into Summary');
    await page.getByRole('button', { name: 'Approve and run' }).waitFor({ timeout: 20_000 });
    expect(await violations()).toEqual([]);
    await page.getByRole('button', { name: 'Approve and run' }).click();
    await page.locator('.card.job.completed').last().waitFor({ timeout: 30_000 });
    expect(await violations()).toEqual([]);
  }, 60_000);

  it('the row and column menus, a cell’s history, the comments, the list of keys', async () => {
    await rowNumber(3).click({ button: 'right' });
    await page.getByRole('menu', { name: 'Row 3' }).waitFor();
    expect(await violations()).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('grid').getByRole('columnheader', { name: /^Owner/ }).click({ button: 'right' });
    await page.getByRole('menu', { name: 'Column Owner' }).waitFor();
    expect(await violations()).toEqual([]);
    await page.keyboard.press('Escape');
    await page.locator('[data-row-id]').nth(2).locator('[data-column="Task"]').click({ button: 'right' });
    await page.getByRole('dialog', { name: /^History of Task in row 3/ }).getByRole('list').waitFor({ timeout: 10_000 });
    expect(await violations()).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /^Comments \(\d+\)$/ }).click();
    await page.getByRole('dialog', { name: 'Comments on the sheet' }).locator('.threads > li').first().waitFor({ timeout: 10_000 });
    expect(await violations()).toEqual([]);
    await page.keyboard.press('Escape');
    // The list of the grid's keys: Ctrl+/ in the grid opens it with the keyboard in it; Escape closes it, back to the grid.
    await page.locator('[data-row-id]').nth(2).locator('[data-column="Task"]').click();
    await page.keyboard.press('Control+/');
    await page.getByRole('group', { name: 'Keyboard shortcuts' }).waitFor();
    expect(await violations()).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('group', { name: 'Keyboard shortcuts' }).isVisible()).toBe(false);
    expect(await page.getByTestId('grid').evaluate((grid) => (grid.ownerDocument as { activeElement: unknown }).activeElement === grid)).toBe(true);
  });

  it('the same in the dark theme', async () => {
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
    expect(await violations()).toEqual([]);
    await rowNumber(3).click({ button: 'right' });
    await page.getByRole('menu', { name: 'Row 3' }).waitFor();
    expect(await violations()).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('auto');
  });

  it('on a phone-sized screen: the chat, then the sheet', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await expect.poll(() => page.getByRole('tab', { name: 'Chat' }).getAttribute('aria-selected')).toBe('true');
      expect(await violations()).toEqual([]);
      await page.getByRole('tab', { name: 'Sheet' }).click();
      await page.getByTestId('grid').waitFor();
      expect(await violations()).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });
});
