/**
 * The auditor's checkpoint list and monitoring page in a real Chromium against the real server
 * process (demo mode, temp DATA_DIR): what a checkpoint is, the list with signatures and chain
 * status (and a forged line marked as such), the monitoring signals raised by failed logins and
 * denied requests made in this test, and a contract manager kept out of both pages.
 * Screenshots at 1280 and 390 CSS px go to /tmp/shots/, beside portal.test.ts's.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { apiStatus, logIn, navLinks, startDemoPortal, watchForProblems, wrongTotp, type DemoPortal } from './support.ts';

const shots = '/tmp/shots';
const problems: string[] = [];

/** Screenshot at a width, and check nothing sticks out sideways there. */
async function shoot(page: Page, name: string, width: number) {
  await page.setViewportSize({ width, height: 900 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width} px`).toBeLessThanOrEqual(width);
  await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
}

describe('the auditor pages in Chromium, demo region', () => {
  let demo: DemoPortal;
  let auditor: Page;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    demo = await startDemoPortal('rp-e2e-auditor-', 180_000, {
      // A checkpoint whenever the log has grown (looked at every 5 s), so that the list has several.
      env: { AUDIT_CHECKPOINT_ENTRIES: '1' },
      buildTimeoutMs: 300_000,
    });
    expect(Object.keys(demo.accounts)).toEqual(expect.arrayContaining(['auditor', 'contract_manager', 'municipality']));
  }, 400_000);

  afterAll(async () => {
    await demo?.stop();
  });

  it('keeps a contract manager out of both pages, in the menu, by URL and in the API (each refusal is logged)', async () => {
    // Five wrong codes for the municipality account first: a failed-login signal for the monitoring page.
    const municipality = demo.accounts.municipality;
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${demo.portal.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-portal-request': '1' },
        body: JSON.stringify({ email: municipality.email, password: municipality.password, totp: wrongTotp(municipality.totpSecret) }),
      });
      expect([401, 429]).toContain(response.status);
    }

    const page = watchForProblems(await demo.browser.newPage({ viewport: { width: 1280, height: 900 } }), problems);
    await logIn(page, demo.portal.url, demo.accounts.contract_manager);
    const links = await navLinks(page);
    expect(links).not.toContain('Controlepunten');
    expect(links).not.toContain('Monitoring');
    for (const path of ['/audit/checkpoints', '/audit/monitoring']) {
      await page.goto(`${demo.portal.url}${path}`);
      await page.getByRole('heading', { level: 1, name: 'Geen toegang' }).waitFor();
      expect(await page.getByRole('main').innerText()).toContain('Contractmanager');
      expect(await page.locator('table').count()).toBe(0);
    }
    expect(await apiStatus(page, '/api/v1/audit/monitoring')).toBe(403);
    // Five refusals within ten minutes: a denied-access signal for the monitoring page.
    for (let i = 0; i < 5; i++) expect(await apiStatus(page, '/api/v1/audit/checkpoints')).toBe(403);
    await page.close();
  }, 120_000);

  it('gives the auditor both pages in the menu, and explains and lists the signed checkpoints', async () => {
    auditor = watchForProblems(await demo.browser.newPage({ viewport: { width: 1280, height: 900 } }), problems);
    const page = auditor;
    await logIn(page, demo.portal.url, demo.accounts.auditor);
    expect(await navLinks(page)).toEqual([
      'Overzicht',
      'Toegangslog',
      'Log controleren',
      'Controlepunten',
      'Monitoring',
      'Meldingen',
      'Mijn account',
    ]);
    const checkpoints = () => page.evaluate(async () => (await fetch('/api/v1/audit/checkpoints')).json());
    await expect.poll(async () => (await checkpoints()).checkpoints.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    const api = await checkpoints();

    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Controlepunten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Controlepunten' }).waitFor();
    expect(await page.title()).toBe('Controlepunten · Resultaatportaal Jeugdhulp');
    const main = page.getByRole('main');
    expect(await main.innerText()).toContain('ondertekende kopie van de laatste vingerafdruk');
    expect(await main.innerText()).toContain('buiten de database');

    const rows = page.locator('table.checkpoint-table tbody tr');
    await rows.first().waitFor();
    expect(await page.locator('table.checkpoint-table thead th').allInnerTexts()).toEqual([
      'Nr.',
      'Ondertekend op',
      'Tot en met regel',
      'Regio',
      'Handtekening',
      'Keten',
      'Vingerafdruk (hash)',
    ]);
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'controlepunten' }).innerText())
      .toMatch(/^Alle \d+ getoonde controlepunten hebben een geldige handtekening/);
    expect(await rows.count()).toBeGreaterThanOrEqual(api.checkpoints.length);
    for (const row of await rows.all()) {
      const cells = row.locator('td');
      expect(await cells.nth(3).innerText()).toBe('H10');
      expect(await cells.nth(4).locator('.badge').innerText()).toBe('Geldig');
      expect(await cells.nth(4).locator('.code').innerText()).toBe(api.keyId);
      expect(await cells.nth(5).innerText()).toBe('Klopt');
    }
    // The newest checkpoint the API listed, as a row: its entry number and fingerprint.
    const newest = rows.filter({ hasText: api.checkpoints[0].hash });
    expect(await newest.count()).toBe(1);
    expect(await newest.locator('td').nth(2).innerText()).toBe(String(api.checkpoints[0].seq));
    expect(await main.innerText()).toContain(api.keyId);
    expect(await main.innerText()).toMatch(/Laatste regel in het log\s+\d+/);

    await shoot(page, 'auditor-checkpoints', 1280);
    await shoot(page, 'auditor-checkpoints', 390);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The entry number opens that entry at the top of the access log.
    await newest.getByRole('link').click();
    await page.waitForURL(new RegExp(`/audit\\?beforeSeq=${api.checkpoints[0].seq + 1}$`));
    await expect
      .poll(() => page.locator('table.log-table tbody tr').first().locator('td').first().innerText())
      .toBe(String(api.checkpoints[0].seq));
  }, 120_000);

  it('marks a checkpoint line signed by someone else, says what to do, and lets the rest stand', async () => {
    const page = auditor;
    const checkpointFile = join(demo.dataDir, 'audit-checkpoints.jsonl');
    const original = readFileSync(checkpointFile, 'utf8');
    appendFileSync(checkpointFile, 'eyJhbGciOiJFZERTQSJ9.e30.forged\n');
    try {
      await page.goto(`${demo.portal.url}/audit/checkpoints`);
      const alert = page.getByRole('alert').filter({ hasText: 'Niet alle controlepunten kloppen' });
      await alert.waitFor();
      expect(await alert.innerText()).toMatch(/1 van de \d+ getoonde controlepunten heeft geen geldige handtekening/);
      expect(await alert.innerText()).toContain('informatiebeveiliger (CISO)');
      const rows = page.locator('table.checkpoint-table tbody tr');
      const forged = rows.filter({ hasText: 'Onleesbaar' });
      expect(await forged.count()).toBe(1);
      expect(await forged.getAttribute('class')).toContain('log-row--denied');
      expect((await forged.locator('td').allInnerTexts()).slice(3, 6)).toEqual(['—', 'Ongeldig', 'Onleesbaar']); // and no key id vouches for it
      expect(await forged.innerText()).toContain('Deze regel in het bestand bevat geen leesbaar controlepunt.');
      // The genuine ones still stand.
      const statuses = await rows.evaluateAll((trs) =>
        trs.map((tr) => [tr.children[4].querySelector('.badge')?.textContent, tr.children[5].textContent]),
      );
      expect(statuses.filter(([signature, chain]) => signature === 'Geldig' && chain === 'Klopt')).toHaveLength(statuses.length - 1);
      await page.screenshot({ path: join(shots, 'auditor-checkpoints-forged-1280.png'), fullPage: true });
    } finally {
      writeFileSync(checkpointFile, original);
    }
  }, 120_000);

  it('shows the monitoring signals raised above in readable sections, and says so when a section is empty', async () => {
    const page = auditor;
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Monitoring' }).click();
    await page.getByRole('heading', { level: 1, name: 'Monitoring van het toegangslog' }).waitFor();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Periode' }).innerText())
      .toMatch(/^Periode: .+ tot .+ \(Nederlandse tijd\)\.$/);

    const section = (name: string) => page.getByRole('region', { name });
    const failed = section('Mislukte inlogpogingen per account');
    expect(await failed.innerText()).toContain('5 of meer mislukte inlogpogingen binnen één uur');
    const failedRow = failed.locator('tbody tr').filter({ hasText: demo.accounts.municipality.email });
    expect(await failedRow.count()).toBe(1);
    expect(await failedRow.locator('td').nth(2).innerText()).toBe('5');
    expect(await failedRow.getByRole('link').count()).toBe(5);

    const byAddress = section('Mislukte inlogpogingen per IP-adres');
    expect(await byAddress.locator('tbody tr').count()).toBeGreaterThan(0);

    const denied = section('Herhaald geweigerde toegang');
    const deniedRow = denied.locator('tbody tr').filter({ hasText: 'Contractmanager' });
    expect(await deniedRow.count()).toBeGreaterThan(0);
    expect(await deniedRow.first().locator('td').first().innerText()).toMatch(/^Gebruiker \d+$/);
    expect(Number(await deniedRow.first().locator('td').nth(3).innerText())).toBeGreaterThanOrEqual(5);

    const privileged = section('Wijzigingen in accounts, rechten en inrichting');
    expect(await privileged.innerText()).toContain('Gebruiker aangemaakt');
    expect(await privileged.innerText()).toContain('user.create');
    // The demo's functional administrator was created with admin rights: marked.
    expect(await privileged.locator('tr.log-row--denied').filter({ hasText: 'geeft beheerrechten' }).count()).toBeGreaterThan(0);

    // The overview counts each section and links to it.
    const overview = section('Overzicht');
    expect(await overview.getByRole('link').allInnerTexts()).toEqual([
      'Mislukte inlogpogingen per account',
      'Mislukte inlogpogingen per IP-adres',
      'Opvallende inlogmomenten',
      'Herhaald geweigerde toegang',
      'Wijzigingen in accounts, rechten en inrichting',
    ]);

    await shoot(page, 'auditor-monitoring', 1280);
    await shoot(page, 'auditor-monitoring', 390);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The demo's set-up made dozens of changes: the newest 20 first, all of them on request.
    const changes = Number(await overview.getByRole('listitem').filter({ hasText: 'Wijzigingen' }).locator('.badge').innerText());
    expect(changes).toBeGreaterThan(20);
    expect(await privileged.locator('tbody tr').count()).toBe(20);
    const more = privileged.getByRole('button', { name: `Alle ${changes} tonen` });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await more.click();
    await expect.poll(() => privileged.locator('tbody tr').count()).toBe(changes);
    expect(await privileged.getByRole('button', { name: 'Alleen de nieuwste 20 tonen' }).getAttribute('aria-expanded')).toBe('true');

    // A higher threshold, from the form: the failed-login sections now say there is nothing.
    await page.getByLabel('Mislukte inlogpogingen per uur').fill('1000');
    await page.getByRole('button', { name: 'Signalen tonen' }).click();
    await page.waitForURL(/failedLoginsPerHour=1000/);
    await expect
      .poll(() => section('Mislukte inlogpogingen per account').innerText())
      .toContain('Geen account had in deze periode 1.000 of meer mislukte inlogpogingen binnen één uur.');
    expect(await section('Mislukte inlogpogingen per account').locator('table').count()).toBe(0);
    expect(await section('Mislukte inlogpogingen per IP-adres').innerText()).toContain('Geen IP-adres had in deze periode 1.000 of meer');

    // A threshold out of range is refused beside its field, before anything is asked of the server.
    await page.getByLabel('Geweigerde toegang per 10 minuten').fill('0');
    await page.getByRole('button', { name: 'Signalen tonen' }).click();
    await expect.poll(() => page.getByText('Vul een heel getal van 1 tot en met 1000 in.').count()).toBe(1);
    expect(await page.getByLabel('Geweigerde toegang per 10 minuten').getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).not.toMatch(/deniedPerTenMinutes/);
  }, 120_000);

  it('records the auditor looking at both pages in the access log', async () => {
    const page = auditor;
    const log = await page.evaluate(async () => (await fetch('/api/v1/audit/events?objectType=access_log&limit=50')).json());
    const actions = log.events.map((e: { action: string }) => e.action);
    expect(actions).toContain('audit.checkpoints');
    expect(actions).toContain('audit.monitoring');
    await page.close();
  });

  it('ran without script errors or CSP refusals on any page', () => {
    expect(problems).toEqual([]);
  });
});
