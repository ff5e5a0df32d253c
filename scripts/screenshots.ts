/**
 * The screenshots the README shows, made from the real portal in demo mode (fresh data directory,
 * headless Chromium, Dutch): the contract manager's overview, the funnel plot, and a provider's
 * validation report. Written to docs/ as small PNGs (1280 CSS px wide pages, captured at a device
 * scale factor below 1). Run again after a visible change: `npx tsx scripts/screenshots.ts`.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { logIn, startDemoPortal } from '../test/e2e/support.ts';

const docsDir = fileURLToPath(new URL('../docs/', import.meta.url));
/** A period and category of the demo region with 27 providers, small cells and outliers. */
const selection = 'period=2025-H2&category=45';
/** Pages are laid out at 1280 CSS px and saved at this fraction, to keep the files small. */
const scale = 0.75;
const viewport = { width: 1280, height: 900 };

/** Saves the band of the page from the top of `from` to the bottom of `to` (CSS px, with a margin). */
async function save(page: Page, name: string, from: string, to: string): Promise<void> {
  const path = join(docsDir, name);
  const edge = (selector: string, side: 'top' | 'bottom') =>
    page
      .locator(selector)
      .first()
      .evaluate((element, which) => element.getBoundingClientRect()[which] + window.scrollY, side);
  const top = Math.max(0, (await edge(from, 'top')) - 24);
  const height = (await edge(to, 'bottom')) + 1 - top;
  await page.screenshot({
    path,
    clip: { x: 0, y: top, width: viewport.width, height },
    fullPage: true,
    animations: 'disabled',
    caret: 'hide',
  });
  console.log(
    `docs/${name}: ${Math.round(viewport.width * scale)} × ${Math.round(height * scale)} px, ${(statSync(path).size / 1024).toFixed(0)} KB`,
  );
}

mkdirSync(docsDir, { recursive: true });
const demo = await startDemoPortal('rp-screenshots-', 180_000);
try {
  const newPage = async () => {
    const context = await demo.browser.newContext({ viewport, deviceScaleFactor: scale, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    return context.newPage();
  };

  // The contract manager: every provider × indicator, bespreekpunten marked.
  const manager = await newPage();
  await logIn(manager, demo.portal.url, demo.accounts.contract_manager);
  await manager.goto(`${demo.portal.url}/compare?${selection}`);
  await manager.locator('.matrix__table tbody .cm-flag').first().waitFor({ timeout: 120_000 });
  // Sorted by dropout, highest first: the providers with a bespreekpunt come to the top.
  const dropout = manager.locator('.matrix__table thead th').filter({ hasText: 'Uitval' }).getByRole('button');
  await dropout.click();
  await dropout.click();
  await manager.locator('.matrix__table thead th[aria-sort="descending"]').waitFor();
  await manager.mouse.move(0, 0);
  await save(manager, 'screenshot-overview.png', 'header', '.matrix__table tbody tr:nth-child(4)');

  // The funnel plot of one indicator, with a flagged provider in the panel beside it.
  await manager.goto(`${demo.portal.url}/compare/funnel?${selection}&indicator=dropout`);
  const flagged = manager.locator('.funnel-plot__point', { has: manager.locator('.funnel-plot__marker--flag') });
  await flagged.first().waitFor({ timeout: 120_000 });
  await flagged.first().hover();
  await save(manager, 'screenshot-funnel.png', 'h2:has-text("Uitval, productcategorie")', '.funnel-plot');

  // A provider's upload with mistakes: the report says row, column, masked value and message.
  const provider = await newPage();
  await logIn(provider, demo.portal.url, demo.accounts.provider);
  const agb = (await provider.evaluate(async () => (await fetch('/api/v1/me')).json())).organisation.code as string;
  const header =
    'recordId;clientPseudonym;providerAgb;municipalityCode;productCategory;careForm;startDate;endDate;ageAtStart;endReason;goalAttainment;youthUsefulness';
  const row = (id: string, fields: string) => `${id};p1:${'0123456789abcdef'.repeat(4)};${agb};0518;45;02;${fields}`;
  const withMistakes = [
    header,
    row('TR-2026-101', '2026-01-12;2026-04-30;12;01;goed;8'),
    row('TR-2026-102', '2026-02-01;2026-05-15;9;31;volledig;11'),
    row('TR-2026-103', '2025-11-01;2025-12-15;14;01;gedeeltelijk;7'),
    row('TR-2026-104', '2026-03-01;2026-06-10;15;01;volledig;9'),
  ].join('\r\n');
  await provider.goto(`${demo.portal.url}/provider/upload`);
  await provider
    .locator('#upload-file')
    .setInputFiles({ name: 'export-voorjaar.csv', mimeType: 'text/csv', buffer: Buffer.from(`${withMistakes}\r\n`) });
  await provider.getByRole('button', { name: 'Bestand controleren' }).click();
  await provider.locator('table.report-table').waitFor({ timeout: 60_000 });
  await save(provider, 'screenshot-upload-report.png', '#outcome-title', 'table.report-table');
} finally {
  await demo.stop();
}
