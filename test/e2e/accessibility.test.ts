/**
 * WCAG 2.1 AA with axe-core on every page of the route table, for every role that may see it, in a
 * real Chromium against the real server process (demo mode, temp DATA_DIR), at 1280 and at 390 CSS
 * px wide (there the rules that depend on layout): a serious or critical violation fails the test with its rule, help text and elements.
 * Every page is also saved at both widths to /tmp/shots-a11y/ for a person to look at, and at 390 px
 * nothing may stick out sideways (tables scroll inside their own box). The full axe findings, minor
 * ones too, go to /tmp/shots-a11y/axe-report.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { routes } from '../../web/src/routes.tsx';
import { logIn, startDemoPortal, watchForProblems, type DemoPortal, type DemoRole } from './support.ts';

const shots = '/tmp/shots-a11y';
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** A period and category of the demo region with 27 providers, small cells and outliers. */
const selection = 'period=2025-H2&category=45';
/** Texts that say a part of the page is still loading: axe waits until none is left. */
/**
 * At 390 px only the rules whose outcome depends on the layout run again: the page's DOM is the
 * same at both widths (the styles change, no script reads the width), so the other rules would
 * repeat the 1280 px answer at the cost of a second full axe pass per page.
 */
const narrowRules = ['color-contrast', 'link-in-text-block', 'scrollable-region-focusable'];
const stillLoading = /Bezig met laden|laden…|wordt geladen|worden bepaald/i;

interface Visit {
  /** The route pattern of routes.tsx this visit covers (for the completeness check). */
  route: string;
  /** A name for the screenshot files and the failure message. */
  name: string;
  /** The path to open; or an action on the current page that brings it into the state to check. */
  path?: string;
  act?: (page: Page) => Promise<void>;
  /** Something on the page that says it has its data (beyond the h1). */
  ready?: string;
}

interface Finding {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Waits for the page's h1, the element it needs, and the end of its loading texts. */
async function settle(page: Page, ready?: string): Promise<void> {
  await page.locator('h1').first().waitFor({ timeout: 45_000 });
  if (ready) await page.locator(ready).first().waitFor({ timeout: 60_000 });
  await expect
    .poll(
      async () =>
        stillLoading.test(
          await page
            .locator('main')
            .innerText()
            .catch(() => ''),
        ),
      { timeout: 60_000, interval: 500 },
    )
    .toBe(false);
  await page.waitForTimeout(300); // the last state update and focus move
}

describe('accessibility of every page (axe-core, WCAG 2.1 AA) with screenshots at 1280 and 390 px', () => {
  let demo: DemoPortal;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  const findings: Finding[] = [];
  const overflows: string[] = [];
  const covered = new Map<string, Set<string>>(); // role → route patterns visited
  let providerAgb = '';
  let dialogueId = 0;
  let providerPage: Page; // logged in from the start: its AGB and a dialogue are needed first
  let managerPage: Page;

  async function newPage(): Promise<Page> {
    // Dutch browser settings, as the region's users have them.
    const context = await demo.browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'nl-NL',
      timezoneId: 'Europe/Amsterdam',
    });
    contexts.push(context);
    return watchForProblems(await context.newPage(), problems);
  }

  /**
   * axe's violations on the page as it is now (WCAG 2.1 A and AA rules), and what it could not
   * decide (impact "review", for the report only: e.g. contrast over a gradient).
   */
  async function violations(page: Page, label: string, rules?: string[]): Promise<Finding[]> {
    const builder = new AxeBuilder({ page }).withTags(wcagTags);
    const results = await (rules ? builder.withRules(rules) : builder).analyze();
    const where = `${label} (${new URL(page.url()).pathname})`;
    return [
      ...results.violations.map((v) => ({
        page: where,
        id: v.id,
        impact: v.impact ?? 'unknown',
        help: v.help,
        targets: v.nodes.map((node) => node.target.join(' ')),
      })),
      ...results.incomplete.map((v) => ({
        page: where,
        id: v.id,
        impact: 'review',
        help: v.help,
        targets: v.nodes.map((node) => node.target.join(' ')),
      })),
    ];
  }

