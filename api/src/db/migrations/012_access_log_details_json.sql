-- Access-log details as `json`, stored as the writer's canonical text (sorted keys, no spaces):
-- verification then hashes that text as it is instead of parsing and re-serialising every entry
-- (api/src/audit/chain-lines.ts). `jsonb` cannot keep it: it re-formats its text on output.
-- Entries written before keep jsonb's formatting ({"a": 1}); verification canonicalises those, as
-- it always did, so their hashes still match (so do entries a portal process started before the
-- upgrade writes until it restarts). Altering the type rewrites the table under an exclusive lock,
-- but fires no row trigger; the append-only triggers and the grants (db/migrate.ts) stay as they are.
alter table access_log alter column details drop default;
alter table access_log alter column details type json using details::json;
alter table access_log alter column details set default '{}'::json;
