-- Issue 7: the resultaatdialoog (result dialogue) between the region's contract managers and one
-- provider about one period: a frozen snapshot of the comparison figures, the provider's duiding
-- (explanation), the meeting record and the agreed improvement actions, with full history.

-- SPEC §4.4 / issue 7.6: municipalities see the actions of finished dialogues of providers that
-- serve their residents only when the region enables it.
alter table regions add column dialogue_actions_for_municipalities boolean not null default false;

create table dialogues (
  id bigint generated always as identity primary key,
  region_code text not null references regions (code),
  provider_id bigint not null references organisations (id),
  period_code text not null,
  -- Sorted; empty means every category the provider had data for when the snapshot was frozen.
  product_categories text[] not null default '{}',
  -- voorbereid → gevoerd → afgerond; voorbereid or gevoerd → geannuleerd. The last two are final.
  status text not null default 'voorbereid' check (status in ('voorbereid', 'gevoerd', 'afgerond', 'geannuleerd')),
  -- Optimistic concurrency: every change sets version = version + 1 and must name the version it saw.
  version integer not null default 1 check (version >= 1),
  meeting_date date,
  notes text check (char_length(notes) <= 10000), -- verslag, by the contract manager
  general_explanation text check (char_length(general_explanation) <= 5000), -- algemene duiding, by the provider
  -- Duiding per indicator: [{ indicator, productCategory, text }], by the provider.
  explanations jsonb not null default '[]'::jsonb,
  -- What the comparison engine said when the dialogue was prepared; never changes afterwards.
  snapshot jsonb not null,
  previous_dialogue_id bigint references dialogues (id),
  prepared_at timestamptz not null default now(),
  prepared_by text not null,
  updated_at timestamptz not null default now(),
  foreign key (region_code, period_code) references periods (region_code, code)
);
-- One live dialogue per provider, period and set of categories; a cancelled one may be prepared again.
create unique index dialogues_one_live on dialogues (provider_id, period_code, product_categories) where status <> 'geannuleerd';
create index dialogues_region_period on dialogues (region_code, period_code);
create index dialogues_provider on dialogues (provider_id, id);

-- Verbeteracties: what, who (the provider or the region), by when, and how it went.
create table dialogue_actions (
  id bigint generated always as identity primary key,
  dialogue_id bigint not null references dialogues (id),
  description text not null check (char_length(description) between 1 and 1000),
  owner text not null check (owner in ('provider', 'region')),
  due_date date not null,
  status text not null default 'open' check (status in ('open', 'done', 'dropped')),
  follow_up text check (char_length(follow_up) <= 2000),
  -- The later dialogue in which an action carried over was closed (done or dropped).
  followed_up_in_dialogue_id bigint references dialogues (id),
  version integer not null default 1 check (version >= 1),
  created_at timestamptz not null default now(),
  created_by text not null,
  updated_at timestamptz not null default now()
);
create index dialogue_actions_dialogue on dialogue_actions (dialogue_id, id);
create index dialogue_actions_open on dialogue_actions (status) where status = 'open';

-- Every change to a dialogue or its actions: who, when, what (field, before, after). Append-only.
create table dialogue_events (
  id bigint generated always as identity primary key,
  dialogue_id bigint not null references dialogues (id),
  occurred_at timestamptz not null default now(),
  actor_type text not null,
  actor_id text,
  actor_role text,
  actor_organisation text,
  event text not null, -- prepared, updated, action_added, action_updated
  action_id bigint references dialogue_actions (id),
  version integer not null, -- the dialogue's (or, for action events, the action's) version after the change
  changes jsonb not null default '[]'::jsonb -- [{ field, from, to }]
);
create index dialogue_events_dialogue on dialogue_events (dialogue_id, id);

create function dialogue_record_is_immutable() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'dialogues' then
    raise exception 'the snapshot of dialogue % is frozen', old.id using errcode = 'insufficient_privilege';
  end if;
  raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end;
$$;
create trigger dialogues_snapshot_frozen before update on dialogues
  for each row when (old.snapshot is distinct from new.snapshot or old.provider_id <> new.provider_id or old.period_code <> new.period_code)
  execute function dialogue_record_is_immutable();
create trigger dialogue_events_append_only before update or delete on dialogue_events
  for each row execute function dialogue_record_is_immutable();
