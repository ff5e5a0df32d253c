-- A hash can occur once: two entries chained to the same predecessor (a fork) cannot both be stored.
create unique index access_log_hash on access_log (hash);
