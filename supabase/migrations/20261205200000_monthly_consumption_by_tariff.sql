-- Monthly consumption that does not fit the tariff --------------------------
--
-- A single-time tariff read a month's T1, T2 and T3 as 0 kWh, so an offer
-- saved from zone figures on a single-time metering point was priced on
-- nothing. Such a month is now priced on the sum of its zones, as the
-- offer forms show it. A three-time month given only as a total kWh was read
-- as 0 kWh in every zone and is now rejected with the shape to use.
-- Otherwise the same function as 20261201103000_pricing_single_pass.sql.

create or replace function private.consumption_hours(p_input jsonb, p_key private.tariff_key)
returns table (
  hour_start timestamptz,
  period_month date,
  time_zone_code text,
  consumption_kwh numeric,
  shape_source text,
  local_date date
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

    -- offset 0 keeps the subquery apart, so that each hour's local time is
    -- computed once and not once for each of the three columns that use it
    return query
      select
        t.hour_start,
        date_trunc('month', t.local_time)::date,
        v_zones[extract(hour from t.local_time)::integer + 1],
        round(t.kwh, 6),
        'metered'::text,
        t.local_time::date
      from (
        select
          h.hour_start,
          h.hour_start at time zone 'Europe/Istanbul' as local_time,
          h.kwh
        from (
          select v_start + (k.ordinality - 1) * interval '1 hour' as hour_start, k.kwh
          from unnest(v_kwh) with ordinality k (kwh, ordinality)
        ) h
        offset 0
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
      if not (v_month ?| array['t1_kwh', 't2_kwh', 't3_kwh']) and v_month ? 'kwh' then
        perform private.raise_invalid(
          format('Month %s gives kwh, but a three-time tariff is priced on T1, T2 and T3',
            v_month ->> 'month'),
          'Give t1_kwh, t2_kwh and t3_kwh for each month of a three-time tariff.');
      end if;

      foreach v_zone in array array['T1', 'T2', 'T3'] loop
        v_rows := v_rows || row(
          null, p_key.distribution_region_code, p_key.subscriber_group_code,
          p_key.voltage_level_code, p_key.tariff_type, v_period, v_zone,
          coalesce(private.optional_number(v_month, lower(v_zone) || '_kwh',
            'consumption of ' || (v_month ->> 'month') || ' '), 0)
        )::private.zone_consumption;
      end loop;
    else
      -- A single-time tariff is priced on the month's total: given as kwh,
      -- or else as the sum of the month's T1, T2 and T3.
      v_rows := v_rows || row(
        null, p_key.distribution_region_code, p_key.subscriber_group_code,
        p_key.voltage_level_code, p_key.tariff_type, v_period, null,
        coalesce(
          private.optional_number(v_month, 'kwh',
            'consumption of ' || (v_month ->> 'month') || ' '),
          coalesce(private.optional_number(v_month, 't1_kwh',
            'consumption of ' || (v_month ->> 'month') || ' '), 0)
          + coalesce(private.optional_number(v_month, 't2_kwh',
            'consumption of ' || (v_month ->> 'month') || ' '), 0)
          + coalesce(private.optional_number(v_month, 't3_kwh',
            'consumption of ' || (v_month ->> 'month') || ' '), 0))
      )::private.zone_consumption;
    end if;
  end loop;

  v_zones := array(select public.time_zone_of_hour(h) from generate_series(0, 23) h);

  return query
    select
      t.hour_start,
      date_trunc('month', t.local_time)::date,
      v_zones[extract(hour from t.local_time)::integer + 1],
      t.consumption_kwh,
      t.shape_source,
      t.local_time::date
    from (
      select
        s.hour_start,
        s.hour_start at time zone 'Europe/Istanbul' as local_time,
        s.consumption_kwh,
        s.shape_source
      from private.spread_zone_consumption(v_rows) s
      offset 0
    ) t;
end;
$$;
