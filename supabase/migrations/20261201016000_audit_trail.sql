-- Audit trail: who changed which record of an audited table, when, and the
-- row before and after. Any table joins with one line:
--   create trigger audit_changes after insert or update or delete on public.<table>
--     for each row execute function private.record_audit_event();
-- (pass the key column as an argument when it is not `id`).

create table public.audit_events (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_user_id uuid,
  actor_role text,
  table_name text not null,
  record_id text not null,
  operation text not null check (operation in ('insert', 'update', 'delete')),
  old_data jsonb,
  new_data jsonb
);
comment on table public.audit_events is
  'Changes to audited tables, written by triggers: actor, time, table, record id, operation, '
  'and the row as jsonb before and after. Readable by admins and managers only.';

create index audit_events_record_idx on public.audit_events (table_name, record_id);
create index audit_events_occurred_at_idx on public.audit_events (occurred_at);

create function private.record_audit_event()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  key_column text := coalesce(tg_argv[0], 'id');
  old_row jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end;
  new_row jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end;
  actor uuid := auth.uid();
begin
  -- An update that only touched updated_at changed nothing worth keeping.
  if tg_op = 'UPDATE' and old_row - 'updated_at' = new_row - 'updated_at' then
    return null;
  end if;

  insert into public.audit_events
    (actor_user_id, actor_role, table_name, record_id, operation, old_data, new_data)
  values (
    actor,
    -- Writes without a signed-in user (migrations, seed, service jobs) are
    -- attributed to the database role.
    case when actor is null then current_user else private.app_role() end,
    tg_table_name,
    coalesce(new_row, old_row) ->> key_column,
    lower(tg_op),
    old_row,
    new_row
  );

  return null;
end
$$;
comment on function private.record_audit_event() is
  'Trigger: appends an audit_events row for each inserted, updated or deleted row.';

create trigger audit_changes after insert or update or delete on public.parties
  for each row execute function private.record_audit_event();
create trigger audit_changes after insert or update or delete on public.metering_points
  for each row execute function private.record_audit_event();
create trigger audit_changes after insert or update or delete on public.dealers
  for each row execute function private.record_audit_event();
create trigger audit_changes after insert or update or delete on public.staff
  for each row execute function private.record_audit_event();
create trigger audit_changes after insert or update or delete on public.app_users
  for each row execute function private.record_audit_event('user_id');

alter table public.audit_events enable row level security;

-- Rows are written by the trigger function only; nobody updates or deletes
-- them through the API, so those operations have no policy.
create policy "Admins and managers can view the audit trail"
  on public.audit_events for select to authenticated
  using ((select private.app_role()) in ('admin', 'manager'));

revoke insert, update, delete, truncate on public.audit_events from anon, authenticated;
