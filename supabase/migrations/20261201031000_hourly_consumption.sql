-- Turning monthly or three-time (T1/T2/T3) consumption into hourly
-- consumption with the profile coefficients of the meter's region and
-- subscriber group, and reading an hourly consumption profile from an RPC's
-- jsonb input.
--
-- Precision: hourly kWh are numeric with 6 decimals. Each zone's kWh Z is
-- spread by cumulative rounding: with C(h) the share of the zone's
-- coefficients up to and including hour h (C = 1 after the last hour),
--   kWh(h) = round(Z * C(h), 6) - round(Z * C(h - 1), 6).
-- The hours telescope, so every zone sums back to Z exactly, and each hour
-- is within 0.000001 kWh of its exact share. It needs no second pass over a
-- meter's hours to find a residue, which keeps batch conversion one scan.
--
-- Fallback: when the coefficients of a zone in the month are missing or
-- incomplete (any hour without a multiplier, or a zero sum), the zone's kWh
-- are spread evenly over its hours ("flat_within_zone"); each hour reports
-- the shape it used in shape_source.

create type private.zone_consumption as (
  row_key text,
  distribution_region_code text,
  subscriber_group_code text,
  voltage_level_code text,
  tariff_type text,
  period_month date,
  -- T1, T2 or T3 for three-time rows; null for single-time rows.
  time_zone_code text,
  consumption_kwh numeric
);

-- Cumulative shares of every hour of one month per time zone, for one set of
-- coefficients. cumulative_share_before is the share of the earlier hours.
create function private.zone_shares(
  p_distribution_region_code text,
  p_subscriber_group_code text,
  p_voltage_level_code text,
  p_tariff_type text,
  p_period_month date
)
returns table (
  hour_start timestamptz,
  zone_key text,
  cumulative_share numeric,
  cumulative_share_before numeric,
  shape_source text
)
language sql
stable
parallel safe
set search_path = ''
as $$
  -- every hour of the local month, with its zone (ALL for single-time)
  with month_hours as (
    select
      h.hour_start,
      case when p_tariff_type = 'three_time'
        then public.time_zone_of_hour(
          extract(hour from h.hour_start at time zone 'Europe/Istanbul')::integer)
        else 'ALL'
      end as zone_key
    from generate_series(
      private.month_start(p_period_month),
      private.month_start((p_period_month + interval '1 month')::date) - interval '1 hour',
      interval '1 hour'
    ) as h (hour_start)
  ),

  -- coefficients for the meter's voltage, else those published without one
  weighted as (
    select
      mh.hour_start,
      mh.zone_key,
      coalesce(exact.multiplier, any_voltage.multiplier) as multiplier
    from month_hours mh
    left join public.profile_coefficients exact
      on exact.hour_start = mh.hour_start
      and exact.distribution_region_code = p_distribution_region_code
      and exact.subscriber_group_code = p_subscriber_group_code
      and exact.voltage_level_code = p_voltage_level_code
      and exact.meter_reading_type = p_tariff_type
    left join public.profile_coefficients any_voltage
      on any_voltage.hour_start = mh.hour_start
      and any_voltage.distribution_region_code = p_distribution_region_code
      and any_voltage.subscriber_group_code = p_subscriber_group_code
      and any_voltage.voltage_level_code is null
      and any_voltage.meter_reading_type = p_tariff_type
  ),

  -- a zone uses its coefficients only when every hour has one
  zone_completeness as (
    select
      zone_key,
      bool_and(multiplier is not null) and coalesce(sum(multiplier), 0) > 0 as is_complete
    from weighted
    group by zone_key
  ),

  weights as (
    select
      w.hour_start,
      w.zone_key,
      case when z.is_complete then w.multiplier else 1 end as weight,
      case when z.is_complete then 'profile_coefficients' else 'flat_within_zone' end as shape_source
    from weighted w
    join zone_completeness z using (zone_key)
  ),

  running as (
    select
      hour_start,
      zone_key,
      weight,
      shape_source,
      sum(weight) over (partition by zone_key order by hour_start) as running_weight,
      sum(weight) over (partition by zone_key) as total_weight
    from weights
  )

  select
    hour_start,
    zone_key,
    round(running_weight::numeric(40, 20) / total_weight, 20),
    round((running_weight - weight)::numeric(40, 20) / total_weight, 20),
    shape_source
  from running
$$;

