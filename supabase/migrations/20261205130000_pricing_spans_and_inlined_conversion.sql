-- Faster offer pricing and conversion to hourly, with the same results.
--
-- Offer pricing groups the hours by span of constant rates instead of by day.
-- Tariff rates and tax rates change only on the dates their validity starts
-- or ends, so every hour between two such dates sees the same rates. The
-- hours are summed per month, zone and such span (a few dozen groups for a
-- year) and the rates are looked up once per group, where they were looked
-- up for every day and zone (about 1,100 groups a year). The published and
-- the forward prices are joined in one pass instead of two. Numeric sums
-- are exact, so regrouping changes no figure.
--
-- The conversion to hourly becomes a SQL function that Postgres inlines into
-- its caller, and the shares of a month's hours take a zone lookup in an
-- array and one read of the month's coefficients (see below). The test single-pass-equivalence.test.ts compares
-- every result of both with the earlier functions.

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
declare
  -- the local midnights on which a tariff or tax rate of the meter starts
  -- or ends, in ascending order
  v_changes timestamptz[];
begin
  select coalesce(array_agg(c.change_date::timestamp at time zone 'Europe/Istanbul'
      order by c.change_date), '{}')
  into v_changes
  from (
    select r.valid_from as change_date
    from public.regulated_tariff_rates r
    where r.subscriber_group_code = p_key.subscriber_group_code
      and r.voltage_level_code = p_key.voltage_level_code
      and r.term_type = p_key.term_type
    union
    select t.valid_from
    from public.tax_rates t
    where t.tax_code in ('btv', 'kdv')
      and (t.subscriber_group_code = p_key.subscriber_group_code
        or t.subscriber_group_code is null)
      and t.valid_from is not null
    union
    select t.valid_to + 1
    from public.tax_rates t
    where t.tax_code in ('btv', 'kdv')
      and (t.subscriber_group_code = p_key.subscriber_group_code
        or t.subscriber_group_code is null)
      and t.valid_to is not null
  ) c;

  return query
    with hours as materialized (
      select
        ch.hour_start,
        ch.period_month,
        ch.time_zone_code,
        ch.consumption_kwh,
        ch.shape_source = 'flat_within_zone' as is_flat
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

    -- forward prices and usual spreads of those months (usually none)
    estimated as materialized (
      select mp.*
      from estimated_months m
      cross join lateral private.month_prices(m.period_month) mp
    ),

    -- the sums that bills and supply cost are linear in, per month, zone and
    -- span of constant rates. A forward price stands in for a missing PTF
    -- and a usual spread for a missing PTF or SMF; in months with every
    -- price published, the forward join finds nothing.
    span_sums as (
      select
        h.period_month,
        h.time_zone_code,
        width_bucket(h.hour_start, v_changes) as span,
        (min(h.hour_start) at time zone 'Europe/Istanbul')::date as first_date,
        count(*) as hours,
        count(*) filter (where p.price_try_per_mwh is null) as forward_price_hours,
        count(*) filter (where h.is_flat) as fallback_shape_hours,
        sum(h.consumption_kwh) as consumption_kwh,
        sum(h.consumption_kwh * coalesce(p.price_try_per_mwh, e.price_try_per_mwh))
          as price_weighted_kwh,
        sum(coalesce(p.price_try_per_mwh, e.price_try_per_mwh)) as price_sum,
        sum(h.consumption_kwh * coalesce(abs(s.price_try_per_mwh - p.price_try_per_mwh),
          e.spread_try_per_mwh)) as spread_weighted_kwh,
        bool_or(coalesce(p.is_demo, false) or coalesce(s.is_demo, false)
          or coalesce(e.is_demo, false)) as market_is_demo
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
      left join estimated e on e.hour_start = h.hour_start
      group by h.period_month, h.time_zone_code, width_bucket(h.hour_start, v_changes)
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

    -- each span's sums with the rates in force on its first day, which are
    -- the rates of each of its days
    span_rates as (
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
      from span_sums d
      left join rates e
        on e.component = 'energy'
        and e.tariff_type = p_key.tariff_type
        and (p_key.tariff_type = 'single_time' or e.time_zone_code = d.time_zone_code)
        and d.first_date >= e.valid_from and d.first_date < e.valid_until
      left join rates s
        on s.component = 'energy'
        and s.tariff_type = 'single_time'
        and d.first_date >= s.valid_from and d.first_date < s.valid_until
      left join rates dr
        on dr.component = 'distribution'
        and d.first_date >= dr.valid_from and d.first_date < dr.valid_until
      left join lateral (
        select t.* from taxes t
        where t.tax_code = 'btv' and d.first_date >= t.valid_from and d.first_date < t.valid_until
        order by t.is_group_specific desc, t.valid_from desc
        limit 1
      ) btv on true
      left join lateral (
        select t.* from taxes t
        where t.tax_code = 'kdv' and d.first_date >= t.valid_from and d.first_date < t.valid_until
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
    from span_rates r
    left join public.yekdem_unit_costs y on y.period_month = r.period_month and p_with_prices
    group by r.period_month, r.time_zone_code, r.energy_rate_id, r.distribution_rate_id,
      r.tax_period;
end;
$$;

-- Conversion to hourly ---------------------------------------------------------

-- The same query as before, as a SQL function without a search_path setting,
-- so that Postgres inlines it into the calling query: the rows go straight
-- to the caller instead of being stored in a result set and read back,
-- which took about half of the conversion's time. Every name in it is
-- schema-qualified, so no caller's search_path changes what it reads.
-- Postgres inlines it where its argument holds no sub-select (a plpgsql
-- variable, a parameter or a column of an earlier FROM item). Each hour is
-- computed as in 20261201103000_pricing_single_pass.sql; the readings now
-- join the arrays of their zone where they are unnested, because a reading
-- row that carried the arrays was stored once for both paths.
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
as $$
  with input as (
    select
      r.*,
      coalesce(r.time_zone_code, 'ALL') as zone_key,
      trim_scale(r.consumption_kwh) as kwh_trimmed
    from pg_catalog.unnest(p_rows) as r
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

  -- readings on the integer path, one row per hour of their zone
  integer_hours as (
    select
      i.row_key,
      case when i.tariff_type = 'three_time' then a.zone_key end as time_zone_code,
      a.shape_source,
      i.kwh_units,
      i.divisor / 2 as half_divisor,
      i.divisor,
      unnest(a.hour_starts) as hour_start,
      unnest(a.shares_high) as share_high,
      unnest(a.shares_low) as share_low,
      unnest(a.shares_before_high) as share_before_high,
      unnest(a.shares_before_low) as share_before_low
    from input_units i
    join share_arrays a
      on a.distribution_region_code = i.distribution_region_code
      and a.subscriber_group_code = i.subscriber_group_code
      and a.voltage_level_code = i.voltage_level_code
      and a.tariff_type = i.tariff_type
      and a.period_month = i.period_month
      and a.zone_key = i.zone_key
    where i.kwh_units is not null
  ),

  -- the other readings, one row per hour of their zone
  numeric_hours as (
    select
      i.row_key,
      case when i.tariff_type = 'three_time' then a.zone_key end as time_zone_code,
      a.shape_source,
      i.consumption_kwh,
      unnest(a.hour_starts) as hour_start,
      unnest(a.shares) as share,
      unnest(a.shares_before) as share_before
    from input_units i
    join share_arrays a
      on a.distribution_region_code = i.distribution_region_code
      and a.subscriber_group_code = i.subscriber_group_code
      and a.voltage_level_code = i.voltage_level_code
      and a.tariff_type = i.tariff_type
      and a.period_month = i.period_month
      and a.zone_key = i.zone_key
    where i.kwh_units is null
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
$$;

-- Zone shares -----------------------------------------------------------------

-- The same shares as before, computed with the zone of each local hour looked
-- up in an array of the 24 hours instead of a function call per hour, and
-- the month's coefficients read in one range scan instead of two index
-- lookups per hour.
create or replace function private.zone_shares(
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
  with zones as materialized (
    select array_agg(public.time_zone_of_hour(h) order by h) as of_hour
    from generate_series(0, 23) as h
  ),

  -- every hour of the local month, with its zone (ALL for single-time)
  month_hours as (
    select
      h.hour_start,
      case when p_tariff_type = 'three_time'
        then (select z.of_hour from zones z)[
          extract(hour from h.hour_start at time zone 'Europe/Istanbul')::integer + 1]
        else 'ALL'
      end as zone_key
    from generate_series(
      private.month_start(p_period_month),
      private.month_start((p_period_month + interval '1 month')::date) - interval '1 hour',
      interval '1 hour'
    ) as h (hour_start)
  ),

  -- the month's coefficients of the meter's voltage and of no voltage
  coefficients as materialized (
    select c.hour_start, c.voltage_level_code, c.multiplier
    from public.profile_coefficients c
    where c.hour_start >= private.month_start(p_period_month)
      and c.hour_start < private.month_start((p_period_month + interval '1 month')::date)
      and c.distribution_region_code = p_distribution_region_code
      and c.subscriber_group_code = p_subscriber_group_code
      and c.meter_reading_type = p_tariff_type
      and (c.voltage_level_code = p_voltage_level_code or c.voltage_level_code is null)
  ),

  -- coefficients for the meter's voltage, else those published without one
  weighted as (
    select
      mh.hour_start,
      mh.zone_key,
      coalesce(exact.multiplier, any_voltage.multiplier) as multiplier
    from month_hours mh
    left join coefficients exact
      on exact.hour_start = mh.hour_start
      and exact.voltage_level_code is not null
    left join coefficients any_voltage
      on any_voltage.hour_start = mh.hour_start
      and any_voltage.voltage_level_code is null
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
