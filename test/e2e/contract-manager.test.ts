/**
 * The contract manager's comparison pages and the municipality's residents page in a real Chromium
 * against the real server process (demo mode, temp DATA_DIR): the providers × indicators overview
 * with suppression, sorting and bespreekpunten, the funnel plot by keyboard and as a table, a
 * provider's detail, and what a municipality may and may not see. Screenshots go to /tmp/shots-cm/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { apiStatus, logIn, navLinks, startDemoPortal, watchForProblems, type DemoPortal } from './support.ts';

const shots = '/tmp/shots-cm';
/** A period and category of the demo region with 27 providers, small cells and three outliers. */
const selection = 'period=2025-H2&category=45';
/** Script errors and CSP refusals on any page, checked at the end. */
const problems: string[] = [];

/** "12,4%" → 0.124; undefined for "< 10", "afgeschermd" or "—". */
function percent(text: string): number | undefined {
  const match = /^(\d+(?:,\d+)?)%/.exec(text.trim());
  return match ? Number(match[1].replace(',', '.')) / 100 : undefined;
}

describe('the contract manager and municipality pages in Chromium, demo region', () => {
  let demo: DemoPortal;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    demo = await startDemoPortal('rp-e2e-cm-');
    expect(Object.keys(demo.accounts)).toEqual(expect.arrayContaining(['contract_manager', 'municipality', 'admin']));
    page = watchForProblems(await demo.browser.newPage({ viewport: { width: 1280, height: 900 } }), problems);
    await logIn(page, demo.portal.url, demo.accounts.contract_manager);
  }, 120_000);

  afterAll(async () => {
    await demo?.stop();
  });

  it('shows every provider × indicator with "< 10" cells explained, the region total and points for discussion', async () => {
    expect(await navLinks(page)).toEqual(
      expect.arrayContaining(['Overzicht', 'Aanbieders vergelijken', 'Trechterdiagram', 'Mijn account']),
    );
    await page.goto(`${demo.portal.url}/compare?${selection}`);
    await page.getByRole('heading', { level: 1, name: 'Aanbieders vergelijken' }).waitFor();
    const rows = page.locator('.matrix__table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(27);
    expect(await page.locator('.matrix__table tfoot').innerText()).toContain('Regio totaal (27 aanbieders)');

    // Small cells: "< 10" without a value, its reason on hover, for screen readers and in the legend.
    const small = page.locator('.matrix__table tbody td.cm-fig--suppressed').filter({ hasText: '< 10' });
    expect(await small.count()).toBeGreaterThan(0);
    expect(await small.first().getAttribute('title')).toMatch(/^Minder dan 10 trajecten of metingen/);
    expect(await small.first().innerText()).not.toMatch(/%/);
    expect(await page.locator('.cm-legend').innerText()).toContain('Minder dan 10 trajecten of metingen: het cijfer wordt niet getoond');

    // Every shown figure carries its n; the interval appears with the toggle.
    expect(await rows.first().locator('td').first().innerText()).toMatch(/n = \d+/);
    await page.getByLabel('Toon de 95%-betrouwbaarheidsintervallen').check();
    const cell = rows.first().locator('td').first();
    expect(await cell.innerText()).toMatch(/\d+,\d–\d+,\d%/);
    expect(await cell.textContent()).toMatch(/95%-interval \d+,\d–\d+,\d%/); // named for screen readers

    // Bespreekpunten come from the funnels, worded as points for the dialogue.
    const flags = page.locator('.matrix__table tbody .cm-flag');
    await flags.first().waitFor({ timeout: 30_000 });
    expect(await flags.first().innerText()).toContain('Bespreekpunt');
    expect(await page.locator('.cm-legend').innerText()).toContain('geen oordeel over de aanbieder');
    await page.screenshot({ path: join(shots, 'overview.png'), fullPage: true });
  });

  it('sorts by an indicator with the keyboard (aria-sort follows) and filters by provider name', async () => {
    const rows = page.locator('.matrix__table tbody tr');
    const firstName = () => rows.first().locator('th').innerText();
    const byName = await firstName();
    const dropoutHeader = page.locator('.matrix__table thead th').filter({ hasText: 'Uitval' });
    const dropoutValues = async () =>
      (
        await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td')[0].querySelector('.cm-fig__value')?.textContent ?? ''))
      ).map(percent);

    await dropoutHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    expect(await dropoutHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await page.locator('.matrix__table thead th').first().getAttribute('aria-sort')).toBeNull();
    const ascending = (await dropoutValues()).filter((v): v is number => v !== undefined);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(await firstName()).not.toBe(byName);

    await page.keyboard.press('Enter');
    expect(await dropoutHeader.getAttribute('aria-sort')).toBe('descending');
    const values = await dropoutValues();
    const shown = values.filter((v): v is number => v !== undefined);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    // Suppressed figures stay at the bottom in either direction: they are not the lowest.
    expect(values.slice(shown.length).every((v) => v === undefined)).toBe(true);

    await page.getByLabel('Zoek aanbieder (naam of AGB-code)').fill('jeugdzorg');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'aanbieders getoond' }).innerText())
      .toMatch(/^\d van 27 aanbieders getoond/);
    for (const name of await rows.locator('th a').allInnerTexts()) expect(name).toMatch(/Jeugdzorg/);
    await page.getByLabel('Zoek aanbieder (naam of AGB-code)').fill('');
  });

  it('draws the funnel with its limits; a point is reached by keyboard and announces its numbers; the table lists as many providers', async () => {
    await page.getByRole('link', { name: 'Bekijk de trechterdiagrammen per indicator' }).click();
    await page.getByRole('heading', { level: 1, name: 'Trechterdiagram' }).waitFor();
    expect(await page.getByLabel('Indicator', { exact: true }).inputValue()).toBe('dropout');
    const points = page.locator('.funnel-plot__point');
    await points.first().waitFor();
    expect(await page.locator('path.funnel-plot__limit--95').count()).toBe(2);
    expect(await page.locator('path.funnel-plot__limit--998').count()).toBe(2);
    expect(await page.locator('line.funnel-plot__peer').count()).toBeGreaterThan(0);
    const pointCount = await points.count();
    expect(pointCount).toBeGreaterThan(10);
    expect(await page.locator('.funnel-plot-table tbody tr').count()).toBe(pointCount);
    // Flagged points differ by shape (a triangle), and the table marks the same providers.
    const flagged = (await page.locator('.funnel-plot__marker--flag').count()) - 2; // two in the legend
    expect(flagged).toBeGreaterThan(0);
    expect(await page.locator('.funnel-plot-table tbody tr.cm-row--flag').count()).toBe(flagged);
    expect(await page.locator('main').innerText()).toContain('Een bespreekpunt betekent alleen dat het cijfer buiten de 99,8%-grens valt');

    // One tab stop into the points, arrows move between them, the panel follows.
    await page.getByLabel('Indicator', { exact: true }).focus();
    let onPoint = false;
    for (let i = 0; i < 10 && !onPoint; i++) {
      await page.keyboard.press('Tab');
      onPoint = await page.evaluate(() => document.activeElement?.classList.contains('funnel-plot__point') ?? false);
    }
    expect(onPoint).toBe(true);
    const label = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    const first = await label();
    expect(first).toMatch(/^.+: \d+,\d%, \d+ van \d+ trajecten, 95%-interval \d+,\d–\d+,\d%\. /);
    await page.keyboard.press('ArrowRight');
    const second = await label();
    expect(second).not.toBe(first);
    expect(await page.locator('.funnel-plot__panel h3').innerText()).toBe(second.split(':')[0]);
    await page.keyboard.press('End');
    expect(await label()).toMatch(/trajecten/);
    await page.screenshot({ path: join(shots, 'funnel.png'), fullPage: true });

    // Axis labels follow the language.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect
      .poll(() => page.locator('.funnel-plot__axis-label').allTextContents())
      .toEqual(['Number of trajectories (n)', 'Dropout (%)']);
    await page.getByRole('button', { name: 'Schakel naar Nederlands' }).click();
    await expect.poll(() => page.locator('.funnel-plot__axis-label').first().textContent()).toBe('Aantal trajecten (n)');

    // Another indicator: its own funnel, in measurements.
    await page.getByLabel('Indicator', { exact: true }).selectOption({ label: 'Tevredenheid (ervaren nut)' });
    await page.waitForURL(/indicator=satisfaction/);
    await page.getByRole('heading', { level: 2, name: /^Tevredenheid \(ervaren nut\), productcategorie 45/ }).waitFor();
    await expect.poll(() => page.locator('.funnel-plot__axis-label').first().textContent()).toBe('Aantal metingen (n)');
  });

  it('opens a flagged provider with its funnel positions, case-mix, trend, data quality and submissions', async () => {
    await page.getByRole('link', { name: 'Naar het overzicht van alle aanbieders' }).click();
    const flaggedRow = page
      .locator('.matrix__table tbody tr')
      .filter({ has: page.locator('.cm-flag') })
      .first();
    await flaggedRow.waitFor({ timeout: 30_000 });
    const name = await flaggedRow.locator('th a').innerText();
    await flaggedRow.locator('th a').click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const table = page.locator('.cm-provider-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(10);
    // Funnels and case-mix come first; the trends (slowest) follow, each shown as it arrives.
    const trend = page.locator('.cm-trend-table');
    await trend.waitFor({ timeout: 45_000 });
    const text = await table.innerText();
    expect(text).toMatch(/O\/E \d+,\d\d/);
    expect(text).toMatch(/\d+ waargenomen, \d+(,\d)? verwacht/);
    expect(text).toContain('Bespreekpunt:');
    expect(await trend.locator('thead th').allInnerTexts()).toEqual(['Indicator', '2024-H2', '2025-H1', '2025-H2', 'Richting']);
    await expect.poll(() => trend.locator('tbody tr').first().innerText(), { timeout: 20_000 }).toMatch(/\d+,\d%[\s\S]*regio \d+,\d%/);
    expect(await table.locator('tbody tr').first().locator('svg.cm-sparkline').count()).toBe(1);
    await page.getByRole('heading', { level: 2, name: 'Datakwaliteit 2025-H2' }).waitFor();
    expect(await page.locator('.cm-quality').innerText()).toContain('Respons');
    await page.getByRole('heading', { level: 2, name: 'Aanleveringen' }).waitFor();
    expect(await page.locator('#provider-submissions ~ div tbody tr').count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: join(shots, 'provider-detail.png'), fullPage: true });
    await page.goto('about:blank'); // stops the remaining trend requests
  }, 90_000);

  it("shows the municipality its residents' table against the region, and not the contract manager's pages", async () => {
    const context = await demo.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const municipal = watchForProblems(await context.newPage(), problems);
    await logIn(municipal, demo.portal.url, demo.accounts.municipality);
    const links = await navLinks(municipal);
    expect(links).toEqual(expect.arrayContaining(['Overzicht', 'Resultaten inwoners', 'Mijn account']));
    expect(links).not.toContain('Aanbieders vergelijken');
    expect(links).not.toContain('Trechterdiagram');
    await municipal.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Resultaten inwoners' }).click();
    await municipal.getByRole('heading', { level: 1, name: 'Resultaten voor uw inwoners' }).waitFor();
    await municipal.goto(`${demo.portal.url}/residents?${selection}`);
    const rows = municipal.locator('.matrix__table tbody tr');
    await rows.first().waitFor();
    expect(await municipal.locator('main').innerText()).toContain('inwoners van Gemeente Den Haag');
    expect(await municipal.locator('.matrix__table tfoot').innerText()).toMatch(/^Hele regio, alle inwoners \(27 aanbieders\)/);
    expect(await municipal.locator('.matrix__table tbody td.cm-fig--suppressed').filter({ hasText: '< 10' }).count()).toBeGreaterThan(0);
    expect(await municipal.locator('.matrix__table tbody a').count()).toBe(0); // no provider detail for a municipality
    await municipal.screenshot({ path: join(shots, 'municipality.png'), fullPage: true });

    for (const path of ['/compare', `/compare/funnel?${selection}`, '/compare/providers/98829803']) {
      await municipal.goto(`${demo.portal.url}${path}`);
      await municipal.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
    }

    // SPEC §4.4: aggregates for its own residents only. The API holds it there whatever it asks.
    const own = await municipal.evaluate(async () => (await fetch('/api/v1/indicators?period=2025-H2&productCategory=45')).json());
    expect(own.municipalityCode).toBe('0518');
    expect(await apiStatus(municipal, '/api/v1/indicators?period=2025-H2&productCategory=45&municipalityCode=0503')).toBe(403);
    expect(
      await apiStatus(municipal, '/api/v1/comparisons/casemix?period=2025-H2&productCategory=45&indicator=dropout&municipalityCode=0503'),
    ).toBe(403);
    expect(await apiStatus(municipal, '/api/v1/comparisons/casemix?period=2025-H2&productCategory=45&indicator=dropout')).toBe(200);
    // Providers' data quality and submission history are no business of a municipality.
    expect(await apiStatus(municipal, '/api/v1/data-quality?period=2025-H2')).toBe(403);
    expect(await apiStatus(municipal, '/api/v1/submissions')).toBe(403);
    await context.close();
  });

  it('keeps the comparison pages from admins and auditors, who see no outcome data here', async () => {
    for (const role of ['admin', 'auditor']) {
      const context = await demo.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const other = watchForProblems(await context.newPage(), problems);
      await logIn(other, demo.portal.url, demo.accounts[role]);
      const links = await navLinks(other);
      expect(links, role).not.toContain('Aanbieders vergelijken');
      expect(links, role).not.toContain('Trechterdiagram');
      expect(links, role).not.toContain('Resultaten inwoners');
      for (const path of [`/compare?${selection}`, `/compare/funnel?${selection}`, '/residents']) {
        await other.goto(`${demo.portal.url}${path}`);
        await other.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
      }
      await context.close();
    }
  });

  it('ran without script errors or CSP refusals on any page', () => {
    expect(problems).toEqual([]);
  });
});
