-- Reads join the current submissions of one region and period (re-entry); without this index
-- they hashed every current submission in the country (bench:indicators, 42 regions).
create index submissions_current_slice on submissions (region_code, period_code) where status = 'current';
