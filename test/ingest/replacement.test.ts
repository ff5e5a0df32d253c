/**
 * Guarded replacement and restore (issue 17): a much smaller replacement, or one without a product
 * category, is refused with the comparison unless confirmed; a replaced version can be restored by
 * its provider until the period's figures are final.
 */
import { addDays, todayInPortal } from '../../schemas/dates.ts';
import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { loginBody, seedTestRegion, sessionCookieFrom } from '../support/fixtures.ts';
import { csvOf, validRow } from '../support/records.ts';

const period = '2025-H2';

describe.each(engines)('guarded replacement and restore on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let region: Awaited<ReturnType<typeof seedTestRegion>>;
  let bearer: Record<string, string>;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db);
    region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
    // The period is open today, whatever day the tests run (its figures are not final yet), and no
    // standing lock exception of the fixture blurs when a restore is allowed: the window decides.
    await db.sql`update periods set deadline = ${todayInPortal()} where region_code = 'H10' and code = ${period}`;
    await db.sql`delete from lock_exceptions`;
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
    for (const role of ['provider', 'contract_manager'] as const) {
      const login = await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: loginBody(region.users[role]),
      });
      cookies[role] = sessionCookieFrom(login);
    }
  });
  afterAll(async () => db?.close());

  /** Rows i = from..to; even i are category 45, odd i 54 (test/support/records.ts). */
  const rows = (from: number, to: number, overrides = {}) => Array.from({ length: to - from + 1 }, (_, k) => validRow(from + k, overrides));
  const upload = (body: string, options: { dryRun?: boolean; confirm?: boolean } = {}) => {
    const query = new URLSearchParams({
      period,
      dryRun: String(options.dryRun ?? false),
      ...(options.confirm ? { confirmReplace: 'true' } : {}),
    });
    return app.request(`/api/v1/submissions?${query}`, { method: 'POST', headers: { ...bearer, 'content-type': 'text/csv' }, body });
  };
  const restore = (id: string, as: 'client' | 'provider' | 'contract_manager' = 'client') =>
    app.request(`/api/v1/submissions/${id}/restore`, {
      method: 'POST',
      headers: as === 'client' ? bearer : { cookie: cookies[as], 'x-portal-request': '1' },
    });
  const state = async () => ({
    submissions: await db.sql`select id, version, status, record_count, replaced_at from submissions order by id`,
    records: Number((await db.sql`select count(*) as n from outcome_records`)[0].n),
    cells: await db.sql`select product_category, municipality_code, age_band, care_form, submission_id, trajectories
      from indicator_cells order by 1, 2, 3, 4`,
  });
  const currentCells = async () =>
    Number((await db.sql`select coalesce(sum(trajectories), 0) as n from indicator_cells where period_code = ${period}`)[0].n);
  const lastLog = async (action: string) =>
    (await db.sql`select action, result, object_id, details from access_log where action = ${action} order by seq desc limit 1`)[0];

  let first: { id: string; version: number };
  let second: { id: string; version: number };

  it('stores a first submission of 504 rows without asking (nothing to replace)', async () => {
    const response = await upload(csvOf(rows(1, 504)));
    expect(response.status).toBe(201);
    first = (await response.json()).submission;
    expect(first).toMatchObject({ version: 1, status: 'current', recordCount: 504 });
    expect(await currentCells()).toBe(504);
  });

  it('the dry run of a 24-row file reports the comparison and asks for confirmation', async () => {
    const response = await upload(csvOf(rows(1, 24, { productCategory: '45' })), { dryRun: true });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.replacement).toMatchObject({
      periodCode: period,
      currentSubmissionId: first.id,
      currentVersion: 1,
      currentRows: 504,
      newRows: 24,
      share: 0.05,
      minShare: 0.8,
      categoriesDropped: ['54'],
      categoriesAdded: [],
      needsConfirmation: true,
    });
    expect(Date.parse(body.replacement.currentSubmittedAt)).not.toBeNaN();
  });

  it('refuses 504 → 24 rows with the comparison, and nothing changes', async () => {
    const before = await state();
    const response = await upload(csvOf(rows(1, 24, { productCategory: '45' })));
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = await response.json();
    expect(problem.code).toBe('replacement_unconfirmed');
    expect(problem.message.nl).toBe(
      'U vervangt 504 rijen (versie 1) door 24 rijen (5%); categorie 54 verdwijnt. Er is niets opgeslagen. Bevestig met confirmReplace=true als dit de bedoeling is.',
    );
    expect(problem.message.en).toContain('504 rows (version 1) with 24 rows (5%); category 54 disappears');
    expect(problem.replacement).toMatchObject({ currentVersion: 1, currentRows: 504, newRows: 24, categoriesDropped: ['54'] });
    expect(await state()).toEqual(before);
    expect(await lastLog('submission.commit')).toMatchObject({
      result: 'error',
      details: expect.objectContaining({ refused: 'replacement_unconfirmed', kind: 'conflict' }),
    });
  });

  it('refuses dropping a category even with more rows', async () => {
    const before = await state();
    const response = await upload(csvOf(rows(1, 1100, { productCategory: '45' })));
    expect(response.status).toBe(409);
    const problem = await response.json();
    expect(problem.replacement).toMatchObject({ newRows: 1100, categoriesDropped: ['54'], needsConfirmation: true });
    expect(problem.message.nl).toContain('categorie 54 verdwijnt');
    expect(await state()).toEqual(before);
  });

  it('replaces with a larger or equal file without confirmation', async () => {
    const equal = await upload(csvOf(rows(2, 505)));
    expect(equal.status).toBe(201);
    const larger = await upload(csvOf(rows(1, 520)));
    expect(larger.status).toBe(201);
    // 80% of 520 is 416: 416 rows pass, 415 would not.
    const dry = await (await upload(csvOf(rows(1, 416)), { dryRun: true })).json();
    expect(dry.replacement).toMatchObject({ currentRows: 520, newRows: 416, needsConfirmation: false });
    const below = await (await upload(csvOf(rows(1, 415)), { dryRun: true })).json();
    expect(below.replacement).toMatchObject({ newRows: 415, needsConfirmation: true, categoriesDropped: [] });
    expect(await currentCells()).toBe(520);
  });

  it('replaces 520 → 24 rows when confirmed', async () => {
    const previous = (await db.sql`select id, version from submissions where status = 'current'`)[0];
    second = { id: String(previous.id), version: Number(previous.version) };
    const response = await upload(csvOf(rows(1, 24, { productCategory: '45' })), { confirm: true });
    expect(response.status).toBe(201);
    expect((await response.json()).submission).toMatchObject({ version: 4, status: 'current', recordCount: 24 });
    expect(await currentCells()).toBe(24);
    const [old] = await db.sql`select status, replaced_at from submissions where id = ${second.id}`;
    expect(old.status).toBe('replaced');
    expect(old.replacedAt).not.toBeNull();
  });

  it('restores a replaced version within the review window: statuses swap, the figures follow, logged', async () => {
    const response = await restore(second.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: second.id,
      version: 3,
      status: 'current',
      recordCount: 520,
      replacedAt: null,
      restorableUntil: null,
    });
    // The history says until when each replaced version can be restored: the deadline plus the review window.
    const { submissions } = await (await app.request(`/api/v1/submissions?period=${period}&status=replaced`, { headers: bearer })).json();
    const [{ reviewWindowDays }] = await db.sql`select review_window_days from regions where code = 'H10'`;
    expect(new Set(submissions.map((s: { restorableUntil: string }) => s.restorableUntil))).toEqual(
      new Set([addDays(todayInPortal(), Number(reviewWindowDays))]),
    );
    const statuses = await db.sql`select version, status from submissions where period_code = ${period} order by version`;
    expect(statuses.map((s) => `${s.version}:${s.status}`)).toEqual(['1:replaced', '2:replaced', '3:current', '4:replaced']);
    expect(await currentCells()).toBe(520);
    expect(await lastLog('submission.restore')).toMatchObject({
      result: 'allowed',
      objectId: second.id,
      details: expect.objectContaining({ period, restoredVersion: 3, replacedVersion: 4 }),
    });
  });

  it('the provider user may restore too, in its own session', async () => {
    const response = await restore(first.id, 'provider');
    expect(response.status).toBe(200);
    expect(await currentCells()).toBe(504);
  });

  it('refuses to restore the current version (409)', async () => {
    const response = await restore(first.id);
    expect(response.status).toBe(409);
    const problem = await response.json();
    expect(problem.code).toBe('submission_not_replaced');
    expect(problem.message.nl).toContain('alleen een vervangen versie');
    expect(await lastLog('submission.restore')).toMatchObject({
      result: 'error',
      details: expect.objectContaining({ refused: problem.code }),
    });
  });

  it('refuses to restore once the figures are final (409), and nothing changes; a lock exception lets it in', async () => {
    const [{ reviewWindowDays }] = await db.sql`select review_window_days from regions where code = 'H10'`;
    await db.sql`update periods set deadline = ${addDays(todayInPortal(), -Number(reviewWindowDays) - 1)}
      where region_code = 'H10' and code = ${period}`;
    try {
      const before = await state();
      const response = await restore(second.id);
      expect(response.status).toBe(409);
      const problem = await response.json();
      expect(problem.code).toBe('period_final');
      expect(problem.message.en).toContain('final');
      expect(await state()).toEqual(before);

      // A lock exception lets a correction in, a restore as much as a commit, until its last day.
      const until = addDays(todayInPortal(), 3);
      await db.sql`insert into lock_exceptions (region_code, provider_id, period_code, reason, valid_until, granted_by)
        select 'H10', id, ${period}, 'correctie na definitief', ${until}, 'admin@h10.test.nl' from organisations where code = '98000010'`;
      const listed = await (await app.request(`/api/v1/submissions?period=${period}`, { headers: bearer })).json();
      expect(listed.submissions.find((s: { id: string }) => s.id === second.id).restorableUntil).toBe(until);
      const allowed = await restore(second.id);
      expect(allowed.status).toBe(200);
      expect(await currentCells()).toBe(520);
    } finally {
      await db.sql`delete from lock_exceptions`;
      await db.sql`update periods set deadline = ${todayInPortal()} where region_code = 'H10' and code = ${period}`;
    }
  });

  it("answers 404 for another provider's submission, and a contract manager may not restore (403)", async () => {
    const [other] = await db.sql`select id from organisations where code = '98000020'`;
    const [foreign] =
      await db.sql`insert into submissions (region_code, provider_id, period_code, version, record_count, file_sha256, content_type, status)
      values ('H10', ${other.id}, ${period}, 1, 30, ${'b'.repeat(64)}, 'text/csv', 'replaced') returning id`;
    const response = await restore(String(foreign.id));
    expect(response.status).toBe(404);
    expect(await lastLog('submission.restore')).toMatchObject({ result: 'denied', objectId: String(foreign.id) });
    expect((await restore('not-a-number')).status).toBe(404);

    const before = await state();
    const manager = await restore(second.id, 'contract_manager');
    expect(manager.status).toBe(403);
    expect(await state()).toEqual(before);
  });
});
