-- Faster offer pricing and conversion to hourly, with the same results, and
-- one caller check shared by the pricing RPCs.
--
-- private.consumption_hours also returns each hour's local date and computes
-- each hour's local time once instead of up to three times.
--
-- private.priced_groups reads the published PTF and SMF of every hour in one
-- pass and joins the forward estimates only to the months that need them;
-- which months need them is found by counting the published hours of each
-- month's span instead of looking up every hour. Numeric sums are exact, so
-- splitting a day's sum between the two kinds of month changes no figure.
--
-- private.spread_zone_consumption keeps the cumulative shares of each set of
-- coefficients and zone as arrays and unnests them beside each reading,
-- instead of joining every reading to every hour on six keys, and it runs
-- its query once into the result set (plpgsql) instead of once per row.

-- Hours --------------------------------------------------------------------------

-- The return type gains local_date, which needs a drop. The callers are
-- plpgsql functions, which look the function up by name when they run.
drop function private.consumption_hours(jsonb, private.tariff_key);

-- Reads the consumption of an input object into hours. Two shapes:
--   "consumption": {"monthly": [{"month": "2025-01", "t1_kwh": 1, "t2_kwh": 2,
--                   "t3_kwh": 3}, ...]}   (three-time; single-time: "kwh")
--   "consumption": {"hourly": {"start": "2025-01-01T00:00:00+03:00",
--                   "kwh": [1.5, 2, ...]}}  (consecutive hours from start)
-- Every hour gets its local date, month and zone (T1/T2/T3 by local hour).
create function private.consumption_hours(p_input jsonb, p_key private.tariff_key)
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

-- Offers -------------------------------------------------------------------------

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
        ch.local_date
      from private.consumption_hours(p_input, p_key) ch
    ),

    -- the input's months with their first and last hour
    months as materialized (
      select
        h.period_month,
        min(h.hour_start) as first_hour,
        max(h.hour_start) as last_hour
      from hours h
      group by h.period_month
    ),

    -- months with an hour without PTF or SMF between their first and last
    -- input hour. The input hours of a month are consecutive, so counting the
    -- published hours of that span finds the same months as looking up
    -- every input hour.
    estimated_months as materialized (
      select m.period_month
      from months m
      where p_with_prices
        and (
          (select count(*) from public.ptf_hourly_prices p
            where p.hour_start >= m.first_hour and p.hour_start <= m.last_hour)
            < extract(epoch from m.last_hour - m.first_hour) / 3600 + 1
          or (select count(*) from public.smf_hourly_prices s
            where s.hour_start >= m.first_hour and s.hour_start <= m.last_hour)
            < extract(epoch from m.last_hour - m.first_hour) / 3600 + 1
        )
    ),

    -- forward prices and usual spreads of those months
    estimated as materialized (
      select mp.*
      from estimated_months m
      cross join lateral private.month_prices(m.period_month) mp
    ),

    -- every hour with its published PTF and SMF (null where not published)
    published as (
      select
        h.*,
        p.price_try_per_mwh as ptf,
        s.price_try_per_mwh as smf,
        coalesce(p.is_demo, false) or coalesce(s.is_demo, false) as is_demo
      from hours h
      left join public.ptf_hourly_prices p
        on p.hour_start = h.hour_start and p_with_prices
        -- bounds that let the planner skip partitions outside the input
        and p.hour_start >= (select min(m.first_hour) from months m)
        and p.hour_start <= (select max(m.last_hour) from months m)
      left join public.smf_hourly_prices s
        on s.hour_start = h.hour_start and p_with_prices
        and s.hour_start >= (select min(m.first_hour) from months m)
        and s.hour_start <= (select max(m.last_hour) from months m)
    ),

    -- the sums that bills and supply cost are linear in, per day and zone.
    -- Only the months with estimates join them; the others, usually all,
    -- are summed in one pass over the hours and their published prices.
    day_sums as materialized (
      select
        p.period_month,
        p.time_zone_code,
        p.local_date,
        count(*) as hours,
        count(*) filter (where p.ptf is null) as forward_price_hours,
        count(*) filter (where p.is_flat) as fallback_shape_hours,
        sum(p.consumption_kwh) as consumption_kwh,
        sum(p.consumption_kwh * p.ptf) as price_weighted_kwh,
        sum(p.ptf) as price_sum,
        sum(p.consumption_kwh * abs(p.smf - p.ptf)) as spread_weighted_kwh,
        bool_or(p.is_demo) as market_is_demo
      from published p
      where p.period_month not in (select em.period_month from estimated_months em)
      group by p.period_month, p.time_zone_code, p.local_date

      union all

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
      where p.period_month in (select em.period_month from estimated_months em)
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

-- Conversion to hourly ---------------------------------------------------------

-- Each hour is round(Z x C(h), 6) - round(Z x C(h - 1), 6) as before. With
-- the reading Z = z / 10^s and C = (c1 x 10^10 + c0) / 10^20, the rounded
-- cumulative kWh in micro-kWh is floor((z x c1 + floor(z x c0 / 10^10)
-- + E / 2) / E) with E = 10^(s + 4), exact in 64-bit integers when
-- 0 <= z < 9 x 10^8 and s <= 10; other readings take the numeric formula.
create or replace function private.spread_zone_consumption(p_rows private.zone_consumption[])
returns table (
  row_key text,
  hour_start timestamptz,
  time_zone_code text,
  consumption_kwh numeric,
  shape_source text
)
language plpgsql
stable
parallel safe
set search_path = ''
as $$
begin
  return query
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
        i.distribution_region_code, i.subscriber_group_code, i.voltage_level_code,
        i.tariff_type, i.period_month
      from input i
    ),

    -- the hours and cumulative shares of each set of coefficients and zone
    -- as arrays, with the shares' 20 decimals split into two integers
    share_arrays as materialized (
      select
        ss.distribution_region_code, ss.subscriber_group_code, ss.voltage_level_code,
        ss.tariff_type, ss.period_month, s.zone_key,
        min(s.shape_source) as shape_source,
        array_agg(s.hour_start order by s.hour_start) as hour_starts,
        array_agg(s.cumulative_share order by s.hour_start) as shares,
        array_agg(s.cumulative_share_before order by s.hour_start) as shares_before,
        array_agg(floor(s.cumulative_share * 10000000000)::bigint
          order by s.hour_start) as shares_high,
        array_agg(((s.cumulative_share * 100000000000000000000) % 10000000000)::bigint
          order by s.hour_start) as shares_low,
        array_agg(floor(s.cumulative_share_before * 10000000000)::bigint
          order by s.hour_start) as shares_before_high,
        array_agg(((s.cumulative_share_before * 100000000000000000000) % 10000000000)::bigint
          order by s.hour_start) as shares_before_low
      from share_sets ss
      cross join lateral private.zone_shares(
        ss.distribution_region_code, ss.subscriber_group_code,
        ss.voltage_level_code, ss.tariff_type, ss.period_month
      ) s
      group by ss.distribution_region_code, ss.subscriber_group_code,
        ss.voltage_level_code, ss.tariff_type, ss.period_month, s.zone_key
    ),

    -- each reading with the arrays of its zone
    readings as (
      select
        i.row_key,
        case when i.tariff_type = 'three_time' then a.zone_key end as time_zone_code,
        i.consumption_kwh,
        i.kwh_units,
        i.divisor,
        a.*
      from input_units i
      join share_arrays a
        on a.distribution_region_code = i.distribution_region_code
        and a.subscriber_group_code = i.subscriber_group_code
        and a.voltage_level_code = i.voltage_level_code
        and a.tariff_type = i.tariff_type
        and a.period_month = i.period_month
        and a.zone_key = i.zone_key
    ),

    -- readings on the integer path, one row per hour
    integer_hours as (
      select
        r.row_key, r.time_zone_code, r.shape_source, r.kwh_units,
        r.divisor / 2 as half_divisor, r.divisor,
        unnest(r.hour_starts) as hour_start,
        unnest(r.shares_high) as share_high,
        unnest(r.shares_low) as share_low,
        unnest(r.shares_before_high) as share_before_high,
        unnest(r.shares_before_low) as share_before_low
      from readings r
      where r.kwh_units is not null
    ),

    -- the other readings, one row per hour
    numeric_hours as (
      select
        r.row_key, r.time_zone_code, r.shape_source, r.consumption_kwh,
        unnest(r.hour_starts) as hour_start,
        unnest(r.shares) as share,
        unnest(r.shares_before) as share_before
      from readings r
      where r.kwh_units is null
    )

    select
      h.row_key,
      h.hour_start,
      h.time_zone_code,
      ((h.kwh_units * h.share_high + h.kwh_units * h.share_low / 10000000000
          + h.half_divisor) / h.divisor
        - (h.kwh_units * h.share_before_high
          + h.kwh_units * h.share_before_low / 10000000000 + h.half_divisor) / h.divisor
      )::numeric * 0.000001,
      h.shape_source
    from integer_hours h

    union all

    select
      h.row_key,
      h.hour_start,
      h.time_zone_code,
      round(h.consumption_kwh * h.share, 6) - round(h.consumption_kwh * h.share_before, 6),
      h.shape_source
    from numeric_hours h;
