import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProvider } from '../../api/src/admin/organisations.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import { refreshRegion } from '../../api/src/indicators/refresh.ts';
import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { loginBody, seedTestRegion, sessionCookieFrom } from '../support/fixtures.ts';

const roles = ['provider', 'contract_manager', 'municipality', 'auditor', 'admin'] as const;
type Role = (typeof roles)[number];
const [A, B, C] = ['98000010', '98000020', '98000030'];

/**
 * Test region H10 (seedTestRegion: categories 45 and 54; deadlines 2025-07-21, 2026-01-21, 2027-01-21;
 * the provider account is A's). Contracts: A 45+54, B 45 (from 2025-01-01); C 45 from 2025-07-01.
 *   2025-H1  A delivers 45 and 54 on 2025-07-01; B nothing; C is not yet contracted.
 *   2025-H2  A: v1 (45, 54) late on the deadline day in Dutch time (22:30 UTC), replaced on 01-25 by
 *            v2 with 45 only → 45 on time, 54 missing. B: 45 and 54 on the day after the deadline →
 *            45 late, 54 not expected. C nothing → missing.
 *   2026-H2  nothing yet: every contracted pair missing.
 */
describe.each(engines)('deliveries (%s)', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  const cookies = {} as Record<Role, string>;
  let serial = 0;

  async function request(role: Role, method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { cookie: cookies[role] };
    if (method !== 'GET') headers['x-portal-request'] = '1';
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await app.request(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  async function submit(agb: string, period: string, version: number, status: string, at: string, categories: Record<string, number>) {
    const [org] = await db.sql`select id from organisations where code = ${agb}`;
    const total = Object.values(categories).reduce((s, n) => s + n, 0);
    const [submission] =
      await db.sql`insert into submissions (region_code, provider_id, period_code, version, status, record_count, file_sha256, content_type, submitted_at)
      values ('H10', ${org.id}, ${period}, ${version}, ${status}, ${total}, ${'a'.repeat(64)}, 'text/csv', ${at}) returning id`;
    const rows = Object.entries(categories).flatMap(([category, n]) =>
      Array.from({ length: n }, () => {
        serial++;
        return {
          submission_id: submission.id,
          region_code: 'H10',
          provider_id: org.id,
          period_code: period,
          record_id: `R${serial}`,
          client_pseudonym: `v1:${serial.toString(16).padStart(64, '0')}`,
          provider_agb: agb,
          municipality_code: '0518',
          product_category: category,
          start_date: period === '2025-H1' ? '2024-10-01' : '2025-03-01',
          end_date: period === '2025-H1' ? '2025-03-01' : '2025-09-01',
          age_at_start: serial % 24,
          end_reason: '01',
          goal_attainment: 'onbekend',
        };
      }),
    );
    if (rows.length > 0) await db.sql`insert into outcome_records ${db.sql(rows)}`;
  }

  async function logged(action: string) {
    return db.sql`select actor_role, result, object_id, details from access_log where action = ${action} order by seq`;
  }

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db);
    const region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
    await createProvider(db.sql, systemActor('test', 'H10'), { agb: C, name: 'Aanbieder C', regionCode: 'H10' });
    for (const role of roles) {
      const login = await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: loginBody(region.users[role]),
      });
      cookies[role] = sessionCookieFrom(login);
    }
    await submit(A, '2025-H1', 1, 'current', '2025-07-01T10:00:00Z', { '45': 15, '54': 12 });
    await submit(A, '2025-H2', 1, 'replaced', '2026-01-21T22:30:00Z', { '45': 20, '54': 10 });
    await submit(A, '2025-H2', 2, 'current', '2026-01-25T10:00:00Z', { '45': 22 });
    await submit(B, '2025-H2', 1, 'current', '2026-01-22T10:00:00Z', { '45': 30, '54': 11 });
    await refreshRegion(db.sql, 'H10');
  });
  afterAll(async () => {
    await db?.close();
  });

  describe('contracts', () => {
    it('lets an administrator set a contract: the whole category set, deduplicated and sorted', async () => {
      const a = await request('admin', 'PUT', `/contracts/${A}`, { productCategories: ['54', '45', '54'], validFrom: '2025-01-01' });
      expect(a.status).toBe(200);
      expect(a.body).toEqual({
        providerAgb: A,
        providerName: 'Aanbieder A',
        productCategories: ['45', '54'],
        validFrom: '2025-01-01',
        validUntil: null,
      });
      // Setting again replaces the set.
      expect((await request('admin', 'PUT', `/contracts/${B}`, { productCategories: ['45', '54'], validFrom: '2025-01-01' })).status).toBe(
        200,
      );
      const b = await request('admin', 'PUT', `/contracts/${B}`, { productCategories: ['45'], validFrom: '2025-01-01', validUntil: null });
      expect(b.body.productCategories).toEqual(['45']);
      const c = await request('admin', 'PUT', `/contracts/${C}`, {
        productCategories: ['45'],
        validFrom: '2025-07-01',
        validUntil: '2027-12-31',
      });
      expect(c.body).toMatchObject({ validFrom: '2025-07-01', validUntil: '2027-12-31' });
      const set = await logged('contract.set');
      expect(set.at(-1)).toMatchObject({ actorRole: 'admin', result: 'allowed', objectId: C });
      const details = set[2].details as { productCategories: { from: string[]; to: string[] } };
      expect(details.productCategories).toEqual({ from: ['45', '54'], to: ['45'] });
    });

    it('lists the region to contract managers and administrators, and a provider its own', async () => {
      const manager = await request('contract_manager', 'GET', '/contracts');
      expect(manager.status).toBe(200);
      expect(
        manager.body.contracts.map((c: { providerAgb: string; productCategories: string[] }) => [c.providerAgb, c.productCategories]),
      ).toEqual([
        [A, ['45', '54']],
        [B, ['45']],
        [C, ['45']],
      ]);
      expect((await request('admin', 'GET', '/contracts')).body.contracts).toHaveLength(3);
      const own = await request('provider', 'GET', '/contracts');
      expect(own.body.contracts.map((c: { providerAgb: string }) => c.providerAgb)).toEqual([A]);
      expect((await request('municipality', 'GET', '/contracts')).status).toBe(403);
      expect((await request('auditor', 'GET', '/contracts')).status).toBe(403);
      const reads = await logged('contract.list');
      expect(reads.map((r) => r.actorRole)).toEqual(['contract_manager', 'admin', 'provider']);
    });

    it('refuses unknown categories, an end before the start, an unknown provider and other roles, in Dutch and English', async () => {
      const before = (await logged('contract.set')).length;
      const unknown = await request('admin', 'PUT', `/contracts/${A}`, { productCategories: ['45', '99'] });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors[0]).toMatchObject({ field: 'productCategories', value: '99', code: 'unknown_product_category' });
      expect(unknown.body.errors[0].message.nl).toContain('Kies uit: 45, 54');
      expect(unknown.body.errors[0].message.en).toContain('Choose from: 45, 54');
      const dates = await request('admin', 'PUT', `/contracts/${A}`, {
        productCategories: ['45'],
        validFrom: '2026-01-01',
        validUntil: '2025-12-31',
      });
      expect(dates.status).toBe(422);
      expect(dates.body.errors[0]).toMatchObject({ field: 'validUntil', code: 'contract_ends_before_start' });
      expect(dates.body.errors[0].message.nl).toContain('einddatum');
      expect(dates.body.errors[0].message.en).toContain('end date');
      const badDate = await request('admin', 'PUT', `/contracts/${A}`, { productCategories: ['45'], validFrom: '2026-13-01' });
      expect(badDate.status).toBe(422);
      const missing = await request('admin', 'PUT', '/contracts/98000099', { productCategories: ['45'] });
      expect(missing.status).toBe(404);
      expect(missing.body.message.nl).toContain('98000099');
      expect(missing.body.message.en).toContain('create the provider first');
      expect((await request('contract_manager', 'PUT', `/contracts/${A}`, { productCategories: ['45'] })).status).toBe(403);
      expect((await request('provider', 'PUT', `/contracts/${A}`, { productCategories: ['45'] })).status).toBe(403);
      // Nothing changed; the refusals the service saw are logged.
      expect((await request('admin', 'GET', '/contracts')).body.contracts[0].productCategories).toEqual(['45', '54']);
      const refused = (await logged('contract.set')).slice(before);
      expect(refused.map((r) => r.result)).toEqual(['error', 'error', 'denied']);
    });
  });

  describe('the monitor', () => {
    const statuses = (body: any) =>
      Object.fromEntries(
        body.providers.flatMap((p: any) => p.categories.map((c: any) => [`${p.providerAgb}/${c.productCategory}`, c.status])),
      );

    it('gives per provider × category on time, late, missing and not expected, with versions and replacements', async () => {
      const { status, body } = await request('contract_manager', 'GET', '/deliveries?period=2025-H2');
      expect(status).toBe(200);
      expect(body.period).toEqual({
        code: '2025-H2',
        startsOn: '2025-07-01',
        endsOn: '2025-12-31',
        deadline: '2026-01-21',
        deadlinePassed: true,
      });
      expect(statuses(body)).toEqual({
        // First arrived in v1 at 23:30 Dutch time on the deadline day: on time.
        [`${A}/45`]: 'on_time',
        // In v1, but the current v2 does not hold it.
        [`${A}/54`]: 'missing',
        [`${B}/45`]: 'late',
        [`${B}/54`]: 'not_expected',
        [`${C}/45`]: 'missing',
      });
      const a = body.providers.find((p: any) => p.providerAgb === A);
      expect(a).toMatchObject({
        versions: 2,
        replaced: 1,
        firstSubmittedAt: '2026-01-21T22:30:00.000Z',
        currentSubmittedAt: '2026-01-25T10:00:00.000Z',
      });
      expect(a.categories.find((c: any) => c.productCategory === '54')).toEqual({
        productCategory: '54',
        expected: true,
        delivered: false,
        status: 'missing',
      });
      expect(body.providers.find((p: any) => p.providerAgb === C)).toMatchObject({
        versions: 0,
        replaced: 0,
        recordCount: null,
        firstSubmittedAt: null,
      });
      expect(body.totals).toEqual({
        expected: 4,
        onTime: 1,
        late: 1,
        missing: 2,
        notExpected: 1,
        onTimePercentage: 25,
        completenessPercentage: 50,
      });
    });

    it('gives the two shares for every period, and counts a contract only where it overlaps the period', async () => {
      const { body } = await request('admin', 'GET', '/deliveries?period=2025-H1');
      // C's contract starts in 2025-H2.
      expect(statuses(body)).toEqual({ [`${A}/45`]: 'on_time', [`${A}/54`]: 'on_time', [`${B}/45`]: 'missing' });
      expect(body.trend.map((t: any) => [t.period, t.totals.expected, t.totals.onTimePercentage, t.totals.completenessPercentage])).toEqual(
        [
          ['2025-H1', 3, 66.7, 66.7],
          ['2025-H2', 4, 25, 50],
          ['2026-H2', 4, 0, 0],
        ],
      );
      expect(body.trend[2].deadlinePassed).toBe(false);
    });

    it('shows a record count only as /submissions does, and never a count per category', async () => {
      const monitor = (await request('contract_manager', 'GET', '/deliveries?period=2025-H2')).body;
      const submissions = (await request('contract_manager', 'GET', '/submissions?period=2025-H2&status=current')).body.submissions;
      for (const provider of monitor.providers.filter((p: any) => p.versions > 0)) {
        const submission = submissions.find((s: any) => s.providerAgb === provider.providerAgb);
        expect(provider.recordCount).toBe(submission.recordCount);
      }
      for (const provider of monitor.providers)
        for (const c of provider.categories) expect(Object.keys(c).sort()).toEqual(['delivered', 'expected', 'productCategory', 'status']);
    });

    it('shows a provider only its own, and refuses municipalities and auditors', async () => {
      const own = await request('provider', 'GET', '/deliveries?period=2025-H2');
      expect(own.status).toBe(200);
      expect(own.body.providers.map((p: any) => p.providerAgb)).toEqual([A]);
      expect(own.body.providers[0].recordCount).toBe(22);
      expect(own.body.totals).toMatchObject({ expected: 2, onTime: 1, missing: 1, onTimePercentage: 50 });
      expect(own.body.trend.map((t: any) => t.totals.expected)).toEqual([2, 2, 2]);
      expect((await request('municipality', 'GET', '/deliveries?period=2025-H2')).status).toBe(403);
      expect((await request('auditor', 'GET', '/deliveries?period=2025-H2')).status).toBe(403);
      expect((await request('municipality', 'GET', '/deliveries/outstanding')).status).toBe(403);
    });

    it('answers an unknown period with 404 in Dutch and English, and a malformed one with 422', async () => {
      const unknown = await request('contract_manager', 'GET', '/deliveries?period=2030-H1');
      expect(unknown.status).toBe(404);
      expect(unknown.body.message.nl).toContain('2030-H1');
      expect(unknown.body.message.en).toContain('Choose a period');
      expect((await request('contract_manager', 'GET', '/deliveries?period=2025')).status).toBe(422);
    });

    it('says what is still expected in the open periods and by when', async () => {
      const own = await request('provider', 'GET', '/deliveries/outstanding');
      expect(own.status).toBe(200);
      // 2025-H1 is closed; in 2025-H2 A still owes 54; in 2026-H2 everything.
      expect(own.body.outstanding).toEqual([
        {
          period: '2025-H2',
          deadline: '2026-01-21',
          deadlinePassed: true,
          providerAgb: A,
          providerName: 'Aanbieder A',
          productCategories: ['54'],
        },
        {
          period: '2026-H2',
          deadline: '2027-01-21',
          deadlinePassed: false,
          providerAgb: A,
          providerName: 'Aanbieder A',
          productCategories: ['45', '54'],
        },
      ]);
      const region = await request('contract_manager', 'GET', '/deliveries/outstanding');
      expect(region.body.outstanding.map((o: any) => `${o.period} ${o.providerAgb}`)).toEqual([
        `2025-H2 ${A}`,
        `2025-H2 ${C}`,
        `2026-H2 ${A}`,
        `2026-H2 ${B}`,
        `2026-H2 ${C}`,
      ]);
    });

    it('logs every read, allowed or refused', async () => {
      const reads = await logged('delivery.monitor');
      expect(reads.filter((r) => r.result === 'allowed').map((r) => [r.actorRole, r.objectId])).toEqual([
        ['contract_manager', '2025-H2'],
        ['admin', '2025-H1'],
        ['contract_manager', '2025-H2'],
        ['provider', '2025-H2'],
      ]);
      expect(reads.filter((r) => r.result === 'denied').map((r) => r.objectId)).toEqual(['2030-H1']);
      expect((await logged('delivery.outstanding')).map((r) => r.actorRole)).toEqual(['provider', 'contract_manager']);
      const [refusals] =
        await db.sql`select count(*)::int as n from access_log where result = 'denied' and actor_role in ('municipality', 'auditor')`;
      expect(refusals.n).toBeGreaterThanOrEqual(5);
    });
  });
});
