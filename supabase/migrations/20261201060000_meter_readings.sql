-- Meter readings fetched from the distribution companies' OSOS services:
-- hourly load profiles, daily three-time (T1/T2/T3) register indexes, and
-- the flaws found in them (gaps, catch-up values, resets, meter
-- replacements, register rollovers).
--
-- Consumption (import, çekiş) and injection (export, veriş) are two
-- channels in separate columns with their own quality; nothing adds them.
-- A value that is not the meter's own hourly value keeps what the meter
-- sent in meter_consumption_kwh / meter_injection_kwh.
--
-- Reading: whoever can view the metering point (head-office staff, the
-- sales consultant and dealers of its party, the customer itself), through
-- the metering_points policies. Writing: the service role only (the
-- fetch-readings edge function), so no write policy exists.

-- Hourly readings ------------------------------------------------------------

-- Quality of one channel of one hour:
--   measured   the meter's hourly value
--   estimated  the hour was missing, value estimated (estimation_method)
--   catch_up   a value after a gap that held the gap's energy, spread evenly
--              over the gap and itself
--   reset      the meter sent a negative difference (index reset or meter
--              swap); the value was excluded and estimated
--   profiled   no load profile: the period's register consumption spread
--              over the hours with profile coefficients
create table public.hourly_readings (
  metering_point_id uuid not null references public.metering_points (id) on delete cascade,
  hour_start timestamptz not null,
  consumption_kwh numeric(14, 3) not null check (consumption_kwh >= 0),
  injection_kwh numeric(14, 3) not null default 0 check (injection_kwh >= 0),
  consumption_quality text not null default 'measured' check (
    consumption_quality in ('measured', 'estimated', 'catch_up', 'reset', 'profiled')
  ),
  injection_quality text not null default 'measured' check (
    injection_quality in ('measured', 'estimated', 'catch_up', 'reset', 'profiled')
  ),
  -- How non-measured values of the hour were worked out.
  estimation_method text check (
    estimation_method in (
      'linear_interpolation', 'even_spread', 'profile_coefficients', 'flat_within_zone'
    )
  ),
  meter_consumption_kwh numeric(16, 3),
  meter_injection_kwh numeric(16, 3),
  -- The run that stored the row last; no foreign key, so that bulk ingest
  -- does not look up job_runs once per row.
  job_run_id uuid,
  primary key (metering_point_id, hour_start),
  check (extract(minute from hour_start) = 0 and extract(second from hour_start) = 0),
  check (
    (consumption_quality = 'measured' and injection_quality = 'measured')
    or estimation_method is not null
  )
) partition by range (hour_start);
comment on table public.hourly_readings is
  'Hourly consumption and injection per metering point from OSOS load profiles, with the quality '
  'of each channel; hour_start is the start of the hour. Partitioned by local month.';

-- Register readings ----------------------------------------------------------

create table public.index_readings (
  index_reading_id bigint generated always as identity primary key,
  metering_point_id uuid not null references public.metering_points (id) on delete cascade,
  read_at timestamptz not null,
  meter_serial text not null,
  register_digits smallint not null check (register_digits between 4 and 12),
  multiplier numeric(10, 3) not null check (multiplier > 0),
  t1_index_kwh numeric(16, 3) not null check (t1_index_kwh >= 0),
  t2_index_kwh numeric(16, 3) not null check (t2_index_kwh >= 0),
  t3_index_kwh numeric(16, 3) not null check (t3_index_kwh >= 0),
  total_index_kwh numeric(16, 3) check (total_index_kwh >= 0),
  export_index_kwh numeric(16, 3) check (export_index_kwh >= 0),
  job_run_id uuid,
  unique (metering_point_id, meter_serial, read_at)
);
comment on table public.index_readings is
  'Three-time register indexes (T1/T2/T3, kWh before the multiplier) per metering point, meter '
  'serial and reading instant; a new serial marks a meter replacement.';

create index index_readings_metering_point_id_read_at_idx
  on public.index_readings (metering_point_id, read_at);

-- Flags ----------------------------------------------------------------------

