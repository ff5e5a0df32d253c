import { systemActor } from '../../api/src/auth/actor.ts';
import { verifyAccessLog, writeCheckpoint } from '../../api/src/audit/verify.ts';
import { applyRetention } from '../../api/src/ingest/retention.ts';
import { engines } from '../support/engines.ts';
import { runToEnd, tsxBin } from '../support/process.ts';
import { fetcherOf, openSite, seedSite, sessions, uploadCsv, withoutComputationTime, type Call, type Site } from './support.ts';

/**
 * SPEC §4.5: outcome records are deleted once their period ended more than the region's retention
 * period ago (default 7 years), one transaction per period, with an access-log entry each; the
 * access log itself is never touched, and the indicators stay those of the records that remain.
 *
 * Data (region H10): 2015-H1: A uploads twice (12 rows, then 14: one replaced, one current
 * submission), B 10 rows → 36 records, 3 submissions, 2 providers. 2015-H2: A 9 rows.
 * 2025-H2: A 20, B 25 rows. With "today" 2022-11-23 the cut-off is 2015-11-23: only 2015-H1 is
 * expired. With the real date (2026 or later) 2015-H2 is expired too, 2025-H2 not (until 2033).
 */
const periods = {
  old: { code: '2015-H1', startsOn: '2015-01-01', endsOn: '2015-06-30' },
  boundary: { code: '2015-H2', startsOn: '2015-07-01', endsOn: '2015-12-31' },
  recent: { code: '2025-H2', startsOn: '2025-07-01', endsOn: '2025-12-31' },
};
const today = '2022-11-23';

