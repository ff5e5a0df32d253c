/**
 * Retention (SPEC §4.5): outcome records are deleted once their reporting period ended more than
 * the region's retention period ago (`regions.retention_years`, default 7). A period is the unit:
 * its records, every submission (current and replaced, with the file facts kept about it) and its
 * indicator cells go in one transaction per period, together with one access-log entry, so the
 * period is there whole or gone whole, and a reader never sees cells without their records.
 *
 * The access log itself is never touched here: it is append-only (grants and triggers) and its own
 * retention (at least 5 years, NEN 7513) needs a signed anchor to verify from; out of scope.
 */
import type { Actor } from '../auth/actor.ts';
import { appendAccessEvent } from '../audit/append.ts';
import type { Sql } from '../db/connect.ts';
import { NotFound } from '../errors.ts';
import { refreshProviderPeriod, refreshReentryRegion } from '../indicators/refresh.ts';

export interface ExpiredPeriod {
  periodCode: string;
  endsOn: string;
  records: number;
  submissions: number;
  providers: number;
}

export interface RetentionResult {
  regionCode: string;
  retentionYears: number;
  /** Periods that ended before this date are expired: `today` minus the retention period. */
  cutoff: string;
  dryRun: boolean;
  /** What was deleted (or, in a dry run, what would be). */
  periods: ExpiredPeriod[];
}

export const retentionPurpose = 'retention';

/**
 * Deletes the expired periods of `actor.regionCode` (or only counts them when `dryRun`: a dry run
 * changes nothing, not even the access log). `today` is `YYYY-MM-DD` (UTC), explicit for tests.
 */
export async function applyRetention(sql: Sql, actor: Actor, input: { today: string; dryRun: boolean }): Promise<RetentionResult> {
  const regionCode = actor.regionCode;
  const [region] = regionCode
    ? await sql`select retention_years, (${input.today}::date - make_interval(years => retention_years))::date::text as cutoff
        from regions where code = ${regionCode}`
    : [];
  if (!region || !regionCode) {
    throw new NotFound('region_unknown', {
      nl: `Regio ${regionCode ?? '(geen)'} bestaat niet.`,
      en: `Region ${regionCode ?? '(none)'} does not exist.`,
    });
  }
  const retentionYears = Number(region.retentionYears);
  const cutoff = region.cutoff as string;
  const expired = await expiredPeriods(sql, regionCode, cutoff);
  const result: RetentionResult = { regionCode, retentionYears, cutoff, dryRun: input.dryRun, periods: [] };
  if (input.dryRun) return { ...result, periods: expired };

  for (const period of expired) {
    const deleted = await sql.begin(async (tx) => {
      const providers = (
        await tx`select distinct provider_id from submissions
        where region_code = ${regionCode} and period_code = ${period.periodCode} order by provider_id`
      ).map((row) => Number(row.providerId));
      // The lock a submission commit takes for its provider and period: a commit in flight finishes
      // first (and is deleted with the rest), a later one waits and then finds the period closed.
      for (const providerId of providers) {
        await tx`select pg_advisory_xact_lock(hashtext(${`submission:${providerId}:${period.periodCode}`}))`;
      }
      await tx`update periods set closed = true where region_code = ${regionCode} and code = ${period.periodCode}`;
      // A lock exception must not let uploads back into a period whose data retention deleted.
      await tx`update lock_exceptions set ended_at = now(), ended_by = ${`${actor.type}:${actor.id}`}
        where region_code = ${regionCode} and period_code = ${period.periodCode} and ended_at is null`;
      const records = await tx`delete from outcome_records where region_code = ${regionCode} and period_code = ${period.periodCode}`;
      const submissions = await tx`delete from submissions where region_code = ${regionCode} and period_code = ${period.periodCode}`;
      // As a commit does: the cells of each provider and period recomputed (now none), and the
      // region's latest end date and data revision moved on, so cached figures are dropped.
      for (const providerId of providers) await refreshProviderPeriod(tx, providerId, period.periodCode);
      // The deleted trajectories were "new starts" for earlier ones of the same clients: with the
      // records gone there is no knowing whose, so the region's "geen nieuwe start" cells are recounted.
      await refreshReentryRegion(tx, regionCode);
      const done: ExpiredPeriod = { ...period, records: records.count, submissions: submissions.count, providers: providers.length };
      await appendAccessEvent(tx, actor, {
        action: 'retention.delete',
        actionType: 'D',
        objectType: 'period',
        objectId: period.periodCode,
        result: 'allowed',
        purpose: retentionPurpose,
        details: {
          records: done.records,
          submissions: done.submissions,
          providers: done.providers,
          periodEndsOn: period.endsOn,
          retentionYears,
          cutoff,
          periodClosed: true,
        },
      });
      return done;
    });
    result.periods.push(deleted);
  }
  return result;
}

/** Periods of the region that ended before `cutoff` and still hold submissions or records. */
async function expiredPeriods(sql: Sql, regionCode: string, cutoff: string): Promise<ExpiredPeriod[]> {
  const rows = await sql`
    select p.code, p.ends_on::text as ends_on,
      (select count(*) from outcome_records r where r.region_code = p.region_code and r.period_code = p.code)::int as records,
      (select count(*) from submissions s where s.region_code = p.region_code and s.period_code = p.code)::int as submissions,
      (select count(distinct s.provider_id) from submissions s where s.region_code = p.region_code and s.period_code = p.code)::int as providers
    from periods p
    where p.region_code = ${regionCode} and p.ends_on < ${cutoff}::date
    order by p.starts_on`;
  return rows
    .filter((row) => Number(row.submissions) > 0 || Number(row.records) > 0)
    .map((row) => ({
      periodCode: row.code as string,
      endsOn: row.endsOn as string,
      records: Number(row.records),
      submissions: Number(row.submissions),
      providers: Number(row.providers),
    }));
}
