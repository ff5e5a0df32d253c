-- Issue 15: throttle logins per account AND source, so an attacker elsewhere cannot keep the real
-- user out, and treat unknown e-mail addresses exactly like known ones (no enumeration by 429).
--   (account, source)  exponential delay after 5 failures: source is a device cookie or an address
--   (account, '*')     failures from sources without a device cookie, capped per hour
--   ('*', address)     failures from one address over all accounts, capped per 15 minutes
-- `account` is an HMAC of the normalised e-mail (or API client id), never the e-mail itself.
create table login_throttle (
  account text not null,
  source text not null,
  failures integer not null,
  window_started_at timestamptz not null,
  last_failed_at timestamptz not null,
  primary key (account, source)
);
create index login_throttle_last_failed on login_throttle (last_failed_at);
drop table login_throttle_ips;

-- An e-mail address identifies an account within a region: an administrator of one region who
-- adds an address used in another region gets a separate account, not a 409 telling that the
-- address exists elsewhere. Login tries each account with the address (normally one).
drop index users_email;
create unique index users_region_email on users (region_code, email);
create index users_email on users (email);
