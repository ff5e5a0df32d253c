/**
 * Keeps indicator_cells in step with the current submissions. Called inside the commit
 * transaction of a submission, so a reader sees the cells of the old submission or of the new
 * one, never a mix. The counts are the numerators and denominators of schemas/indicators.ts.
 */
import type { PendingQuery, Row } from 'postgres';
import type { Queryable } from '../db/connect.ts';

function cellsOf(db: Queryable, where: PendingQuery<Row[]>) {
  return db`
    insert into indicator_cells
    select s.region_code, s.period_code, s.provider_id, r.product_category, r.municipality_code,
      case when r.age_at_start <= 3 then '0-3' when r.age_at_start <= 11 then '4-11' when r.age_at_start <= 17 then '12-17' else '18-23' end,
      coalesce(r.care_form, 'onbekend'),
      s.id,
      count(*),
      count(*) filter (where r.end_reason <> '99'),
      count(*) filter (where r.end_reason = '03'),
      count(*) filter (where r.end_reason in ('03', '04')),
      count(*) filter (where r.end_reason in ('02', '03', '04', '05')),
      count(*) filter (where r.goal_attainment <> 'onbekend'),
      count(*) filter (where r.goal_attainment = 'volledig'),
      count(*) filter (where r.goal_attainment in ('volledig', 'gedeeltelijk')),
      count(r.youth_further_help) + count(r.parent_further_help),
      count(*) filter (where r.youth_further_help in ('03', '04')) + count(*) filter (where r.parent_further_help in ('03', '04')),
      count(*) filter (where r.youth_further_help = '04') + count(*) filter (where r.parent_further_help = '04'),
      count(r.youth_usefulness) + count(r.parent_usefulness),
      count(*) filter (where r.youth_usefulness >= 7) + count(*) filter (where r.parent_usefulness >= 7),
      coalesce(sum(r.youth_usefulness), 0) + coalesce(sum(r.parent_usefulness), 0),
      count(*) filter (where r.youth_usefulness is not null or r.parent_usefulness is not null
        or r.youth_further_help is not null or r.parent_further_help is not null)
    from submissions s join outcome_records r on r.submission_id = s.id
    where s.status = 'current' and ${where}
    group by 1, 2, 3, 4, 5, 6, 7, 8`;
}

/** Recomputes the cells of one provider and period (its current submission, or none). */
export async function refreshProviderPeriod(db: Queryable, providerId: number, periodCode: string): Promise<void> {
  await db`delete from indicator_cells where provider_id = ${providerId} and period_code = ${periodCode}`;
  await cellsOf(db, db`s.provider_id = ${providerId} and s.period_code = ${periodCode}`);
  await moveLatestEndDate(db, providerId, periodCode);
}

/**
 * The region's latest end date (the horizon of "geen nieuwe start") after one provider's period
 * changed, and a new data revision. Every commit in the region passes through the region row, so
 * the work under its lock must stay small (bench:load found commits queueing on a scan of the whole
 * region here). The row is locked by a statement of its own first: an UPDATE that waits for the
 * row re-runs a subquery on the snapshot it started with and misses the commit it waited for, so
 * two uploads at once could leave a date that ignores the first (test/indicators/latest-end-date.test.ts).
 *
 * Then, from the locked (so correct) date L, the records added (the current submission) and those
 * replaced in this transaction: when the added reach L, or the replaced did not, the new date is
 * max(L, added), read from two submissions alone. Otherwise (a replaced submission held L, records
 * deleted, no data yet) it is recomputed from the current data.
 */
async function moveLatestEndDate(db: Queryable, providerId: number, periodCode: string): Promise<void> {
  const [region] = await db`select code, latest_end_date from regions
    where code = (select region_code from organisations where id = ${providerId}) for update`;
  if (!region) return;
  const latest = region.latestEndDate as string | null;
  const [change] = await db`select
      (select max(r.end_date) from submissions s join outcome_records r on r.submission_id = s.id
        where s.provider_id = ${providerId} and s.period_code = ${periodCode} and s.status = 'current') as added,
      (select max(r.end_date) from submissions s join outcome_records r on r.submission_id = s.id
        where s.provider_id = ${providerId} and s.period_code = ${periodCode} and s.status = 'replaced' and s.replaced_at = now()) as replaced`;
  const added = change.added as string | null;
  const replaced = change.replaced as string | null;
  if (latest !== null && added !== null && (added >= latest || replaced === null || replaced < latest)) {
    await db`update regions set data_revision = data_revision + 1, latest_end_date = ${added > latest ? added : latest}::date where code = ${region.code as string}`;
    return;
  }
  await recomputeLatestEndDate(db, region.code as string);
}

/**
 * Recomputes the latest end date from the current data (the region row must be locked). Records
 * end inside their period (validation), so only the latest period with current data is read.
 */
async function recomputeLatestEndDate(db: Queryable, regionCode: string): Promise<void> {
  await db`update regions set data_revision = data_revision + 1, latest_end_date = (
      select max(r.end_date) from outcome_records r join submissions s on s.id = r.submission_id
      where s.status = 'current' and r.region_code = regions.code and r.period_code = (
        select c.period_code from submissions c join periods p on p.region_code = c.region_code and p.code = c.period_code
        where c.region_code = regions.code and c.status = 'current' order by p.ends_on desc limit 1))
    where code = ${regionCode}`;
}

/** Recomputes every cell of a region (after a bulk load such as the demo region). */
export async function refreshRegion(db: Queryable, regionCode: string): Promise<void> {
  await db`delete from indicator_cells where region_code = ${regionCode}`;
  await cellsOf(db, db`s.region_code = ${regionCode}`);
  await db`select 1 from regions where code = ${regionCode} for update`;
  await recomputeLatestEndDate(db, regionCode);
}
