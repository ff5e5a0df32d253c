import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rekeyPseudonym } from '../../api/src/ingest/pseudonymise.ts';
import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { loginBody, seedTestRegion, sessionCookieFrom } from '../support/fixtures.ts';
import { projectRoot } from '../support/process.ts';
import { csvOf, p1For, validRow } from '../support/records.ts';

const fixture = (name: string) => readFileSync(join(projectRoot, 'test', 'fixtures', 'uploads', name));
const csvType = { 'content-type': 'text/csv' };

describe.each(engines)('submissions on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let region: Awaited<ReturnType<typeof seedTestRegion>>;
  let bearer: Record<string, string>;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db);
    region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: region.client.clientId,
      client_secret: region.client.clientSecret,
    });
    const token = await (
      await app.request('/api/v1/auth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      })
    ).json();
    bearer = { authorization: `Bearer ${token.access_token}` };
  });
  afterAll(async () => db?.close());

  const upload = (
    body: BodyInit,
    options: { period?: string; dryRun?: boolean; headers?: Record<string, string>; fileName?: string; confirmReplace?: boolean } = {},
  ) => {
    const query = new URLSearchParams({
      period: options.period ?? '2025-H2',
      dryRun: String(options.dryRun ?? false),
      ...(options.fileName ? { fileName: options.fileName } : {}),
      // A smaller replacement must be confirmed (test/ingest/replacement.test.ts); here the guard is not the subject.
      ...(options.confirmReplace ? { confirmReplace: 'true' } : {}),
    });
    return app.request(`/api/v1/submissions?${query}`, { method: 'POST', headers: { ...bearer, ...csvType, ...options.headers }, body });
  };
  const storedCount = async () => Number((await db.sql`select count(*) as n from outcome_records`)[0].n);
  const uploadEvents = async () => db.sql`select action, result, details from access_log where action like 'submission.%' order by seq`;

  it('validates a dry run without storing anything, and logs it once', async () => {
    const before = (await uploadEvents()).length;
    const response = await upload(csvOf([validRow(1), validRow(2)]), { dryRun: true });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ dryRun: true, periodCode: '2025-H2', file: { format: 'csv', delimiter: ';', encoding: 'utf-8' } });
    expect(body.report).toMatchObject({ rowCount: 2, acceptedRowCount: 2, rejectedRowCount: 0, errorCount: 0 });
    expect(await storedCount()).toBe(0);
    const events = await uploadEvents();
    expect(events.length).toBe(before + 1);
    expect(events.at(-1)).toMatchObject({ action: 'submission.dry_run', result: 'allowed' });
  });

  it('stores a valid file in one go, re-keyed: no p1 value in the database', async () => {
    const rows = [1, 2, 3].map((i) => validRow(i));
    const response = await upload(csvOf(rows), { fileName: 'C:\\exports\\juli.csv' });
    expect(response.status).toBe(201);
    const { submission, report } = await response.json();
    expect(submission).toMatchObject({
      providerAgb: '98000010',
      periodCode: '2025-H2',
      version: 1,
      status: 'current',
      recordCount: 3,
      fileName: 'juli.csv',
      late: true,
      submittedBy: { type: 'client' },
    });
    expect(report.acceptedRowCount).toBe(3);
    const stored =
      await db.sql`select record_id, client_pseudonym, municipality_code, end_date from outcome_records where submission_id = ${submission.id} order by record_id`;
    expect(stored.map((r) => r.recordId)).toEqual(['T-1', 'T-2', 'T-3']);
    expect(stored[0].clientPseudonym).toBe(rekeyPseudonym(app.keys.pseudonymKeys, p1For(1)));
    const everything = JSON.stringify(await db.sql`select * from outcome_records`);
    expect(everything).not.toContain('p1:');
    expect(everything).not.toContain(p1For(1).slice(3));
  });

  it('reads a comma UTF-8 BOM export with CBS dates, GM codes and iJw end reasons', async () => {
    const response = await upload(fixture('valid-utf8-bom-comma.csv'), { period: '2025-H2', dryRun: true });
    const body = await response.json();
    expect(body.report.errors).toEqual([]);
    expect(body.file).toMatchObject({ delimiter: ',', encoding: 'utf-8' });
    expect(body.report.acceptedRowCount).toBe(6);
  });

  it('decodes a Windows-1252 semicolon file from Dutch Excel and reports its errors by row and column', async () => {
    const response = await upload(fixture('errors-windows1252.csv'), { dryRun: true });
    const body = await response.json();
    expect(body.file).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(body.report).toMatchObject({ rowCount: 4, acceptedRowCount: 2, rejectedRowCount: 2 });
    expect(body.report.errors).toEqual([
      expect.objectContaining({ row: 4, column: 'goalAttainment', value: 'geëindigd', code: 'goal_attainment_unknown' }),
      expect.objectContaining({ row: 5, column: 'endReason', value: 'beëindigd', code: 'end_reason_unknown' }),
    ]);
    expect(body.report.errors[0].message.nl).toMatch(/volledig/);
    expect(body.report.errors[0].message.en).toMatch(/goalAttainment must be/);
  });

  it('refuses a whole commit when one row is wrong (422, nothing stored, every error listed and grouped)', async () => {
    const before = await storedCount();
    const rows = [
      validRow(10),
      validRow(11, { endDate: '2025-03-01', ageAtStart: '24' }),
      validRow(12, { providerAgb: '98000020', municipalityCode: '0363' }),
      validRow(13, { recordId: 'T-10', clientPseudonym: 'p1:xyz', endReason: '36' }),
      validRow(14, { productCategory: '47', careForm: '21', youthUsefulness: '11', startDate: '31-02-2025' }),
    ];
    const response = await upload(csvOf(rows));
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = await response.json();
    expect(problem.message.nl).toMatch(/Niets opgeslagen/);
    const codes = problem.report.errors.map((e: { row: number; code: string }) => `${e.row}:${e.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        '3:age_range',
        '4:agb_not_uploader',
        '4:municipality_not_in_region',
        '5:pseudonym_format',
        '5:end_reason_not_closed',
        '5:duplicate_record_id',
        '6:product_category_no_outcomes',
        '6:care_form_unknown',
        '6:usefulness_range',
        '6:date_format',
      ]),
    );
    // The end date outside the period is a cross-field rule: reported once the fields themselves are valid.
    expect(problem.report.rejectedRows).toEqual([3, 4, 5, 6]);
    expect(problem.report.errorsByCode.find((t: { code: string }) => t.code === 'age_range').count).toBe(1);
    expect(problem.errors[0]).toMatchObject({ row: 3, field: 'ageAtStart', code: 'age_range' });
    expect(await storedCount()).toBe(before);
    expect((await uploadEvents()).at(-1)).toMatchObject({ action: 'submission.commit', result: 'error' });
  });

  it('names a birth-date column and explains why it is refused', async () => {
    const body = await (await upload(fixture('with-geboortedatum.csv'), { dryRun: true })).json();
    expect(body.report.errors[0]).toMatchObject({ row: 1, column: 'geboortedatum', code: 'identifier_column' }); // the header row
    expect(body.report.errors[0].message.nl).toMatch(/geboortedatum.*dataminimalisatie/);
    expect(body.report.acceptedRowCount).toBe(0);
  });

  it('refuses a row with a BSN hidden in recordId and never repeats the BSN', async () => {
    const response = await upload(fixture('bsn-in-recordid.csv'));
    expect(response.status).toBe(422);
    const text = await response.text();
    expect(text).not.toContain('111222333');
    const problem = JSON.parse(text);
    expect(problem.report.errors).toEqual([expect.objectContaining({ row: 3, column: 'recordId', value: '*********', code: 'bsn_value' })]);
    const dump = JSON.stringify([
      await db.sql`select * from access_log`,
      await db.sql`select * from submissions`,
      await db.sql`select * from outcome_records`,
    ]);
    expect(dump).not.toContain('111222333');
  });

  it('refuses content that is not what its type claims (415)', async () => {
    const zip = await upload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]));
    expect(zip.status).toBe(415);
    expect((await zip.json()).message.nl).toMatch(/zip-archief/);
    const csvAsXlsx = await upload(csvOf([validRow(1)]), {
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(csvAsXlsx.status).toBe(415);
    const pdf = await upload('%PDF-1.7\n...');
    expect(pdf.status).toBe(415);
    const word = await upload('hello', { headers: { 'content-type': 'application/msword' } });
    expect(word.status).toBe(415);
  });

  it('reads an Excel workbook with real date cells, and refuses a zip renamed to .csv', async () => {
    const xlsx = await upload(fixture('records.xlsx'), {
      dryRun: true,
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    const body = await xlsx.json();
    expect(body.report.errors).toEqual([]);
    expect(body.report).toMatchObject({ rowCount: 3, acceptedRowCount: 3 });
    expect(body.file).toMatchObject({ format: 'xlsx', delimiter: null });
    const renamed = await upload(fixture('zip-renamed.csv'), { fileName: 'aanlevering.csv' });
    expect(renamed.status).toBe(415);
    expect((await renamed.json()).code).toBe('content_mismatch');
  });

  it('offers the upload template as CSV and XLSX, with exactly the record fields', async () => {
    const csv = await app.request('/api/v1/templates/outcome-records.csv');
    expect(csv.status).toBe(200);
    expect(
      (await csv.text())
        .replace(/^\uFEFF/, '')
        .trim()
        .split(';'),
    ).toEqual(Object.keys(validRow(0)));
    const xlsx = await app.request('/api/v1/templates/outcome-records.xlsx');
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);
    const dry = await upload(bytes, {
      dryRun: true,
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect((await dry.json()).report).toMatchObject({ rowCount: 0, errorCount: 0 });
  });

  it('accepts JSON records from provider systems, with row = position in records', async () => {
    const records = [validRow(30), { ...validRow(31), ageAtStart: 5 as unknown as string, clientPseudonym: null as unknown as string }];
    const response = await upload(JSON.stringify({ records }), { dryRun: true, headers: { 'content-type': 'application/json' } });
    const body = await response.json();
    expect(body.report.errors).toEqual([expect.objectContaining({ row: 2, column: 'clientPseudonym', code: 'required' })]);
    const shape = await upload(JSON.stringify([validRow(1)]), { dryRun: true, headers: { 'content-type': 'application/json' } });
    expect(shape.status).toBe(422);
    expect((await shape.json()).code).toBe('json_shape');
  });

  it('replaces the current submission atomically and keeps the old one as history', async () => {
    const before = await (await app.request('/api/v1/submissions?period=2025-H2', { headers: bearer })).json();
    const current = before.submissions.find((s: { status: string }) => s.status === 'current');
    const replacement = await upload(csvOf([validRow(50), validRow(51), validRow(52), validRow(53)]), { confirmReplace: true });
    expect(replacement.status).toBe(201);
    const { submission } = await replacement.json();
    expect(submission.version).toBe(current.version + 1);
    const after = await (await app.request('/api/v1/submissions?period=2025-H2', { headers: bearer })).json();
    expect(after.submissions.filter((s: { status: string }) => s.status === 'current').map((s: { id: string }) => s.id)).toEqual([
      submission.id,
    ]);
    expect(after.submissions.find((s: { id: string }) => s.id === current.id)).toMatchObject({ status: 'replaced' });
    const counts = await db.sql`select s.status, count(r.id)::int as n from submissions s join outcome_records r on r.submission_id = s.id
      where s.period_code = '2025-H2' group by s.status`;
    expect(Object.fromEntries(counts.map((c) => [c.status, c.n]))).toMatchObject({ current: 4 });
  });

  it('returns the existing submission for a repeated Idempotency-Key or the same file, and 409 for a reused key', async () => {
    const body = csvOf([validRow(60), validRow(61)]);
    const first = await upload(body, { headers: { 'idempotency-key': 'batch-60' }, confirmReplace: true });
    expect(first.status).toBe(201);
    const id = (await first.json()).submission.id;
    const again = await upload(body, { headers: { 'idempotency-key': 'batch-60' } });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ existing: 'idempotency_key', submission: { id } });
    const sameFile = await upload(body);
    expect(await sameFile.json()).toMatchObject({ existing: 'same_file', submission: { id } });
    const reused = await upload(csvOf([validRow(62)]), { headers: { 'idempotency-key': 'batch-60' } });
    expect(reused.status).toBe(409);
    expect((await db.sql`select count(*)::int as n from submissions where idempotency_key = 'batch-60'`)[0].n).toBe(1);
  });

  it('lets two concurrent commits finish one after the other: both in history, one current, no duplicates', async () => {
    const a = csvOf([70, 71, 72].map((i) => validRow(i)));
    const b = csvOf([80, 81].map((i) => validRow(i)));
    const [ra, rb] = await Promise.all([upload(a, { confirmReplace: true }), upload(b, { confirmReplace: true })]);
    expect([ra.status, rb.status]).toEqual([201, 201]);
    const [sa, sb] = [(await ra.json()).submission, (await rb.json()).submission];
    expect(Math.abs(sa.version - sb.version)).toBe(1);
    const rows = await db.sql`select s.id, s.status, count(r.id)::int as n, count(distinct r.record_id)::int as distinct_ids
      from submissions s join outcome_records r on r.submission_id = s.id where s.id in (${sa.id}, ${sb.id}) group by s.id, s.status`;
    expect(rows.map((r) => r.n).sort()).toEqual([2, 3]);
    expect(rows.every((r) => r.n === r.distinctIds)).toBe(true);
    expect(rows.filter((r) => r.status === 'current')).toHaveLength(1);
  });

  it('shows a submission to its own provider and to the contract manager, and 404 to another provider', async () => {
    const [own] = (await (await app.request('/api/v1/submissions?status=current', { headers: bearer })).json()).submissions;
    expect((await app.request(`/api/v1/submissions/${own.id}`, { headers: bearer })).status).toBe(200);
    const json = { 'content-type': 'application/json' };
    const managerCookie = sessionCookieFrom(
      await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(region.users.contract_manager) }),
    );
    expect((await app.request(`/api/v1/submissions/${own.id}`, { headers: { cookie: managerCookie } })).status).toBe(200);
    const auditorCookie = sessionCookieFrom(
      await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(region.users.auditor) }),
    );
    expect((await app.request(`/api/v1/submissions/${own.id}`, { headers: { cookie: auditorCookie } })).status).toBe(403);
    // A second provider of the same region: it must not learn that the submission exists.
    await db.sql`update users set organisation_id = (select id from organisations where code = '98000020') where email = ${region.users.municipality.email}`;
    await db.sql`update users set role = 'provider' where email = ${region.users.municipality.email}`;
    const otherCookie = sessionCookieFrom(
      await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(region.users.municipality) }),
    );
    const other = await app.request(`/api/v1/submissions/${own.id}`, { headers: { cookie: otherCookie } });
    expect(other.status).toBe(404);
    expect((await (await app.request('/api/v1/submissions', { headers: { cookie: otherCookie } })).json()).submissions).toEqual([]);
    // A browser upload needs the CSRF header like any other cookie mutation.
    const noHeader = await app.request('/api/v1/submissions?period=2025-H2', {
      method: 'POST',
      headers: { cookie: otherCookie, ...csvType },
      body: csvOf([validRow(1)]),
    });
    expect(noHeader.status).toBe(403);
  });

  it('keeps a contract manager of another region out: 404 for a submission, no providers in indicators, denial logged', async () => {
    const other = await seedTestRegion(db.sql, app.keys.secretBoxKey, 'H11');
    const json = { 'content-type': 'application/json' };
    const cookie = sessionCookieFrom(
      await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(other.users.contract_manager) }),
    );
    const [own] = (await (await app.request('/api/v1/submissions?status=current', { headers: bearer })).json()).submissions;
    const response = await app.request(`/api/v1/submissions/${own.id}`, { headers: { cookie } });
    expect(response.status).toBe(404);
    const [logged] =
      await db.sql`select result, region_code from access_log where action = 'submission.read' and object_id = ${own.id} order by seq desc limit 1`;
    expect(logged).toMatchObject({ result: 'denied', regionCode: 'H11' });
    const list = await (await app.request('/api/v1/submissions', { headers: { cookie } })).json();
    expect(list.submissions).toEqual([]);
    const table = await (await app.request('/api/v1/indicators?period=2025-H2&productCategory=45', { headers: { cookie } })).json();
    expect(table.rows).toEqual([]);
  });

  it('refuses a closed or unknown period', async () => {
    const closed = await upload(csvOf([validRow(1, { endDate: '2025-03-01' })]), { period: '2025-H1' });
    expect(closed.status).toBe(422);
    expect((await closed.json()).report.errors[0]).toMatchObject({ row: null, code: 'period_closed' });
    const unknown = await upload(csvOf([validRow(1)]), { period: '2024-H1' });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).errors[0]).toMatchObject({ field: 'period', code: 'period_unknown' });
  });

  it('serves the code lists and periods of the region', async () => {
    const codes = await (await app.request('/api/v1/codes', { headers: bearer })).json();
    expect(codes.municipalities.map((m: { code: string }) => m.code).sort()).toEqual(['0503', '0518']);
    expect(codes.productCategories.map((c: { code: string }) => c.code)).toEqual(['45', '54']);
    expect(codes.ijwEndReasonMapping['32']).toBe('03');
    const periods = await (await app.request('/api/v1/periods', { headers: bearer })).json();
    expect(periods.periods.map((p: { code: string }) => p.code)).toEqual(['2026-H2', '2025-H2', '2025-H1']);
  });
});
