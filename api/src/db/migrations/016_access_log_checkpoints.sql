-- Issue 15: which checkpoints were signed, so that a checkpoint file that was removed, emptied or
-- cut short is noticed. One row per checkpoint line: the file's checkpoint chain (a random id in
-- every line), its consecutive number in that chain, the log position it covers, and the SHA-256
-- of the line as written. `file` and `host` say where it was written, so a file that vanished or
-- was replaced by a new chain is noticed too. Append-only like the access log.
create table access_log_checkpoints (
  chain text not null,
  number integer not null check (number >= 1),
  seq bigint not null,
  log_hash text not null check (log_hash ~ '^[0-9a-f]{64}$'),
  line_hash text not null check (line_hash ~ '^[0-9a-f]{64}$'),
  signed_at timestamptz not null,
  file text not null,
  host text not null,
  primary key (chain, number)
);
create index access_log_checkpoints_file on access_log_checkpoints (file, host, signed_at);

create trigger access_log_checkpoints_no_update before update or delete on access_log_checkpoints
  for each row execute function access_log_is_append_only();
create trigger access_log_checkpoints_no_truncate before truncate on access_log_checkpoints
  for each statement execute function access_log_is_append_only();
