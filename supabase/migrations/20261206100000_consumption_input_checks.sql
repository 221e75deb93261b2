-- Checked consumption input of the pricing RPCs -------------------------------
--
-- create_offer (consumption.months, with T1, T2, T3 or kwh) and price_offer
-- (consumption.monthly, with t1_kwh, t2_kwh, t3_kwh or kwh) read a month with
-- an unknown, missing or conflicting key as 0 kWh, so a month given as
-- {"month": "2027-01"} alone was priced on nothing and {"kwh": 20000,
-- "T1": 1} on a three-time tariff on 1 kWh. Each month must now give, in the
-- calling RPC's own keys, either its total kwh (single-time tariffs only) or
-- all three zones (priced on their sum for a single-time tariff). Anything
-- else raises 22023 with the month, the keys the RPC takes and an example of
-- the tariff's shape; so do a month that is not YYYY-MM and a figure that is
-- not a number, is negative or is beyond any real consumption.
--
-- Two more inputs get their own message instead of a misleading one. An
-- offer whose consumption is 0 kWh in total was reported by
-- check_offer_rules and submit_offer as breaking the minimum-margin price
-- rule. Months with neither published PTF nor a forward price expectation
-- are now listed together, with what to do about them.

-- Monthly consumption -------------------------------------------------------

-- Checks a list of monthly consumption and returns it in price_offer's
-- shape with every figure present: [{"month", "t1_kwh", "t2_kwh",
-- "t3_kwh"}] for a three-time tariff, [{"month", "kwh"}] for a single-time
-- one, whose zones are summed. p_list_name and p_zone_keys are the list and
-- zone keys as the calling RPC takes them (consumption.monthly with t1_kwh,
-- t2_kwh and t3_kwh, or consumption.months with T1, T2 and T3), so that
-- errors show the caller's own keys.
create function private.checked_monthly_consumption(
  p_months jsonb,
  p_list_name text,
  p_zone_keys text[],
  p_tariff_type text
)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
  -- A month above 10^12 kWh (1,000 TWh, roughly three times what Turkey
  -- consumes in a year) is a typing error. The conversion to hourly keeps
  -- each hour in bigint micro-kWh, which cannot hold an hour above about
  -- 9.2 x 10^12 kWh.
  c_max_kwh constant numeric := 1000000000000;
  c_price_keys constant text[] := array['t1_kwh', 't2_kwh', 't3_kwh'];
  v_three_time boolean := p_tariff_type = 'three_time';
  v_zone_list text := format('%s, %s and %s', p_zone_keys[1], p_zone_keys[2], p_zone_keys[3]);
  v_accepted text;
  v_hint text;
  v_item jsonb;
  v_position bigint;
  v_month text;
  v_seen text[] := '{}';
  v_place text;
  v_keys text[];
  v_unknown text[];
  v_zones_given text[];
  v_figure_keys text[];
  v_value jsonb;
  v_kwh numeric;
  v_total numeric;
  v_figures jsonb;
  v_result jsonb := '[]'::jsonb;
