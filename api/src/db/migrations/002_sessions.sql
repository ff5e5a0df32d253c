-- Login throttling (per account and per origin IP) and revoked session tokens.
alter table users add column failed_logins integer not null default 0;
alter table users add column last_failed_login_at timestamptz;

create table login_throttle_ips (
  ip text primary key,
  failures integer not null,
  window_started_at timestamptz not null
);

-- Logged-out sessions stay refused until their token would have expired anyway.
create table revoked_tokens (
  jti text primary key,
  expires_at timestamptz not null
);
create index revoked_tokens_expiry on revoked_tokens (expires_at);
