import { createProvider } from '../../api/src/admin/organisations.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import { refreshRegion } from '../../api/src/indicators/refresh.ts';
import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { loginBody, seedTestRegion, sessionCookieFrom } from '../support/fixtures.ts';

/**
 * A hand-checked region: four providers in period 2025-H2, category 45, with known end reasons.
 *   A 98000010: 20 records: 6×03, 2×04, 10×01, 2×99 → dropout 6/18   (municipality 0518)
 *   B 98000020: 40 records: 2×03, 38×01          → dropout 2/40   (20 in 0518, 20 in 0503)
 *   C 98000030:  8 records: 1×03, 7×01           → dropout 1/8    (0503; n < 10: suppressed)
 *   D 98000040: 30 records: 3×03, 27×01          → dropout 3/30   (0503)
 *   region: 12/96 = 0.125
 * Period 2025-H2 is closed (its figures final), so a provider sees its peers.
 */
const fixture: Record<string, Array<{ reason: string; municipality: string; count: number }>> = {
  '98000010': [
    { reason: '03', municipality: '0518', count: 6 },
    { reason: '04', municipality: '0518', count: 2 },
    { reason: '01', municipality: '0518', count: 10 },
    { reason: '99', municipality: '0518', count: 2 },
  ],
  '98000020': [
    { reason: '03', municipality: '0518', count: 2 },
    { reason: '01', municipality: '0518', count: 18 },
    { reason: '01', municipality: '0503', count: 20 },
  ],
  '98000030': [
    { reason: '03', municipality: '0503', count: 1 },
    { reason: '01', municipality: '0503', count: 7 },
  ],
  '98000040': [
    { reason: '03', municipality: '0503', count: 3 },
    { reason: '01', municipality: '0503', count: 27 },
  ],
};

const ageBandOf = (age: number) => (age <= 3 ? '0-3' : age <= 11 ? '4-11' : age <= 17 ? '12-17' : '18-23');

/** Exact binomial CDF by direct summation: independent of the module under test. */
function binomCdf(r: number, n: number, p: number): number {
  let total = 0;
  for (let k = 0; k <= r; k++) {
    let c = 1;
    for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
    total += c * p ** k * (1 - p) ** (n - k);
  }
  return total;
}
function exactLimit(p0: number, n: number, P: number): number {
  let r = 0;
  while (binomCdf(r, n, p0) < P) r++;
  const alpha = (binomCdf(r, n, p0) - P) / (binomCdf(r, n, p0) - (r > 0 ? binomCdf(r - 1, n, p0) : 0));
  return (r - alpha) / n;
}

