import { createProvider } from '../../api/src/admin/organisations.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import type { Queryable } from '../../api/src/db/connect.ts';
import { refreshProviderPeriod } from '../../api/src/indicators/refresh.ts';
import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { keepFinalPeriodsOpen, seedRegionWithTwoProviderClients, seedTestRegion } from '../support/fixtures.ts';
import { csvOf, validRow } from '../support/records.ts';

/**
 * The region's latest end date is the horizon of "geen nieuwe start" and part of every cached
 * figure's key (with the data revision). A commit moves it from the submissions it adds and
 * replaces, and recomputes it only when a replaced submission held it.
 */

async function truth(db: TestDatabase) {
  const [row] = await db.sql`select (select max(r.end_date) from outcome_records r join submissions s on s.id = r.submission_id
      where s.status = 'current' and s.region_code = 'H10') as max, latest_end_date, data_revision from regions where code = 'H10'`;
  return { max: row.max as string, stored: row.latestEndDate as string, revision: Number(row.dataRevision) };
}

describe.each(engines)('the latest end date after each commit, on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let bearer: Record<string, string>;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db);
    ({ bearer } = await seedRegionWithTwoProviderClients(db, app));
  });
  afterAll(async () => db?.close());

  /** A commit of three rows for 2025-H2 whose latest end date is `latest`. */
  const commit = async (agb: string, latest: string, tag: string) => {
    const rows = ['2025-07-20', '2025-08-05', latest].map((endDate, i) =>
      validRow(i, { recordId: `${tag}-${i}`, providerAgb: agb, endDate }),
    );
    const response = await app.request('/api/v1/submissions?period=2025-H2&dryRun=false', {
      method: 'POST',
      headers: { authorization: bearer[agb], 'content-type': 'text/csv' },
      body: csvOf(rows),
    });
    expect(response.status, await response.clone().text()).toBe(201);
  };

  it('moves up with a later upload, stays with an earlier one, and falls back when the submission that held it is replaced', async () => {
    const steps: Array<[string, string, string]> = [
      ['98000010', '2025-12-10', '2025-12-10'], // A first
      ['98000020', '2025-11-01', '2025-12-10'], // B earlier: A's date stays
      ['98000010', '2025-10-15', '2025-11-01'], // A replaced its own latest: B's is the latest now
      ['98000020', '2025-12-20', '2025-12-20'], // B replaces with a later one
      ['98000020', '2025-12-20', '2025-12-20'], // B again, as late as before
      ['98000020', '2025-09-30', '2025-10-15'], // B falls back below A
    ];
    let revision = (await truth(db)).revision;
    for (const [i, [agb, latest, expected]] of steps.entries()) {
      await commit(agb, latest, `S${i}`);
      const now = await truth(db);
      expect({ step: i, stored: now.stored, max: now.max }).toEqual({ step: i, stored: expected, max: expected });
      expect(now.revision).toBe(revision + 1); // every commit drops the cached figures
      revision = now.revision;
    }
  });
});

describe('the latest end date when two commits meet at the region row, on postgres', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase('postgres');
    const app = createTestApp(db);
    await seedTestRegion(db.sql, app.keys.secretBoxKey);
    await createProvider(db.sql, systemActor('test', 'H10'), { agb: '98000030', name: 'Aanbieder C', regionCode: 'H10' });
    await keepFinalPeriodsOpen(db.sql);
  });
  afterAll(async () => db?.close());

  /** As a commit stores a submission: the rows, then the cells and the region's date. */
  const store = async (tx: Queryable, agb: string, endDate: string) => {
    const [org] = await tx`select id from organisations where code = ${agb}`;
    const [submission] =
      await tx`insert into submissions (region_code, provider_id, period_code, version, record_count, file_sha256, content_type)
      values ('H10', ${org.id}, '2025-H2', 1, 1, ${'c'.repeat(64)}, 'text/csv') returning id`;
    await tx`insert into outcome_records (submission_id, region_code, provider_id, period_code, record_id, client_pseudonym, provider_agb,
        municipality_code, product_category, start_date, end_date, age_at_start, end_reason, goal_attainment)
      values (${submission.id}, 'H10', ${org.id}, '2025-H2', ${`C-${agb}`}, ${`v1:${agb.repeat(8)}`}, ${agb}, '0518', '45', '2025-07-01', ${endDate}, 10, '01', 'volledig')`;
    await refreshProviderPeriod(tx, Number(org.id), '2025-H2');
  };

  it('keeps the later date of the commit that held the row first, not the one that waited for it', async () => {
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    // A stores the later end date and keeps the region row locked a while before it commits.
    const first = db.sql.begin(async (tx) => {
      await store(tx, '98000020', '2025-12-31');
      holding();
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    await held;
    // B, meanwhile, an earlier one: it waits for A's lock, and must then see A's commit.
    const second = db.sql.begin((tx) => store(tx, '98000030', '2025-08-15'));
    await Promise.all([first, second]);
    const now = await truth(db);
    expect({ stored: now.stored, max: now.max }).toEqual({ stored: '2025-12-31', max: '2025-12-31' });
  });
});
