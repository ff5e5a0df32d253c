/**
 * The resultaatdialoog and the administration pages in a real Chromium against the real server
 * process (demo mode, temp DATA_DIR): a contract manager prepares a dialogue and sees the frozen
 * figures, the provider writes its duiding (and is refused a BSN-shaped number, in the API's
 * words), the meeting is recorded with two actions, a concurrent edit keeps the second editor's
 * text, the brief prints to A4 (a PDF, and a PNG per page), the actions carry over into the next
 * dialogue, the provider resubmits through its upload page and the dialogues keep their frozen
 * figures while saying that newer data exists and what changed; and the administrator creates an
 * account (secrets shown once), disables it and opens a period. Screenshots, brief.pdf and
 * brief-N.png go to /tmp/shots-dialogue/ for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { parseHexKey } from '../../api/src/keys.ts';
import { recordFields } from '../../schemas/record.ts';
import { generateDemoRegion } from '../../api/src/admin/demo-region.ts';
import { logIn, startDemoPortal, watchForProblems, type DemoAccount, type DemoPortal } from './support.ts';

const shots = '/tmp/shots-dialogue';
const bsnMessage = 'bevat een getal dat een BSN kan zijn. Een dialoog gaat over cijfers, niet over cliënten: haal het nummer weg.';

/** A calendar day in the region, `days` from today (meeting and due dates are Dutch days). */
function regionDay(days = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

function hasCommand(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Script errors and CSP refusals on any page, checked at the end: the CSP allows no inline script. */
const problems: string[] = [];

describe('the result dialogue and the administration pages in Chromium, demo region', () => {
  let demo: DemoPortal;
  const contexts: BrowserContext[] = [];
  let manager: Page;
  let provider: Page;
  let demoProvider: { agb: string; name: string };
  let dialogueUrl = '';

  /**
   * The demo provider's file for a period as its own system would export it — the demo records,
   * with first-layer pseudonyms made with the demo K1 the way the demo loader makes them — with
   * half of the dropouts (reason 03) in one category corrected to ended by agreement (01): the
   * same trajectories and clients, other outcomes. Says what dropout in that category was and becomes.
   */
  function correctedDemoFile(agb: string, period: string, category: string) {
    const k1 = parseHexKey(readFileSync(join(dirname(demo.dataDir), 'demo-k1.key'), 'utf8'), 'demo K1');
    const records = generateDemoRegion().records.filter((r) => r.providerAgb === agb && r.periodCode === period);
    const inCategory = records.filter((r) => r.productCategory === category);
    const dropouts = inCategory.filter((r) => r.endReason === '03');
    const corrected = new Set(dropouts.slice(0, Math.ceil(dropouts.length / 2)));
    const known = inCategory.filter((r) => r.endReason !== '99').length;
    const text = (value: string | number | null) => (value === null ? '' : String(value));
    const lines = records.map((r) => {
      const row: Record<(typeof recordFields)[number], string> = {
        recordId: r.recordId,
        clientPseudonym: `p1:${createHmac('sha256', k1).update(`DEMO|${r.clientKey}`).digest('hex')}`,
        providerAgb: r.providerAgb,
        municipalityCode: r.municipalityCode,
        productCategory: r.productCategory,
        productCode: text(r.productCode),
        careForm: text(r.careForm),
        startDate: r.startDate,
        endDate: r.endDate,
        ageAtStart: text(r.ageAtStart),
        endReason: corrected.has(r) ? '01' : r.endReason,
        goalAttainment: r.goalAttainment,
        youthUsefulness: text(r.youthUsefulness),
        parentUsefulness: text(r.parentUsefulness),
        youthFurtherHelp: text(r.youthFurtherHelp),
        parentFurtherHelp: text(r.parentFurtherHelp),
      };
      return recordFields.map((field) => row[field]).join(';');
    });
    return {
      csv: [recordFields.join(';'), ...lines, ''].join('\r\n'),
      rows: records.length,
      changed: corrected.size,
      dropout: { before: { x: dropouts.length, n: known }, after: { x: dropouts.length - corrected.size, n: known } },
    };
  }

  /** A page in its own browser context (its own cookies), logged in as `account`. */
  async function loggedIn(account: DemoAccount): Promise<Page> {
    // Dutch browser settings, as the region's users have them (date fields read dd-mm-jjjj).
    const context = await demo.browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'nl-NL',
      timezoneId: 'Europe/Amsterdam',
    });
    contexts.push(context);
    const page = watchForProblems(await context.newPage(), problems);
    await logIn(page, demo.portal.url, account);
    return page;
  }

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    demo = await startDemoPortal('rp-e2e-dlg-');
    expect(Object.keys(demo.accounts)).toEqual(expect.arrayContaining(['provider', 'contract_manager', 'admin']));
    [manager, provider] = await Promise.all([loggedIn(demo.accounts.contract_manager), loggedIn(demo.accounts.provider)]);
    const me = await provider.evaluate(async () => (await fetch('/api/v1/me')).json());
    demoProvider = { agb: me.organisation.code, name: me.organisation.name };
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await demo?.stop();
  });

  it('lets the contract manager prepare a dialogue for the demo provider and shows the frozen figures with bespreekpunten worded as points for the conversation', async () => {
    await manager.goto(`${demo.portal.url}/dialogues`);
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
    // The table appears once the indicator names have loaded: every figure carries its n and interval.
    await manager.locator('.figures-table th', { hasText: 'Uitval' }).first().waitFor();
    expect(await rows.count()).toBeGreaterThanOrEqual(10);
    expect(await rows.first().locator('td').first().innerText()).toMatch(/\d+ van \d+\s+95%:/);
    // The demo provider is an outlier in category 45: its flags read as a point for the conversation.
    const flagged = manager.locator('.figures-table tr.row--flag');
    expect(await flagged.count()).toBeGreaterThan(0);
    expect(await flagged.first().innerText()).toContain('Bespreekpunt');
    expect(await flagged.first().innerText()).toContain('een punt voor het gesprek, geen oordeel');
    await manager.screenshot({ path: join(shots, 'workspace.png'), fullPage: true });
    await flagged.first().scrollIntoViewIfNeeded();
    await manager.screenshot({ path: join(shots, 'workspace-flags.png') });

    await manager.goto(`${demo.portal.url}/dialogues`);
    const upcoming = manager.locator('section', { has: manager.getByRole('heading', { name: 'Komende dialogen' }) });
    await upcoming.getByRole('link', { name: demoProvider.name }).waitFor();
    expect(await upcoming.innerText()).toContain('Voorbereid');
    await manager.screenshot({ path: join(shots, 'list.png'), fullPage: true });
  }, 90_000);

  it('lets the provider write its duiding, refusing a BSN-shaped number in the browser with the same words as the API', async () => {
    await provider.goto(`${demo.portal.url}/dialogues/new`); // preparing is the contract manager's
    await provider.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
    await provider.goto(`${demo.portal.url}/dialogues`);
    await provider.getByRole('link', { name: 'Dialoog over 2026-H1' }).click();
    await provider.getByRole('heading', { level: 1, name: `Resultaatdialoog ${demoProvider.name} · 2026-H1` }).waitFor();

    await provider
      .getByLabel('Algemene duiding', { exact: true })
      .fill('Dit halfjaar startten we met een nieuw team ambulante hulp; de uitval daalt sinds mei.');
    const indicatorField = provider.locator('.figures-table tr.row--flag textarea').first();
    await indicatorField.fill('Eén gezin (cliënt 111222333) stopte vroeg.');
    await provider.getByRole('button', { name: 'Duiding opslaan' }).click();
    const summary = provider.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain(bsnMessage);
    expect(await indicatorField.getAttribute('aria-invalid')).toBe('true');
    expect(await indicatorField.inputValue()).toContain('111222333'); // kept to correct, not wiped

    // The API refuses the same text with the same words (the browser only checked first).
    const refusal = await provider.evaluate(
      async (url) => {
        const current = await (await fetch(url)).json();
        const response = await fetch(url, {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json', 'X-Portal-Request': '1', 'If-Match': `"${current.version}"` },
          body: JSON.stringify({ explanations: [{ indicator: 'dropout', productCategory: null, text: 'cliënt 111222333' }] }),
        });
        return { status: response.status, body: await response.json() };
      },
      dialogueUrl.replace(/\/dialogues\//, '/api/v1/dialogues/'),
    );
    expect(refusal.status).toBe(422);
    expect(refusal.body.errors[0].message.nl).toContain(bsnMessage);
    await summary.scrollIntoViewIfNeeded();
    await provider.screenshot({ path: join(shots, 'provider-duiding-refused.png') });
    await provider
      .locator('.figures-table tr.row--flag')
      .first()
      .screenshot({ path: join(shots, 'provider-duiding-refused-field.png') });

    await indicatorField.fill('Eén gezin stopte vroeg omdat het verhuisde; dat verklaart een deel van de uitval.');
    await provider.getByRole('button', { name: 'Duiding opslaan' }).click();
    await provider
      .getByRole('status')
      .filter({ hasText: /Opgeslagen \(versie \d+\)/ })
      .waitFor();
    expect(await provider.locator('.error-summary').count()).toBe(0);
    await provider.getByLabel('Algemene duiding', { exact: true }).scrollIntoViewIfNeeded();
    await provider.screenshot({ path: join(shots, 'provider-duiding.png') });
  });

  it('lets the contract manager read the duiding, record notes and two actions, and mark the meeting held', async () => {
    await manager.goto(dialogueUrl);
    await manager.locator('.figures-table', { hasText: 'verhuisde' }).first().waitFor();
    expect(await manager.locator('#dialogue-general + p').innerText()).toContain('nieuw team ambulante hulp');

    await manager
      .getByLabel('Het verslag')
      .fill('Besproken: uitval en doelrealisatie in categorie 45. De aanbieder licht de teamwissel toe.');
    await manager.getByRole('button', { name: 'Verslag opslaan' }).click();
    await manager
      .getByRole('status')
      .filter({ hasText: /Opgeslagen \(versie \d+\)/ })
      .waitFor();

    await manager.getByLabel('Wat er gebeurt').fill('Aanbieder analyseert de voortijdige beëindigingen per team en deelt de uitkomst.');
    await manager.getByRole('radio', { name: 'Aanbieder' }).check();
    await manager.getByLabel('Deadline').fill(regionDay(30));
    await manager.getByRole('button', { name: 'Actie toevoegen' }).click();
    await manager.locator('.action-table', { hasText: 'analyseert de voortijdige beëindigingen' }).waitFor();
    // The form is empty again for the second action, this one for the region.
    await manager.getByRole('status').filter({ hasText: 'Actie toegevoegd: Aanbieder analyseert' }).waitFor();
    expect(await manager.getByLabel('Wat er gebeurt').inputValue()).toBe('');
    await manager.getByLabel('Wat er gebeurt').fill('Regio plant een tweede gesprek over de uitval in categorie 45.');
    await manager.getByRole('radio', { name: 'Regio' }).check();
    await manager.getByLabel('Deadline').fill(regionDay(60));
    await manager.getByRole('button', { name: 'Actie toevoegen' }).click();
    await manager.locator('.action-table', { hasText: 'tweede gesprek over de uitval' }).waitFor();
    const actionRows = manager.locator('.action-table tbody tr');
    expect(await actionRows.count()).toBe(2);
    expect(await actionRows.nth(0).innerText()).toContain('Aanbieder');
    expect(await actionRows.nth(1).innerText()).toContain('Regio');
    expect(await actionRows.nth(1).innerText()).toContain(regionDay(60));

    await manager.getByRole('button', { name: 'Gesprek is gevoerd' }).click();
    await manager.locator('.facts .badge', { hasText: 'Gevoerd' }).waitFor();
    expect(await manager.locator('.status-steps [aria-current="step"]').innerText()).toContain('Gevoerd');

    // The provider can no longer change its duiding once the meeting was held.
    await provider.goto(dialogueUrl);
    await provider.getByText('Het gesprek is gevoerd: de duiding kan niet meer worden gewijzigd.').waitFor();
    await provider.locator('.figures-table tbody tr').first().waitFor(); // the table is there, without fields
    expect(await provider.locator('.figures-table textarea').count()).toBe(0);
  });

  it('tells the second of two editors of the same version that someone else changed it, shows the current text and keeps theirs', async () => {
    const other = await loggedIn(demo.accounts.contract_manager);
    await Promise.all([manager.goto(dialogueUrl), other.goto(dialogueUrl)]);
    const mine = manager.getByLabel('Het verslag');
    const theirs = other.getByLabel('Het verslag');
    await Promise.all([mine.waitFor(), theirs.waitFor()]);

    await mine.fill('Verslag volgens de eerste contractmanager.');
    await theirs.fill('Verslag volgens de tweede contractmanager, dat niet verloren mag gaan.');
    await manager.getByRole('button', { name: 'Verslag opslaan' }).click();
    await manager
      .getByRole('status')
      .filter({ hasText: /Opgeslagen \(versie \d+\)/ })
      .waitFor();
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
    await other
      .getByRole('status')
      .filter({ hasText: /Opgeslagen \(versie \d+\)/ })
      .waitFor();
    expect(await other.locator('.refusal').count()).toBe(0);
  });

  it('prints the brief on A4: no navigation, the provider, the figures, a funnel plot per bespreekpunt, the record and the actions; as PDF and as PNG', async () => {
    await manager.goto(`${dialogueUrl}/brief`);
    await manager.getByRole('heading', { level: 1, name: `${demoProvider.name}, periode 2026-H1` }).waitFor();
    await manager.locator('.brief .figures-table th', { hasText: 'Uitval' }).first().waitFor();
    expect(await manager.locator('.brief .funnel-plot__svg--snapshot').count()).toBeGreaterThan(0);

    await manager.emulateMedia({ media: 'print' });
    expect(await manager.locator('.site-header').isVisible()).toBe(false);
    expect(await manager.locator('.brief__toolbar').isVisible()).toBe(false);
    await manager.screenshot({ path: join(shots, 'brief-print.png'), fullPage: true });
    const text = await manager.locator('.brief__document').innerText();
    expect(text).toContain(demoProvider.name);
    expect(text).toContain('Verslag volgens de tweede contractmanager');
    expect(text).toContain('analyseert de voortijdige beëindigingen');
    expect(text).toContain('tweede gesprek over de uitval');
    expect(text).toContain('een punt voor het gesprek, geen oordeel');

    const pdf = await manager.pdf({ format: 'A4' });
    writeFileSync(join(shots, 'brief.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);

    // The PDF as images, one PNG per A4 page, for a person to look at (brief-1.png, brief-2.png, …).
    for (const old of readdirSync(shots).filter((name) => /^brief-\d+\.png$/.test(name))) unlinkSync(join(shots, old));
    if (hasCommand('pdftoppm')) {
      execFileSync('pdftoppm', ['-png', '-r', '80', join(shots, 'brief.pdf'), join(shots, 'brief')]);
    } else {
      // Without poppler: Chromium's own print rendering at A4 width (210 mm at 96 dpi), one tall image.
      await manager.setViewportSize({ width: 794, height: 1123 });
      await manager.screenshot({ path: join(shots, 'brief-1.png'), fullPage: true });
      await manager.setViewportSize({ width: 1280, height: 900 });
    }
    const images = readdirSync(shots).filter((name) => /^brief-\d+\.png$/.test(name));
    expect(images.length).toBeGreaterThanOrEqual(1);
    if (hasCommand('pdftoppm')) expect(images.length).toBe(pages.length);
    for (const image of images) expect(statSync(join(shots, image)).size).toBeGreaterThan(10_000);
    await manager.emulateMedia({ media: 'screen' });
  }, 90_000);

  it('carries the open actions over into the next dialogue, where one is followed up; after a resubmission the figures stay frozen and the page says newer data exists and what changed', async () => {
    await manager.goto(`${demo.portal.url}/dialogues/new`);
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
    // Both open actions of the first dialogue come along; the provider's is followed up here.
    expect(await carried.innerText()).toContain('tweede gesprek over de uitval');
    await carried
      .locator('tr', { hasText: 'analyseert de voortijdige beëindigingen' })
      .getByRole('button', { name: /^Bijwerken/ })
      .click();
    await manager.getByLabel('Status', { exact: true }).selectOption('done');
    await manager.getByLabel('De opvolging').fill('Analyse gedeeld; twee teams passen hun intake aan.');
    await manager.getByRole('button', { name: 'Actie opslaan' }).click();
    await carried.getByText('Analyse gedeeld; twee teams passen hun intake aan.').waitFor();
    expect(await carried.innerText()).toContain('Uitgevoerd');

    // The history says who changed what; it is asked for only when opened.
    await manager.getByText('Geschiedenis', { exact: true }).click();
    await manager.locator('.history__list').getByText('Actie bijgewerkt').waitFor();
    expect(await manager.locator('.history__list').innerText()).toContain('Voorbereid');

    // The frozen figures as shown, and the snapshot as the API returns it, before anything is resubmitted.
    const figureRows = manager.locator('.figures-table tbody tr');
    await figureRows.first().waitFor();
    const shownBefore = await figureRows.allInnerTexts();
    expect(shownBefore.join('\n')).toContain('Uitval'); // names, not indicator codes
    const factsBefore = await manager.locator('.facts').innerText();
    const snapshotOf = (page: Page, url: string) =>
      page.evaluate(
        async (api) => JSON.stringify((await (await fetch(api)).json()).snapshot),
        url.replace(/\/dialogues\//, '/api/v1/dialogues/'),
      );
    const snapshotBefore = await snapshotOf(manager, nextUrl);
    const firstSnapshotBefore = await snapshotOf(manager, dialogueUrl);
    expect(await manager.getByRole('heading', { name: 'Er zijn nieuwere gegevens' }).count()).toBe(0);

    // The provider corrects its 2026-H1 file: the same trajectories, but part of the dropouts in
    // category 45 were in fact ended by agreement (01). It submits the file through its upload page.
    const resubmission = correctedDemoFile(demoProvider.agb, '2026-H1', '45');
    expect(resubmission.changed).toBeGreaterThan(0);
    await provider.goto(`${demo.portal.url}/provider/upload`);
    await provider.getByRole('radio', { name: /^2026-H1/ }).check();
    await provider
      .locator('#upload-file')
      .setInputFiles({ name: 'aanlevering-2026-H1-correctie.csv', mimeType: 'text/csv', buffer: Buffer.from(resubmission.csv) });
    await provider.getByRole('button', { name: 'Bestand controleren' }).click();
    await provider.getByText(`Geen fouten gevonden: alle ${resubmission.rows} regels zijn goedgekeurd.`).waitFor({ timeout: 60_000 });
    await provider.getByRole('button', { name: 'Definitief aanleveren' }).click();
    const stored = provider.getByRole('heading', { name: 'Aanlevering opgeslagen' });
    await stored.waitFor({ timeout: 60_000 });
    expect(await provider.locator('.notice--success', { has: stored }).innerText()).toContain('Deze aanlevering vervangt versie 1.');

    // The dialogue still shows exactly the frozen figures, from submission version 1 ...
    await manager.goto(nextUrl);
    const notice = manager.locator('.newer-data');
    await notice.getByRole('heading', { name: 'Er zijn nieuwere gegevens' }).waitFor();
    // The figures appear once the indicator names have loaded (never as bare codes).
    await expect.poll(() => figureRows.allInnerTexts()).toEqual(shownBefore);
    expect(await manager.locator('.facts').innerText()).toBe(factsBefore);
    expect(await snapshotOf(manager, nextUrl)).toBe(snapshotBefore);
    // ... and says that newer data exists, and what changed, indicator by indicator.
    expect(await notice.innerText()).toContain('De aanbieder heeft na het voorbereiden opnieuw aangeleverd');
    await notice.getByRole('button', { name: 'Toon wat er veranderd is' }).click();
    const changedRows = notice.locator('tbody tr');
    await changedRows.first().waitFor();
    const dropoutRow = notice.locator('tbody tr', { has: manager.locator('th', { hasText: /^Uitval \(45/ }) });
    const dropoutText = await dropoutRow.innerText();
    const { before, after } = resubmission.dropout;
    expect(dropoutText).toContain(`${before.x} van ${before.n}`);
    expect(dropoutText).toContain(`${after.x} van ${after.n}`);
    // The same count is what the frozen table still shows for dropout in 45.
    expect(shownBefore.find((text) => text.startsWith('Uitval'))).toContain(`${before.x} van ${before.n}`);
    for (const text of await changedRows.allInnerTexts()) expect(text).toMatch(/\(45/); // only what is in this dialogue
    await notice.scrollIntoViewIfNeeded();
    await manager.screenshot({ path: join(shots, 'newer-data.png') });
    await notice.screenshot({ path: join(shots, 'newer-data-notice.png') });

    // The first dialogue, with all categories, says the same, and its figures are its own frozen ones.
    await manager.goto(dialogueUrl);
    await manager.locator('.newer-data').getByRole('heading', { name: 'Er zijn nieuwere gegevens' }).waitFor();
    expect(await snapshotOf(manager, dialogueUrl)).toBe(firstSnapshotBefore);
  }, 240_000);

  it('lets the administrator create an account and see its password and TOTP secret once, disable it, and open a period', async () => {
    const admin = await loggedIn(demo.accounts.admin);
    await admin.goto(`${demo.portal.url}/dialogues`); // administrators see no outcome data
    await admin.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
    const email = `nieuwe.collega.${Date.now()}@demo.resultaatportaal.nl`;
    await admin.goto(`${demo.portal.url}/admin/users`);
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

    await admin.goto(`${demo.portal.url}/admin/periods`);
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
