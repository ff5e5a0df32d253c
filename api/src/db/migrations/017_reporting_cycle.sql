-- Issue 17: the half-yearly reporting cycle. Who must deliver (contracts), what users are told
-- (notifications: an in-app inbox and a transactional e-mail outbox), when figures are final
-- (review window, lock exceptions), and when a replacement must be confirmed.

-- The cycle's region settings.
alter table regions
  -- A reminder goes out this many days before a period's deadline to providers that have not delivered.
  add column reminder_days_before integer not null default 14 check (reminder_days_before between 0 and 90),
  -- After the deadline, figures are provisional (providers may correct) for this many days, then final.
  add column review_window_days integer not null default 14 check (review_window_days between 0 and 180),
  -- A commit that replaces the current submission with fewer rows than this share of it must be confirmed.
  add column replace_min_share numeric(3, 2) not null default 0.80 check (replace_min_share between 0 and 1);

-- Which provider is contracted for which product category, from when until when: who must deliver
-- for a period (a contract that overlaps the period's dates expects a delivery for it).
create table provider_contracts (
  region_code text not null references regions (code),
  provider_id bigint not null references organisations (id),
  product_category char(2) not null check (product_category ~ '^[0-9]{2}$'),
  valid_from date not null,
  valid_until date,
  updated_at timestamptz not null default now(),
  primary key (provider_id, product_category),
  check (valid_until is null or valid_from <= valid_until)
);
create index provider_contracts_region on provider_contracts (region_code);

-- After figures are final, an administrator may let one provider change one period until a date.
create table lock_exceptions (
  id bigint generated always as identity primary key,
  region_code text not null,
  provider_id bigint not null references organisations (id),
  period_code text not null,
  reason text not null check (char_length(reason) between 1 and 1000),
  valid_until date not null,
  granted_by text not null,
  granted_at timestamptz not null default now(),
  foreign key (region_code, period_code) references periods (region_code, code)
);
create index lock_exceptions_provider_period on lock_exceptions (provider_id, period_code);

-- The language a user reads the portal in: e-mails are written in it.
alter table users add column language text not null default 'nl' check (language in ('nl', 'en'));

-- One notification per user and occurrence (dedupe_key), written in the same transaction as the
-- event that causes it. It is shown in the inbox and, unless the user turned it off or no SMTP
-- server is configured, sent once by e-mail (the outbox columns). It holds no figures and no personal
-- data: params carry a period code, a dialogue id or a date; the text is made from the event.
create table notifications (
  id bigint generated always as identity primary key,
  region_code text not null references regions (code),
  user_id bigint not null references users (id),
  event text not null check (event ~ '^[a-z_]{1,40}$'),
  params jsonb not null default '{}'::jsonb,
  link text not null check (link ~ '^/[A-Za-z0-9/_?=&.-]*$'),
  dedupe_key text not null check (char_length(dedupe_key) <= 200),
  created_at timestamptz not null default now(),
  read_at timestamptz,
  mail_status text not null default 'pending' check (mail_status in ('pending', 'sent', 'not_sent')),
  mail_attempts integer not null default 0,
  mail_next_attempt_at timestamptz not null default now(),
  mail_sent_at timestamptz,
  mail_error text check (char_length(mail_error) <= 500),
  unique (user_id, dedupe_key)
);
create index notifications_inbox on notifications (user_id, id desc);
create index notifications_outbox on notifications (mail_next_attempt_at) where mail_status = 'pending';

-- Which notifications a user wants, per event; no row: in the inbox and by e-mail.
create table notification_preferences (
  user_id bigint not null references users (id),
  event text not null check (event ~ '^[a-z_]{1,40}$'),
  inbox boolean not null default true,
  email boolean not null default true,
  primary key (user_id, event),
  check (inbox or not email)
);
