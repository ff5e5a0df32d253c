-- Issue 17: an administrator may end a lock exception before its date. Kept, not deleted: the list
-- shows current and past exceptions, and who ended one and when.
alter table lock_exceptions
  add column ended_at timestamptz,
  add column ended_by text;