begin
  if v_three_time then
    v_accepted := format(' (accepted keys for a three-time tariff: month, %s)', v_zone_list);
    v_hint := format(
      'Give each month as {"month": "2027-01", "%s": 100, "%s": 50, "%s": 80}, in kWh.',
      p_zone_keys[1], p_zone_keys[2], p_zone_keys[3]);
  else
    v_accepted := format(
      ' (accepted keys for a single-time tariff: month with kwh, or month with %s)',
      v_zone_list);
    v_hint := format('Give each month as {"month": "2027-01", "kwh": 230} or'
      ' {"month": "2027-01", "%s": 100, "%s": 50, "%s": 80}, in kWh.',
      p_zone_keys[1], p_zone_keys[2], p_zone_keys[3]);
  end if;

  if jsonb_typeof(p_months) is distinct from 'array' or jsonb_array_length(p_months) = 0 then
    perform private.raise_invalid(format('%s must be a non-empty list of months', p_list_name),
      v_hint);
  end if;

  for v_item, v_position in
    select m.value, m.ordinality from jsonb_array_elements(p_months) with ordinality m
  loop
    if jsonb_typeof(v_item) <> 'object' then
      perform private.raise_invalid(format('Item %s of %s is not a month object: %s',
        v_position, p_list_name, v_item), v_hint);
    end if;

    if not v_item ? 'month' then
      perform private.raise_invalid(format('Missing month in item %s of %s',
        v_position, p_list_name), v_hint);
    end if;

    -- year 0000 passes the pattern but is no date
    v_month := v_item ->> 'month';
    if jsonb_typeof(v_item -> 'month') <> 'string'
      or v_month !~ '^\d{4}-(0[1-9]|1[0-2])$' or v_month like '0000-%' then
      perform private.raise_invalid(format('Invalid month %s in item %s of %s: use YYYY-MM',
        v_item -> 'month', v_position, p_list_name), v_hint);
    end if;

    if v_month = any (v_seen) then
      perform private.raise_invalid(format('Month %s is given twice in %s', v_month, p_list_name));
    end if;

    v_seen := v_seen || v_month;
    v_place := format('month %s of %s', v_month, p_list_name);
    v_keys := array(select jsonb_object_keys(v_item));

    -- the keys: nothing unknown, and either kwh or all three zones
    v_unknown := array(
      select k from unnest(v_keys) k
      where k <> all (array['month', 'kwh'] || p_zone_keys)
      order by k);
    if cardinality(v_unknown) > 0 then
      perform private.raise_invalid(format('Unknown %s %s in %s%s',
        case when cardinality(v_unknown) = 1 then 'key' else 'keys' end,
        array_to_string(v_unknown, ', '), v_place, v_accepted), v_hint);
    end if;

    v_zones_given := array(select k from unnest(p_zone_keys) k where k = any (v_keys));
    if v_item ? 'kwh' and cardinality(v_zones_given) > 0 then
      perform private.raise_invalid(format('Conflicting keys kwh and %s in %s%s',
        array_to_string(v_zones_given, ', '), v_place, v_accepted), v_hint);
    end if;

    if v_item ? 'kwh' and v_three_time then
      perform private.raise_invalid(format(
        'Month %s of %s gives kwh, but a three-time tariff is priced on %s',
        v_month, p_list_name, v_zone_list), v_hint);
    end if;

    if not v_item ? 'kwh' and cardinality(v_zones_given) = 0 then
      perform private.raise_invalid(format('Missing consumption in %s%s', v_place, v_accepted),
        v_hint);
    end if;

    if cardinality(v_zones_given) in (1, 2) then
      perform private.raise_invalid(format('Missing %s in %s%s',
        array_to_string(array(
          select k from unnest(p_zone_keys) k where k <> all (v_zones_given)), ' and '),
        v_place, v_accepted), v_hint);
    end if;

    -- the figures: non-negative numbers of kWh
    v_figure_keys := case when v_item ? 'kwh' then array['kwh'] else p_zone_keys end;
    v_figures := jsonb_build_object('month', v_month);
    v_total := 0;

    for i in 1 .. cardinality(v_figure_keys) loop
      v_value := v_item -> v_figure_keys[i];

      if jsonb_typeof(v_value) <> 'number' then
        perform private.raise_invalid(format('Invalid %s in %s: %s is not a number',
          v_figure_keys[i], v_place, v_value), v_hint);
      end if;

      v_kwh := (v_value #>> '{}')::numeric;

      if v_kwh < 0 then
        perform private.raise_invalid(format('Invalid %s in %s: %s is negative',
          v_figure_keys[i], v_place, v_value), v_hint);
      end if;

      if v_kwh > c_max_kwh then
        perform private.raise_invalid(format(
          'Invalid %s in %s: %s is above the maximum of %s kWh a month',
          v_figure_keys[i], v_place, v_value, c_max_kwh), v_hint);
      end if;

      v_total := v_total + v_kwh;
      if v_three_time then
        v_figures := v_figures || jsonb_build_object(c_price_keys[i], v_kwh);
      end if;
    end loop;

    if not v_three_time then
      v_figures := v_figures || jsonb_build_object('kwh', v_total);
    end if;

    v_result := v_result || jsonb_build_array(v_figures);
  end loop;

  return v_result;
end;
$$;

-- Raises the error for an offer whose consumption is 0 kWh in total, which
-- has no bill, margin or savings to price.
create function private.raise_zero_consumption(p_list_name text)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform private.raise_invalid(
    format('Total consumption in %s is 0 kWh: an offer needs consumption to be priced',
      p_list_name),
    'Give the expected kWh of the offer''s months, at least one of them above 0.');
end;
$$;

-- Total kWh of a list that checked_monthly_consumption returned.
create function private.monthly_total_kwh(p_monthly jsonb)
returns numeric
language sql
immutable
set search_path = ''
as $$
  select coalesce(sum(f.value::numeric), 0)
  from jsonb_array_elements(p_monthly) m
  cross join lateral jsonb_each_text(m.value - 'month') f
$$;

-- Prices ----------------------------------------------------------------------

-- Raises the error for months that have neither published PTF nor a
-- forward price expectation, listing them.
create function private.raise_unpriced_months(p_months date[])
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform private.raise_invalid(
    format('No published PTF and no forward price expectation for %s: choose months with'
      ' published PTF, or have an admin or manager enter a forward price expectation for them',
      array_to_string(array(
        select to_char(m, 'YYYY-MM') from unnest(p_months) m order by m), ', ')),
    'Admins and managers enter one expected PTF per month on the admin''s Forward price'
      ' expectations page (PTF beklentileri).');
end;
$$;

-- The months that private.month_prices cannot price, for the hours of
-- p_spans (one range of consecutive hours inside each local month): months
-- without a forward price expectation, whose PTF is not published for the
-- whole month and whose span has an hour without PTF or SMF. This is the
-- test of priced_groups' estimated_months and month_prices together, so
-- that every such month is named at once. The case takes the cheap tests
-- first, so a month with an expectation or with all its PTF costs one
-- lookup or one count.
create function private.unpriced_months(p_spans tstzrange[])
returns date[]
language plpgsql
stable
set search_path = ''
as $$
begin
  return array(
    with spans as (
      select
        s.span,
        m.period_month,
        private.month_start(m.period_month) as month_from,
        private.month_start((m.period_month + interval '1 month')::date) as month_to
      from unnest(p_spans) s (span)
      cross join lateral (
        select date_trunc('month', lower(s.span) at time zone 'Europe/Istanbul')::date
          as period_month
      ) m
    )

    select s.period_month
    from spans s
    where case
      when exists (
        select from public.forward_price_expectations f
        where f.period_month = s.period_month) then false
      when (select count(*) from public.ptf_hourly_prices p
          where p.hour_start >= s.month_from and p.hour_start < s.month_to)
        >= extract(epoch from s.month_to - s.month_from) / 3600 then false
      else
        (select count(*) from public.ptf_hourly_prices p
          where p.hour_start >= lower(s.span) and p.hour_start < upper(s.span))
          < extract(epoch from upper(s.span) - lower(s.span)) / 3600
        or (select count(*) from public.smf_hourly_prices p
          where p.hour_start >= lower(s.span) and p.hour_start < upper(s.span))
          < extract(epoch from upper(s.span) - lower(s.span)) / 3600
    end
    order by s.period_month);
end;
$$;

-- Hourly expected prices of a month, as in 20261201032000_hourly_prices.sql;
-- a month without PTF and forward price expectation now raises the message
-- of raise_unpriced_months. price_offer names every such month of an offer
-- before it gets here, and regulated_bill's last-resort tariff still
-- raises here, one month at a time.
create or replace function private.month_prices(p_period_month date)
returns table (
  hour_start timestamptz,
  price_try_per_mwh numeric,
  price_basis text,
  spread_try_per_mwh numeric,
  spread_basis text,
  is_demo boolean
)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_from timestamptz := private.month_start(p_period_month);
  v_to timestamptz := private.month_start((p_period_month + interval '1 month')::date);
  v_hours integer := extract(epoch from v_to - v_from)::integer / 3600;
  v_published integer;
  v_forward public.forward_price_expectations;
  v_reference_month date;
  v_last_smf timestamptz;
  v_smf_published integer;
begin
  select count(*) into v_published
  from public.ptf_hourly_prices p
  where p.hour_start >= v_from and p.hour_start < v_to;

  if v_published < v_hours then
    select * into v_forward
    from public.forward_price_expectations f
    where f.period_month = p_period_month;

    if v_forward is null then
      perform private.raise_unpriced_months(array[p_period_month]);
    end if;

    select m.month into v_reference_month
    from (
      select date_trunc('month', p.hour_start at time zone 'Europe/Istanbul')::date as month,
        count(*) as hours
      from public.ptf_hourly_prices p
      where p.hour_start < v_from
      group by 1
    ) m
    where m.hours >= 28 * 24
    order by extract(month from m.month) = extract(month from p_period_month) desc, m.month desc
    limit 1;
  end if;

  select count(*) into v_smf_published
  from public.smf_hourly_prices s
  where s.hour_start >= v_from and s.hour_start < v_to;

  if v_smf_published < v_hours then
    select max(s.hour_start) into v_last_smf from public.smf_hourly_prices s;
  end if;

  return query
    with month_hours as (
      select
        h.hour_start,
        extract(hour from h.hour_start at time zone 'Europe/Istanbul')::integer as local_hour,
        extract(isodow from h.hour_start at time zone 'Europe/Istanbul') >= 6 as is_weekend
      from generate_series(v_from, v_to - interval '1 hour', interval '1 hour') h (hour_start)
    ),

    -- mean price per day type and hour over the reference month
    reference as (
      select
        extract(hour from p.hour_start at time zone 'Europe/Istanbul')::integer as local_hour,
        extract(isodow from p.hour_start at time zone 'Europe/Istanbul') >= 6 as is_weekend,
        avg(p.price_try_per_mwh) as mean_price
      from public.ptf_hourly_prices p
      where v_reference_month is not null
        and p.hour_start >= private.month_start(v_reference_month)
        and p.hour_start < private.month_start((v_reference_month + interval '1 month')::date)
      group by 1, 2
    ),

    factors as (
      select
        mh.hour_start,
        coalesce(r.mean_price / nullif(avg(r.mean_price) over (), 0), 1) as factor
      from month_hours mh
      left join reference r using (local_hour, is_weekend)
    ),

    -- mean spread per local hour over the last 365 days of SMF
    usual_spread as (
      select
        extract(hour from s.hour_start at time zone 'Europe/Istanbul')::integer as local_hour,
        avg(abs(s.price_try_per_mwh - p.price_try_per_mwh)) as spread
      from public.smf_hourly_prices s
      join public.ptf_hourly_prices p using (hour_start)
      where v_last_smf is not null and s.hour_start > v_last_smf - interval '365 days'
      group by 1
    )

    select
      mh.hour_start,
      coalesce(
        p.price_try_per_mwh,
        round(v_forward.expected_ptf_try_per_mwh * f.factor / avg(f.factor) over (), 2)
      ),
      case when p.price_try_per_mwh is null then 'forward' else 'historical' end,
      coalesce(abs(s.price_try_per_mwh - p.price_try_per_mwh), round(u.spread, 2), 0),
      case
        when s.price_try_per_mwh is not null and p.price_try_per_mwh is not null then 'historical'
        when u.spread is not null then 'hourly_mean_last_365_days'
        else 'none'
      end,
      coalesce(p.is_demo, v_forward.is_demo, false) or coalesce(s.is_demo, false)
    from month_hours mh
    join factors f using (hour_start)
    left join public.ptf_hourly_prices p
      on p.hour_start = mh.hour_start and p.hour_start >= v_from and p.hour_start < v_to
    left join public.smf_hourly_prices s
      on s.hour_start = mh.hour_start and s.hour_start >= v_from and s.hour_start < v_to
    left join usual_spread u using (local_hour);
end;
$$;

-- Consumption of an input in hours, as in
-- 20261205200000_monthly_consumption_by_tariff.sql, with the monthly list
-- read through checked_monthly_consumption: every month gives either kwh
-- (single-time tariffs) or t1_kwh, t2_kwh and t3_kwh, or raises.
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
  v_monthly jsonb;
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

  v_monthly := private.checked_monthly_consumption(v_consumption -> 'monthly',
    'consumption.monthly', array['t1_kwh', 't2_kwh', 't3_kwh'], p_key.tariff_type);
  v_rows := array[]::private.zone_consumption[];

  for v_month in select value from jsonb_array_elements(v_monthly) loop
    v_period := ((v_month ->> 'month') || '-01')::date;

    if p_key.tariff_type = 'three_time' then
      foreach v_zone in array array['T1', 'T2', 'T3'] loop
        v_rows := v_rows || row(
          null, p_key.distribution_region_code, p_key.subscriber_group_code,
          p_key.voltage_level_code, p_key.tariff_type, v_period, v_zone,
          (v_month ->> (lower(v_zone) || '_kwh'))::numeric
        )::private.zone_consumption;
      end loop;
    else
      v_rows := v_rows || row(
        null, p_key.distribution_region_code, p_key.subscriber_group_code,
        p_key.voltage_level_code, p_key.tariff_type, v_period, null,
        (v_month ->> 'kwh')::numeric
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

-- Builds the price_offer input of a revision's consumption as in
-- 20261201050300_offer_rpcs.sql, with each month of consumption.months
-- checked in create_offer's own keys (T1, T2, T3 or kwh) and an offer of
-- 0 kWh in total rejected.
create or replace function private.offer_pricing_input(p_consumption jsonb, p_party_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_ids uuid[];
  v_tariff jsonb;
  v_tariffs integer;
  v_monthly jsonb;
begin
  if p_consumption is null or jsonb_typeof(p_consumption) <> 'object' then
    perform private.raise_invalid('Missing input field consumption',
      'Give {"metering_point_ids": [...], "months": [...]} or an estimate with the tariff fields and months.');
  end if;

  if p_consumption ? 'metering_point_ids' then
    if jsonb_typeof(p_consumption -> 'metering_point_ids') <> 'array'
      or jsonb_array_length(p_consumption -> 'metering_point_ids') = 0 then
      perform private.raise_invalid('consumption.metering_point_ids must be a non-empty list of ids');
    end if;

    begin
      v_ids := array(select value::uuid
        from jsonb_array_elements_text(p_consumption -> 'metering_point_ids'));
    exception when invalid_text_representation then
      perform private.raise_invalid('consumption.metering_point_ids must hold metering point ids (uuid)');
    end;

    if exists (
      select from unnest(v_ids) i (id)
      where not exists (
        select from public.metering_points m where m.id = i.id and m.party_id = p_party_id)
    ) then
      perform private.raise_invalid('A metering point of consumption.metering_point_ids is not the party''s',
        'List only metering points of the offer''s party.');
    end if;

    select count(distinct (m.distribution_region_code, m.subscriber_group_code,
        m.voltage_level_code, m.tariff_type)),
      min(jsonb_build_object(
        'distribution_region_code', m.distribution_region_code,
        'subscriber_group_code', m.subscriber_group_code,
        'voltage_level_code', m.voltage_level_code,
        'tariff_type', m.tariff_type)::text)::jsonb
    into v_tariffs, v_tariff
    from public.metering_points m
    where m.id = any (v_ids);

    -- NOTE: one tariff per offer keeps one regulated bill to compare with;
    -- points of different tariffs need one offer each until bills are
    -- priced per point.
    if v_tariffs > 1 then
      perform private.raise_invalid('The metering points of an offer must share region, subscriber group, voltage level and tariff type',
        'Make one offer per tariff.');
    end if;
  else
    v_tariff := jsonb_build_object(
      'distribution_region_code', p_consumption -> 'distribution_region_code',
      'subscriber_group_code', p_consumption -> 'subscriber_group_code',
      'voltage_level_code', p_consumption -> 'voltage_level_code',
      'tariff_type', p_consumption -> 'tariff_type');
  end if;

  if p_consumption ? 'term_type' then
    v_tariff := v_tariff || jsonb_build_object('term_type', p_consumption -> 'term_type');
  end if;

  -- the estimate's tariff type decides which keys a month takes, so it is
  -- checked before the months (price_offer checks the other tariff fields)
  perform private.required_text(v_tariff, 'tariff_type', array['single_time', 'three_time']);
  v_monthly := private.checked_monthly_consumption(p_consumption -> 'months',
    'consumption.months', array['T1', 'T2', 'T3'], v_tariff ->> 'tariff_type');

  if private.monthly_total_kwh(v_monthly) = 0 then
    perform private.raise_zero_consumption('consumption.months');
  end if;

  return v_tariff || jsonb_build_object('consumption', jsonb_build_object('monthly', v_monthly));
end
$$;

-- Checks price_offer's consumption before pricing it: the monthly list in
-- price_offer's keys, an offer of 0 kWh in total, and every month without
-- PTF and forward price expectation named at once. An hourly input that
-- cannot be read is left to consumption_hours, which names its fault.
create function private.check_offer_consumption(p_input jsonb)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  v_key private.tariff_key := private.tariff_key_from_input(p_input);
  v_consumption jsonb := p_input -> 'consumption';
  v_monthly jsonb;
  v_values jsonb;
  v_start timestamptz;
  v_end timestamptz;
  v_spans tstzrange[];
  v_unpriced date[];
begin
  if jsonb_typeof(v_consumption) is distinct from 'object' then
    return;
  end if;

  if v_consumption ? 'hourly' then
    v_values := v_consumption #> '{hourly,kwh}';

    begin
      v_start := (v_consumption #>> '{hourly,start}')::timestamptz;
    exception when data_exception then
      return;
    end;

    if v_start is null or jsonb_typeof(v_values) is distinct from 'array'
      or jsonb_array_length(v_values) = 0
      or jsonb_path_exists(v_values, '$[*] ? (@.type() != "number" || @ < 0)') then
      return;
    end if;

    if not jsonb_path_exists(v_values, '$[*] ? (@ != 0)') then
      perform private.raise_zero_consumption('consumption.hourly');
    end if;

    -- the input's hours in each local month, from the months' bounds
    -- rather than from every hour
    v_end := v_start + jsonb_array_length(v_values) * interval '1 hour';
    v_spans := array(
      select tstzrange(greatest(v_start, private.month_start(m::date)),
        least(v_end, private.month_start((m + interval '1 month')::date)))
      from generate_series(
        date_trunc('month', v_start at time zone 'Europe/Istanbul'),
        date_trunc('month', (v_end - interval '1 hour') at time zone 'Europe/Istanbul'),
        interval '1 month') m);
  else
    v_monthly := private.checked_monthly_consumption(v_consumption -> 'monthly',
      'consumption.monthly', array['t1_kwh', 't2_kwh', 't3_kwh'], v_key.tariff_type);

    if private.monthly_total_kwh(v_monthly) = 0 then
      perform private.raise_zero_consumption('consumption.monthly');
    end if;

    v_spans := array(
      select tstzrange(private.month_start(m.period_month),
        private.month_start((m.period_month + interval '1 month')::date))
      from (
        select ((value ->> 'month') || '-01')::date as period_month
        from jsonb_array_elements(v_monthly)
      ) m);
  end if;

  v_unpriced := private.unpriced_months(v_spans);
  if cardinality(v_unpriced) > 0 then
    perform private.raise_unpriced_months(v_unpriced);
  end if;
end;
$$;

create or replace function public.price_offer(p_input jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_priced jsonb;
  v_demo jsonb;
begin
  perform private.assert_pricing_caller('price_offer');
  perform private.check_offer_consumption(p_input);

  v_priced := private.price_offer(p_input);
  v_demo := private.demo_figures_of(v_priced);

  return v_priced || jsonb_build_object(
    'uses_demo_prices', jsonb_array_length(v_demo) > 0,
    'demo_figures', v_demo);
end;
$$;

revoke all on function
  private.checked_monthly_consumption(jsonb, text, text[], text),
  private.raise_zero_consumption(text),
  private.monthly_total_kwh(jsonb),
  private.raise_unpriced_months(date[]),
  private.unpriced_months(tstzrange[]),
  private.check_offer_consumption(jsonb)
  from public, anon;
grant execute on function
  private.checked_monthly_consumption(jsonb, text, text[], text),
  private.raise_zero_consumption(text),
  private.monthly_total_kwh(jsonb),
  private.raise_unpriced_months(date[]),
  private.unpriced_months(tstzrange[]),
  private.check_offer_consumption(jsonb)
  to authenticated, service_role;
