-- The hourly consumption, offer grouping and conversion functions as they
-- were before the single-pass versions, for the test that compares the
-- results of both. The test runs this inside a transaction that it rolls
-- back, so the database keeps the current versions.

drop function private.consumption_hours(jsonb, private.tariff_key);

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

create or replace function private.priced_groups(
  p_input jsonb,
  p_key private.tariff_key,
  p_with_prices boolean default true
)
returns setof private.priced_group
language plpgsql
stable
set search_path = ''
as $$
begin
  return query
    with hours as materialized (
      select
        ch.hour_start,
        ch.period_month,
        ch.time_zone_code,
        ch.consumption_kwh,
        ch.shape_source = 'flat_within_zone' as is_flat,
        (ch.hour_start at time zone 'Europe/Istanbul')::date as local_date
      from private.consumption_hours(p_input, p_key) ch
    ),

    -- published PTF and SMF of every hour (null where not published)
    published as materialized (
      select
        h.*,
        p.price_try_per_mwh as ptf,
        s.price_try_per_mwh as smf,
        coalesce(p.is_demo, false) or coalesce(s.is_demo, false) as is_demo
      from hours h
      left join public.ptf_hourly_prices p
        on p.hour_start = h.hour_start and p_with_prices
        -- bounds that let the planner skip partitions outside the input
        and p.hour_start >= (select min(b.hour_start) from hours b)
        and p.hour_start <= (select max(b.hour_start) from hours b)
      left join public.smf_hourly_prices s
        on s.hour_start = h.hour_start and p_with_prices
        and s.hour_start >= (select min(b.hour_start) from hours b)
        and s.hour_start <= (select max(b.hour_start) from hours b)
    ),

    -- forward prices and usual spreads, only for months with unpublished hours
    estimated as materialized (
      select mp.*
      from (
        select distinct p.period_month
        from published p
        where p_with_prices and (p.ptf is null or p.smf is null)
      ) m
      cross join lateral private.month_prices(m.period_month) mp
    ),

    -- the sums that bills and supply cost are linear in, per day and zone
    day_sums as materialized (
      select
        p.period_month,
        p.time_zone_code,
        p.local_date,
        count(*) as hours,
        count(*) filter (where p.ptf is null) as forward_price_hours,
        count(*) filter (where p.is_flat) as fallback_shape_hours,
        sum(p.consumption_kwh) as consumption_kwh,
        sum(p.consumption_kwh * coalesce(p.ptf, e.price_try_per_mwh)) as price_weighted_kwh,
        sum(coalesce(p.ptf, e.price_try_per_mwh)) as price_sum,
        sum(p.consumption_kwh * coalesce(abs(p.smf - p.ptf), e.spread_try_per_mwh))
          as spread_weighted_kwh,
        bool_or(p.is_demo or coalesce(e.is_demo, false)) as market_is_demo
      from published p
      left join estimated e on e.hour_start = p.hour_start
      group by p.period_month, p.time_zone_code, p.local_date
    ),

    -- tariff rates of the meter's group, voltage and term, with their ends
    rates as materialized (
      select
        r.*,
        coalesce(lead(r.valid_from) over (
          partition by r.component, r.tariff_type, r.time_zone_code order by r.valid_from
        ), 'infinity'::date) as valid_until
      from public.regulated_tariff_rates r
      where r.subscriber_group_code = p_key.subscriber_group_code
        and r.voltage_level_code = p_key.voltage_level_code
        and r.term_type = p_key.term_type
    ),

    -- BTV and KDV rows of the group, else of every group
    taxes as materialized (
      select
        t.tax_code,
        t.rate,
        t.tax_rate_id,
        t.is_demo,
        coalesce(t.valid_from, '-infinity'::date) as valid_from,
        coalesce(t.valid_to + 1, 'infinity'::date) as valid_until,
        t.subscriber_group_code is not null as is_group_specific
      from public.tax_rates t
      where t.tax_code in ('btv', 'kdv')
        and (t.subscriber_group_code = p_key.subscriber_group_code
          or t.subscriber_group_code is null)
    ),

    -- each day's sums with the rates in force on that day
    day_rates as (
      select
        d.*,
        e.regulated_tariff_rate_id as energy_rate_id,
        e.rate_try_per_kwh as energy_rate,
        e.valid_from as energy_valid_from,
        e.is_demo as energy_is_demo,
        s.rate_try_per_kwh as single_time_rate,
        dr.regulated_tariff_rate_id as distribution_rate_id,
        dr.rate_try_per_kwh as distribution_rate,
        dr.valid_from as distribution_valid_from,
        dr.is_demo as distribution_is_demo,
        btv.rate as btv_pct,
        kdv.rate as kdv_pct,
        btv.tax_rate_id || '/' || kdv.tax_rate_id as tax_period,
        btv.is_demo or kdv.is_demo as tax_is_demo
      from day_sums d
      left join rates e
        on e.component = 'energy'
        and e.tariff_type = p_key.tariff_type
        and (p_key.tariff_type = 'single_time' or e.time_zone_code = d.time_zone_code)
        and d.local_date >= e.valid_from and d.local_date < e.valid_until
      left join rates s
        on s.component = 'energy'
        and s.tariff_type = 'single_time'
        and d.local_date >= s.valid_from and d.local_date < s.valid_until
      left join rates dr
        on dr.component = 'distribution'
        and d.local_date >= dr.valid_from and d.local_date < dr.valid_until
      left join lateral (
        select t.* from taxes t
        where t.tax_code = 'btv' and d.local_date >= t.valid_from and d.local_date < t.valid_until
        order by t.is_group_specific desc, t.valid_from desc
        limit 1
      ) btv on true
      left join lateral (
        select t.* from taxes t
        where t.tax_code = 'kdv' and d.local_date >= t.valid_from and d.local_date < t.valid_until
        order by t.is_group_specific desc, t.valid_from desc
        limit 1
      ) kdv on true
    )

    select
      r.period_month,
      r.time_zone_code,
      r.energy_rate_id,
      min(r.energy_rate),
      min(r.energy_valid_from),
      r.distribution_rate_id,
      min(r.distribution_rate),
      min(r.distribution_valid_from),
      min(r.btv_pct),
      min(r.kdv_pct),
      r.tax_period,
      min(y.unit_cost_try_per_mwh),
      sum(r.hours)::integer,
      sum(r.forward_price_hours)::integer,
      sum(r.fallback_shape_hours)::integer,
      sum(r.consumption_kwh),
      sum(r.price_weighted_kwh),
      sum(r.price_sum),
      sum(r.spread_weighted_kwh),
      sum(r.consumption_kwh * r.single_time_rate),
      array_remove(array[
        case when bool_or(r.energy_is_demo) then 'energy tariff' end,
        case when bool_or(r.distribution_is_demo) then 'distribution tariff' end,
        case when bool_or(r.tax_is_demo) then 'tax rates' end,
        case when bool_or(r.market_is_demo) then 'market prices' end,
        case when bool_or(y.is_demo) then 'YEKDEM' end
      ], null)
    from day_rates r
    left join public.yekdem_unit_costs y on y.period_month = r.period_month and p_with_prices
    group by r.period_month, r.time_zone_code, r.energy_rate_id, r.distribution_rate_id,
      r.tax_period;
