-- Metering points (sayaç) and the meter groups used for grouped billing.
-- Other parts of the product read these columns by name: code, party_id,
-- installation_number, meter_serial, distribution_region_code,
-- subscriber_group_code, voltage_level_code, tariff_type,
-- connection_power_kw, multiplier, reading_method, status.

create table public.meter_groups (
  id uuid primary key default gen_random_uuid(),
  party_id uuid not null references public.parties (id) on delete cascade,
  name text not null collate public.tr_icu,
  description text,
  created_at timestamptz not null default now(),
  unique (party_id, name)
);
comment on table public.meter_groups is
  'Named groups of a customer''s metering points, billed together.';

create index meter_groups_party_id_idx on public.meter_groups (party_id);

create table public.metering_points (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[0-9]{2}[A-Z][0-9A-Z-]{12}[0-9A-Z-]$'),
  party_id uuid references public.parties (id) on delete set null,
  meter_group_id uuid references public.meter_groups (id) on delete set null,
  installation_number text not null check (installation_number ~ '^[0-9]{5,12}$'),
  meter_serial text not null,
  distribution_region_code text not null references public.distribution_regions (code),
  subscriber_group_code text not null references public.subscriber_groups (code),
  voltage_level_code text not null references public.voltage_levels (code),
  tariff_type text not null check (tariff_type in ('single_time', 'three_time')),
  connection_power_kw numeric(10, 2) not null check (connection_power_kw > 0),
  multiplier numeric(10, 3) not null default 1 check (multiplier > 0),
  reading_method text not null check (reading_method in ('osos', 'manual')),
  status text not null default 'prospect' check (
    status in ('prospect', 'registration_pending', 'active', 'leaving', 'inactive')
  ),
  address text,
  province_plate_code smallint references public.provinces (plate_code),
  district_id smallint references public.districts (id),
  estimated_yearly_consumption_kwh numeric(14, 0) check (estimated_yearly_consumption_kwh >= 0),
  supply_started_on date,
  supply_ended_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (distribution_region_code, installation_number)
);
comment on table public.metering_points is
  'Metering points: 16-character EIC-style code, installation number, meter serial, region, '
  'subscriber group, voltage level, single- or three-time tariff, connection power, '
  'multiplier, OSOS or manual reading, and registration status.';

create index metering_points_party_id_idx on public.metering_points (party_id);
create index metering_points_meter_group_id_idx on public.metering_points (meter_group_id);

create trigger set_updated_at before update on public.metering_points
  for each row execute function private.set_updated_at();

-- A metering point can only join a group of its own party.
create function private.check_meter_group_party()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- A point whose party was deleted keeps no group check: the group goes
  -- with the party in the same statement.
  if new.meter_group_id is not null and new.party_id is not null and not exists (
    select from public.meter_groups g
    where g.id = new.meter_group_id and g.party_id = new.party_id
  ) then
    raise exception 'invalid meter group in metering_points.meter_group_id: % belongs to another party',
      new.meter_group_id
      using errcode = 'check_violation', table = 'metering_points', column = 'meter_group_id';
  end if;

  return new;
end
$$;

create trigger check_meter_group before insert or update of meter_group_id, party_id
  on public.metering_points
  for each row execute function private.check_meter_group_party();

alter table public.meter_groups enable row level security;
alter table public.metering_points enable row level security;

create policy "Users who can view a party can view its meter groups"
  on public.meter_groups for select to authenticated
  using (party_id in (select p.id from public.parties p));
create policy "Admins, managers and operations staff can add meter groups"
  on public.meter_groups for insert to authenticated
  with check ((select private.app_role()) in ('admin', 'manager', 'operations'));
create policy "Admins, managers and operations staff can update meter groups"
  on public.meter_groups for update to authenticated
  using ((select private.app_role()) in ('admin', 'manager', 'operations'))
  with check ((select private.app_role()) in ('admin', 'manager', 'operations'));
create policy "Admins and operations staff can delete meter groups"
  on public.meter_groups for delete to authenticated
  using ((select private.app_role()) in ('admin', 'operations'));

create policy "Head-office staff can view all metering points"
  on public.metering_points for select to authenticated
  using (
    (select private.app_role())
      in ('admin', 'manager', 'call_centre_agent', 'finance', 'operations')
  );
create policy "Sellers and customers can view metering points of their parties"
  on public.metering_points for select to authenticated
  using (
    (select private.app_role()) in ('sales_consultant', 'dealer_user', 'customer_user')
    and party_id in (select p.id from public.parties p)
  );
create policy "Admins, managers and operations staff can add metering points"
  on public.metering_points for insert to authenticated
  with check ((select private.app_role()) in ('admin', 'manager', 'operations'));
create policy "Sellers can add metering points to parties they can view"
  on public.metering_points for insert to authenticated
  with check (
    (select private.app_role()) in ('sales_consultant', 'dealer_user')
    and party_id in (select p.id from public.parties p)
  );
create policy "Admins, managers and operations can update metering points"
  on public.metering_points for update to authenticated
  using ((select private.app_role()) in ('admin', 'manager', 'operations'))
  with check ((select private.app_role()) in ('admin', 'manager', 'operations'));
create policy "Sellers can update metering points of parties they can view"
  on public.metering_points for update to authenticated
  using (
    (select private.app_role()) in ('sales_consultant', 'dealer_user')
    and party_id in (select p.id from public.parties p)
  )
  with check (
    (select private.app_role()) in ('sales_consultant', 'dealer_user')
    and party_id in (select p.id from public.parties p)
  );
create policy "Admins and operations staff can delete metering points"
  on public.metering_points for delete to authenticated
  using ((select private.app_role()) in ('admin', 'operations'));