describe.each(engines)('retention of outcome records on %s', (engine) => {
  let site: Site;
  let call: Call;

  const state = async () => {
    const [counts] = await site.db.sql`select
      (select count(*) from outcome_records)::int as records, (select count(*) from submissions)::int as submissions,
      (select count(*) from indicator_cells)::int as cells, (select count(*) from access_log)::int as log,
      (select max(seq) from access_log)::int as last_seq`;
    const perPeriod = await site.db.sql`select p.code, p.closed,
        (select count(*) from outcome_records r where r.period_code = p.code)::int as records,
        (select count(*) from submissions s where s.period_code = p.code)::int as submissions,
        (select count(*) from indicator_cells c where c.period_code = p.code)::int as cells
      from periods p order by p.code`;
    const [region] = await site.db.sql`select latest_end_date, data_revision::int from regions where code = 'H10'`;
    return { counts, perPeriod, region };
  };
  const recordsIn = async (period: string) =>
    (await site.db.sql`select count(*)::int as n from outcome_records where period_code = ${period}`)[0].n as number;
  const indicatorsOf = async (period: string) => ({
    table45: withoutComputationTime((await call('contract_manager', 'GET', `/indicators?period=${period}&productCategory=45`)).body),
    table54: withoutComputationTime((await call('contract_manager', 'GET', `/indicators?period=${period}&productCategory=54`)).body),
    funnel: withoutComputationTime(
      (await call('contract_manager', 'GET', `/comparisons/funnel?period=${period}&productCategory=45&indicator=dropout`)).body,
    ),
  });

  beforeAll(async () => {
    site = await openSite(engine);
    const accounts = await seedSite(site, [periods.old, periods.boundary]);
    call = await sessions(fetcherOf(site.app), {
      provider: accounts.provider,
      providerB: accounts.providerB,
      contract_manager: accounts.contract_manager,
      admin: accounts.admin,
    });
    const upload = async (role: 'provider' | 'providerB', period: typeof periods.old, count: number, from: number, tag: string) => {
      const response = await call(
        role,
        'POST',
        `/submissions?period=${period.code}&dryRun=false`,
        uploadCsv(role, period, count, from, tag),
        'text/csv',
      );
      if (response.status !== 201) throw new Error(`upload ${role} ${period.code}: ${response.status} ${JSON.stringify(response.body)}`);
    };
    await upload('provider', periods.old, 12, 0, 'v1');
    await upload('provider', periods.old, 14, 0, 'v2');
    await upload('providerB', periods.old, 10, 100, 'v1');
    await upload('provider', periods.boundary, 9, 200, 'v1');
    await upload('provider', periods.recent, 20, 300, 'v1');
    await upload('providerB', periods.recent, 25, 400, 'v1');
    // A signed checkpoint before retention runs: the chain must still agree with it afterwards.
    await writeCheckpoint(site.db.sql, site.keys.checkpointSigningKey, site.config.checkpointFile, 'H10');
  }, 300_000);

  afterAll(async () => {
    await site?.stop();
    await site?.drop();
  });

  it('counts the expired periods in a dry run and changes nothing, not even the access log', async () => {
    const before = await state();
    const result = await applyRetention(site.db.sql, systemActor('cli:test', 'H10'), { today, dryRun: true });
    expect(result).toEqual({
      regionCode: 'H10',
      retentionYears: 7,
      cutoff: '2015-11-23',
      dryRun: true,
      periods: [{ periodCode: '2015-H1', endsOn: '2015-06-30', records: 36, submissions: 3, providers: 2 }],
    });
    expect(await state()).toEqual(before);
  });

  it("takes the retention period from the region's settings", async () => {
    expect((await call('admin', 'PATCH', '/admin/region', { retentionYears: 10 })).status).toBe(200);
    const longer = await applyRetention(site.db.sql, systemActor('cli:test', 'H10'), { today, dryRun: true });
    expect({ cutoff: longer.cutoff, periods: longer.periods }).toEqual({ cutoff: '2012-11-23', periods: [] });
    expect((await call('admin', 'PATCH', '/admin/region', { retentionYears: 7 })).status).toBe(200);
  });

  it('deletes the records and submissions of an expired period in one transaction, logs it, and leaves the access log and the recent figures as they were', async () => {
    const recentBefore = await indicatorsOf(periods.recent.code);
    const boundaryBefore = await indicatorsOf(periods.boundary.code);
    const logBefore = await site.db.sql`select seq, hash from access_log order by seq`;
    const cellsBefore = await site.db
      .sql`select * from indicator_cells where period_code <> ${periods.old.code} order by 1, 2, 3, 4, 5, 6, 7`;
    const before = await state();

    const result = await applyRetention(site.db.sql, systemActor('cli:test', 'H10'), { today, dryRun: false });
    expect(result.periods).toEqual([{ periodCode: '2015-H1', endsOn: '2015-06-30', records: 36, submissions: 3, providers: 2 }]);

    // Old records gone with their submissions (current and replaced) and cells; the period closed.
    const after = await state();
    const old = after.perPeriod.find((p) => p.code === periods.old.code)!;
    expect({ records: old.records, submissions: old.submissions, cells: old.cells, closed: old.closed }).toEqual({
      records: 0,
      submissions: 0,
      cells: 0,
      closed: true,
    });
    expect(after.counts.records).toBe(before.counts.records - 36);
    expect(after.counts.submissions).toBe(before.counts.submissions - 3);
    // Recent periods untouched: same records, same cells, same figures (the region's data revision moved on).
    expect(await recordsIn(periods.boundary.code)).toBe(9);
    expect(await recordsIn(periods.recent.code)).toBe(45);
    expect(await site.db.sql`select * from indicator_cells order by 1, 2, 3, 4, 5, 6, 7`).toEqual(cellsBefore);
    expect(after.region.latestEndDate).toBe(before.region.latestEndDate);
    expect(after.region.dataRevision).toBeGreaterThan(before.region.dataRevision);
    expect(await indicatorsOf(periods.recent.code)).toEqual(recentBefore);
    expect(await indicatorsOf(periods.boundary.code)).toEqual(boundaryBefore);
    // Every cell still adds up to its current submission.
    const mismatched = await site.db.sql`select s.id from submissions s
      where s.status = 'current' and s.record_count <> (select coalesce(sum(c.trajectories), 0) from indicator_cells c where c.submission_id = s.id)`;
    expect(mismatched).toEqual([]);

    // The access log: every earlier entry as it was, plus one entry for the deleted period.
    const logAfter = await site.db.sql`select seq, hash from access_log order by seq`;
    expect(logAfter.slice(0, logBefore.length)).toEqual(logBefore);
    const entries = await site.db
      .sql`select region_code, actor_type, actor_id, action, action_type, object_type, object_id, result, purpose, details
      from access_log where action like 'retention.%' order by seq`;
    expect(entries).toEqual([
      {
        regionCode: 'H10',
        actorType: 'system',
        actorId: 'cli:test',
        action: 'retention.delete',
        actionType: 'D',
        objectType: 'period',
        objectId: '2015-H1',
        result: 'allowed',
        purpose: 'retention',
        details: {
          records: 36,
          submissions: 3,
          providers: 2,
          periodEndsOn: '2015-06-30',
          retentionYears: 7,
          cutoff: '2015-11-23',
          periodClosed: true,
        },
      },
    ]);
    const verified = await verifyAccessLog(site.db.sql, site.keys.checkpointSigningKey, site.config.checkpointFile);
    expect(verified).toMatchObject({ ok: true, checkedThrough: logAfter.length });
    expect(verified.checkpoints).toBeGreaterThanOrEqual(1);

    // Nothing is left to do for the same day; and the closed period takes no new upload.
    expect((await applyRetention(site.db.sql, systemActor('cli:test', 'H10'), { today, dryRun: false })).periods).toEqual([]);
    const late = await call(
      'provider',
      'POST',
      `/submissions?period=${periods.old.code}&dryRun=false`,
      uploadCsv('provider', periods.old, 3, 0, 'late'),
      'text/csv',
    );
    expect(late.status).toBe(422);
    expect(JSON.stringify(late.body)).toContain('period_closed');
  });

  it('runs as `npm run portal -- retention run [--dry-run]` beside the running portal, for every region', async () => {
    const cli = (...args: string[]) => runToEnd(tsxBin, ['api/src/cli.ts', ...args, '--json'], site.env, 120_000);
    const before = await state();
    const dry = await cli('retention', 'run', '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout);
    expect(planned).toMatchObject({
      dryRun: true,
      records: 9,
      submissions: 1,
      regions: [{ regionCode: 'H10', retentionYears: 7, periods: [{ periodCode: '2015-H2', records: 9, submissions: 1, providers: 1 }] }],
    });
    expect(await state()).toEqual(before);

    const run = await cli('retention', 'run');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      dryRun: false,
      records: 9,
      submissions: 1,
      regions: [{ regionCode: 'H10', periods: [{ periodCode: '2015-H2', records: 9 }] }],
    });
    expect(await recordsIn(periods.boundary.code)).toBe(0);
    expect(await recordsIn(periods.recent.code)).toBe(45);
    const [entry] = await site.db
      .sql`select actor_id, action_type, object_id, purpose, details from access_log where action = 'retention.delete' and object_id = '2015-H2'`;
    expect(entry).toMatchObject({
      actorId: expect.stringMatching(/^cli:/),
      actionType: 'D',
      objectId: '2015-H2',
      purpose: 'retention',
      details: { records: 9, submissions: 1 },
    });

    const verify = await cli('audit', 'verify');
    expect(JSON.parse(verify.stdout), verify.stderr).toMatchObject({ ok: true });
  }, 300_000);
});