-- Spreads zone (or monthly) consumption over the hours of its month. One
-- statement for any number of rows; the shares are computed once per
-- distinct region, group, voltage, tariff type and month.
-- NOTE: two numeric multiplications and roundings per output hour dominate
-- the cost of large batches; integer micro-kWh arithmetic would be faster
-- but needs 128-bit products for large meters.
create function private.spread_zone_consumption(p_rows private.zone_consumption[])
returns table (
  row_key text,
  hour_start timestamptz,
  time_zone_code text,
  consumption_kwh numeric,
  shape_source text
)
language sql
stable
parallel safe
set search_path = ''
as $$
  with input as (
    select r.*, coalesce(r.time_zone_code, 'ALL') as zone_key
    from unnest(p_rows) as r
  ),

  share_sets as (
    select distinct
      distribution_region_code, subscriber_group_code, voltage_level_code,
      tariff_type, period_month
    from input
  ),

  shares as materialized (
    select ss.*, s.*
    from share_sets ss
    cross join lateral private.zone_shares(
      ss.distribution_region_code, ss.subscriber_group_code,
      ss.voltage_level_code, ss.tariff_type, ss.period_month
    ) s
  )

  select
    i.row_key,
    s.hour_start,
    case when i.tariff_type = 'three_time' then s.zone_key end,
    round(i.consumption_kwh * s.cumulative_share, 6)
      - round(i.consumption_kwh * s.cumulative_share_before, 6),
    s.shape_source
  from input i
  join shares s
    on s.distribution_region_code = i.distribution_region_code
    and s.subscriber_group_code = i.subscriber_group_code
    and s.voltage_level_code = i.voltage_level_code
    and s.tariff_type = i.tariff_type
    and s.period_month = i.period_month
    and s.zone_key = i.zone_key
$$;

-- Input checks ---------------------------------------------------------------

-- Raises invalid_parameter_value (HTTP 400 through the REST API).
create function private.raise_invalid(p_message text, p_hint text default null)
returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception '%', p_message
    using errcode = '22023', hint = coalesce(p_hint, '');
end;
$$;

create function private.required_text(p_input jsonb, p_key text, p_allowed text[] default null)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_value text := p_input ->> p_key;
begin
  if v_value is null or v_value = '' then
    perform private.raise_invalid(format('Missing input field %s', p_key));
  end if;

  if p_allowed is not null and not v_value = any (p_allowed) then
    perform private.raise_invalid(
      format('Invalid %s: %s', p_key, v_value),
      format('Use one of: %s', array_to_string(p_allowed, ', '))
    );
  end if;

  return v_value;
end;
$$;