end;
$$;

create or replace function private.spread_zone_consumption(p_rows private.zone_consumption[])
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
    select
      r.*,
      coalesce(r.time_zone_code, 'ALL') as zone_key,
      trim_scale(r.consumption_kwh) as kwh_trimmed
    from unnest(p_rows) as r
  ),

  -- the reading as an integer count of 10^-s kWh where the integer path is
  -- exact, computed once per reading rather than once per hour
  input_units as materialized (
    select
      i.*,
      case
        when i.kwh_trimmed >= 0 and scale(i.kwh_trimmed) <= 10
          and i.kwh_trimmed * (10::numeric ^ scale(i.kwh_trimmed)) < 900000000
        then (i.kwh_trimmed * (10::numeric ^ scale(i.kwh_trimmed)))::bigint
      end as kwh_units,
      (10::numeric ^ (scale(i.kwh_trimmed) + 4))::bigint as divisor
    from input i
  ),

  share_sets as (
    select distinct
      distribution_region_code, subscriber_group_code, voltage_level_code,
      tariff_type, period_month
    from input
  ),

  -- cumulative shares with their 20 decimals split into two integers
  shares as materialized (
    select
      ss.*,
      s.*,
      floor(s.cumulative_share * 10000000000)::bigint as share_high,
      ((s.cumulative_share * 100000000000000000000) % 10000000000)::bigint as share_low,
      floor(s.cumulative_share_before * 10000000000)::bigint as share_before_high,
      ((s.cumulative_share_before * 100000000000000000000) % 10000000000)::bigint
        as share_before_low
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
    case
      when i.kwh_units is not null then
        ((i.kwh_units * s.share_high + i.kwh_units * s.share_low / 10000000000
            + i.divisor / 2) / i.divisor
          - (i.kwh_units * s.share_before_high
            + i.kwh_units * s.share_before_low / 10000000000 + i.divisor / 2) / i.divisor
        )::numeric * 0.000001
      else round(i.consumption_kwh * s.cumulative_share, 6)
        - round(i.consumption_kwh * s.cumulative_share_before, 6)
    end,
    s.shape_source
  from input_units i
  join shares s
    on s.distribution_region_code = i.distribution_region_code
    and s.subscriber_group_code = i.subscriber_group_code
    and s.voltage_level_code = i.voltage_level_code
    and s.tariff_type = i.tariff_type
    and s.period_month = i.period_month
    and s.zone_key = i.zone_key
$$;
