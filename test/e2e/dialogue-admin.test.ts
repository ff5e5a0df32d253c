/**
 * The resultaatdialoog and the administration pages in a real Chromium against the real server
 * process (demo mode, temp DATA_DIR): a contract manager prepares a dialogue and sees the frozen
 * figures, the provider writes its duiding (and is refused a BSN-shaped number, in the API's
 * words), the meeting is recorded, a concurrent edit keeps the second editor's text, the brief
 * prints to A4, and the administrator creates an account (secrets shown once), disables it and
 * opens a period. Screenshots go to /tmp/shots-dialogue/ for a person to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { totpCode } from '../../api/src/auth/totp.ts';
import { runToEnd, startPortalProcess, tsxBin, type PortalProcess } from '../support/process.ts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = '/tmp/shots-dialogue';
const bsnMessage = 'bevat een getal dat een BSN kan zijn. Een dialoog gaat over cijfers, niet over cliënten: haal het nummer weg.';

interface DemoAccount {
  email: string;
  password: string;
  totpSecret: string;
}

/** The demo accounts as `npm start` prints them (role, e-mail, password, TOTP secret). */
function demoAccounts(output: string): Record<string, DemoAccount> {
  const accounts: Record<string, DemoAccount> = {};
  for (const match of output.matchAll(/^\s+(\w+)\s+(\S+@\S+)\s+(Demo-\S+)\s+TOTP secret ([A-Z2-7]+)$/gm)) {
    accounts[match[1]] = { email: match[2], password: match[3], totpSecret: match[4] };
  }
  return accounts;
}

/** A calendar day in the region, `days` from today (meeting and due dates are Dutch days). */
function regionDay(days = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
}