-- Flag kinds:
--   missing_hours      hours absent from the load profile (hour_count of them)
--   catch_up           a value after a gap spread over the gap (meter_value_kwh)
--   reset              a negative hourly value excluded (meter_value_kwh)
--   meter_replacement  the meter serial changed at starts_at
--   rollover           a register wrapped past its maximum
--   index_review       a register fell by more than a plausible wrap: not
--                      billed until someone checks it
create table public.reading_flags (
  reading_flag_id bigint generated always as identity primary key,
  metering_point_id uuid not null references public.metering_points (id) on delete cascade,
  flag_kind text not null check (
    flag_kind in (
      'missing_hours', 'catch_up', 'reset', 'meter_replacement', 'rollover', 'index_review'
    )
  ),
  channel text check (channel in ('consumption', 'injection', 'T1', 'T2', 'T3')),
  starts_at timestamptz not null,
  hour_count integer check (hour_count > 0),
  meter_value_kwh numeric(16, 3),
  detail jsonb not null default '{}'::jsonb,
  job_run_id uuid,
  created_at timestamptz not null default now(),
  unique nulls not distinct (metering_point_id, flag_kind, channel, starts_at)
);
comment on table public.reading_flags is
  'Flaws found in fetched readings (gaps, catch-up values, resets, meter replacements, register '
  'rollovers, implausible drops), one row per metering point, kind, channel and start.';

create index reading_flags_metering_point_id_starts_at_idx
  on public.reading_flags (metering_point_id, starts_at);

-- Ingest ---------------------------------------------------------------------

-- Stores a batch of hourly readings given as parallel arrays (one element
-- per hour), creating the month partitions it needs. A row that exists with
-- the same values is left alone, so storing a batch twice changes nothing.
-- Returns how many rows were inserted or changed.
create function private.store_hourly_readings(
  p_metering_point_ids uuid[],
  p_hour_starts timestamptz[],
  p_consumption_kwh numeric[],
  p_injection_kwh numeric[],
  p_consumption_quality text[],
  p_injection_quality text[],
  p_estimation_method text[],
  p_meter_consumption_kwh numeric[],
  p_meter_injection_kwh numeric[],
  p_job_run_id uuid default null
)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_count integer := coalesce(cardinality(p_hour_starts), 0);
  v_first timestamptz;
  v_last timestamptz;
  v_written integer;
begin
  if v_count = 0 then
    return 0;
  end if;

  if cardinality(p_metering_point_ids) <> v_count
    or cardinality(p_consumption_kwh) <> v_count
    or cardinality(p_injection_kwh) <> v_count
    or cardinality(p_consumption_quality) <> v_count
    or cardinality(p_injection_quality) <> v_count
    or cardinality(p_estimation_method) <> v_count
    or cardinality(p_meter_consumption_kwh) <> v_count
    or cardinality(p_meter_injection_kwh) <> v_count
  then
    raise exception 'Invalid reading batch: every array must have % elements', v_count
      using errcode = '22023';
  end if;

  select min(h), max(h) into v_first, v_last from unnest(p_hour_starts) as h;
  perform private.ensure_month_partitions(
    'public.hourly_readings'::regclass, v_first, v_last + interval '1 hour'
  );

  insert into public.hourly_readings as r (
    metering_point_id, hour_start, consumption_kwh, injection_kwh,
    consumption_quality, injection_quality, estimation_method,
    meter_consumption_kwh, meter_injection_kwh, job_run_id
  )
  select b.*, p_job_run_id
  from unnest(
    p_metering_point_ids, p_hour_starts, p_consumption_kwh, p_injection_kwh,
    p_consumption_quality, p_injection_quality, p_estimation_method,
    p_meter_consumption_kwh, p_meter_injection_kwh
  ) as b
  on conflict (metering_point_id, hour_start) do update
  set consumption_kwh = excluded.consumption_kwh,
      injection_kwh = excluded.injection_kwh,
      consumption_quality = excluded.consumption_quality,
      injection_quality = excluded.injection_quality,
      estimation_method = excluded.estimation_method,
      meter_consumption_kwh = excluded.meter_consumption_kwh,
      meter_injection_kwh = excluded.meter_injection_kwh,
      job_run_id = excluded.job_run_id
  where (
    r.consumption_kwh, r.injection_kwh, r.consumption_quality, r.injection_quality,
    r.estimation_method, r.meter_consumption_kwh, r.meter_injection_kwh
  ) is distinct from (
    excluded.consumption_kwh, excluded.injection_kwh, excluded.consumption_quality,
    excluded.injection_quality, excluded.estimation_method,
    excluded.meter_consumption_kwh, excluded.meter_injection_kwh
  );

  get diagnostics v_written = row_count;

  return v_written;
