-- Conversion to hourly in integer micro-kWh ----------------------------------
--
-- The conversion now yields each hour as a whole number of micro-kWh
-- (10^-6 kWh), the exact value it computed before turning it into numeric
-- kWh. Making a numeric value of every one of 3,720,000 hours (a cast and a
-- multiplication each) cost more than the join and the integer arithmetic
-- together (bench/README.md). Callers that sum hours can sum the integers
-- and scale the total once.
--
-- private.spread_zone_consumption keeps its numeric kWh columns, with the
-- same values and scale, as a view over the integer function. Neither sets a
-- search_path, so Postgres inlines both into their caller
-- (test/pricing/access.test.ts).

create or replace function private.spread_zone_consumption_micro_kwh(
  p_rows private.zone_consumption[]
)
returns table (
  row_key text,
  hour_start timestamptz,
  time_zone_code text,
  consumption_micro_kwh bigint,
  shape_source text
)
language sql
stable
parallel safe
as $$
  with input as materialized (
    select
      r.*,
      coalesce(r.time_zone_code, 'ALL') as zone_key,
      pg_catalog.trim_scale(r.consumption_kwh) as kwh_trimmed
    from pg_catalog.unnest(p_rows) as r
  ),

  -- each set of coefficients the readings need, numbered
  share_sets as materialized (
    select
      d.*,
      (pg_catalog.row_number() over ())::integer as set_no
    from (
      select distinct
        i.distribution_region_code, i.subscriber_group_code, i.voltage_level_code,
        i.tariff_type, i.period_month
      from input i
    ) d
  ),

  -- every hour of every set with its cumulative shares, the 20 decimals of
  -- each share split into two integers for the integer path, keyed by one
  -- integer for the set and the zone
  share_hours as materialized (
    select
      ss.set_no * 4 + private.zone_number(s.zone_key) as part_no,
      pg_catalog.floor(s.cumulative_share * 10000000000)::bigint as share_high,
      ((s.cumulative_share * 100000000000000000000) % 10000000000)::bigint as share_low,
      pg_catalog.floor(s.cumulative_share_before * 10000000000)::bigint as share_before_high,
      ((s.cumulative_share_before * 100000000000000000000) % 10000000000)::bigint
        as share_before_low,
      s.hour_start,
      s.cumulative_share,
      s.cumulative_share_before,
      s.shape_source
    from share_sets ss
    cross join lateral private.zone_shares(
      ss.distribution_region_code, ss.subscriber_group_code,
      ss.voltage_level_code, ss.tariff_type, ss.period_month
    ) s
  ),

  -- each reading with the same key, and as an integer count of 10^-s kWh
  -- where the integer path is exact
  readings as materialized (
    select
      ss.set_no * 4 + private.zone_number(i.zone_key) as part_no,
      u.kwh_units,
      u.divisor / 2 as half_divisor,
      u.divisor,
      i.consumption_kwh,
      i.row_key,
      case when i.tariff_type = 'three_time' then i.zone_key end as time_zone_code
    from input i
    join share_sets ss
      on ss.distribution_region_code = i.distribution_region_code
      and ss.subscriber_group_code = i.subscriber_group_code
      and ss.voltage_level_code = i.voltage_level_code
      and ss.tariff_type = i.tariff_type
      and ss.period_month = i.period_month
    cross join lateral (
      select
        case
          when i.kwh_trimmed >= 0 and pg_catalog.scale(i.kwh_trimmed) <= 10
            and i.kwh_trimmed * (10::numeric ^ pg_catalog.scale(i.kwh_trimmed)) < 900000000
          then (i.kwh_trimmed * (10::numeric ^ pg_catalog.scale(i.kwh_trimmed)))::bigint
        end as kwh_units,
        (10::numeric ^ (pg_catalog.scale(i.kwh_trimmed) + 4))::bigint as divisor
    ) u
  )

  -- one row per reading and hour of its zone: the difference of the rounded
  -- cumulative kWh at the hour's end and start, so each zone sums back
  select
    r.row_key,
    h.hour_start,
    r.time_zone_code,
    case
      when r.kwh_units is not null then
        (r.kwh_units * h.share_high + r.kwh_units * h.share_low / 10000000000
            + r.half_divisor) / r.divisor
          - (r.kwh_units * h.share_before_high
            + r.kwh_units * h.share_before_low / 10000000000 + r.half_divisor) / r.divisor
      else
        ((pg_catalog.round(r.consumption_kwh * h.cumulative_share, 6)
            - pg_catalog.round(r.consumption_kwh * h.cumulative_share_before, 6))
          * 1000000)::bigint
    end,
    h.shape_source
  from readings r
  join share_hours h on h.part_no = r.part_no;
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
as $$
  select
    s.row_key,
    s.hour_start,
    s.time_zone_code,
    s.consumption_micro_kwh * 0.000001,
    s.shape_source
  from private.spread_zone_consumption_micro_kwh(p_rows) s;
$$;