/** Script errors and CSP refusals on any page, checked at the end: the CSP allows no inline script. */
const problems: string[] = [];
function watch(page: Page): Page {
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

describe('the result dialogue and the administration pages in Chromium, demo region', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'rp-e2e-dlg-')), 'data');
  let portal: PortalProcess;
  let browser: Browser;
  let accounts: Record<string, DemoAccount>;
  const contexts: BrowserContext[] = [];
  let manager: Page;
  let provider: Page;
  let demoProvider: { agb: string; name: string };
  let dialogueUrl = '';

  /** A page in its own browser context (its own cookies), logged in as `account`. */
  async function loggedIn(account: DemoAccount): Promise<Page> {
    // Dutch browser settings, as the region's users have them (date fields read dd-mm-jjjj).
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    contexts.push(context);
    const page = watch(await context.newPage());
    await page.goto(`${portal.url}/login`);
    await page.getByLabel('E-mailadres').fill(account.email);
    await page.getByLabel('Wachtwoord').fill(account.password);
    await page.getByLabel('Code uit de authenticator-app').fill(totpCode(account.totpSecret, Date.now()));
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.waitForURL(/\/dashboard$/);
    return page;
  }

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: apt-get install chromium, or set CHROMIUM_PATH`);
    mkdirSync(shots, { recursive: true });
    const build = await runToEnd(tsxBin, ['scripts/ensure-web-build.ts'], {});
    expect(build.code, build.stderr).toBe(0);
    [portal, browser] = await Promise.all([
      startPortalProcess({ DATA_DIR: dataDir, DEMO: 'true', COOKIE_SECURE: 'false', LOG_LEVEL: 'warn' }, 110_000),
      chromium.launch({
        executablePath: chromiumPath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      }),
    ]);
    accounts = demoAccounts(portal.output());
    expect(Object.keys(accounts)).toEqual(expect.arrayContaining(['provider', 'contract_manager', 'admin']));
    [manager, provider] = await Promise.all([loggedIn(accounts.contract_manager), loggedIn(accounts.provider)]);
    const me = await provider.evaluate(async () => (await fetch('/api/v1/me')).json());
    demoProvider = { agb: me.organisation.code, name: me.organisation.name };
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await portal?.stop();
  });

  it('lets the contract manager prepare a dialogue for the demo provider and shows the frozen figures with bespreekpunten worded as points for the conversation', async () => {
    await manager.goto(`${portal.url}/dialogues`);
    await manager.getByRole('heading', { level: 1, name: 'Resultaatdialogen' }).waitFor();
    await manager.getByRole('link', { name: 'Dialoog voorbereiden' }).click();
    await manager.getByRole('heading', { level: 1, name: 'Dialoog voorbereiden' }).waitFor();

    await manager.getByLabel('Periode').selectOption('2026-H1');
    const providerSelect = manager.getByLabel('Aanbieder');
    await providerSelect.locator(`option[value="${demoProvider.agb}"]`).waitFor({ state: 'attached' });
    await providerSelect.selectOption(demoProvider.agb);
    await manager.getByLabel('Gespreksdatum').fill(regionDay());
    await manager.getByRole('button', { name: 'Cijfers bevriezen en dialoog voorbereiden' }).click();
    await manager.waitForURL(/\/dialogues\/\d+$/, { timeout: 60_000 });
    dialogueUrl = manager.url();

    await manager.getByRole('heading', { level: 1, name: `Resultaatdialoog ${demoProvider.name} · 2026-H1` }).waitFor();
    expect(await manager.locator('.facts').innerText()).toMatch(/bevroren op .+ uit aanlevering \d+ \(versie \d+\)/);
    const rows = manager.locator('.figures-table tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(10);
    // Every shown figure carries its n and interval; the indicator names come from the definitions.
    await manager.locator('.figures-table th', { hasText: 'Uitval' }).first().waitFor();
    expect(await rows.first().locator('td').first().innerText()).toMatch(/\d+ van \d+\s+95%:/);
    // The demo provider is an outlier in category 45: its flags read as a point for the conversation.
    const flagged = manager.locator('.figures-table tr.row--flag');
    expect(await flagged.count()).toBeGreaterThan(0);
    expect(await flagged.first().innerText()).toContain('Bespreekpunt');
    expect(await flagged.first().innerText()).toContain('een punt voor het gesprek, geen oordeel');
    await manager.screenshot({ path: join(shots, 'workspace.png'), fullPage: true });
    await flagged.first().scrollIntoViewIfNeeded();
    await manager.screenshot({ path: join(shots, 'workspace-flags.png') });

    await manager.goto(`${portal.url}/dialogues`);
    const upcoming = manager.locator('section', { has: manager.getByRole('heading', { name: 'Komende dialogen' }) });
    await upcoming.getByRole('link', { name: demoProvider.name }).waitFor();
    expect(await upcoming.innerText()).toContain('Voorbereid');
    await manager.screenshot({ path: join(shots, 'list.png'), fullPage: true });
  }, 90_000);

  it('lets the provider write its duiding, refusing a BSN-shaped number in the browser with the same words as the API', async () => {
    await provider.goto(`${portal.url}/dialogues/new`); // preparing is the contract manager's
    await provider.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
    await provider.goto(`${portal.url}/dialogues`);
    await provider.getByRole('link', { name: 'Dialoog over 2026-H1' }).click();
    await provider.getByRole('heading', { level: 1, name: `Resultaatdialoog ${demoProvider.name} · 2026-H1` }).waitFor();

    await provider.getByLabel('Algemene duiding', { exact: true }).fill('Dit halfjaar startten we met een nieuw team ambulante hulp; de uitval daalt sinds mei.');
    const indicatorField = provider.locator('.figures-table tr.row--flag textarea').first();
    await indicatorField.fill('Eén gezin (cliënt 111222333) stopte vroeg.');
    await provider.getByRole('button', { name: 'Duiding opslaan' }).click();
    const summary = provider.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain(bsnMessage);
    expect(await indicatorField.getAttribute('aria-invalid')).toBe('true');
    expect(await indicatorField.inputValue()).toContain('111222333'); // kept to correct, not wiped

    // The API refuses the same text with the same words (the browser only checked first).
    const refusal = await provider.evaluate(async (url) => {
      const current = await (await fetch(url)).json();
      const response = await fetch(url, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'X-Portal-Request': '1', 'If-Match': `"${current.version}"` },
        body: JSON.stringify({ explanations: [{ indicator: 'dropout', productCategory: null, text: 'cliënt 111222333' }] }),
      });
      return { status: response.status, body: await response.json() };
    }, dialogueUrl.replace(/\/dialogues\//, '/api/v1/dialogues/'));
    expect(refusal.status).toBe(422);
    expect(refusal.body.errors[0].message.nl).toContain(bsnMessage);
    await summary.scrollIntoViewIfNeeded();
    await provider.screenshot({ path: join(shots, 'provider-duiding-refused.png') });
    await provider.locator('.figures-table tr.row--flag').first().screenshot({ path: join(shots, 'provider-duiding-refused-field.png') });

    await indicatorField.fill('Eén gezin stopte vroeg omdat het verhuisde; dat verklaart een deel van de uitval.');
    await provider.getByRole('button', { name: 'Duiding opslaan' }).click();
    await provider.getByRole('status').filter({ hasText: /Opgeslagen \(versie \d+\)/ }).waitFor();
    expect(await provider.locator('.error-summary').count()).toBe(0);
    await provider.getByLabel('Algemene duiding', { exact: true }).scrollIntoViewIfNeeded();
    await provider.screenshot({ path: join(shots, 'provider-duiding.png') });
  });

  it('lets the contract manager read the duiding, record notes and an action, and mark the meeting held', async () => {
    await manager.goto(dialogueUrl);
    await manager.locator('.figures-table', { hasText: 'verhuisde' }).first().waitFor();
    expect(await manager.locator('#dialogue-general + p').innerText()).toContain('nieuw team ambulante hulp');

    await manager.getByLabel('Het verslag').fill('Besproken: uitval en doelrealisatie in categorie 45. De aanbieder licht de teamwissel toe.');
    await manager.getByRole('button', { name: 'Verslag opslaan' }).click();
    await manager.getByRole('status').filter({ hasText: /Opgeslagen \(versie \d+\)/ }).waitFor();

    await manager.getByLabel('Wat er gebeurt').fill('Aanbieder analyseert de voortijdige beëindigingen per team en deelt de uitkomst.');
    await manager.getByRole('radio', { name: 'Aanbieder' }).check();
    await manager.getByLabel('Deadline').fill(regionDay(30));
    await manager.getByRole('button', { name: 'Actie toevoegen' }).click();
    await manager.locator('.action-table', { hasText: 'analyseert de voortijdige beëindigingen' }).waitFor();

    await manager.getByRole('button', { name: 'Gesprek is gevoerd' }).click();
    await manager.locator('.facts .badge', { hasText: 'Gevoerd' }).waitFor();
    expect(await manager.locator('.status-steps [aria-current="step"]').innerText()).toContain('Gevoerd');

    // The provider can no longer change its duiding once the meeting was held.
    await provider.goto(dialogueUrl);
    await provider.getByText('Het gesprek is gevoerd: de duiding kan niet meer worden gewijzigd.').waitFor();
    expect(await provider.locator('.figures-table textarea').count()).toBe(0);
  });

  it('tells the second of two editors of the same version that someone else changed it, shows the current text and keeps theirs', async () => {
    const other = await loggedIn(accounts.contract_manager);
    await Promise.all([manager.goto(dialogueUrl), other.goto(dialogueUrl)]);
    const mine = manager.getByLabel('Het verslag');
    const theirs = other.getByLabel('Het verslag');
    await Promise.all([mine.waitFor(), theirs.waitFor()]);

    await mine.fill('Verslag volgens de eerste contractmanager.');
    await theirs.fill('Verslag volgens de tweede contractmanager, dat niet verloren mag gaan.');
    await manager.getByRole('button', { name: 'Verslag opslaan' }).click();
    await manager.getByRole('status').filter({ hasText: /Opgeslagen \(versie \d+\)/ }).waitFor();
    await other.getByRole('button', { name: 'Verslag opslaan' }).click();

    const alert = other.locator('.refusal');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('Iemand anders heeft deze dialoog intussen gewijzigd');
    expect(text).toMatch(/u bewerkte versie \d+, nu is het versie \d+/);
    expect(text).toContain('Verslag volgens de eerste contractmanager.');
    expect(await theirs.inputValue()).toBe('Verslag volgens de tweede contractmanager, dat niet verloren mag gaan.');
    await alert.scrollIntoViewIfNeeded();
    await other.screenshot({ path: join(shots, 'conflict.png') });

    // Saving again, knowingly, replaces the version now shown.
    await other.getByRole('button', { name: 'Verslag opslaan' }).click();
    await other.getByRole('status').filter({ hasText: /Opgeslagen \(versie \d+\)/ }).waitFor();
    expect(await other.locator('.refusal').count()).toBe(0);
  });

  it('prints the brief on A4: no navigation, the provider, the figures, a funnel plot per bespreekpunt, the record and the actions', async () => {
    await manager.goto(`${dialogueUrl}/brief`);
    await manager.getByRole('heading', { level: 1, name: `${demoProvider.name}, periode 2026-H1` }).waitFor();
    await manager.locator('.brief .figures-table th', { hasText: 'Uitval' }).first().waitFor();
    expect(await manager.locator('.brief .snapshot-funnel__svg').count()).toBeGreaterThan(0);

    await manager.emulateMedia({ media: 'print' });
    expect(await manager.locator('.site-header').isVisible()).toBe(false);
    expect(await manager.locator('.brief__toolbar').isVisible()).toBe(false);
    await manager.screenshot({ path: join(shots, 'brief-print.png'), fullPage: true });
    const text = await manager.locator('.brief__document').innerText();
    expect(text).toContain(demoProvider.name);
    expect(text).toContain('Verslag volgens de tweede contractmanager');
    expect(text).toContain('analyseert de voortijdige beëindigingen');
    expect(text).toContain('een punt voor het gesprek, geen oordeel');

    const pdf = await manager.pdf({ format: 'A4' });
    writeFileSync(join(shots, 'brief.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);
    await manager.emulateMedia({ media: 'screen' });
  }, 60_000);

  it('carries the open action over into the next dialogue with the provider, where it is followed up, and says when newer data exists', async () => {
    await manager.goto(`${portal.url}/dialogues/new`);
    await manager.getByLabel('Periode').selectOption('2026-H1');
    const providerSelect = manager.getByLabel('Aanbieder');
    await providerSelect.locator(`option[value="${demoProvider.agb}"]`).waitFor({ state: 'attached' });
    await providerSelect.selectOption(demoProvider.agb);
    await manager.getByLabel('45 Ambulant').check();
    await manager.getByRole('button', { name: 'Cijfers bevriezen en dialoog voorbereiden' }).click();
    await manager.waitForURL((url) => /\/dialogues\/\d+$/.test(url.pathname) && url.href !== dialogueUrl, { timeout: 60_000 });
    const nextUrl = manager.url();

    const carried = manager.locator('.action-table', { hasText: 'analyseert de voortijdige beëindigingen' });
    await carried.waitFor();
    await carried.getByRole('button', { name: /^Bijwerken/ }).click();
    await manager.getByLabel('Status', { exact: true }).selectOption('done');
    await manager.getByLabel('De opvolging').fill('Analyse gedeeld; twee teams passen hun intake aan.');
    await manager.getByRole('button', { name: 'Actie opslaan' }).click();
    await carried.getByText('Analyse gedeeld; twee teams passen hun intake aan.').waitFor();
    expect(await carried.innerText()).toContain('Uitgevoerd');

    // The history says who changed what; it is asked for only when opened.
    await manager.getByText('Geschiedenis', { exact: true }).click();
    await manager.locator('.history__list').getByText('Actie bijgewerkt').waitFor();
    expect(await manager.locator('.history__list').innerText()).toContain('Voorbereid');

    // When the provider has submitted again since, the notice says so and shows what changed.
    await manager.route('**/api/v1/dialogues/*', async (route) => {
      const response = await route.fetch();
      const dialogue = await response.json();
      await route.fulfill({ response, json: { ...dialogue, newerData: { exists: true, replacedAt: new Date().toISOString() } } });
    });
    await manager.goto(nextUrl);
    await manager.getByRole('heading', { name: 'Er zijn nieuwere gegevens' }).waitFor();
    await manager.getByRole('button', { name: 'Toon wat er veranderd is' }).click();
    await manager.getByText('Geen enkel cijfer is veranderd.').waitFor();
    await manager.unroute('**/api/v1/dialogues/*');
  }, 90_000);

  it('lets the administrator create an account and see its password and TOTP secret once, disable it, and open a period', async () => {
    const admin = await loggedIn(accounts.admin);
    await admin.goto(`${portal.url}/dialogues`); // administrators see no outcome data
    await admin.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
    const email = `nieuwe.collega.${Date.now()}@demo.resultaatportaal.nl`;
    await admin.goto(`${portal.url}/admin/users`);
    await admin.getByRole('heading', { level: 1, name: 'Gebruikers' }).waitFor();
    await admin.getByLabel('E-mailadres').fill(email);
    await admin.getByLabel('Naam (optioneel)').fill('Nieuwe Collega');
    await admin.locator('#new-user-role').selectOption('contract_manager');
    await admin.getByRole('button', { name: 'Account aanmaken' }).click();

    const secrets = admin.locator('.one-time');
    await secrets.waitFor();
    expect(await admin.evaluate(() => document.activeElement?.id)).toBe('one-time-title');
    const secretText = await secrets.innerText();
    expect(secretText).toContain(`Account ${email} is aangemaakt`);
    expect(secretText).toContain('maar één keer getoond');
    const values = await secrets.locator('.one-time__value').allInnerTexts();
    expect(values).toHaveLength(3);
    expect(values[0].length).toBeGreaterThanOrEqual(12);
    expect(values[1]).toMatch(/^[A-Z2-7]{16,}$/);
    expect(values[2]).toMatch(/^otpauth:\/\/totp\//);
    await admin.screenshot({ path: join(shots, 'admin-users.png'), fullPage: true });
    await admin.getByRole('button', { name: 'Ik heb de gegevens doorgegeven; verbergen' }).click();
    expect(await admin.locator('.one-time').count()).toBe(0);

    const row = admin.locator('tr', { hasText: email });
    await admin.getByRole('button', { name: `Uitschakelen ${email}` }).click();
    await row.locator('.badge', { hasText: 'Uitgeschakeld' }).waitFor();
    await admin.getByRole('status').filter({ hasText: 'is uitgeschakeld en kan niet meer inloggen' }).waitFor();

    await admin.goto(`${portal.url}/admin/periods`);
    await admin.locator('#new-period-code').fill('2026-H2');
    await admin.locator('#new-period-deadline').fill('2027-01-21');
    await admin.getByRole('button', { name: 'Periode toevoegen' }).click();
    await admin.locator('tr', { hasText: '2026-H2' }).waitFor();
    expect(await admin.locator('tr', { hasText: '2026-H2' }).innerText()).toContain('2026-07-01 – 2026-12-31');
    expect(await admin.locator('#period-2026-H2-deadline').inputValue()).toBe('2027-01-21');
    await admin.screenshot({ path: join(shots, 'admin-periods.png'), fullPage: true });
  });

  it('raised no script errors and no CSP refusals on any page', () => {
    expect(problems).toEqual([]);
  });
});
