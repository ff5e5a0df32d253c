/**
 * Keeps indicator_cells in step with the current submissions. Called inside the commit
 * transaction of a submission, so a reader sees the cells of the old submission or of the new
 * one, never a mix. The counts are the numerators and denominators of schemas/indicators.ts.
 */
import type { PendingQuery, Row } from 'postgres';
import { reentryWindowDays } from '../../../schemas/indicators.ts';
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

/**
 * "Geen nieuwe start" cells (migration 011) for the current records `source` selects as `r`, by end
 * date: how many trajectories, and of those how many clients started again anywhere in the region
 * within 182 days after the end. Whole groups only (every current record of a provider, period,
 * category, municipality and end date), so an existing cell is replaced by its recount.
 */
function reentryCellsOf(db: Queryable, source: { with?: PendingQuery<Row[]>; from: PendingQuery<Row[]> }) {
  return db`
    ${source.with ?? db``}
    insert into reentry_cells (region_code, period_code, provider_id, product_category, municipality_code, end_date, submission_id, trajectories, reentered)
    select r.region_code, r.period_code, r.provider_id, r.product_category, r.municipality_code, r.end_date, r.submission_id,
      count(*),
      count(*) filter (where exists (
        select 1 from outcome_records later join submissions ls on ls.id = later.submission_id and ls.status = 'current'
        where later.region_code = r.region_code and later.client_pseudonym = r.client_pseudonym
          and later.start_date > r.end_date and later.start_date <= r.end_date + ${reentryWindowDays}::int))
    ${source.from}
    group by 1, 2, 3, 4, 5, 6, 7
    on conflict (region_code, period_code, product_category, provider_id, municipality_code, end_date)
      do update set submission_id = excluded.submission_id, trajectories = excluded.trajectories, reentered = excluded.reentered`;
}

/** The current records of the submissions `where` selects (as `s`). */
function currentRecords(db: Queryable, where: PendingQuery<Row[]>) {
  return { from: db`from submissions s join outcome_records r on r.submission_id = s.id where s.status = 'current' and ${where}` };
}

/** Recomputes the cells of one provider and period (its current submission, or none). */
export async function refreshProviderPeriod(db: Queryable, providerId: number, periodCode: string): Promise<void> {
  await db`delete from indicator_cells where provider_id = ${providerId} and period_code = ${periodCode}`;
  await cellsOf(db, db`s.provider_id = ${providerId} and s.period_code = ${periodCode}`);
  // "Geen nieuwe start" crosses providers: this commit recounts other providers' cells, and theirs
  // recount this one's. Done one commit at a time per region (the region row, which the commit
  // locks anyway for its data revision): two at once could deadlock on each other's cells, or
  // leave a count made on a snapshot that missed the other's records (test/reliability found a 500).
  // Once the lock is held, each statement sees every commit that went before.
  await db`select 1 from regions where code = (select region_code from organisations where id = ${providerId}) for update`;
  await db`delete from reentry_cells where provider_id = ${providerId} and period_code = ${periodCode}`;
  await reentryCellsOf(db, currentRecords(db, db`s.provider_id = ${providerId} and s.period_code = ${periodCode}`));
  await refreshReentryOfSameClients(db, providerId, periodCode);
  await moveLatestEndDate(db, providerId, periodCode);
}

/**
 * Whether a trajectory was followed by a new start depends only on the same client's other
 * trajectories. So when a provider's period changes (records added, or replaced in this
 * transaction), the trajectories elsewhere in the region of the clients in those records are
 * recounted — the groups they are in, whole — and nothing else. Groups always keep at least the
 * affected record (current, other provider or period), so an upsert is enough.
 */
async function refreshReentryOfSameClients(db: Queryable, providerId: number, periodCode: string): Promise<void> {
  await reentryCellsOf(db, {
    with: db`with changed as (
        select c.region_code, c.client_pseudonym, c.start_date from submissions sc join outcome_records c on c.submission_id = sc.id
        where sc.provider_id = ${providerId} and sc.period_code = ${periodCode}
          and (sc.status = 'current' or (sc.status = 'replaced' and sc.replaced_at = now()))
      ),
      affected as materialized (
        select distinct a.submission_id, a.product_category, a.municipality_code, a.end_date
        from changed c
        join outcome_records a on a.region_code = c.region_code and a.client_pseudonym = c.client_pseudonym
          -- only an end that the changed start could follow within the window
          and a.end_date < c.start_date and a.end_date >= c.start_date - ${reentryWindowDays}::int
        join submissions sa on sa.id = a.submission_id and sa.status = 'current'
        where not (sa.provider_id = ${providerId} and sa.period_code = ${periodCode})
      )`,
    from: db`from affected g join outcome_records r on r.submission_id = g.submission_id and r.product_category = g.product_category
      and r.municipality_code = g.municipality_code and r.end_date = g.end_date`,
  });
}

/** Recomputes the "geen nieuwe start" cells of a whole region (after records were deleted in bulk). */
export async function refreshReentryRegion(db: Queryable, regionCode: string): Promise<void> {
  await db`select 1 from regions where code = ${regionCode} for update`; // one re-entry recount at a time per region, as refreshProviderPeriod
  await db`delete from reentry_cells where region_code = ${regionCode}`;
  await reentryCellsOf(db, currentRecords(db, db`s.region_code = ${regionCode}`));
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
    // biome-ignore lint/complexity/useMathMinMax: ISO dates as text, compared as text
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
  await db`select 1 from regions where code = ${regionCode} for update`; // first, as a commit takes it (refreshProviderPeriod)
  await db`delete from indicator_cells where region_code = ${regionCode}`;
  await cellsOf(db, db`s.region_code = ${regionCode}`);
  await refreshReentryRegion(db, regionCode);
  await recomputeLatestEndDate(db, regionCode);
}
