import type { Actor } from '../../api/src/auth/actor.ts';
import { indicatorTable } from '../../api/src/indicators/comparisons.ts';
import { refreshReentryRegion } from '../../api/src/indicators/refresh.ts';
import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { seedRegionWithTwoProviderClients } from '../support/fixtures.ts';
import { csvOf, validRow } from '../support/records.ts';

/**
 * "Geen nieuwe start" is kept in reentry_cells and, at each commit, recounted only for the
 * committing provider's period and for the trajectories of the same clients elsewhere
 * (api/src/indicators/refresh.ts). This test commits uploads of two providers through the API
 * — clients shared between them, later starts that are and are not within 182 days, replacements
 * that take a new start away — and after every commit compares the cells with a recount of the
 * whole region from the raw records.
 */
describe.each(engines)('"geen nieuwe start" cells kept by each commit on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let bearer: Record<string, string>;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db);
    ({ bearer } = await seedRegionWithTwoProviderClients(db, app));
  });
  afterAll(async () => db?.close());

  /** Trajectories of clients `from`…`to − 1` (the same client numbers are the same pseudonym at every provider). */
  function rows(agb: string, period: '2025-H2' | '2026-H2', from: number, to: number, startOf: (client: number) => string) {
    return Array.from({ length: to - from }, (_, k) => {
      const client = from + k;
      const end =
        period === '2025-H2'
          ? `2025-${String(7 + (client % 4)).padStart(2, '0')}-${String(1 + (client % 28)).padStart(2, '0')}`
          : `2026-${String(7 + (client % 4)).padStart(2, '0')}-15`;
      return validRow(client, {
        recordId: `${agb}-${period}-${client}`,
        providerAgb: agb,
        startDate: startOf(client),
        endDate: end,
        productCategory: client % 2 ? '45' : '54',
      });
    });
  }

  async function commit(agb: string, period: string, records: ReturnType<typeof rows>) {
    // Rounds replace with fewer rows on purpose: confirmed, since the replacement guard is not the subject here.
    const response = await app.request(`/api/v1/submissions?period=${period}&confirmReplace=true`, {
      method: 'POST',
      headers: { authorization: bearer[agb], 'content-type': 'text/csv' },
      body: csvOf(records),
    });
    expect(response.status, await response.clone().text()).toBe(201);
  }

  const cells = async () =>
    (
      await db.sql`select region_code, period_code, provider_id::int, product_category, municipality_code, end_date::text, submission_id::text, trajectories, reentered
      from reentry_cells order by period_code, provider_id, product_category, municipality_code, end_date`
    ).map((row) => ({ ...row }));

  /** The same cells recounted from scratch, in a transaction that is rolled back. */
  async function recounted() {
    let result: Awaited<ReturnType<typeof cells>> = [];
    await db.sql
      .begin(async (tx) => {
        await refreshReentryRegion(tx as never, 'H10');
        result = (
          await tx`select region_code, period_code, provider_id::int, product_category, municipality_code, end_date::text, submission_id::text, trajectories, reentered
          from reentry_cells order by period_code, provider_id, product_category, municipality_code, end_date`
        ).map((row) => ({ ...row }));
        throw new Error('rollback');
      })
      .catch((error) => {
        if ((error as Error).message !== 'rollback') throw error;
      });
    return result;
  }

  const reentered = async () =>
    Number((await db.sql`select coalesce(sum(reentered), 0)::int as n from reentry_cells where period_code = '2025-H2'`)[0].n);

  it('matches a full recount after every commit, as new starts come and go', async () => {
    // A, 2025-H2: clients 0–39 end July–October 2025.
    await commit(
      '98000010',
      '2025-H2',
      rows('98000010', '2025-H2', 0, 40, () => '2025-03-01'),
    );
    expect(await cells()).toEqual(await recounted());
    expect(await reentered()).toBe(0);

    // B, 2026-H2: clients 10–29 start again on 1 December 2025 (within 182 days of every 2025-H2
    // end), clients 30–34 on 20 June 2026 (more than 182 days after an end in July–October 2025).
    await commit('98000020', '2026-H2', [
      ...rows('98000020', '2026-H2', 10, 30, () => '2025-12-01'),
      ...rows('98000020', '2026-H2', 30, 35, () => '2026-06-20'),
    ]);
    expect(await cells()).toEqual(await recounted());
    expect(await reentered()).toBe(20);

    // B replaces its submission: clients 20–29 are gone, 36–37 (ended 9 July, 10 August 2025) start again in time.
    await commit('98000020', '2026-H2', [
      ...rows('98000020', '2026-H2', 10, 20, () => '2025-12-01'),
      ...rows('98000020', '2026-H2', 36, 38, () => '2026-01-01'),
    ]);
    expect(await cells()).toEqual(await recounted());
    expect(await reentered()).toBe(12);

    // A itself, 2026-H2: clients 0–4 start again with A in December 2025.
    await commit(
      '98000010',
      '2026-H2',
      rows('98000010', '2026-H2', 0, 5, () => '2025-12-01'),
    );
    expect(await cells()).toEqual(await recounted());
    expect(await reentered()).toBe(17);

    // A replaces 2025-H2 with fewer trajectories: the cells of the ones left out disappear.
    await commit(
      '98000010',
      '2025-H2',
      rows('98000010', '2025-H2', 0, 15, () => '2025-03-01'),
    );
    expect(await cells()).toEqual(await recounted());
    expect(await reentered()).toBe(10);
  });

  it('stays right when two providers sharing clients commit at the same moment, round after round', async () => {
    // Each commit recounts the other's cells. On PostgreSQL these run truly at once (a pool of
    // several connections); before commits took the region row first, this deadlocked (a 500) or
    // left a count made on a snapshot that missed the other's records.
    for (let round = 0; round < 6; round++) {
      const shift = round % 3;
      await Promise.all([
        commit(
          '98000010',
          '2025-H2',
          rows('98000010', '2025-H2', 0, 40 - shift * 5, () => '2025-03-01'),
        ),
        commit(
          '98000020',
          '2026-H2',
          rows('98000020', '2026-H2', 5 + shift, 30, (client) => (client % 3 ? '2025-12-01' : '2026-06-20')),
        ),
      ]);
      expect(await cells()).toEqual(await recounted());
    }
    // Put back what the next test reads (its own hand count is of these two submissions).
    await commit('98000020', '2026-H2', [
      ...rows('98000020', '2026-H2', 10, 20, () => '2025-12-01'),
      ...rows('98000020', '2026-H2', 36, 38, () => '2026-01-01'),
    ]);
    await commit(
      '98000010',
      '2025-H2',
      rows('98000010', '2025-H2', 0, 15, () => '2025-03-01'),
    );
    expect(await cells()).toEqual(await recounted());
    expect(await reentered()).toBe(10);
  });

  it('answers "geen nieuwe start" from the cells with the trajectories still too recent', async () => {
    // The latest end date in the region is 2026-10-15: 2025-H2 ends (≤ 2025-10-28) are all 182+ days before it.
    const response = await app.request('/api/v1/indicators?period=2025-H2&productCategory=45', {
      headers: { authorization: bearer['98000010'] },
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    // A provider never reads a linkage figure, not even its own (docs/privacy.md).
    expect(body.rows[0].figures.find((f: { indicator: string }) => f.indicator === 'noReentry')).toEqual({
      indicator: 'noReentry',
      suppressed: true,
      reason: 'linkage',
    });
    // The contract manager does (at minimum n 1: the figure rests on 7 trajectories).
    await db.sql`update regions set min_n = 1 where code = 'H10'`;
    const [user] = await db.sql`select id, organisation_id from users where role = 'contract_manager'`;
    const manager: Actor = {
      type: 'user',
      id: String(user.id),
      role: 'contract_manager',
      organisationId: Number(user.organisationId),
      organisationCode: null,
      regionCode: 'H10',
      scopes: [],
    };
    const table = await indicatorTable(
      db.sql,
      manager,
      { period: '2025-H2', productCategory: '45', providerAgb: '98000010' },
      { ip: '127.0.0.1', requestId: null },
    );
    await db.sql`update regions set min_n = 10 where code = 'H10'`;
    const figure = table.rows[0].figures.find((f: { indicator: string }) => f.indicator === 'noReentry');
    // A's 2025-H2 category 45: odd clients 1–13 (7); of those 1, 3 re-entered with A in 2026-H2 and 11, 13 with B.
    expect(figure).toMatchObject({ suppressed: false, x: 3, n: 7, tooRecent: 0 });
  });
});
