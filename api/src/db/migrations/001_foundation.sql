-- Foundation schema: organisations, users, API clients, periods, submissions, outcome records,
-- access log. Later migrations add to it; this file never changes once released.

create table regions (
  code text primary key,
  name text not null,
  -- SPEC §4.3: figures with n below this are suppressed for everyone but the provider itself.
  min_n integer not null default 10 check (min_n >= 1),
  min_peer_providers integer not null default 3 check (min_peer_providers >= 1),
  -- SPEC §3: no bespreekpunt below this n.
  flag_min_n integer not null default 30 check (flag_min_n >= 1),
  -- SPEC §3: satisfaction is greyed out below this response rate.
  low_response_rate numeric(4, 3) not null default 0.300 check (low_response_rate between 0 and 1),
  retention_years integer not null default 7 check (retention_years >= 1),
  created_at timestamptz not null default now()
);

-- Membership changes over time (Voorschoten left H10 after 2024), hence validity dates.
create table region_municipalities (
  region_code text not null references regions (code),
  municipality_code char(4) not null check (municipality_code ~ '^[0-9]{4}$'),
  name text not null,
  valid_from date not null default date '2000-01-01',
  valid_until date,
  primary key (region_code, municipality_code)
);

create table region_product_categories (
  region_code text not null references regions (code),
  product_category char(2) not null check (product_category ~ '^[0-9]{2}$'),
  primary key (region_code, product_category)
);

create table organisations (
  id bigint generated always as identity primary key,
  region_code text not null references regions (code),
  kind text not null check (kind in ('provider', 'municipality', 'service_bureau')),
  -- AGB code (8 digits) for providers, CBS gemeentecode for municipalities, null for the bureau.
  code text,
  name text not null,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  check (
    (kind = 'provider' and code ~ '^[0-9]{8}$')
    or (kind = 'municipality' and code ~ '^[0-9]{4}$')
    or (kind = 'service_bureau' and code is null)
  )
);
create unique index organisations_region_kind_code on organisations (region_code, kind, code);

create table users (
  id bigint generated always as identity primary key,
  region_code text not null references regions (code),
  organisation_id bigint not null references organisations (id),
  email text not null check (email = lower(email)),
  display_name text not null default '',
  role text not null check (role in ('provider', 'contract_manager', 'municipality', 'auditor', 'admin')),
  password_hash text not null,
  -- TOTP secret encrypted with the portal's secret-box key; never stored in the clear.
  totp_secret_sealed text not null,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email on users (email);

create table api_clients (
  id bigint generated always as identity primary key,
  client_id text not null unique,
  secret_hash text not null,
  organisation_id bigint not null references organisations (id),
  name text not null,
  scopes text[] not null default array['submissions:write', 'results:read'],
  disabled_at timestamptz,
  created_at timestamptz not null default now()
);

create table periods (
  region_code text not null references regions (code),
  code text not null check (code ~ '^[0-9]{4}-H[12]$'),
  starts_on date not null,
  ends_on date not null,
  deadline date not null,
  closed boolean not null default false,
  primary key (region_code, code),
  check (starts_on <= ends_on and ends_on <= deadline)
);

create table submissions (
  id bigint generated always as identity primary key,
  region_code text not null,
  provider_id bigint not null references organisations (id),
  period_code text not null,
  version integer not null,
  -- 'current' until a later upload for the same provider and period replaces it.
  status text not null default 'current' check (status in ('current', 'replaced')),
  record_count integer not null,
  file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
  content_type text not null,
  submitted_by_user_id bigint references users (id),
  submitted_by_client_id bigint references api_clients (id),
  submitted_at timestamptz not null default now(),
  replaced_at timestamptz,
  late boolean not null default false,
  idempotency_key text,
  foreign key (region_code, period_code) references periods (region_code, code),
  unique (provider_id, period_code, version)
);
-- At most one current submission per provider and period: the replace is atomic or not at all.
create unique index submissions_one_current on submissions (provider_id, period_code) where status = 'current';

-- SPEC §2: one pseudonymised record per closed care trajectory. Only these fields, nothing else.
create table outcome_records (
  id bigint generated always as identity primary key,
  submission_id bigint not null references submissions (id) on delete cascade,
  region_code text not null,
  provider_id bigint not null references organisations (id),
  period_code text not null,
  record_id text not null check (record_id ~ '^[A-Za-z0-9._-]{1,64}$'),
  -- Second-layer pseudonym: 'v<key version>:' + HMAC-SHA256(K2, ...). The p1 value is never stored.
  client_pseudonym text not null check (client_pseudonym ~ '^v[0-9]+:[0-9a-f]{64}$'),
  provider_agb char(8) not null check (provider_agb ~ '^[0-9]{8}$'),
  municipality_code char(4) not null check (municipality_code ~ '^[0-9]{4}$'),
  product_category char(2) not null check (product_category ~ '^[0-9]{2}$'),
  product_code text check (char_length(product_code) <= 5),
  care_form char(2) check (care_form in ('01', '02', '03', '04', '11', '12', '13', '14')),
  start_date date not null,
  end_date date not null,
  age_at_start smallint not null check (age_at_start between 0 and 23),
  end_reason char(2) not null check (end_reason in ('01', '02', '03', '04', '05', '99')),
  goal_attainment text not null check (goal_attainment in ('volledig', 'gedeeltelijk', 'niet', 'onbekend')),
  youth_usefulness smallint check (youth_usefulness between 1 and 10),
  parent_usefulness smallint check (parent_usefulness between 1 and 10),
  youth_further_help char(2) check (youth_further_help in ('01', '02', '03', '04')),
  parent_further_help char(2) check (parent_further_help in ('01', '02', '03', '04')),
  check (start_date <= end_date),
  unique (submission_id, record_id)
);
create index outcome_records_comparison on outcome_records (region_code, period_code, product_category);
create index outcome_records_reentry on outcome_records (region_code, client_pseudonym, start_date);

-- SPEC §5 (BIO / NEN 7513): append-only, hash-chained access log.
create table access_log (
  seq bigint primary key,
  occurred_at timestamptz not null,
  region_code text,
  actor_type text not null check (actor_type in ('user', 'client', 'anonymous', 'system')),
  actor_id text,
  actor_role text,
  actor_organisation text,
  action text not null,
  action_type char(1) not null check (action_type in ('C', 'R', 'U', 'D', 'E')),
  object_type text,
  object_id text,
  result text not null check (result in ('allowed', 'denied', 'error')),
  origin_ip text,
  client_id text,
  request_id text,
  purpose text,
  details jsonb not null default '{}'::jsonb,
  hash text not null check (hash ~ '^[0-9a-f]{64}$')
);
create index access_log_time on access_log (occurred_at);
create index access_log_actor on access_log (actor_id, occurred_at);
create index access_log_object on access_log (object_type, object_id);

-- The chain's tail: seq is assigned by locking this one row, so concurrent writers never fork.
create table access_log_head (
  id boolean primary key default true check (id),
  seq bigint not null,
  hash text not null
);
insert into access_log_head (seq, hash) values (0, repeat('0', 64));

create function access_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'access_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end;
$$;
create trigger access_log_no_update before update or delete on access_log
  for each row execute function access_log_is_append_only();
create trigger access_log_no_truncate before truncate on access_log
  for each statement execute function access_log_is_append_only();
