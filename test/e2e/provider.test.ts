/**
 * The provider's pages in a real Chromium against the real server process (demo mode, temp
 * DATA_DIR), logged in as the demo provider: an upload with mistakes and its report, a valid upload
 * committed and visible in the history, the BSN turned into a pseudonym in the browser without the
 * BSN or the key ever leaving it, the own results with the funnel (and, after a replacing upload
 * with few questionnaire answers, greyed out for low response), and the field guide.
 * Screenshots go to /tmp/shots-provider/ for a person to look at.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { fieldGuide, refusedColumnExamples, refusedColumns } from '../../schemas/field-guide.ts';
import { recordFields, validateRow, type RecordField, type ValidationContext } from '../../schemas/record.ts';
import { logIn, startDemoPortal, watchForProblems, type DemoPortal } from './support.ts';

const shots = '/tmp/shots-provider';
const vectors = JSON.parse(readFileSync(new URL('../fixtures/pseudonym-vectors.json', import.meta.url), 'utf8')) as {
  k1Hex: string;
  vectors: { bsn: string; normalised?: string; p1: string }[];
};

type Row = Partial<Record<RecordField, string>>;

/** A CSV as a provider's export writes it: semicolons, the record's field names as header. */
function csv(rows: Row[], header: readonly string[] = recordFields): string {
  return `${header.join(';')}\r\n${rows.map((row) => header.map((name) => row[name as RecordField] ?? '').join(';')).join('\r\n')}\r\n`;
}

const pseudonym = () => `p1:${randomBytes(32).toString('hex')}`;

