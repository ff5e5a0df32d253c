-- What a submission came from (issue 4): file name as the user named it (no path), size, format.
alter table submissions add column file_name text check (char_length(file_name) <= 255);
alter table submissions add column size_bytes bigint check (size_bytes >= 0);
alter table submissions add column format text check (format in ('csv', 'xlsx', 'json'));
-- An Idempotency-Key names one submission of one provider.
create unique index submissions_idempotency on submissions (provider_id, idempotency_key) where idempotency_key is not null;
create index submissions_provider_period on submissions (provider_id, period_code, version desc);
