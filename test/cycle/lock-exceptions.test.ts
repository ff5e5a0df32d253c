/**
 * Lock exceptions (issue 17): after a period's figures are final a provider's commit is refused
 * (409, bilingual, with the date) unless an administrator granted it an exception for that period
 * that is valid today; ended, it is refused again. The same exception lets a commit in when the
 * period was closed by hand. Dry runs stay allowed. Granting is for administrators only, checked,
 * logged with the reason, and the provider is notified in the same transaction.
 */
import { addDays, todayInPortal } from '../../schemas/dates.ts';
import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { loginBody, seedTestRegion, sessionCookieFrom } from '../support/fixtures.ts';
import { csvOf, validRow } from '../support/records.ts';

const json = { 'content-type': 'application/json' };

describe.each(engines)('lock exceptions on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let region: Awaited<ReturnType<typeof seedTestRegion>>;
  let bearer: Record<string, string>;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db);
    region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
    // The fixture's standing exceptions are what this file is about: gone.
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
    for (const role of ['admin', 'contract_manager', 'provider'] as const) {
      cookies[role] = sessionCookieFrom(
        await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(region.users[role]) }),
      );
    }
  });
  afterAll(async () => db?.close());

  const call = async (role: string, method: string, path: string, body?: unknown) => {
    const response = await app.request(`/api/v1${path}`, {
      method,
      headers: { cookie: cookies[role], 'x-portal-request': '1', ...(body === undefined ? {} : json) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  let serial = 0;
  /** A new file each time (a same file would be answered with the existing submission). */
  const upload = (period: string, options: { dryRun?: boolean } = {}) => {
    serial += 1000;
    const endDate = period === '2025-H2' ? {} : { endDate: '2026-09-10' };
    const rows = Array.from({ length: 12 }, (_, k) => validRow(serial + k, endDate));
    const query = new URLSearchParams({ period, dryRun: String(options.dryRun ?? false), confirmReplace: 'true' });
    return app.request(`/api/v1/submissions?${query}`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'text/csv' },
      body: csvOf(rows),
    });
  };
  const lastEvent = async (action: string) =>
    (
      await db.sql`select action, result, object_type, object_id, details from access_log where action = ${action} order by seq desc limit 1`
    )[0];
  const today = todayInPortal();

  let granted: { id: string };

  it('refuses a commit after the figures are final with a 409 that says since when and what to do; a dry run still checks the file', async () => {
    // 2025-H2: deadline 2026-01-21, review window 14 days: final since 2026-02-05.
    const refused = await upload('2025-H2');
    expect(refused.status).toBe(409);
    const problem = await refused.json();
    expect(problem.code).toBe('figures_final');
    expect(problem.detail).toContain('2025-H2');
    expect(problem.detail).toMatch(/definitief sinds 5 februari 2026|final since 5 February 2026/);
    expect(problem.detail).toMatch(/uitzondering|exception/);
    expect(await lastEvent('submission.commit')).toMatchObject({ result: 'error', details: { refused: 'figures_final' } });
    expect(Number((await db.sql`select count(*) as n from submissions`)[0].n)).toBe(0);
    const dry = await upload('2025-H2', { dryRun: true });
    expect(dry.status).toBe(200);
    expect((await dry.json()).report.errorCount).toBe(0);
  });

  it('grants an exception (administrators only): checked, logged with the reason, the provider notified in the same transaction', async () => {
    const valid = {
      providerAgb: region.agbA,
      period: '2025-H2',
      reason: 'Correctie van de einddatums na controle',
      validUntil: addDays(today, 7),
    };
    for (const role of ['contract_manager', 'provider']) {
      expect((await call(role, 'POST', '/admin/lock-exceptions', valid)).status).toBe(403);
      expect((await call(role, 'GET', '/admin/lock-exceptions')).status).toBe(403);
    }
    const wrong = [
      { ...valid, validUntil: addDays(today, -1) },
      { ...valid, validUntil: addDays(today, 91) },
      { ...valid, validUntil: '2026-02-30' },
      { ...valid, reason: '' },
      { ...valid, reason: 'x'.repeat(1001) },
      { ...valid, reason: 'Cliënt 111222333 had een verkeerde einddatum' },
      { ...valid, period: 'H2-2025' },
      { ...valid, providerAgb: '123' },
    ];
    for (const body of wrong) {
      const refused = await call('admin', 'POST', '/admin/lock-exceptions', body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.body.detail).toBeTruthy();
    }
    expect((await call('admin', 'POST', '/admin/lock-exceptions', { ...valid, providerAgb: '98000099' })).status).toBe(404);
    expect((await call('admin', 'POST', '/admin/lock-exceptions', { ...valid, period: '2030-H1' })).status).toBe(404);
    expect(Number((await db.sql`select count(*) as n from lock_exceptions`)[0].n)).toBe(0);
    expect(Number((await db.sql`select count(*) as n from notifications`)[0].n)).toBe(0);

    const created = await call('admin', 'POST', '/admin/lock-exceptions', { ...valid, validUntil: today });
    expect(created.status).toBe(201);
    granted = created.body;
    expect(created.body).toMatchObject({
      provider: { agb: region.agbA, name: 'Aanbieder A' },
      period: '2025-H2',
      reason: valid.reason,
      validUntil: today,
      endedAt: null,
      current: true,
    });
    expect(await lastEvent('lock_exception.grant')).toMatchObject({
      result: 'allowed',
      objectType: 'lock_exception',
      objectId: granted.id,
      details: { providerAgb: region.agbA, period: '2025-H2', validUntil: today, reason: valid.reason },
    });
    const notified =
      await db.sql`select n.event, n.params, n.link, n.dedupe_key, u.email from notifications n join users u on u.id = n.user_id`;
    expect(notified).toEqual([
      {
        event: 'lock_exception_granted',
        params: { period: '2025-H2', date: today },
        link: '/upload',
        dedupeKey: `lock_exception_granted:${granted.id}`,
        email: region.users.provider.email,
      },
    ]);
    const list = await call('admin', 'GET', '/admin/lock-exceptions');
    expect(list.body.exceptions).toEqual([created.body]);
    expect(await lastEvent('admin.lock_exceptions.list')).toMatchObject({ details: { returned: 1 } });
  });

  it('lets the commit in while the exception is valid (through today), and refuses again once it has ended', async () => {
    const allowed = await upload('2025-H2');
    expect(allowed.status).toBe(201);
    const ended = await call('admin', 'POST', `/admin/lock-exceptions/${granted.id}/end`);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ id: granted.id, current: false });
    expect(ended.body.endedAt).toBeTruthy();
    expect(await lastEvent('lock_exception.end')).toMatchObject({ result: 'allowed', objectId: granted.id });
    expect((await upload('2025-H2')).status).toBe(409);
    expect((await call('admin', 'POST', `/admin/lock-exceptions/${granted.id}/end`)).status).toBe(409);
    expect((await call('admin', 'POST', '/admin/lock-exceptions/999999/end')).status).toBe(404);
    expect((await call('contract_manager', 'POST', `/admin/lock-exceptions/${granted.id}/end`)).status).toBe(403);
    // An exception whose date has passed lets nothing in either.
    await db.sql`insert into lock_exceptions (region_code, provider_id, period_code, reason, valid_until, granted_by)
      select 'H10', id, '2025-H2', 'expired', ${addDays(today, -1)}, 'test' from organisations where code = ${region.agbA}`;
    expect((await upload('2025-H2')).status).toBe(409);
    const list = await call('admin', 'GET', '/admin/lock-exceptions');
    expect(list.body.exceptions.map((e: { current: boolean }) => e.current)).toEqual([false, false]);
  });

  it('lets a commit in for a period closed by hand only with an exception, and leaves open periods alone', async () => {
    // 2026-H2: deadline 2027-01-21, open.
    expect((await upload('2026-H2')).status).toBe(201);
    await db.sql`update periods set closed = true where region_code = 'H10' and code = '2026-H2'`;
    const closed = await upload('2026-H2');
    expect(closed.status).toBe(422);
    expect(JSON.stringify(await closed.json())).toContain('period_closed');
    const created = await call('admin', 'POST', '/admin/lock-exceptions', {
      providerAgb: region.agbA,
      period: '2026-H2',
      reason: 'Late correctie na sluiting',
      validUntil: addDays(today, 90),
    });
    expect(created.status).toBe(201);
    expect((await upload('2026-H2')).status).toBe(201);
  });
});