describe('the provider pages in Chromium, demo region', () => {
  let demo: DemoPortal;
  let page: Page;
  let agb: string;
  let category: string;
  const problems: string[] = [];
  const requests: { url: string; body: Buffer | null }[] = [];

  const validRow = (recordId: string, extra: Row = {}): Row => ({
    recordId,
    clientPseudonym: pseudonym(),
    providerAgb: agb,
    municipalityCode: '0518',
    productCategory: category,
    careForm: '02',
    startDate: '2026-01-12',
    endDate: '2026-04-30',
    ageAtStart: '12',
    endReason: '01',
    goalAttainment: 'volledig',
    youthUsefulness: '8',
    parentUsefulness: '',
    youthFurtherHelp: '04',
    parentFurtherHelp: '',
    ...extra,
  });

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    demo = await startDemoPortal('rp-e2e-provider-');
    expect(Object.keys(demo.accounts)).toContain('provider');
    page = watchForProblems(await demo.browser.newPage({ viewport: { width: 1280, height: 900 } }), problems);
    page.on('request', (request) => requests.push({ url: request.url(), body: request.postDataBuffer() }));

    // The login leads straight to the upload page, where the first test begins.
    await page.goto(`${demo.portal.url}/login?next=%2Fprovider%2Fupload`);
    await logIn(page, demo.portal.url, demo.accounts.provider, /\/provider\/upload$/);
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    agb = me.organisation.code;
    const codes = await page.evaluate(async () => (await fetch('/api/v1/codes')).json());
    const accepted = (codes.productCategories as { code: string }[]).map((c) => c.code);
    category = accepted.includes('45') ? '45' : accepted[0];
  }, 120_000);

  afterAll(async () => {
    await demo?.stop();
  });

  it('shows an upload with mistakes as a report: row, column, masked value and message per error, filterable by kind, downloadable as CSV', async () => {
    await page.getByRole('heading', { level: 1, name: 'Aanleveren' }).waitFor();
    const nav = await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').allInnerTexts();
    expect(nav).toEqual(expect.arrayContaining(['Aanleveren', 'Mijn aanleveringen', 'Eigen resultaten', 'Sjabloon en velden']));
    // The newest open period is chosen; its deadline has passed in the demo, and the page says so.
    const period = page.getByRole('radio', { name: /2026-H1/ });
    expect(await period.isChecked()).toBe(true);
    expect(await page.locator('#period-2026-H1-hint').innerText()).toMatch(/uiterste datum .* is voorbij/i);

    const withMistakes = csv([
      validRow('TR-1', { goalAttainment: 'goed' }),
      validRow('111222333'), // a BSN-like recordId: refused, and never repeated in the report
      validRow('TR-3', { endDate: '2025-12-15', startDate: '2025-11-01' }),
      validRow('=1+1'), // a formula: refused here, and neutralised in the downloaded report
      validRow('TR-5'),
    ]);
    // Dropped, as a user drags it from the file manager.
    const dataTransfer = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'export-met-fouten.csv', { type: 'text/csv' }));
      return transfer;
    }, withMistakes);
    await page.dispatchEvent('[data-testid="drop-zone"]', 'drop', { dataTransfer });
    await page.getByText('Gekozen: export-met-fouten.csv').waitFor();
    await page.getByRole('button', { name: 'Bestand controleren' }).click();

    const heading = page.getByRole('heading', { name: 'Validatierapport voor 2026-H1' });
    await heading.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('outcome-title');
    const report = page.locator('section', { has: heading });
    expect(await report.locator('.report-summary').innerText()).toMatch(
      /Regels in het bestand\s+5\s+Goedgekeurd\s+1\s+Afgekeurd\s+4\s+Fouten\s+4/,
    );
    const rows = page.locator('table.report-table tbody tr');
    expect(await rows.count()).toBe(4);
    const table = await page.locator('table.report-table').innerText();
    expect(table).toContain('goalAttainment');
    expect(table).toContain('Doelrealisatie moet een van volledig, gedeeltelijk, niet, onbekend zijn.');
    expect(table).toContain('*********');
    expect(table).not.toContain('111222333');
    expect(table).toContain('De einddatum valt buiten periode 2026-H1');
    expect(await rows.first().locator('td').first().innerText()).toBe('2');
    expect(await page.getByRole('button', { name: 'Definitief aanleveren' }).count()).toBe(0);
    await page.screenshot({ path: join(shots, 'upload-report.png'), fullPage: true });

    await page.getByLabel('Toon fouten van soort').selectOption('bsn_value');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByText('1 van 1 fouten getoond.').count()).toBe(1);
    expect(await rows.first().innerText()).toContain('recordId');
    await page.getByLabel('Toon fouten van soort').selectOption('');
    await expect.poll(() => rows.count()).toBe(4);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Fouten downloaden als CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('validatierapport-2026-H1-export-met-fouten.csv');
    const lines = readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe('rij;kolom;waarde;code;melding');
    expect(lines).toHaveLength(6); // header, 4 errors, final line break
    expect(lines.find((line) => line.includes('record_id_format'))).toMatch(/^5;recordId;'=1\+1;record_id_format;/);
    expect(lines.join('\n')).not.toContain('111222333');

    // At 200% zoom (640 CSS px) the page reflows; the tables scroll inside their own box.
    await page.setViewportSize({ width: 640, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(640);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('checks a valid file, submits it for good, and the history shows the new version as current', async () => {
    // A file of another type: the API's refusal (415) is shown in the chosen language.
    await page
      .locator('#upload-file')
      .setInputFiles({ name: 'notities.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n') });
    await page.getByRole('button', { name: 'Bestand controleren' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'Het bestand is niet aangenomen' });
    await refused.waitFor();
    expect(await refused.innerText()).toContain('"application/pdf" wordt hier niet geaccepteerd');

    const valid = csv([
      validRow('TR-2026-001'),
      validRow('TR-2026-002', { endReason: '31', goalAttainment: 'gedeeltelijk' }),
      validRow('TR-2026-003', { endDate: '15-05-2026' }),
    ]);
    await page.locator('#upload-file').setInputFiles({ name: 'aanlevering-2026-H1.csv', mimeType: 'text/csv', buffer: Buffer.from(valid) });
    await page.getByRole('button', { name: 'Bestand controleren' }).click();
    await page.getByText('Geen fouten gevonden: alle 3 regels zijn goedgekeurd.').waitFor();

    // Three rows replace the demo's whole first version: the page shows the comparison and asks first.
    const question = page.getByRole('group', { name: 'Dit bestand vervangt een grotere aanlevering' });
    await question.waitFor();
    expect(await question.innerText()).toMatch(/U vervangt [\d.]+ rijen door 3 rijen \([\d,]+\s?%\)\..*Weet u het zeker\?/s);
    await page.getByRole('button', { name: 'Definitief aanleveren' }).click();
    await page.getByText('Vink aan dat u de huidige aanlevering wilt vervangen').waitFor();
    await page.screenshot({ path: join(shots, 'upload-replace-question.png'), fullPage: true });
    await question.getByRole('checkbox', { name: 'Ja, vervang versie 1 door dit bestand' }).check();
    await page.getByRole('button', { name: 'Definitief aanleveren' }).click();
    const stored = page.getByRole('heading', { name: 'Aanlevering opgeslagen' });
    await stored.waitFor();
    const notice = await page.locator('.notice--success', { has: stored }).innerText();
    expect(notice).toMatch(/Versie\s+2/);
    expect(notice).toMatch(/Regels\s+3/);
    expect(notice).toContain('Deze aanlevering vervangt versie 1.');
    expect(notice).toContain('als te laat vastgelegd');

    await page.getByRole('link', { name: 'Bekijk al uw aanleveringen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mijn aanleveringen' }).waitFor();
    await page.getByLabel('Verslagperiode').selectOption('2026-H1');
    const rows = page.locator('table.history-table tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const newest = await rows.nth(0).innerText();
    for (const text of ['2026-H1', 'Actueel', 'aanlevering-2026-H1.csv', 'te laat']) expect(newest).toContain(text);
    expect(newest).toMatch(/\t2\t/); // version
    expect(await rows.nth(1).innerText()).toContain('Vervangen');
    // The hash is shortened, and whole on keyboard focus.
    const hash = rows.nth(0).locator('.hash');
    const full = (await hash.getAttribute('title'))!;
    expect(full).toMatch(/^[0-9a-f]{64}$/);
    expect(await hash.locator('.hash__short').innerText()).toBe(`${full.slice(0, 12)}…`);
    expect((await hash.locator('.hash__full').boundingBox())!.width).toBeLessThanOrEqual(1);
    await hash.focus();
    expect(await hash.locator('.hash__short').isVisible()).toBe(false);
    expect((await hash.locator('.hash__full').boundingBox())!.width).toBeGreaterThan(100);
    await page.screenshot({ path: join(shots, 'history.png'), fullPage: true });

    // A replaced version can be restored while a change is allowed (here under the demo's lock
    // exception), after a confirmation; then version 2 is restored again for the tests that follow.
    for (const [row, version] of [
      [1, 1],
      [0, 2],
    ] as const) {
      await rows.nth(row).getByRole('button', { name: 'Deze versie herstellen' }).click();
      const question = rows.nth(row).getByRole('group');
      expect(await question.innerText()).toContain(`Versie ${version} (`);
      if (version === 1) await page.screenshot({ path: join(shots, 'history-restore-question.png'), fullPage: true });
      await question.getByRole('button', { name: 'Ja, herstellen' }).click();
      await page.getByText(`Versie ${version} is weer de actuele aanlevering voor 2026-H1.`).waitFor();
      await expect.poll(() => rows.nth(row).innerText()).toContain('Actueel');
      expect(await rows.nth(1 - row).innerText()).toContain('Vervangen');
    }
  });

  it('turns a bsn column into clientPseudonym in the browser with a local K1 file; neither the BSN nor the key is ever sent', async () => {
    const keyFile = join(demo.dataDir, '..', 'regio-k1.key');
    writeFileSync(keyFile, `${vectors.k1Hex}\n`);
    const [first, eightDigits] = [vectors.vectors[0], vectors.vectors.find((v) => v.bsn.length === 8)!];
    // A client export: the BSN where the pseudonym will be, under the header `bsn`.
    const fileWith = (bsns: string[]) => {
      const lines = bsns.map((bsn, i) => {
        const row = validRow(`PS-${i + 1}`);
        return recordFields.map((field) => (field === 'clientPseudonym' ? bsn : (row[field] ?? ''))).join(';');
      });
      return [recordFields.map((field) => (field === 'clientPseudonym' ? 'bsn' : field)).join(';'), ...lines, ''].join('\r\n');
    };
    requests.length = 0;
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Aanleveren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aanleveren' }).waitFor();

    // A wrong BSN first: the row is named, the value masked, nothing converted.
    await page
      .locator('#upload-file')
      .setInputFiles({ name: 'export-bsn.csv', mimeType: 'text/csv', buffer: Buffer.from(fileWith([first.bsn, '123456789'])) });
    await page.getByRole('heading', { name: 'BSN omzetten naar een pseudoniem' }).waitFor();
    expect(await page.getByText('Het BSN en de sleutel blijven op deze computer.').count()).toBe(1);
    // Checking a file that still has a BSN is refused here, before anything is sent.
    await page.getByRole('button', { name: 'Bestand controleren' }).click();
    await page.getByText('Een BSN sturen we niet naar het portaal').waitFor();
    await page.locator('#k1-file').setInputFiles(keyFile);
    await page.getByRole('button', { name: 'BSN omzetten' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Niet omgezet' });
    await alert.waitFor();
    const problemText = await alert.innerText();
    expect(problemText).toContain('elfproef');
    expect(problemText).toContain('*********');
    expect(problemText).not.toContain('123456789');

    await page
      .locator('#upload-file')
      .setInputFiles({ name: 'export-bsn.csv', mimeType: 'text/csv', buffer: Buffer.from(fileWith([first.bsn, eightDigits.bsn])) });
    // A new file starts the conversion afresh: wait until the old problems are gone.
    await alert.waitFor({ state: 'detached' });
    await page.locator('#k1-file').setInputFiles(keyFile);
    await page.getByRole('button', { name: 'BSN omzetten' }).click();
    await page.getByText('2 regels omgezet.').waitFor();
    await page.screenshot({ path: join(shots, 'pseudonymise.png'), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download export-bsn-gepseudonimiseerd.csv' }).click(),
    ]);
    const produced = readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(produced[0].split(';')).toEqual(recordFields);
    const pseudonymColumn = recordFields.indexOf('clientPseudonym');
    expect(produced[1].split(';')[pseudonymColumn]).toBe(first.p1);
    expect(produced[2].split(';')[pseudonymColumn]).toBe(eightDigits.p1);

    await page.getByRole('button', { name: 'Verder met dit bestand' }).click();
    await page.getByText('U gaat verder met het gepseudonimiseerde bestand').waitFor();
    await page.getByRole('button', { name: 'Bestand controleren' }).click();
    await page.getByText('Geen fouten gevonden: alle 2 regels zijn goedgekeurd.').waitFor();

    const upload = requests.find((request) => request.url.includes('/api/v1/submissions?'));
    expect(upload?.body?.toString('utf8')).toContain(first.p1); // the body was recorded, so the check below means something
    const secrets = [first.bsn, eightDigits.bsn, eightDigits.normalised!, '123456789', vectors.k1Hex];
    for (const request of requests) {
      const seen = `${decodeURIComponent(request.url)}\n${request.body?.toString('utf8') ?? ''}`;
      for (const secret of secrets) expect(seen, request.url).not.toContain(secret);
    }
  });

  it('maps an export with its own column names once, derives the age from the birth date, leaves names out, and remembers the mapping', async () => {
    const keyFile = join(demo.dataDir, '..', 'regio-k1.key');
    writeFileSync(keyFile, `${vectors.k1Hex}\n`);
    const [first, second] = vectors.vectors.filter((v) => v.bsn.length === 9);
    // As a client system exports it for CBS: its own headers, end reasons 1..5, a name and a birth date.
    const header =
      'Trajectnummer;Burgerservicenummer;Naam cliënt;AGB-code;Gemeentecode;Productcategorie;Startdatum;Einddatum;Geboortedatum;Reden beëindiging;Doelrealisatie';
    const exportFile = [
      header,
      `MAP-1;${first.bsn};Jan Jansen;${agb};0518;${category};2026-01-12;2026-04-30;12-05-2013;1;volledig`,
      `MAP-2;${second.bsn};Piet Pieters;${agb};0518;${category};2026-01-12;2026-05-31;2014-01-12;3;niet`,
      '',
    ].join('\r\n');
    requests.length = 0;
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Aanleveren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aanleveren' }).waitFor();
    await page.locator('#upload-file').setInputFiles({ name: 'cbs-export.csv', mimeType: 'text/csv', buffer: Buffer.from(exportFile) });
    await page.getByRole('heading', { name: 'Uw kolommen koppelen' }).waitFor();
    // The first suggestion comes from the names; the end reasons and nothing else need a choice.
    expect(await page.locator('#map-bsn').inputValue()).toBe('Burgerservicenummer');
    expect(await page.locator('#map-endDate').inputValue()).toBe('Einddatum');
    expect(await page.locator('#map-birth-date').inputValue()).toBe('Geboortedatum');
    await page.locator('#map-end-reasons').selectOption('zeroless');
    await page.screenshot({ path: join(shots, 'column-mapping.png'), fullPage: true });
    await page.locator('#k1-file').setInputFiles(keyFile);
    await page.getByRole('button', { name: 'BSN omzetten' }).click();
    await page.getByText('2 regels omgezet.').waitFor();
    await page.getByText('De koppeling is bewaard voor uw volgende aanlevering.').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download cbs-export-gepseudonimiseerd.csv' }).click(),
    ]);
    const produced = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const [head, row1, row2] = produced.split('\r\n').map((line) => line.split(';'));
    expect(head).toEqual([
      'clientPseudonym',
      'recordId',
      'providerAgb',
      'municipalityCode',
      'productCategory',
      'startDate',
      'endDate',
      'endReason',
      'goalAttainment',
      'ageAtStart',
    ]);
    expect(row1).toEqual([first.p1, 'MAP-1', agb, '0518', category, '2026-01-12', '2026-04-30', '01', 'volledig', '12']);
    expect(row2[7]).toBe('03');
    expect(row2[9]).toBe('12');
    expect(produced).not.toMatch(/Jansen|Pieters|2013|2014-01-12/);

    await page.getByRole('button', { name: 'Verder met dit bestand' }).click();
    await page.getByRole('button', { name: 'Bestand controleren' }).click();
    await page.getByText('Geen fouten gevonden: alle 2 regels zijn goedgekeurd.').waitFor();

    // What left the browser: the mapping's column names, the pseudonymised file; never a BSN, name, birth date or the key.
    const remembered = await page.evaluate(async () => (await fetch('/api/v1/column-mapping')).json());
    expect(remembered.mapping.columns).toMatchObject({ bsn: 'Burgerservicenummer', endReason: 'Reden beëindiging' });
    expect(remembered.mapping.birthDateColumn).toBe('Geboortedatum');
    expect(remembered.mapping.values.endReason).toEqual({ '1': '01', '2': '02', '3': '03', '4': '04', '5': '05' });
    expect(requests.some((request) => request.url.endsWith('/api/v1/column-mapping') && request.body)).toBe(true);
    for (const request of requests) {
      const seen = `${decodeURIComponent(request.url)}\n${request.body?.toString('utf8') ?? ''}`;
      for (const secret of [first.bsn, second.bsn, 'Jansen', '12-05-2013', vectors.k1Hex]) expect(seen, request.url).not.toContain(secret);
    }
  });

  it('shows the own results beside the region, the funnel with the own point reachable by keyboard and as a table, and the trend', async () => {
    await page.goto(`${demo.portal.url}/provider/results?period=2025-H2&category=${category}&indicator=dropout`);
    await page.getByRole('heading', { level: 1, name: 'Eigen resultaten' }).waitFor();
    const overview = page.locator('table.indicator-table');
    await overview.waitFor();
    expect(await overview.locator('thead').innerText()).toMatch(/Indicator\s+Uw organisatie\s+Regio \(\d+ aanbieders\)/);
    expect(await overview.innerText()).toContain('Uitval');

    const funnelApi = await page.evaluate(
      async (c) => (await fetch(`/api/v1/comparisons/funnel?period=2025-H2&productCategory=${c}&indicator=dropout`)).json(),
      category,
    );
    const ownPoint = funnelApi.points.find((p: { own: boolean }) => p.own);
    const own = page.locator('.funnel-plot__point--own');
    await own.waitFor();
    expect(await own.getAttribute('tabindex')).toBe('0');
    expect(await own.getAttribute('aria-label')).toContain(`${ownPoint.x} van ${ownPoint.n} `);
    expect(await page.locator('svg.funnel-plot__svg .funnel-plot__point:not(.funnel-plot__point--own)').count()).toBe(
      funnelApi.points.filter((p: { own: boolean; suppressed: boolean }) => !p.own && !p.suppressed).length,
    );
    await own.focus();
    await page.locator('.funnel-plot__panel h3', { hasText: 'Uw organisatie' }).waitFor();

    const funnelTable = page.locator('table.funnel-table');
    expect(await funnelTable.locator('tbody tr').first().innerText()).toContain('Uw organisatie');
    expect(await funnelTable.locator('tbody tr').count()).toBe(
      funnelApi.points.filter((p: { suppressed: boolean }) => !p.suppressed).length,
    );
    expect(await funnelTable.innerText()).not.toMatch(/Jeugdzorg|AGB/); // peers stay anonymous
    if (ownPoint.position?.flag) {
      const flag = await page.locator('.notice--flag').innerText();
      expect(flag).toContain('Bespreekpunt');
      expect(flag).toContain('geen oordeel');
    }
    await page.locator('#results-funnel').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'results.png'), fullPage: true });
    const figure = page.locator('.funnel-plot');
    await figure.screenshot({ path: join(shots, 'funnel.png') });

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Own results' }).waitFor();
    expect(await funnelTable.locator('tbody tr').first().innerText()).toContain('Your organisation');
    if (ownPoint.position?.flag) expect(await page.locator('.notice--flag').innerText()).toContain('not a verdict');
    await page.getByRole('button', { name: 'Schakel naar Nederlands' }).click();
    await page.getByRole('heading', { level: 1, name: 'Eigen resultaten' }).waitFor();

    const trendRows = page
      .locator('section', { has: page.getByRole('heading', { name: 'Trend over de laatste perioden' }) })
      .locator('tbody tr');
    await expect.poll(() => trendRows.count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByRole('heading', { name: 'Datakwaliteit van uw aanlevering, 2025-H2' }).count()).toBe(1);

    // The demo's own 2025-H2 data answered the questionnaire often enough: nothing is grey yet.
    const satisfaction = page.locator('table.indicator-table tbody tr', { hasText: 'Tevredenheid' });
    const ownCellClasses = async (name: string) =>
      ((await page.locator('table.indicator-table tbody tr', { hasText: name }).locator('td').first().getAttribute('class')) ?? '').split(
        ' ',
      );
    expect(await ownCellClasses('Tevredenheid')).not.toContain('cell--low-response');
    expect(await page.locator('.notice--low').count()).toBe(0);

    // A low response greys the questionnaire figures out, with the reason; the API decides what is
    // low. The provider replaces its 2026-H1 data (the open period; 2025-H2 is closed) with ten
    // trajectories of which two have an answer on the questionnaire: 20%, below the
    // region's 30%. Grades 8 and 9 (LR-01) and 5 (LR-02): 2 of 3 at 7 or higher, mean 7.3.
    const quiet: Row = { youthUsefulness: '', parentUsefulness: '', youthFurtherHelp: '', parentFurtherHelp: '' };
    const inPeriod: Row = { productCategory: category, startDate: '2025-10-03', endDate: '2026-04-15' };
    const lowResponse = csv([
      validRow('LR-01', { ...inPeriod, youthUsefulness: '8', parentUsefulness: '9', youthFurtherHelp: '04', parentFurtherHelp: '04' }),
      validRow('LR-02', { ...inPeriod, ...quiet, youthUsefulness: '5', youthFurtherHelp: '03' }),
      ...Array.from({ length: 8 }, (_, i) => validRow(`LR-${String(i + 3).padStart(2, '0')}`, { ...inPeriod, ...quiet })),
    ]);
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Aanleveren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aanleveren' }).waitFor();
    await page.getByRole('radio', { name: /2026-H1/ }).check();
    await page
      .locator('#upload-file')
      .setInputFiles({ name: 'aanlevering-2026-H1-lage-respons.csv', mimeType: 'text/csv', buffer: Buffer.from(lowResponse) });
    await page.getByRole('button', { name: 'Bestand controleren' }).click();
    await page.getByText('Geen fouten gevonden: alle 10 regels zijn goedgekeurd.').waitFor();
    await page.getByRole('button', { name: 'Definitief aanleveren' }).click();
    const stored = page.getByRole('heading', { name: 'Aanlevering opgeslagen' });
    await stored.waitFor();
    const storedNotice = await page.locator('.notice--success', { has: stored }).innerText();
    expect(storedNotice).toMatch(/Regels\s+10/);
    expect(storedNotice).toContain('Deze aanlevering vervangt versie 2.');

    await page.goto(`${demo.portal.url}/provider/results?period=2026-H1&category=${category}&indicator=dropout`);
    await satisfaction.waitFor();
    // The cells are NL Design System table cells (class utrecht-table__cell) with the mark beside it.
    expect(await ownCellClasses('Tevredenheid')).toContain('cell--low-response');
    expect(await ownCellClasses('Geen verdere hulp meer nodig')).toContain('cell--low-response');
    expect(await ownCellClasses('Uitval')).not.toContain('cell--low-response');
    // The figures are the new submission's own.
    const ownSatisfaction = await satisfaction.locator('td').first().innerText();
    expect(ownSatisfaction).toContain('Grijs: lage respons');
    expect(ownSatisfaction).toContain('66,7%');
    expect(ownSatisfaction).toContain('2 van 3');
    expect(ownSatisfaction).toContain('Gemiddeld rapportcijfer 7,3');
    const low = await page.locator('.notice--low').innerText();
    expect(low).toContain('Vragenlijst: 2 van de 10 trajecten hebben ten minste één antwoord');
    expect(low).toContain('(respons 20%)');
    expect(low).toContain('minder dan de grens van 30%');
    const quality = await page
      .locator('section', { has: page.getByRole('heading', { name: 'Datakwaliteit van uw aanlevering, 2026-H1' }) })
      .innerText();
    expect(quality).toMatch(/Afgesloten trajecten\s+10\s/);
    expect(quality).toMatch(/Actuele aanlevering\s+versie 3,/);
    expect(quality).toMatch(/Keren vervangen\s+2\s/);
    expect(quality).toMatch(/Respons op de vragenlijst\s+20,0% · lager dan de grens van 30%/);
    await page.locator('table.indicator-table').screenshot({ path: join(shots, 'results-low-response.png') });
  });

  it("shows the field guide from the validation's own rules, with the region's codes and the refused columns", async () => {
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Sjabloon en velden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sjabloon en velden' }).waitFor();
    expect(await page.locator('.field-card').count()).toBe(recordFields.length);
    const municipality = page.locator('#field-municipalityCode').locator('..');
    await municipality.getByText('Den Haag').waitFor();
    expect(await page.locator('article', { has: page.locator('#field-endReason') }).innerText()).toContain('iJw 31 wordt CBS 01');
    expect(await page.locator('article', { has: page.locator('#field-providerAgb') }).innerText()).toContain(`Uw AGB-code: ${agb}.`);
    expect(await page.getByRole('link', { name: 'Sjabloon downloaden (CSV)' }).getAttribute('href')).toBe(
      '/api/v1/templates/outcome-records.csv',
    );
    expect(
      await page.locator('section', { has: page.getByRole('heading', { name: 'Kolommen die worden geweigerd' }) }).innerText(),
    ).toContain('geen direct identificerende gegevens');
    await page.screenshot({ path: join(shots, 'field-guide.png'), fullPage: true });
  });

  it("keeps every example in the field guide valid under the upload's own validation", () => {
    const context: ValidationContext = {
      municipalities: [{ code: '0518', validFrom: '2000-01-01', validUntil: null }],
      productCategories: new Set(['45']),
      providerAgb: '98000001',
      period: { code: '2026-H1', startsOn: '2026-01-01', endsOn: '2026-06-30' },
      today: '2026-11-23',
    };
    const base: Row = {
      ...validRow('TR-1'),
      providerAgb: '98000001',
      productCategory: '45',
      startDate: '2026-01-01',
      endDate: '2026-06-30',
    };
    expect(fieldGuide.map((entry) => entry.field)).toEqual([...recordFields]);
    for (const entry of fieldGuide) {
      for (const example of entry.examples)
        expect(validateRow({ ...base, [entry.field]: example }, context).errors, `${entry.field} = ${example}`).toEqual([]);
      for (const code of entry.codes ?? [])
        expect(validateRow({ ...base, [entry.field]: code.code }, context).errors, `${entry.field} = ${code.code}`).toEqual([]);
      for (const { from } of entry.mapped ?? []) expect(validateRow({ ...base, [entry.field]: from }, context).errors).toEqual([]);
      for (const refusal of entry.refused ?? []) {
        for (const code of refusal.codes)
          expect(validateRow({ ...base, [entry.field]: code }, context).errors.length, `${entry.field} = ${code}`).toBeGreaterThan(0);
      }
    }
    const refused = refusedColumns();
    expect(refused.map((column) => column.column)).toEqual([...refusedColumnExamples]);
    expect(refused.filter((column) => column.kind === 'unknown_column').map((column) => column.column)).toEqual(['opmerking']);
  });

  it('ran without script errors or CSP refusals on any page', () => {
    expect(problems).toEqual([]);
  });
});
