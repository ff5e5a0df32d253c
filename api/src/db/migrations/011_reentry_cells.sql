-- "Geen nieuwe start" (SPEC §3) kept with the aggregates, so a read sums cells instead of following
-- every client through the region's raw records. Per trajectory end date, because which
-- trajectories count depends on the region's latest end date at read time (ended ≥ 182 days
-- before it); `reentered`: of these trajectories, how many clients started again anywhere in the
-- region within 182 days after the end. Only current submissions have cells (as indicator_cells);
-- api/src/indicators/refresh.ts keeps them in step inside each commit.
create table reentry_cells (
  region_code text not null,
  period_code text not null,
  provider_id bigint not null references organisations (id),
  product_category char(2) not null,
  municipality_code char(4) not null,
  end_date date not null,
  submission_id bigint not null references submissions (id) on delete cascade,
  trajectories integer not null,
  reentered integer not null check (reentered between 0 and trajectories),
  primary key (region_code, period_code, product_category, provider_id, municipality_code, end_date)
);
create index reentry_cells_provider on reentry_cells (provider_id, period_code);
create index reentry_cells_submission on reentry_cells (submission_id);

-- Backfill from the current submissions (the same counts as refresh.ts; 182 = reentryWindowDays).
insert into reentry_cells
select r.region_code, r.period_code, r.provider_id, r.product_category, r.municipality_code, r.end_date, r.submission_id,
  count(*),
  count(*) filter (where exists (
    select 1 from outcome_records later join submissions ls on ls.id = later.submission_id and ls.status = 'current'
    where later.region_code = r.region_code and later.client_pseudonym = r.client_pseudonym
      and later.start_date > r.end_date and later.start_date <= r.end_date + 182))
from submissions s join outcome_records r on r.submission_id = s.id
where s.status = 'current'
group by 1, 2, 3, 4, 5, 6, 7;