end;
$$;

-- Caller check -------------------------------------------------------------------

-- Raises insufficient_privilege (HTTP 401 for anon, 403 otherwise through
-- the REST API) when an API user other than staff or a dealer user calls the
-- pricing RPC `p_function`. Security invoker, so that current_user is the
-- API role; callers that are not API users pass.
create function private.assert_pricing_caller(p_function text)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if current_user::text in ('anon', 'authenticated') and not private.can_price() then
    raise exception 'Permission denied for function %: pricing is open to staff and dealer users only', p_function
      using errcode = '42501',
        detail = format('Caller role: %s', coalesce(private.app_role(), 'none')),
        hint = 'Sign in as a staff member or a dealer user';
  end if;
end;
$$;

revoke all on function private.assert_pricing_caller(text) from public, anon;
grant execute on function private.assert_pricing_caller(text) to authenticated, service_role;

create or replace function public.regulated_bill(p_input jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
begin
  perform private.assert_pricing_caller('regulated_bill');

  return private.regulated_bill(p_input);
end;
$$;

create or replace function public.price_offer(p_input jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
begin
  perform private.assert_pricing_caller('price_offer');

  return private.price_offer(p_input);
end;
$$;

create or replace function public.profile_cost(p_input jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
begin
  perform private.assert_pricing_caller('profile_cost');

  return private.profile_cost(p_input);
end;
$$;

create or replace function public.check_offer_rules(p_input jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
begin
  perform private.assert_pricing_caller('check_offer_rules');

  return private.check_offer_rules(p_input);
end;
$$;

create or replace function public.convert_consumption_to_hourly(p_input jsonb)
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
begin
  perform private.assert_pricing_caller('convert_consumption_to_hourly');

  return query
    select c.row_key, c.hour_start, c.time_zone_code, c.consumption_kwh, c.shape_source
    from private.convert_consumption_to_hourly(p_input) c;
end;
$$;

-- The wrappers above were its only callers.
drop function private.assert_can_price(text);
