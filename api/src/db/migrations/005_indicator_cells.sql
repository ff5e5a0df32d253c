-- Issue 5: aggregate cells per provider × period × product category × municipality × age band ×
-- care form, so reads never scan raw records. Refreshed for one provider and period inside the
-- commit transaction of its submission (api/src/indicators/refresh.ts): readers see the old
-- cells or the new ones, never half a refresh. Only the current submission counts.
create table indicator_cells (
  region_code text not null,
  period_code text not null,
  provider_id bigint not null references organisations (id),
  product_category char(2) not null,
  municipality_code char(4) not null,
  age_band text not null check (age_band in ('0-3', '4-11', '12-17', '18-23')),
  care_form text not null, -- CBS hulpvorm, or 'onbekend'
  submission_id bigint not null references submissions (id) on delete cascade,
  trajectories integer not null,
  end_known integer not null,
  end_03 integer not null,
  end_03_04 integer not null,
  end_02_05 integer not null,
  goal_known integer not null,
  goal_full integer not null,
  goal_full_partial integer not null,
  help_answers integer not null,
  help_03_04 integer not null,
  help_04 integer not null,
  usefulness_answers integer not null,
  usefulness_7_plus integer not null,
  usefulness_sum integer not null,
  responded integer not null,
  primary key (region_code, period_code, product_category, provider_id, municipality_code, age_band, care_form)
);
create index indicator_cells_provider on indicator_cells (provider_id, period_code);
create index indicator_cells_municipality on indicator_cells (region_code, period_code, municipality_code);

-- Backfill from submissions stored before this migration (the same counts as refresh.ts).
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
where s.status = 'current'
group by 1, 2, 3, 4, 5, 6, 7, 8;