  /**
   * Runs axe on the current page state at 1280 and at 390 px (a table that scrolls sideways only on
   * a phone must be reachable by keyboard there), saves it at both widths, returns the serious findings.
   */
  async function check(page: Page, role: string, visit: Visit): Promise<Finding[]> {
    const label = `${role} ${visit.name}`;
    const wide = await violations(page, label);
    const file = `${role}-${visit.name}`.replace(/[^a-z0-9-]+/gi, '-');
    await page.screenshot({ path: join(shots, `${file}-1280.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))); // laid out anew
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth > 390) overflows.push(`${label}: ${scrollWidth} px wide at 390 px`);
    await page.screenshot({ path: join(shots, `${file}-390.png`), fullPage: true });
    const seen = new Set(wide.map((f) => `${f.id} ${f.targets.join()}`));
    const narrow = (await violations(page, `${label} at 390 px`, narrowRules)).filter((f) => !seen.has(`${f.id} ${f.targets.join()}`));
    await page.setViewportSize({ width: 1280, height: 900 });
    const all = [...wide, ...narrow];
    findings.push(...all);
    return all.filter((f) => f.impact === 'serious' || f.impact === 'critical');
  }

  /** Opens each visit in turn (or performs its action), checks it, and fails listing what axe found. */
  async function visitAll(page: Page, role: string, visits: Visit[]): Promise<void> {
    const serious: Finding[] = [];
    for (const visit of visits) {
      if (visit.path) await page.goto(`${demo.portal.url}${visit.path}`);
      if (visit.act) await visit.act(page);
      await settle(page, visit.ready);
      serious.push(...(await check(page, role, visit)));
      if (!covered.has(role)) covered.set(role, new Set());
      covered.get(role)!.add(visit.route);
    }
    const listing = serious.map((f) => `${f.page}: [${f.impact}] ${f.id}: ${f.help}\n    ${f.targets.join('\n    ')}`).join('\n');
    expect(serious, `serious or critical axe violations:\n${listing}`).toEqual([]);
  }

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    demo = await startDemoPortal('rp-e2e-a11y-');
    expect(Object.keys(demo.accounts)).toEqual(
      expect.arrayContaining(['provider', 'contract_manager', 'municipality', 'auditor', 'admin']),
    );
    [providerPage, managerPage] = await Promise.all([newPage(), newPage()]);
    await Promise.all([
      logIn(providerPage, demo.portal.url, demo.accounts.provider),
      logIn(managerPage, demo.portal.url, demo.accounts.contract_manager),
    ]);
    const me = await providerPage.evaluate(async () => (await fetch('/api/v1/me')).json());
    providerAgb = me.organisation.code;
    // A dialogue for the demo provider, so its workspace and brief have a real id.
    const prepared = await managerPage.evaluate(async (agb) => {
      const response = await fetch('/api/v1/dialogues', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Portal-Request': '1' },
        body: JSON.stringify({ providerAgb: agb, period: '2026-H1' }),
      });
      return { status: response.status, body: await response.json() };
    }, providerAgb);
    expect(prepared.status, JSON.stringify(prepared.body)).toBe(201);
    dialogueId = prepared.body.id;
  }, 240_000);

  afterAll(async () => {
    writeFileSync(join(shots, 'axe-report.json'), `${JSON.stringify(findings, null, 2)}\n`);
    for (const context of contexts) await context.close().catch(() => undefined);
    await demo?.stop();
  });

  it('a visitor: the home page, the login page (also with its errors), and the page-not-found', async () => {
    const page = await newPage();
    await visitAll(page, 'guest', [
      { route: '/', name: 'home', path: '/', ready: '[role="status"]' },
      { route: '/login', name: 'login', path: '/login' },
      {
        route: '/login',
        name: 'login-errors',
        act: async (p) => {
          await p.getByRole('button', { name: 'Inloggen' }).click();
          await p.getByRole('alert').first().waitFor();
        },
      },
      { route: '(not found)', name: 'not-found', path: '/bestaat-niet' },
    ]);
  }, 180_000);

  it('the provider: every page it may see, the upload report, a dialogue and its brief, and a page it may not see', async () => {
    const page = providerPage;
    const withMistakes =
      'recordId;clientPseudonym;providerAgb;municipalityCode;productCategory;careForm;startDate;endDate;ageAtStart;endReason;goalAttainment\r\n' +
      `TR-1;p1:${'ab'.repeat(32)};${providerAgb};0518;45;02;2026-01-12;2026-04-30;12;01;goed\r\n` +
      `TR-2;p1:${'cd'.repeat(32)};${providerAgb};0518;45;02;2025-11-01;2025-12-15;12;01;volledig\r\n`;
    await visitAll(page, 'provider', [
      { route: '/dashboard', name: 'dashboard', path: '/dashboard' },
      { route: '/provider/upload', name: 'upload', path: '/provider/upload', ready: 'input[type="radio"]' },
      {
        route: '/provider/upload',
        name: 'upload-report',
        act: async (p) => {
          await p
            .locator('#upload-file')
            .setInputFiles({ name: 'export-met-fouten.csv', mimeType: 'text/csv', buffer: Buffer.from(withMistakes) });
          await p.getByRole('button', { name: 'Bestand controleren' }).click();
          await p.locator('table.report-table').waitFor({ timeout: 60_000 });
        },
      },
      { route: '/provider/submissions', name: 'submissions', path: '/provider/submissions', ready: 'table' },
      { route: '/provider/results', name: 'results', path: '/provider/results', ready: 'table' },
      { route: '/provider/field-guide', name: 'field-guide', path: '/provider/field-guide', ready: 'table' },
      { route: '/dialogues', name: 'dialogues', path: '/dialogues' },
      { route: '/dialogues/:id', name: 'dialogue', path: `/dialogues/${dialogueId}`, ready: '.figures-table' },
      { route: '/dialogues/:id/brief', name: 'dialogue-brief', path: `/dialogues/${dialogueId}/brief`, ready: 'table' },
      { route: '/meldingen', name: 'notifications', path: '/meldingen', ready: '.notification-list, .notifications-empty' },
      { route: '/account', name: 'account', path: '/account' },
      { route: '(forbidden)', name: 'forbidden', path: '/audit' },
    ]);
  }, 480_000);

  it('the contract manager: overview, funnel, a provider detail, dialogues (list, prepare, workspace, brief) and the account', async () => {
    const page = managerPage;
    await visitAll(page, 'contract_manager', [
      { route: '/dashboard', name: 'dashboard', path: '/dashboard' },
      { route: '/compare', name: 'overview', path: `/compare?${selection}`, ready: '.matrix__table tbody .cm-flag' },
      { route: '/compare/funnel', name: 'funnel', path: `/compare/funnel?${selection}`, ready: '.funnel-plot__point' },
      {
        route: '/compare/providers/:agb',
        name: 'provider-detail',
        path: `/compare/providers/${providerAgb}?${selection}`,
        ready: '.cm-trend-table',
      },
      { route: '/dialogues', name: 'dialogues', path: '/dialogues' },
      { route: '/dialogues/new', name: 'dialogue-prepare', path: '/dialogues/new', ready: 'form' },
      { route: '/deliveries', name: 'deliveries', path: '/deliveries', ready: '.deliveries-table tbody tr' },
      { route: '/dialogues/:id', name: 'dialogue', path: `/dialogues/${dialogueId}`, ready: '.figures-table' },
      { route: '/dialogues/:id/brief', name: 'dialogue-brief', path: `/dialogues/${dialogueId}/brief`, ready: 'table' },
      { route: '/meldingen', name: 'notifications', path: '/meldingen', ready: '.notification-list, .notifications-empty' },
      { route: '/account', name: 'account', path: '/account' },
    ]);
  }, 480_000);

  it('the municipality: its residents page and the account', async () => {
    const page = await newPage();
    await logIn(page, demo.portal.url, demo.accounts.municipality);
    await visitAll(page, 'municipality', [
      { route: '/dashboard', name: 'dashboard', path: '/dashboard' },
      { route: '/residents', name: 'residents', path: `/residents?${selection}`, ready: '.matrix__table tbody tr' },
      { route: '/meldingen', name: 'notifications', path: '/meldingen', ready: '.notification-list, .notifications-empty' },
      { route: '/account', name: 'account', path: '/account' },
    ]);
  }, 300_000);

  it('the auditor: the access log, the verification (also its outcome), checkpoints, monitoring and the account', async () => {
    const page = await newPage();
    await logIn(page, demo.portal.url, demo.accounts.auditor);
    await visitAll(page, 'auditor', [
      { route: '/dashboard', name: 'dashboard', path: '/dashboard' },
      { route: '/audit', name: 'access-log', path: '/audit', ready: 'table.log-table tbody tr' },
      { route: '/audit/verify', name: 'verify', path: '/audit/verify' },
      {
        route: '/audit/verify',
        name: 'verify-outcome',
        act: async (p) => {
          await p.getByRole('button', { name: 'Controle starten' }).click();
          await p.locator('#verify-outcome').waitFor({ timeout: 60_000 });
        },
      },
      { route: '/audit/checkpoints', name: 'checkpoints', path: '/audit/checkpoints' },
      { route: '/audit/monitoring', name: 'monitoring', path: '/audit/monitoring' },
      { route: '/meldingen', name: 'notifications', path: '/meldingen', ready: '.notification-list, .notifications-empty' },
      { route: '/account', name: 'account', path: '/account' },
    ]);
  }, 300_000);

  it('the administrator: accounts, providers, API clients, periods, region settings and the account', async () => {
    const page = await newPage();
    await logIn(page, demo.portal.url, demo.accounts.admin);
    await visitAll(page, 'admin', [
      { route: '/dashboard', name: 'dashboard', path: '/dashboard' },
      { route: '/admin/users', name: 'users', path: '/admin/users', ready: 'table' },
      { route: '/admin/providers', name: 'providers', path: '/admin/providers', ready: 'table' },
      { route: '/admin/api-clients', name: 'api-clients', path: '/admin/api-clients' },
      { route: '/admin/periods', name: 'periods', path: '/admin/periods', ready: 'table' },
      { route: '/admin/region', name: 'region', path: '/admin/region', ready: 'form' },
      { route: '/admin/contracts', name: 'contracts', path: '/admin/contracts', ready: 'table' },
      { route: '/deliveries', name: 'deliveries', path: '/deliveries', ready: '.deliveries-table tbody tr' },
      { route: '/admin/lock-exceptions', name: 'lock-exceptions', path: '/admin/lock-exceptions', ready: 'table' },
      { route: '/meldingen', name: 'notifications', path: '/meldingen', ready: '.notification-list, .notifications-empty' },
      { route: '/account', name: 'account', path: '/account' },
    ]);
  }, 300_000);

  it('visited every page of the route table for every role that may see it', () => {
    const roles: DemoRole[] = ['provider', 'contract_manager', 'municipality', 'auditor', 'admin'];
    const missing: string[] = [];
    for (const route of routes) {
      const who = typeof route.access === 'string' ? ['guest'] : route.access;
      for (const role of who) if (!covered.get(role)?.has(route.path)) missing.push(`${route.path} as ${role}`);
    }
    for (const role of roles) if (!covered.get(role)?.has('/dashboard')) missing.push(`/dashboard as ${role}`);
    expect(missing).toEqual([]);
  });

  it('at 390 px wide no page sticks out sideways', () => {
    expect(overflows).toEqual([]);
  });

  it('ran without script errors or CSP refusals on any page', () => {
    expect(problems).toEqual([]);
  });
});