describe.each(engines)('indicators and comparisons on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db);
    const region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
    const actor = systemActor('test', 'H10');
    await createProvider(db.sql, actor, { agb: '98000030', name: 'Aanbieder C', regionCode: 'H10' });
    await createProvider(db.sql, actor, { agb: '98000040', name: 'Aanbieder D', regionCode: 'H10' });
    let serial = 0;
    for (const [agb, groups] of Object.entries(fixture)) {
      const [org] = await db.sql`select id from organisations where code = ${agb}`;
      const total = groups.reduce((s, g) => s + g.count, 0);
      const [submission] =
        await db.sql`insert into submissions (region_code, provider_id, period_code, version, record_count, file_sha256, content_type)
        values ('H10', ${org.id}, '2025-H2', 1, ${total}, ${'a'.repeat(64)}, 'text/csv') returning id`;
      for (const group of groups) {
        for (let i = 0; i < group.count; i++) {
          serial++;
          await db.sql`insert into outcome_records (submission_id, region_code, provider_id, period_code, record_id, client_pseudonym, provider_agb,
              municipality_code, product_category, start_date, end_date, age_at_start, end_reason, goal_attainment)
            values (${submission.id}, 'H10', ${org.id}, '2025-H2', ${`R${serial}`}, ${`v1:${serial.toString(16).padStart(64, '0')}`}, ${agb},
              ${group.municipality}, '45', '2025-03-01', '2025-09-01', ${serial % 24}, ${group.reason}, 'onbekend')`;
        }
      }
    }
    // Re-entry (category 54): A's clients X and Y end on 2025-02-01, Z on 2025-06-20. X starts again
    // with B 89 days later (re-entry), Y with B 242 days later (outside 182 days). The latest end date
    // in the region becomes 2025-11-01, so only trajectories ending by 2025-05-03 count: Z is too recent.
    const [a] = await db.sql`select id from organisations where code = '98000010'`;
    const [b] = await db.sql`select id from organisations where code = '98000020'`;
    const [aH1] =
      await db.sql`insert into submissions (region_code, provider_id, period_code, version, record_count, file_sha256, content_type)
      values ('H10', ${a.id}, '2025-H1', 1, 3, ${'b'.repeat(64)}, 'text/csv') returning id`;
    const [bH2] = await db.sql`select id from submissions where provider_id = ${b.id} and period_code = '2025-H2'`;
    const pseudonym = (c: string) => `v1:${c.repeat(64)}`;
    const reentryRecords = [
      {
        submission: aH1.id,
        provider: a.id,
        agb: '98000010',
        period: '2025-H1',
        id: 'X1',
        client: pseudonym('a'),
        start: '2024-10-01',
        end: '2025-02-01',
      },
      {
        submission: aH1.id,
        provider: a.id,
        agb: '98000010',
        period: '2025-H1',
        id: 'Y1',
        client: pseudonym('b'),
        start: '2024-10-01',
        end: '2025-02-01',
      },
      {
        submission: aH1.id,
        provider: a.id,
        agb: '98000010',
        period: '2025-H1',
        id: 'Z1',
        client: pseudonym('c'),
        start: '2025-01-01',
        end: '2025-06-20',
      },
      {
        submission: bH2.id,
        provider: b.id,
        agb: '98000020',
        period: '2025-H2',
        id: 'X2',
        client: pseudonym('a'),
        start: '2025-05-01',
        end: '2025-08-01',
      },
      {
        submission: bH2.id,
        provider: b.id,
        agb: '98000020',
        period: '2025-H2',
        id: 'Y2',
        client: pseudonym('b'),
        start: '2025-10-01',
        end: '2025-11-01',
      },
    ];
    for (const r of reentryRecords) {
      await db.sql`insert into outcome_records (submission_id, region_code, provider_id, period_code, record_id, client_pseudonym, provider_agb,
          municipality_code, product_category, start_date, end_date, age_at_start, end_reason, goal_attainment)
        values (${r.submission}, 'H10', ${r.provider}, ${r.period}, ${r.id}, ${r.client}, ${r.agb}, '0518', '54', ${r.start}, ${r.end}, 10, '01', 'volledig')`;
    }
    await refreshRegion(db.sql, 'H10');
    await db.sql`update periods set closed = true where region_code = 'H10' and code = '2025-H2'`;
    for (const role of ['provider', 'contract_manager', 'municipality', 'auditor']) {
      const login = await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: loginBody(region.users[role]),
      });
      cookies[role] = sessionCookieFrom(login);
    }
  });
  afterAll(async () => db?.close());

  const get = async (role: string, path: string) => {
    const response = await app.request(`/api/v1${path}`, { headers: { cookie: cookies[role] } });
    return { status: response.status, body: await response.json() };
  };
  const dropout = (figures: Array<{ indicator: string }>) => figures.find((f) => f.indicator === 'dropout') as Record<string, unknown>;

  it('gives the contract manager every provider, suppresses n < 10 and enough more that neither the total nor a provider knowing its own can give it away', async () => {
    const { status, body } = await get('contract_manager', '/indicators?period=2025-H2&productCategory=45');
    expect(status).toBe(200);
    const byAgb = Object.fromEntries(
      body.rows.map((r: { provider: { agb: string }; figures: [] }) => [r.provider.agb, dropout(r.figures)]),
    );
    // C (8) is small. Hiding A (18) too keeps C from the total for the contract manager, but C
    // knows its own 8 and would get A = 96 − 40 − 30 − 8: so D (30) goes as well.
    expect(byAgb['98000030']).toEqual({ indicator: 'dropout', suppressed: true, reason: 'small_n' });
    expect(byAgb['98000010']).toEqual({ indicator: 'dropout', suppressed: true, reason: 'complementary' });
    expect(byAgb['98000040']).toEqual({ indicator: 'dropout', suppressed: true, reason: 'complementary' });
    expect(byAgb['98000020']).toMatchObject({ suppressed: false, x: 2, n: 40, value: 0.05 });
    const region = dropout(body.region.figures);
    expect(region).toMatchObject({ suppressed: false, x: 12, n: 96, value: 0.125 });
    // Wilson 95% by hand: (2x + z² ± z·√(z² + 4x(1 − x/n))) / (2(n + z²)) with x = 12, n = 96, z² = 3.84146:
    // (27.84146 ± 13.27020) / 199.68292 → 0.07297 – 0.20588.
    expect((region.interval as { lower: number }).lower).toBeCloseTo(0.07297, 4);
    expect((region.interval as { upper: number }).upper).toBeCloseTo(0.20588, 4);
    expect(body.definitions.find((d: { id: string }) => d.id === 'dropout').direction).toBe('lower_is_better');
  });

  it('keeps a municipality view from revealing what the region-wide table hides (differencing)', async () => {
    // Region-wide, A (complementary) and C (small n) are hidden. A's records are all in 0518, so
    // showing A for 0518 would reveal A region-wide, and C = total − A − B − D with it.
    const { body } = await get('contract_manager', '/indicators?period=2025-H2&productCategory=45&municipalityCode=0518');
    const byAgb = Object.fromEntries(
      body.rows.map((r: { provider: { agb: string }; figures: [] }) => [r.provider.agb, dropout(r.figures)]),
    );
    expect(byAgb['98000010']).toMatchObject({ suppressed: true });
    expect(byAgb['98000020']).toMatchObject({ suppressed: false, x: 2, n: 20 }); // B: 20 in 0518, 20 elsewhere
    const funnel = (
      await get('contract_manager', '/comparisons/funnel?period=2025-H2&productCategory=45&indicator=dropout&municipalityCode=0518')
    ).body;
    expect(JSON.stringify(funnel.points)).not.toContain('98000010');
  });

  it('shows a provider of an open period its own figures only: the region total follows when the period is closed', async () => {
    await db.sql`update periods set closed = false where region_code = 'H10' and code = '2025-H2'`;
    try {
      const { body } = await get('provider', '/indicators?period=2025-H2&productCategory=45');
      expect(dropout(body.rows[0].figures)).toMatchObject({ suppressed: false, x: 6, n: 18 });
      expect(dropout(body.region.figures)).toEqual({ indicator: 'dropout', suppressed: true, reason: 'period_open' });
      expect(body.region.providers).toBeNull();
      const funnel = (await get('provider', '/comparisons/funnel?period=2025-H2&productCategory=45&indicator=dropout')).body;
      expect(funnel.points).toEqual([expect.objectContaining({ own: true, x: 6, n: 18 })]);
      expect(funnel.peer).toMatchObject({ p0: null, reason: 'period_open' });
      expect(funnel.curve).toEqual([]);
      const mix = (await get('provider', '/comparisons/casemix?period=2025-H2&productCategory=45&indicator=dropout')).body;
      expect(mix.rows).toEqual([expect.objectContaining({ suppressed: true, reason: 'period_open' })]);
      const trend = (await get('provider', '/comparisons/trend?period=2025-H2&productCategory=45&indicator=dropout')).body;
      expect(trend.region.points.at(-1)).toEqual({
        period: '2025-H2',
        suppressed: true,
        reason: 'period_open',
        finality: { phase: 'final', finalFrom: '2026-02-05' },
      });
    } finally {
      await db.sql`update periods set closed = true where region_code = 'H10' and code = '2025-H2'`;
    }
  });

  it('shows a provider its own figures and the region total, never another provider', async () => {
    const { body } = await get('provider', '/indicators?period=2025-H2&productCategory=45');
    expect(body.rows.map((r: { provider: { agb: string } }) => r.provider.agb)).toEqual(['98000010']);
    expect(dropout(body.rows[0].figures)).toMatchObject({ suppressed: false, x: 6, n: 18 });
    expect(dropout(body.region.figures)).toMatchObject({ x: 12, n: 96 });
    const asked = await get('provider', '/indicators?period=2025-H2&productCategory=45&providerAgb=98000020');
    expect(asked.body.rows).toEqual([]);
  });

  it('holds a municipality to its residents, plus region totals', async () => {
    const { body } = await get('municipality', '/indicators?period=2025-H2&productCategory=45');
    expect(body.municipalityCode).toBe('0518');
    const byAgb = Object.fromEntries(
      body.rows.map((r: { provider: { agb: string }; figures: [] }) => [r.provider.agb, dropout(r.figures)]),
    );
    expect(Object.keys(byAgb).sort()).toEqual(['98000010', '98000020']);
    expect(byAgb['98000020']).toMatchObject({ x: 2, n: 20 });
    expect(dropout(body.region.figures)).toMatchObject({ x: 12, n: 96 });
    expect((await get('municipality', '/indicators?period=2025-H2&productCategory=45&municipalityCode=0503')).status).toBe(403);
  });

  it('refuses auditors any outcome figure', async () => {
    expect((await get('auditor', '/indicators?period=2025-H2&productCategory=45')).status).toBe(403);
    expect((await get('auditor', '/comparisons/funnel?period=2025-H2&productCategory=45&indicator=dropout')).status).toBe(403);
  });

  it('draws the funnel with exact binomial limits around p0 and anonymous peers for a provider', async () => {
    const manager = (await get('contract_manager', '/comparisons/funnel?period=2025-H2&productCategory=45&indicator=dropout')).body;
    expect(manager.peer).toMatchObject({ p0: 0.125, providers: 4, x: 12, n: 96 });
    const b = manager.points.find((p: { provider: { agb: string } | null }) => p.provider?.agb === '98000020');
    expect(b.position).toBeDefined();
    // Overdispersion is judged from the points every reader is shown (B alone: not assessable).
    expect(manager.overdispersion).toBeNull();
    const expectedUpper998 = exactLimit(0.125, 40, 0.999);
    expect(manager.curve.find((c: { n: number }) => c.n === 40)?.upper998 ?? expectedUpper998).toBeCloseTo(expectedUpper998, 6);
    // C (n = 8), and A and D so that C is neither the remainder of the peer totals nor of what C knows.
    expect(manager.points.filter((p: { suppressed: boolean }) => p.suppressed)).toHaveLength(3);
    expect(JSON.stringify(manager.points)).not.toMatch(/98000010|98000030|98000040/);
    const provider = (await get('provider', '/comparisons/funnel?period=2025-H2&productCategory=45&indicator=dropout')).body;
    const named = provider.points.filter((p: { provider: unknown }) => p.provider !== null);
    expect(named).toEqual([expect.objectContaining({ own: true, provider: { agb: '98000010', name: 'Aanbieder A' }, x: 6, n: 18 })]);
    expect(JSON.stringify(provider)).not.toMatch(/98000020|Aanbieder B|98000040/);
    // A at n = 18 is below the flag minimum of 30: positioned, never flagged.
    expect(named[0].position.flag).toBeNull();
    // Seen by A: the same decision as for everyone, A's own point shown to A (C and D hidden).
    expect(provider.points.filter((p: { suppressed: boolean }) => p.suppressed)).toHaveLength(2);
  });

  it('computes case-mix O/E from the age-band × care-form strata', async () => {
    const { body } = await get('contract_manager', '/comparisons/casemix?period=2025-H2&productCategory=45&indicator=dropout');
    const b = body.rows.find((r: { provider: { agb: string } }) => r.provider.agb === '98000020');
    expect(b).toMatchObject({ suppressed: false, n: 40, observed: 2 });
    expect(b.expected).toBeGreaterThan(0);
    expect(b.ratio).toBeCloseTo(2 / b.expected, 10);
    expect(b.lower).toBeLessThanOrEqual(b.ratio);
    expect(b.upper).toBeGreaterThanOrEqual(b.ratio);
    // By hand: the fixture's records in order, age serial % 24, care form empty. B is held against
    // A, C and D only (leave one out); a stratum where they have fewer than 10 uses their overall rate.
    const records: Array<{ agb: string; band: string; dropout: boolean; known: boolean }> = [];
    let serial = 0;
    for (const [agb, groups] of Object.entries(fixture)) {
      for (const group of groups)
        for (let i = 0; i < group.count; i++)
          records.push({ agb, band: ageBandOf(++serial % 24), dropout: group.reason === '03', known: group.reason !== '99' });
    }
    // Dropout counts only known end reasons (A's two 99s are out of n).
    const others = records.filter((r) => r.agb !== '98000020' && r.known);
    const overall = others.filter((r) => r.dropout).length / others.length;
    let expected = 0;
    const pooled: string[] = [];
    for (const band of ['0-3', '4-11', '12-17', '18-23']) {
      const own = records.filter((r) => r.agb === '98000020' && r.band === band).length;
      const reference = others.filter((r) => r.band === band);
      if (own > 0 && reference.length < 10) pooled.push(`${band}|onbekend`);
      expected += own * (reference.length >= 10 ? reference.filter((r) => r.dropout).length / reference.length : overall);
    }
    expect(b.expected).toBeCloseTo(expected, 10);
    expect([...b.pooledStrata].sort()).toEqual(pooled.sort());
  });

  it('gives a provider no case-mix expectation for an open period, whatever it uploads: its own upload cannot read the others back', async () => {
    await db.sql`update periods set closed = false where region_code = 'H10' and code = '2025-H2'`;
    try {
      const mix = (await get('provider', '/comparisons/casemix?period=2025-H2&productCategory=45&indicator=dropout')).body;
      expect(mix.rows).toEqual([{ provider: { agb: '98000010', name: 'Aanbieder A' }, suppressed: true, reason: 'period_open' }]);
    } finally {
      await db.sql`update periods set closed = true where region_code = 'H10' and code = '2025-H2'`;
    }
  });

  it('computes "geen nieuwe start" across providers and says how many trajectories were too recent, never to a provider', async () => {
    const own = (await get('provider', '/indicators?period=2025-H1&productCategory=54')).body;
    expect(own.rows[0].figures.find((f: { indicator: string }) => f.indicator === 'noReentry')).toEqual({
      indicator: 'noReentry',
      suppressed: true,
      reason: 'linkage',
    });
    // The contract manager sees it with the usual control: n = 2 is below 10, so at minimum n 1.
    await db.sql`update regions set min_n = 1 where code = 'H10'`;
    try {
      const { body } = await get('contract_manager', '/indicators?period=2025-H1&productCategory=54');
      const figure = body.rows[0].figures.find((f: { indicator: string }) => f.indicator === 'noReentry');
      expect(figure).toMatchObject({ suppressed: false, x: 1, n: 2, value: 0.5, tooRecent: 1 });
    } finally {
      await db.sql`update regions set min_n = 10 where code = 'H10'`;
    }
  });

  it('gives the trend over the last periods, suppressing small cells for others', async () => {
    const { status, body } = await get('contract_manager', '/comparisons/trend?period=2025-H2&productCategory=45&indicator=dropout');
    expect(status).toBe(200);
    expect(body.periods).toEqual(['2025-H1', '2025-H2']);
    expect(body.region.points[1]).toMatchObject({ period: '2025-H2', x: 12, n: 96 });
    expect(body.region.trend).toBeNull(); // one period with data is no trend
    const c = body.providers.find((p: { provider: { agb: string } }) => p.provider.agb === '98000030');
    expect(c.points).toEqual([
      { period: '2025-H2', suppressed: true, reason: 'small_n', finality: { phase: 'final', finalFrom: '2026-02-05' } },
    ]);
  });

  it('reports data quality: unknown shares, response rate, replacements', async () => {
    const { body } = await get('provider', '/data-quality?period=2025-H2');
    expect(body.providers).toHaveLength(1);
    expect(body.providers[0]).toMatchObject({
      provider: { agb: '98000010' },
      trajectories: 20,
      replacements: 0,
      responseRate: 0,
      lowResponse: true,
    });
    expect(body.providers[0].unknownShare).toMatchObject({ endReason: 0.1, goalAttainment: 1 });
    const manager = await get('contract_manager', '/data-quality?period=2025-H2');
    expect(manager.body.providers.map((p: { provider: { agb: string } }) => p.provider.agb).sort()).toEqual([
      '98000010',
      '98000020',
      '98000030',
      '98000040',
    ]);
    expect((await get('municipality', '/data-quality?period=2025-H2')).status).toBe(403);
  });

  it('logs every read with what was asked', async () => {
    await get('contract_manager', '/indicators?period=2025-H2&productCategory=45');
    const [entry] = await db.sql`select action, details from access_log where action = 'indicators.read' order by seq desc limit 1`;
    expect(entry.details).toMatchObject({ query: { period: '2025-H2', productCategory: '45' } });
  });

  it('refreshes the cells in the commit of a new submission', async () => {
    const [before] = await db.sql`select sum(trajectories)::int as n from indicator_cells
      where period_code = '2025-H2' and provider_id = (select id from organisations where code = '98000010')`;
    expect(before.n).toBe(20);
  });
});
