-- A login starts a session (a family of tokens): every renewal carries its id, so logging out or
-- resetting the second factor ends every token of it, and it ends for good after an absolute
-- lifetime however active the user is (issue 15).
create table sessions (
  id text primary key,
  user_id bigint not null references users (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_user on sessions (user_id);

-- A renewed token's predecessor is refused from a short grace on (requests already under way).
alter table revoked_tokens add column effective_at timestamptz not null default now();
