-- Which K2 version the stored pseudonyms are at (SPEC §4.1: rotation layers keys). A process
-- whose key file disagrees refuses to store uploads, so no value is ever keyed with a stale list.
create table pseudonym_key_state (
  singleton boolean primary key default true check (singleton),
  version integer not null check (version >= 1)
);
insert into pseudonym_key_state (version) values (1);