-- A non-negative number from a jsonb field; null when absent.
create function private.optional_number(p_input jsonb, p_key text, p_context text default '')
returns numeric
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_value jsonb := p_input -> p_key;
begin
  if v_value is null or v_value = 'null'::jsonb then
    return null;
  end if;

  if jsonb_typeof(v_value) <> 'number' then
    perform private.raise_invalid(
      format('Invalid %s%s: %s is not a number', p_context, p_key, v_value));
  end if;

  if (v_value #>> '{}')::numeric < 0 then
    perform private.raise_invalid(
      format('Invalid %s%s: %s is negative', p_context, p_key, v_value));
  end if;

  return (v_value #>> '{}')::numeric;
end;
$$;

-- The meter's tariff: region, subscriber group, voltage, term and tariff type.
create type private.tariff_key as (
  distribution_region_code text,
  subscriber_group_code text,
  voltage_level_code text,
  term_type text,
  tariff_type text
);

create function private.tariff_key_from_input(p_input jsonb)
returns private.tariff_key
language plpgsql
stable
set search_path = ''
as $$
declare
  v_key private.tariff_key;
begin
  if p_input is null or jsonb_typeof(p_input) <> 'object' then
    perform private.raise_invalid('The input must be a JSON object');
  end if;

  v_key.distribution_region_code := private.required_text(p_input, 'distribution_region_code',
    array(select code from public.distribution_regions order by code));
  v_key.subscriber_group_code := private.required_text(p_input, 'subscriber_group_code',
    array(select code from public.subscriber_groups order by sort_order));
  v_key.voltage_level_code := private.required_text(p_input, 'voltage_level_code',
    array['AG', 'OG']);
  v_key.term_type := coalesce(p_input ->> 'term_type', 'single_term');
  perform private.required_text(jsonb_build_object('term_type', v_key.term_type), 'term_type',
    array['single_term', 'two_term']);
  v_key.tariff_type := private.required_text(p_input, 'tariff_type',
    array['single_time', 'three_time']);

  return v_key;
end;
$$;

-- Reads the consumption of an input object into hours. Two shapes:
--   "consumption": {"monthly": [{"month": "2025-01", "t1_kwh": 1, "t2_kwh": 2,
--                   "t3_kwh": 3}, ...]}   (three-time; single-time: "kwh")
--   "consumption": {"hourly": {"start": "2025-01-01T00:00:00+03:00",
--                   "kwh": [1.5, 2, ...]}}  (consecutive hours from start)
-- Every hour gets its local month and zone (T1/T2/T3 by local hour).
create function private.consumption_hours(p_input jsonb, p_key private.tariff_key)
returns table (
  hour_start timestamptz,
  period_month date,
  time_zone_code text,
  consumption_kwh numeric,
  shape_source text
)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_consumption jsonb := p_input -> 'consumption';
  v_rows private.zone_consumption[];
  v_start timestamptz;
  v_values jsonb;
  v_month jsonb;
  v_period date;
  v_zone text;
  v_kwh numeric[];
  v_zones text[];
begin
  if v_consumption is null or jsonb_typeof(v_consumption) <> 'object' then
    perform private.raise_invalid(
      'Missing input field consumption',
      'Give consumption.monthly (list of months) or consumption.hourly ({start, kwh[]})');
  end if;

  if v_consumption ? 'hourly' then
    v_values := v_consumption #> '{hourly,kwh}';

    begin
      v_start := (v_consumption #>> '{hourly,start}')::timestamptz;
    exception when others then
      perform private.raise_invalid(format('Invalid consumption.hourly.start: %s',
        v_consumption #>> '{hourly,start}'));
    end;

    if v_start is null or v_values is null or jsonb_typeof(v_values) <> 'array'
      or jsonb_array_length(v_values) = 0 then
      perform private.raise_invalid(
        'consumption.hourly needs start (an hour start with offset) and kwh (a non-empty list)');
    end if;

    if extract(minute from v_start) <> 0 or extract(second from v_start) <> 0 then
      perform private.raise_invalid(format('consumption.hourly.start %s is not the start of an hour',
        v_consumption #>> '{hourly,start}'));
    end if;

    -- A JSON list of numbers is also the text of a numeric array once its
    -- brackets become braces; anything else fails the cast.
    begin
      v_kwh := translate(v_values::text, '[]', '{}')::numeric[];
    exception when others then
      perform private.raise_invalid('consumption.hourly.kwh must hold numbers only');
    end;

    if array_position(v_kwh, null) is not null or exists (select 1 from unnest(v_kwh) k where k < 0) then
      perform private.raise_invalid('consumption.hourly.kwh must hold non-negative numbers only');
    end if;

    v_zones := array(select public.time_zone_of_hour(h) from generate_series(0, 23) h);

    return query
      select
        t.hour_start,
        date_trunc('month', t.local_time)::date,
        v_zones[extract(hour from t.local_time)::integer + 1],
        round(t.kwh, 6),
        'metered'::text
      from (
        select
          v_start + (k.ordinality - 1) * interval '1 hour' as hour_start,
          (v_start + (k.ordinality - 1) * interval '1 hour') at time zone 'Europe/Istanbul'
            as local_time,
          k.kwh
        from unnest(v_kwh) with ordinality k (kwh, ordinality)
      ) t;

    return;
  end if;

  if jsonb_typeof(v_consumption -> 'monthly') is distinct from 'array'
    or jsonb_array_length(v_consumption -> 'monthly') = 0 then
    perform private.raise_invalid(
      'consumption.monthly must be a non-empty list of months',
      'Example: [{"month": "2025-01", "t1_kwh": 100, "t2_kwh": 50, "t3_kwh": 80}]');
  end if;

  v_rows := array[]::private.zone_consumption[];

  for v_month in select value from jsonb_array_elements(v_consumption -> 'monthly') loop
    if coalesce(v_month ->> 'month', '') !~ '^\d{4}-(0[1-9]|1[0-2])$' then
      perform private.raise_invalid(format('Invalid month %s: use YYYY-MM', v_month -> 'month'));
    end if;

    v_period := ((v_month ->> 'month') || '-01')::date;

    if v_period = any (array(select r.period_month from unnest(v_rows) r)) then
      perform private.raise_invalid(format('Month %s is given twice', v_month ->> 'month'));
    end if;

    if p_key.tariff_type = 'three_time' then
      foreach v_zone in array array['T1', 'T2', 'T3'] loop
        v_rows := v_rows || row(
          null, p_key.distribution_region_code, p_key.subscriber_group_code,
          p_key.voltage_level_code, p_key.tariff_type, v_period, v_zone,
          coalesce(private.optional_number(v_month, lower(v_zone) || '_kwh',
            'consumption of ' || (v_month ->> 'month') || ' '), 0)
        )::private.zone_consumption;
      end loop;
    else
      v_rows := v_rows || row(
        null, p_key.distribution_region_code, p_key.subscriber_group_code,
        p_key.voltage_level_code, p_key.tariff_type, v_period, null,
        coalesce(private.optional_number(v_month, 'kwh',
          'consumption of ' || (v_month ->> 'month') || ' '), 0)
      )::private.zone_consumption;
    end if;
  end loop;

  v_zones := array(select public.time_zone_of_hour(h) from generate_series(0, 23) h);

  return query
    select
      s.hour_start,
      date_trunc('month', s.hour_start at time zone 'Europe/Istanbul')::date,
      v_zones[extract(hour from s.hour_start at time zone 'Europe/Istanbul')::integer + 1],
      s.consumption_kwh,
      s.shape_source
    from private.spread_zone_consumption(v_rows) s;
end;
$$;

-- RPC ------------------------------------------------------------------------

-- Converts many metering points' monthly or three-time consumption to
-- hourly in one call. Input:
--   {"rows": [{"key": "mp-1", "distribution_region_code": "kayseri",
--     "subscriber_group_code": "ticarethane", "voltage_level_code": "OG",
--     "tariff_type": "three_time", "month": "2026-01",
--     "t1_kwh": 1000, "t2_kwh": 400, "t3_kwh": 600}]}
-- Single-time rows give "kwh" instead of t1/t2/t3.
create function public.convert_consumption_to_hourly(p_input jsonb)
returns table (
  row_key text,
  hour_start timestamptz,
  time_zone_code text,
  consumption_kwh numeric,
  shape_source text
)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_rows private.zone_consumption[] := array[]::private.zone_consumption[];
  v_row jsonb;
  v_key private.tariff_key;
  v_line integer := 0;
  v_zone text;
begin
  if p_input is null or jsonb_typeof(p_input -> 'rows') is distinct from 'array' then
    perform private.raise_invalid('The input needs rows: a list of consumption rows');
  end if;

  for v_row in select value from jsonb_array_elements(p_input -> 'rows') loop
    v_line := v_line + 1;
    v_key := private.tariff_key_from_input(v_row);

    if coalesce(v_row ->> 'month', '') !~ '^\d{4}-(0[1-9]|1[0-2])$' then
      perform private.raise_invalid(format('Row %s: invalid month %s, use YYYY-MM',
        v_line, v_row -> 'month'));
    end if;

    if v_key.tariff_type = 'three_time' then
      foreach v_zone in array array['T1', 'T2', 'T3'] loop
        v_rows := v_rows || row(
          coalesce(v_row ->> 'key', v_line::text), v_key.distribution_region_code,
          v_key.subscriber_group_code, v_key.voltage_level_code, v_key.tariff_type,
          ((v_row ->> 'month') || '-01')::date, v_zone,
          coalesce(private.optional_number(v_row, lower(v_zone) || '_kwh',
            format('row %s ', v_line)), 0)
        )::private.zone_consumption;
      end loop;
    else
      v_rows := v_rows || row(
        coalesce(v_row ->> 'key', v_line::text), v_key.distribution_region_code,
        v_key.subscriber_group_code, v_key.voltage_level_code, v_key.tariff_type,
        ((v_row ->> 'month') || '-01')::date, null,
        coalesce(private.optional_number(v_row, 'kwh', format('row %s ', v_line)), 0)
      )::private.zone_consumption;
    end if;
  end loop;

  return query
    select s.row_key, s.hour_start, s.time_zone_code, s.consumption_kwh, s.shape_source
    from private.spread_zone_consumption(v_rows) s
    order by s.row_key, s.hour_start;
end;
$$;

comment on function public.convert_consumption_to_hourly(jsonb) is
  'Spreads monthly or T1/T2/T3 consumption over the hours of the month with the profile coefficients of the region and group; zones sum back exactly.';

revoke all on function public.convert_consumption_to_hourly(jsonb) from public, anon;
grant execute on function public.convert_consumption_to_hourly(jsonb) to authenticated, service_role;
