-- Bumped by every indicator refresh (inside the commit): read-side caches key on it, so a cached
-- figure can never outlive the data it was computed from.
alter table regions add column data_revision bigint not null default 0;
