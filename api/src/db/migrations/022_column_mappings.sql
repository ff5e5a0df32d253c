-- Issue 17, "bring your own columns": a provider's mapping of its own export onto the record,
-- remembered per provider. Column names and code translations only (schemas/column-mapping.ts);
-- the data itself is mapped and pseudonymised on the provider's machine.
create table column_mappings (
  provider_id bigint primary key references organisations (id),
  region_code text not null references regions (code),
  mapping jsonb not null,
  updated_at timestamptz not null default now(),
  updated_by text not null
);
