-- "Geen nieuwe start" needs the latest end date in the region's current data; kept here by the
-- indicator refresh (inside the commit), so a read does not scan the region's records for it.
alter table regions add column latest_end_date date;
update regions set latest_end_date = (
  select max(r.end_date) from outcome_records r join submissions s on s.id = r.submission_id
  where s.status = 'current' and r.region_code = regions.code
);