end
$$;

revoke all on function private.store_hourly_readings(
  uuid[], timestamptz[], numeric[], numeric[], text[], text[], text[], numeric[], numeric[], uuid
) from public, anon, authenticated;
grant execute on function private.store_hourly_readings(
  uuid[], timestamptz[], numeric[], numeric[], text[], text[], text[], numeric[], numeric[], uuid
) to service_role;

-- Consumption for charts -----------------------------------------------------

-- Consumption and injection of one metering point per month, day or hour
-- and time zone (T1/T2/T3 by local hour), over [p_from, p_to). Runs as the
-- caller, so the readings' policies decide what comes back: a point the
-- caller cannot view returns no rows. estimated_consumption_kwh is the part
-- of consumption_kwh that is not measured.
create function public.metering_point_consumption(
  p_metering_point_id uuid,
  p_from timestamptz,
  p_to timestamptz,
  p_granularity text default 'month'
)
returns table (
  period_start timestamptz,
  time_zone_code text,
  consumption_kwh numeric,
  injection_kwh numeric,
  estimated_consumption_kwh numeric,
  hour_count integer
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if p_granularity is null or p_granularity not in ('month', 'day', 'hour') then
    raise exception 'Invalid granularity %: use month, day or hour', p_granularity
      using errcode = '22023';
  end if;

  if p_from is null or p_to is null or p_to <= p_from then
    raise exception 'Invalid period: p_to must be after p_from'
      using errcode = '22023';
  end if;

  if p_to - p_from > interval '3 years' then
    raise exception 'Invalid period: at most 3 years per call'
      using errcode = '22023';
  end if;

  return query
    select
      pg_catalog.date_trunc(p_granularity, r.hour_start, 'Europe/Istanbul'),
      public.time_zone_of_hour(
        extract(hour from r.hour_start at time zone 'Europe/Istanbul')::integer
      ),
      sum(r.consumption_kwh),
      sum(r.injection_kwh),
      coalesce(sum(r.consumption_kwh) filter (where r.consumption_quality <> 'measured'), 0),
      count(*)::integer
    from public.hourly_readings as r
    where r.metering_point_id = p_metering_point_id
      and r.hour_start >= p_from
      and r.hour_start < p_to
    group by 1, 2
    order by 1, 2;
end
$$;

comment on function public.metering_point_consumption(uuid, timestamptz, timestamptz, text) is
  'Returns consumption and injection of a metering point per month, day or hour and time zone, '
  'for charts; only points the caller can view.';

revoke all on function public.metering_point_consumption(uuid, timestamptz, timestamptz, text)
  from public, anon;
grant execute on function public.metering_point_consumption(uuid, timestamptz, timestamptz, text)
  to authenticated, service_role;

-- Row-level security ---------------------------------------------------------

alter table public.hourly_readings enable row level security;
alter table public.index_readings enable row level security;
alter table public.reading_flags enable row level security;

create policy "Viewers of a metering point can view its hourly readings"
  on public.hourly_readings for select to authenticated
  using (metering_point_id in (select mp.id from public.metering_points as mp));
create policy "Viewers of a metering point can view its index readings"
  on public.index_readings for select to authenticated
  using (metering_point_id in (select mp.id from public.metering_points as mp));
create policy "Viewers of a metering point can view its reading flags"
  on public.reading_flags for select to authenticated
  using (metering_point_id in (select mp.id from public.metering_points as mp));

-- Readings come only from the meters: no insert, update or delete policy,
-- and no write grant, for API users.
revoke insert, update, delete, truncate on
  public.hourly_readings, public.index_readings, public.reading_flags
  from anon, authenticated;
revoke all on public.hourly_readings, public.index_readings, public.reading_flags from anon;
