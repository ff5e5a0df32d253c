/**
 * The portal in a real Chromium against the real server process (demo mode, temp DATA_DIR):
 * login with a second factor, role-aware navigation, the auditor pages, the language switch,
 * the session-timeout warning and logout. Screenshots go to /tmp/shots/ for a person to look at.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { apiStatus, fillLogin, logIn, navLinks, startDemoPortal, watchForProblems, wrongTotp, type DemoPortal } from './support.ts';
import { unusedTotpCode } from '../support/totp.ts';

const shots = '/tmp/shots';
/** Script errors and CSP refusals on any page, checked at the end: the CSP allows no inline script. */
const problems: string[] = [];

describe('the portal in Chromium, demo region', () => {
  let demo: DemoPortal;
  let auditorPage: Page;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    demo = await startDemoPortal('rp-e2e-');
    expect(Object.keys(demo.accounts)).toEqual(expect.arrayContaining(['provider', 'auditor']));
  }, 120_000);

  afterAll(async () => {
    await demo?.stop();
  });

  it('sends a visitor of /audit to the login page, marks empty fields, and shows a wrong TOTP code as an alert in the chosen language', async () => {
    const page = watchForProblems(await demo.browser.newPage({ viewport: { width: 1280, height: 900 } }), problems);
    await page.goto(`${demo.portal.url}/audit`);
    await page.waitForURL(/\/login\?next=%2Faudit$/);
    await expect.poll(() => page.title()).toBe('Inloggen · Resultaatportaal Jeugdhulp');
    const totp = page.getByLabel('Code uit de authenticator-app');
    expect(await totp.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await totp.getAttribute('inputmode')).toBe('numeric');
    await page.screenshot({ path: join(shots, 'login.png'), fullPage: true });
    // 200% zoom on a 1280 px screen is 640 CSS px: nothing may stick out sideways.
    await page.setViewportSize({ width: 640, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(640);
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole('button', { name: 'Inloggen' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.innerText()).toContain('Vul uw e-mailadres in.');
    expect(await page.getByLabel('E-mailadres').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-email');

    await fillLogin(page, demo.accounts.provider, wrongTotp(demo.accounts.provider.totpSecret));
    await expect.poll(() => alert.innerText()).toContain('Inloggen mislukt');
    expect(await page.getByLabel('E-mailadres').getAttribute('aria-invalid')).toBeNull();
    expect(await totp.inputValue()).toBe(''); // a fresh code is needed for the next attempt
    await page.screenshot({ path: join(shots, 'login-error.png'), fullPage: true });

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect.poll(() => alert.innerText()).toContain('Login failed');
    await page.getByRole('button', { name: 'Schakel naar Nederlands' }).click();
    await page.close();
  });

  it('logs the auditor in with the keyboard alone and brings them back to the page they asked for', async () => {
    auditorPage = watchForProblems(await demo.browser.newPage({ viewport: { width: 1280, height: 900 } }), problems);
    const page = auditorPage;
    await page.goto(`${demo.portal.url}/audit/verify`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('heading', { level: 1, name: 'Inloggen' }).waitFor();

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Naar hoofdinhoud');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-email');
    const auditor = demo.accounts.auditor;
    await page.keyboard.type(auditor.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(auditor.password);
    await page.keyboard.press('Tab');
    await page.keyboard.type(unusedTotpCode(auditor.totpSecret));
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/audit\/verify$/);
    await page.getByRole('heading', { level: 1, name: 'Toegangslog controleren' }).waitFor();
    expect(await navLinks(page)).toEqual([
      'Overzicht',
      'Toegangslog',
      'Log controleren',
      'Controlepunten',
      'Monitoring',
      'Meldingen',
      'Mijn account',
    ]);
    expect(await page.getByRole('link', { name: 'Log controleren' }).getAttribute('aria-current')).toBe('page');
  });

  it("shows the auditor's own login in the access log, filters, pages and exports it as CSV", async () => {
    const page = auditorPage;
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Toegangslog' }).click();
    await page.getByRole('heading', { level: 1, name: 'Toegangslog' }).waitFor();
    // In-app navigation moves focus to the new page's heading.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    const rows = page.locator('table.log-table tbody tr');
    await rows.first().waitFor();
    expect(await page.locator('table.log-table thead th').allInnerTexts()).toEqual([
      'Nr.',
      'Tijdstip (Nederlandse tijd)',
      'Actor',
      'Rol',
      'Actie',
      'Object',
      'Resultaat',
      'Herkomst',
    ]);

    // More than one page in the demo log: page back and return.
    const firstSeq = Number(await rows.first().locator('td').first().innerText());
    await page.getByRole('link', { name: 'Oudere regels' }).click();
    await page.waitForURL(/beforeSeq=/);
    await expect.poll(async () => Number(await rows.first().locator('td').first().innerText())).toBeLessThan(firstSeq - 40);
    await page.getByRole('link', { name: 'Naar de nieuwste regels' }).click();
    await page.waitForURL(/\/audit$/);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
    await page.getByLabel('Vanaf datum').fill(today);
    await page.getByLabel('Tot en met datum').fill(today);
    await page.getByLabel('Actor', { exact: true }).fill(me.id);
    await page.getByLabel('Actie', { exact: true }).fill('auth.login');
    await page.getByRole('button', { name: 'Filter toepassen' }).click();
    await page.waitForURL(/action=auth\.login/);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'regel' }).innerText()).toMatch(/^1 regel getoond/);
    const login = rows.first();
    for (const text of [`Gebruiker ${me.id}`, 'Auditor', 'Inloggen', 'auth.login', 'Toegestaan', 'IP ']) {
      expect(await login.innerText()).toContain(text);
    }

    // The provider's failed attempt from the first test: denied, with its reason, without an actor.
    await page.getByLabel('Actor', { exact: true }).fill('');
    await page.getByLabel('Resultaat').selectOption('denied');
    await page.getByRole('button', { name: 'Filter toepassen' }).click();
    await page.waitForURL(/result=denied/);
    await expect.poll(() => rows.first().innerText()).toContain('Reden: verkeerde code');
    expect(await rows.first().innerText()).toContain('Niet ingelogd');
    expect(await rows.first().innerText()).toContain('Geweigerd');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Downloaden als CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('toegangslog.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^seq;occurredAt;/);
    expect(csv).toContain(';auth.login;');
    expect(csv).toContain(';denied;');
    await expect.poll(() => page.getByText('Het bestand toegangslog.csv is gedownload.').count()).toBe(1);

    await page.getByRole('button', { name: 'Filters wissen' }).click();
    await page.waitForURL(/\/audit$/);
    await rows.nth(10).waitFor();
    await page.screenshot({ path: join(shots, 'access-log.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1700 } });

    // At 320 CSS px (a phone, or 400% zoom) the entries reflow instead of scrolling sideways.
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.screenshot({ path: join(shots, 'access-log-narrow.png'), clip: { x: 0, y: 0, width: 320, height: 2400 }, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('verifies the chain in plain language, and explains a broken checkpoint with whom to contact', async () => {
    const page = auditorPage;
    await page.getByRole('link', { name: 'Log controleren' }).click();
    await page.getByRole('button', { name: 'Controle starten' }).click();
    const outcome = page.getByRole('heading', { name: 'Het toegangslog is compleet en onveranderd' });
    await outcome.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('verify-outcome');
    expect(await page.locator('.notice--success').innerText()).toMatch(/Alle [\d.]+ regels, nummer 1 tot en met [\d.]+, zijn nagerekend/);
    await page.screenshot({ path: join(shots, 'verify.png'), fullPage: true });

    // A checkpoint line without a valid signature: the check must fail and say what to do.
    const checkpointFile = join(demo.dataDir, 'audit-checkpoints.jsonl');
    const original = readFileSync(checkpointFile, 'utf8');
    appendFileSync(checkpointFile, 'eyJhbGciOiJFZERTQSJ9.e30.forged\n');
    try {
      await page.getByRole('button', { name: 'Opnieuw controleren' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'Het toegangslog is niet in orde' });
      await alert.waitFor();
      const text = await alert.innerText();
      expect(text).toContain('geen geldige handtekening');
      expect(text).toContain('informatiebeveiliger (CISO)');
      await page.screenshot({ path: join(shots, 'verify-broken.png'), fullPage: true });
    } finally {
      writeFileSync(checkpointFile, original);
    }
  });

  it('switches to English, keeps it after a reload, and switches back', async () => {
    const page = auditorPage;
    await page.getByRole('button', { name: 'Switch to English' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('heading', { level: 1, name: 'Verify the access log' }).waitFor();
    expect(await navLinks(page)).toEqual([
      'Overview',
      'Access log',
      'Verify the log',
      'Checkpoints',
      'Monitoring',
      'Notifications',
      'My account',
    ]);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Verify the access log' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('button', { name: 'Schakel naar Nederlands' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await page.getByRole('heading', { level: 1, name: 'Toegangslog controleren' }).waitFor();
  });

  it('logs the auditor out: the session is revoked and protected pages lead to the login again', async () => {
    const page = auditorPage;
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForURL(/\/login$/);
    await page.getByText('U bent uitgelogd.').waitFor();
    expect(await apiStatus(page, '/api/v1/me')).toBe(401);
    await page.goto(`${demo.portal.url}/audit`);
    await page.waitForURL(/\/login\?next=%2Faudit$/);
    await page.close();
  });

  it('shows the provider only its own pages; /audit is not allowed there and the API answers 403', async () => {
    const page = watchForProblems(await demo.browser.newPage({ viewport: { width: 1280, height: 900 } }), problems);
    await logIn(page, demo.portal.url, demo.accounts.provider);
    await page.getByRole('heading', { level: 1, name: /^Welkom, / }).waitFor();
    const links = await navLinks(page);
    expect(links).toEqual(expect.arrayContaining(['Overzicht', 'Aanleveren', 'Eigen resultaten', 'Mijn account']));
    expect(links).not.toContain('Toegangslog');
    expect(links).not.toContain('Log controleren');
    expect(await page.getByRole('link', { name: 'Toegangslog' }).count()).toBe(0);
    await page.screenshot({ path: join(shots, 'provider-dashboard.png'), fullPage: true });

    await page.goto(`${demo.portal.url}/audit`);
    await page.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
    expect(await page.getByRole('main').innerText()).toContain('Jeugdhulpaanbieder');
    expect(await apiStatus(page, '/api/v1/audit/events')).toBe(403);
    expect(await apiStatus(page, '/api/v1/audit/verify')).toBe(403);

    await page.goto(`${demo.portal.url}/bestaat-niet`);
    await page.getByRole('heading', { level: 1, name: 'Pagina niet gevonden' }).waitFor();
    await page.close();
  });

  it('warns two minutes before the session ends, stays on request, and logs out cleanly at the end', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = watchForProblems(await context.newPage(), problems);
    await page.clock.install();
    await page.goto(`${demo.portal.url}/login?next=%2Faccount`);
    await logIn(page, demo.portal.url, demo.accounts.provider, /\/account$/);
    await page.getByRole('heading', { level: 1, name: 'Mijn account' }).waitFor();

    await page.clock.fastForward('13:30');
    const warning = page.getByRole('alertdialog', { name: 'Uw sessie verloopt bijna' });
    await warning.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Blijf ingelogd');
    await page.screenshot({ path: join(shots, 'session-warning.png') });
    await warning.getByRole('button', { name: 'Blijf ingelogd' }).click();
    await warning.waitFor({ state: 'hidden' });

    await page.clock.fastForward('15:30');
    await page.waitForURL(/\/login\?next=%2Faccount$/);
    await page.getByText('U bent automatisch uitgelogd').waitFor();
    expect(await apiStatus(page, '/api/v1/me')).toBe(401); // revoked and the cookie removed, not just forgotten
    await context.close();
  });

  it('ran without script errors or CSP refusals on any page', () => {
    expect(problems).toEqual([]);
  });
});
