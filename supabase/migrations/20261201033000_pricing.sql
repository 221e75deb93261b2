-- Regulated bills, offer pricing, profile cost and price-rule checks.
--
-- Rounding policy of bills: every line (quantity x unit price) is rounded to
-- kuruş half-up; BTV is computed once on the sum of the rounded energy
-- lines, KDV once on the sum of all rounded lines plus BTV, each rounded to
-- kuruş half-up.
--
-- Rates that change inside a month: every hour is priced at the tariff and
-- tax rates valid on its local date, so a month is split into sub-periods by
-- consumption. Lines are kept per rate and per tax sub-period (a span with
-- the same BTV and KDV rates), and taxes are computed once per tax
-- sub-period.

-- Consumption hours grouped by month, zone, tariff rates and tax period,
-- with the sums that bills and supply cost are linear in. Grouping once
-- keeps every later step independent of the number of hours.
create type private.priced_group as (
  period_month date,
  time_zone_code text,
  energy_rate_id bigint,
  energy_rate_try_per_kwh numeric,
  energy_valid_from date,
  distribution_rate_id bigint,
  distribution_rate_try_per_kwh numeric,
  distribution_valid_from date,
  btv_pct numeric,
  kdv_pct numeric,
  tax_period text,
  yekdem_try_per_mwh numeric,
  hours integer,
  forward_price_hours integer,
  fallback_shape_hours integer,
  consumption_kwh numeric,
  -- sum of kWh x expected price (TL/MWh)
  price_weighted_kwh numeric,
  -- sum of expected prices (TL/MWh) over the hours, for simple averages
  price_sum numeric,
  -- sum of kWh x |SMF - PTF| (TL/MWh)
  spread_weighted_kwh numeric,
  -- sum of kWh x the single-time regulated energy rate (TL/kWh)
  single_time_energy_try numeric,
  demo_items text[]
);

create type private.bill_line as (
  period_month date,
  bill_kind text,
  line_kind text,
  description text,
  time_zone_code text,
  valid_from date,
  quantity_kwh numeric,
  unit_price_try_per_kwh numeric,
  amount_unrounded_try numeric,
  tax_period text,
  btv_pct numeric,
  kdv_pct numeric
);

-- Hours --------------------------------------------------------------------

-- Without p_with_prices, market prices and YEKDEM are left out (null):
-- a regulated tariff bill needs none, and future months may have none.
create function private.priced_groups(
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
        ch.*,
        (ch.hour_start at time zone 'Europe/Istanbul')::date as local_date
      from private.consumption_hours(p_input, p_key) ch
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

    -- the rates of each local day and zone, resolved once per day
    day_rates as materialized (
      select
        d.local_date,
        d.time_zone_code,
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
      from (select distinct h.local_date, h.time_zone_code from hours h) d
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
    ),

    published as materialized (
      select
        h.hour_start,
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
        select distinct h.period_month
        from hours h
        join published p using (hour_start)
        where p_with_prices and (p.ptf is null or p.smf is null)
      ) m
      cross join lateral private.month_prices(m.period_month) mp
    )

    select
      h.period_month,
      h.time_zone_code,
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
      count(*)::integer,
      (count(*) filter (where p.ptf is null))::integer,
      (count(*) filter (where h.shape_source = 'flat_within_zone'))::integer,
      sum(h.consumption_kwh),
      sum(h.consumption_kwh * coalesce(p.ptf, e.price_try_per_mwh)),
      sum(coalesce(p.ptf, e.price_try_per_mwh)),
      sum(h.consumption_kwh * coalesce(abs(p.smf - p.ptf), e.spread_try_per_mwh)),
      sum(h.consumption_kwh * r.single_time_rate),
      array_remove(array[
        case when bool_or(r.energy_is_demo) then 'energy tariff' end,
        case when bool_or(r.distribution_is_demo) then 'distribution tariff' end,
        case when bool_or(r.tax_is_demo) then 'tax rates' end,
        case when bool_or(p.is_demo or coalesce(e.is_demo, false)) then 'market prices' end,
        case when bool_or(y.is_demo) then 'YEKDEM' end
      ], null)
    from hours h
    join day_rates r
      on r.local_date = h.local_date and r.time_zone_code = h.time_zone_code
    join published p on p.hour_start = h.hour_start
    left join estimated e on e.hour_start = h.hour_start
    left join public.yekdem_unit_costs y on y.period_month = h.period_month and p_with_prices
    group by h.period_month, h.time_zone_code, r.energy_rate_id, r.distribution_rate_id,
      r.tax_period;
end;
$$;

-- Raises a clear error for the first month that misses a figure.
create function private.assert_groups_priced(
  p_groups private.priced_group[],
  p_key private.tariff_key,
  p_with_prices boolean default true
)
returns void
language plpgsql
stable
set search_path = ''
as $$
declare
  v_group private.priced_group;
  v_tariff text := format('%s %s %s %s', p_key.subscriber_group_code, p_key.voltage_level_code,
    p_key.term_type, p_key.tariff_type);
begin
  select * into v_group from unnest(p_groups) g
  where g.energy_rate_id is null or g.distribution_rate_id is null
    or g.btv_pct is null or g.kdv_pct is null
    or (p_with_prices and g.yekdem_try_per_mwh is null)
  order by g.period_month, g.time_zone_code
  limit 1;

  if v_group.period_month is null then
    return;
  end if;

  if v_group.energy_rate_id is null then
    perform private.raise_invalid(format('No regulated energy rate for %s%s in %s', v_tariff,
      case when p_key.tariff_type = 'three_time' then ' ' || v_group.time_zone_code else '' end,
      to_char(v_group.period_month, 'YYYY-MM')));
  elsif v_group.distribution_rate_id is null then
    perform private.raise_invalid(format('No distribution rate for %s in %s', v_tariff,
      to_char(v_group.period_month, 'YYYY-MM')));
  elsif v_group.btv_pct is null or v_group.kdv_pct is null then
    perform private.raise_invalid(format('No BTV or KDV rate for %s in %s',
      p_key.subscriber_group_code, to_char(v_group.period_month, 'YYYY-MM')));
  else
    perform private.raise_invalid(format('No YEKDEM unit cost for %s',
      to_char(v_group.period_month, 'YYYY-MM')));
  end if;
end;
$$;

-- Bills --------------------------------------------------------------------

-- The regulated alternative's energy lines and the distribution lines.
-- Last-resort energy of a month is (PTF + YEKDEM) x coefficient summed over
-- the hours, raised to the single-time regulated energy charge when lower.
create function private.regulated_lines(
  p_groups private.priced_group[],
  p_tariff_type text,
  p_last_resort_coefficient numeric
)
returns setof private.bill_line
language sql
stable
set search_path = ''
as $$
  select
    g.period_month, 'regulated', 'energy',
    'Energy charge' || case when p_tariff_type = 'three_time' then ' ' || min(g.time_zone_code) else '' end,
    case when p_tariff_type = 'three_time' then min(g.time_zone_code) end,
    g.energy_valid_from,
    sum(g.consumption_kwh), min(g.energy_rate_try_per_kwh),
    sum(g.consumption_kwh) * min(g.energy_rate_try_per_kwh),
    g.tax_period, min(g.btv_pct), min(g.kdv_pct)
  from unnest(p_groups) g
  where p_last_resort_coefficient is null
  group by g.period_month, g.energy_rate_id, g.energy_valid_from, g.tax_period

  union all

  select
    g.period_month, 'regulated', 'energy',
    'Last-resort supply energy charge', null, null,
    sum(g.consumption_kwh),
    round(greatest(
      sum(g.price_weighted_kwh + g.consumption_kwh * g.yekdem_try_per_mwh) * p_last_resort_coefficient / 1000,
      sum(g.single_time_energy_try)
    ) / nullif(sum(g.consumption_kwh), 0), 6),
    greatest(
      sum(g.price_weighted_kwh + g.consumption_kwh * g.yekdem_try_per_mwh) * p_last_resort_coefficient / 1000,
      sum(g.single_time_energy_try)
    ),
    g.tax_period, min(g.btv_pct), min(g.kdv_pct)
  from unnest(p_groups) g
  where p_last_resort_coefficient is not null
  group by g.period_month, g.tax_period

  union all

  select
    g.period_month, 'regulated', 'distribution', 'Distribution charge', null,
    g.distribution_valid_from,
    sum(g.consumption_kwh), min(g.distribution_rate_try_per_kwh),
    sum(g.consumption_kwh) * min(g.distribution_rate_try_per_kwh),
    g.tax_period, min(g.btv_pct), min(g.kdv_pct)
  from unnest(p_groups) g
  group by g.period_month, g.distribution_rate_id, g.distribution_valid_from, g.tax_period
$$;

-- Lines rounded to kuruş, then BTV and KDV once per month and tax period.
create function private.bill_documents(p_lines private.bill_line[])
returns table (
  period_month date,
  bill_kind text,
  energy_try numeric,
  distribution_try numeric,
  btv_try numeric,
  kdv_try numeric,
  total_try numeric,
  document jsonb
)
language sql
stable
set search_path = ''
as $$
  with lines as (
    select l.*, round(l.amount_unrounded_try, 2) as amount_try
    from unnest(p_lines) l
  ),

  -- each tax once on the sum of the rounded bases of its period
  tax_periods as (
    select
      l.period_month, l.bill_kind, l.tax_period,
      min(l.btv_pct) as btv_pct,
      min(l.kdv_pct) as kdv_pct,
      sum(l.amount_try) filter (where l.line_kind = 'energy') as btv_base_try,
      round(coalesce(sum(l.amount_try) filter (where l.line_kind = 'energy'), 0)
        * min(l.btv_pct) / 100, 2) as btv_try,
      sum(l.amount_try) as lines_try
    from lines l
    group by l.period_month, l.bill_kind, l.tax_period
  ),

  taxed as (
    select
      t.*,
      t.lines_try + t.btv_try as kdv_base_try,
      round((t.lines_try + t.btv_try) * t.kdv_pct / 100, 2) as kdv_try
    from tax_periods t
  ),

  per_bill as (
    select
      t.period_month, t.bill_kind,
      sum(t.btv_try) as btv_try,
      sum(t.kdv_try) as kdv_try,
      sum(t.lines_try) as subtotal_try,
      jsonb_agg(jsonb_build_object(
        'tax_period', t.tax_period,
        'btv_pct', t.btv_pct, 'btv_base_try', coalesce(t.btv_base_try, 0), 'btv_try', t.btv_try,
        'kdv_pct', t.kdv_pct, 'kdv_base_try', t.kdv_base_try, 'kdv_try', t.kdv_try
      ) order by t.tax_period) as taxes
    from taxed t
    group by t.period_month, t.bill_kind
  ),

  line_lists as (
    select
      l.period_month, l.bill_kind,
      sum(l.amount_try) filter (where l.line_kind = 'energy') as energy_try,
      sum(l.amount_try) filter (where l.line_kind = 'distribution') as distribution_try,
      jsonb_agg(jsonb_build_object(
        'kind', l.line_kind,
        'description', l.description,
        'time_zone_code', l.time_zone_code,
        'valid_from', l.valid_from,
        'quantity_kwh', l.quantity_kwh,
        'unit_price_try_per_kwh', round(l.unit_price_try_per_kwh, 6),
        'amount_try', l.amount_try
      ) order by l.line_kind desc, l.time_zone_code, l.valid_from, l.tax_period) as lines
    from lines l
    group by l.period_month, l.bill_kind
  )

  select
    b.period_month, b.bill_kind,
    coalesce(ll.energy_try, 0), coalesce(ll.distribution_try, 0), b.btv_try, b.kdv_try,
    b.subtotal_try + b.btv_try + b.kdv_try,
    jsonb_build_object(
      'lines', ll.lines,
      'energy_try', coalesce(ll.energy_try, 0),
      'distribution_try', coalesce(ll.distribution_try, 0),
      'subtotal_try', b.subtotal_try,
      'taxes', b.taxes,
      'btv_try', b.btv_try,
      'kdv_try', b.kdv_try,
      'total_try', b.subtotal_try + b.btv_try + b.kdv_try
    )
  from per_bill b
  join line_lists ll using (period_month, bill_kind)
$$;

-- Context --------------------------------------------------------------------

-- Yearly consumption, the last-resort decision and the eligibility limit.
create function private.consumer_context(p_input jsonb, p_groups private.priced_group[])
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_first_month date;
  v_months integer;
  v_total_kwh numeric;
  v_annual_kwh numeric;
  v_last_resort public.last_resort_tariff_parameters;
  v_limit public.eligible_consumer_limits;
begin
  select min(g.period_month), count(distinct g.period_month), sum(g.consumption_kwh)
  into v_first_month, v_months, v_total_kwh
  from unnest(p_groups) g;

  v_annual_kwh := coalesce(
    private.optional_number(p_input, 'annual_consumption_kwh'),
    round(v_total_kwh * 12 / v_months, 6)
  );

  select * into v_last_resort
  from public.last_resort_tariff_parameters l
  where l.valid_from <= v_first_month
  order by l.valid_from desc
  limit 1;

  select * into v_limit
  from public.eligible_consumer_limits l
  where l.year <= extract(year from v_first_month)
  order by l.year desc
  limit 1;

  return jsonb_build_object(
    'annual_consumption_kwh', v_annual_kwh,
    'annual_consumption_basis', case when p_input ? 'annual_consumption_kwh'
      then 'input' else format('%s months scaled to 12', v_months) end,
    'regulated_basis', case
      when v_last_resort.valid_from is not null
        and v_annual_kwh >= v_last_resort.threshold_kwh_per_year then 'last_resort_tariff'
      else 'regulated_tariff' end,
    'last_resort', case when v_last_resort.valid_from is null then null else jsonb_build_object(
      'coefficient', v_last_resort.coefficient,
      'threshold_kwh_per_year', v_last_resort.threshold_kwh_per_year,
      'valid_from', v_last_resort.valid_from,
      'source', v_last_resort.source,
      'is_demo', v_last_resort.is_demo) end,
    'eligible_consumer', case when v_limit.year is null then null else jsonb_build_object(
      'limit_kwh_per_year', v_limit.limit_kwh_per_year,
      'limit_year', v_limit.year,
      'is_eligible', v_annual_kwh >= v_limit.limit_kwh_per_year,
      'source', v_limit.source) end
  );
end;
$$;

-- Regulated bill RPC ------------------------------------------------------------

-- Input: the tariff fields (distribution_region_code, subscriber_group_code,
-- voltage_level_code, term_type, tariff_type), consumption (see
-- private.consumption_hours) and optionally annual_consumption_kwh.
create function public.regulated_bill(p_input jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_key private.tariff_key := private.tariff_key_from_input(p_input);
  v_groups private.priced_group[];
  v_context jsonb;
  v_lines private.bill_line[];
  v_months jsonb;
begin
  v_groups := array(select g from private.priced_groups(p_input, v_key, false) g);
  perform private.assert_groups_priced(v_groups, v_key, false);
  v_context := private.consumer_context(p_input, v_groups);

  -- the last-resort tariff is priced on PTF and YEKDEM
  if v_context ->> 'regulated_basis' = 'last_resort_tariff' then
    v_groups := array(select g from private.priced_groups(p_input, v_key) g);
    perform private.assert_groups_priced(v_groups, v_key);
  end if;

  v_lines := array(select l from private.regulated_lines(v_groups, v_key.tariff_type,
    case when v_context ->> 'regulated_basis' = 'last_resort_tariff'
      then (v_context #>> '{last_resort,coefficient}')::numeric end) l);

  select jsonb_agg(jsonb_build_object(
      'month', to_char(b.period_month, 'YYYY-MM'),
      'consumption_kwh', c.consumption_kwh,
      'bill', b.document
    ) order by b.period_month)
  into v_months
  from private.bill_documents(v_lines) b
  join (
    select g.period_month, sum(g.consumption_kwh) as consumption_kwh
    from unnest(v_groups) g group by g.period_month
  ) c using (period_month);

  return v_context || jsonb_build_object('tariff', to_jsonb(v_key), 'months', v_months);
end;
$$;

comment on function public.regulated_bill(jsonb) is
  'Regulated bill per month (lines rounded to kuruş, BTV and KDV once per tax period) for a consumption.';

-- Offer pricing -------------------------------------------------------------

create function private.offer_lines(
  p_groups private.priced_group[],
  p_regulated private.bill_line[],
  p_offer jsonb
)
returns setof private.bill_line
language plpgsql
stable
set search_path = ''
as $$
declare
  v_kind text := private.required_text(p_offer, 'kind',
    array['discount', 'fixed_price', 'ptf_indexed']);
  v_discount numeric;
  v_unit_price numeric;
  v_margin numeric;
  v_coefficient numeric;
begin
  -- distribution lines pass through unchanged
  return query select (line).* from (
    select (l.period_month, 'offer', l.line_kind, l.description, l.time_zone_code, l.valid_from,
      l.quantity_kwh, l.unit_price_try_per_kwh, l.amount_unrounded_try, l.tax_period,
      l.btv_pct, l.kdv_pct)::private.bill_line as line
    from unnest(p_regulated) l
    where l.line_kind = 'distribution'
  ) offer_line;

  if v_kind = 'discount' then
    v_discount := private.optional_number(p_offer, 'discount_pct', 'offer.');

    if v_discount is null or v_discount > 100 then
      perform private.raise_invalid('offer.discount_pct must be a number from 0 to 100');
    end if;

    return query select (line).* from (
      select (l.period_month, 'offer', 'energy',
        l.description || format(' less %s %%', v_discount), l.time_zone_code, l.valid_from,
        l.quantity_kwh, l.unit_price_try_per_kwh * (1 - v_discount / 100),
        l.amount_unrounded_try * (1 - v_discount / 100), l.tax_period,
        l.btv_pct, l.kdv_pct)::private.bill_line as line
      from unnest(p_regulated) l
      where l.line_kind = 'energy'
    ) offer_line;

    return;
  end if;

  if v_kind = 'fixed_price' then
    v_unit_price := private.optional_number(p_offer, 'unit_price_try_per_kwh', 'offer.');

    if v_unit_price is null then
      perform private.raise_invalid('offer.unit_price_try_per_kwh is required for a fixed price');
    end if;

    return query select (line).* from (
      select (g.period_month, 'offer', 'energy', 'Energy charge at a fixed price', null::text,
        null::date, sum(g.consumption_kwh), v_unit_price, sum(g.consumption_kwh) * v_unit_price,
        g.tax_period, min(g.btv_pct), min(g.kdv_pct))::private.bill_line as line
      from unnest(p_groups) g
      group by g.period_month, g.tax_period
    ) offer_line;

    return;
  end if;

  v_margin := private.optional_number(p_offer, 'margin_try_per_mwh', 'offer.');
  v_coefficient := private.optional_number(p_offer, 'coefficient', 'offer.');

  if (v_margin is null) = (v_coefficient is null) then
    perform private.raise_invalid(
      'A PTF-indexed offer needs exactly one of offer.margin_try_per_mwh and offer.coefficient');
  end if;

  return query select (line).* from (
    select (g.period_month, 'offer', 'energy',
      case when v_margin is not null
        then format('Energy charge at (PTF + YEKDEM + %s TL/MWh)', v_margin)
        else format('Energy charge at (PTF + YEKDEM) x %s', v_coefficient) end,
      null::text, null::date, sum(g.consumption_kwh),
      round(sum(g.price_weighted_kwh + g.consumption_kwh * (g.yekdem_try_per_mwh + coalesce(v_margin, 0)))
        * coalesce(v_coefficient, 1) / 1000 / nullif(sum(g.consumption_kwh), 0), 6),
      sum(g.price_weighted_kwh + g.consumption_kwh * (g.yekdem_try_per_mwh + coalesce(v_margin, 0)))
        * coalesce(v_coefficient, 1) / 1000,
      g.tax_period, min(g.btv_pct), min(g.kdv_pct))::private.bill_line as line
    from unnest(p_groups) g
    group by g.period_month, g.tax_period
    ) offer_line;
end;
$$;

-- Input: the fields of public.regulated_bill plus
--   "offer": {"kind": "discount", "discount_pct": 8}
--          | {"kind": "fixed_price", "unit_price_try_per_kwh": 2.95}
--          | {"kind": "ptf_indexed", "margin_try_per_mwh": 150}
--          | {"kind": "ptf_indexed", "coefficient": 1.05}
-- and optional assumptions: payment_term_days (30), market_payment_days
-- (20: days after the month's end when the supplier settles energy, YEKDEM,
-- imbalance and distribution), tax_payment_days (26: days after the month's
-- end when BTV and KDV are paid), imbalance_error_pct (10: expected forecast
-- error as a percent of consumption).
--
-- Supply cost per hour: kWh x expected price (published PTF, else the
-- shaped forward expectation), kWh x YEKDEM, and the imbalance allowance
-- kWh x error / 2 x |SMF - PTF| (half the error is short and settles near
-- max(PTF, SMF), half is long and settles near min(PTF, SMF)).
-- Profit is the offer's rounded energy charge minus the rounded supply
-- cost; distribution and taxes pass through. The break-even discount is the
-- discount on the regulated energy charge at which that profit is zero.
create function public.price_offer(p_input jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_key private.tariff_key := private.tariff_key_from_input(p_input);
  v_offer jsonb := p_input -> 'offer';
  v_payment_term_days integer;
  v_market_payment_days integer;
  v_tax_payment_days integer;
  v_error_pct numeric;
  v_groups private.priced_group[];
  v_context jsonb;
  v_regulated private.bill_line[];
  v_lines private.bill_line[];
  v_months jsonb;
  v_totals jsonb;
  v_cash_flow jsonb;
begin
  if v_offer is null or jsonb_typeof(v_offer) <> 'object' then
    perform private.raise_invalid('Missing input field offer',
      'Example: {"kind": "discount", "discount_pct": 8}');
  end if;

  v_payment_term_days := coalesce(private.optional_number(p_input, 'payment_term_days'), 30);
  v_market_payment_days := coalesce(private.optional_number(p_input, 'market_payment_days'), 20);
  v_tax_payment_days := coalesce(private.optional_number(p_input, 'tax_payment_days'), 26);
  v_error_pct := coalesce(private.optional_number(p_input, 'imbalance_error_pct'), 10);

  v_groups := array(select g from private.priced_groups(p_input, v_key) g);
  perform private.assert_groups_priced(v_groups, v_key);
  v_context := private.consumer_context(p_input, v_groups);
  v_regulated := array(select l from private.regulated_lines(v_groups, v_key.tariff_type,
    case when v_context ->> 'regulated_basis' = 'last_resort_tariff'
      then (v_context #>> '{last_resort,coefficient}')::numeric end) l);
  v_lines := v_regulated || array(select l from private.offer_lines(v_groups, v_regulated, v_offer) l);

  with bills as materialized (
    select * from private.bill_documents(v_lines)
  ),

  -- supply cost parts per month, each summed over hours then rounded
  supply as (
    select
      g.period_month,
      sum(g.consumption_kwh) as consumption_kwh,
      round(sum(g.price_weighted_kwh) / 1000, 2) as energy_try,
      round(sum(g.consumption_kwh * g.yekdem_try_per_mwh) / 1000, 2) as yekdem_try,
      round(sum(g.spread_weighted_kwh) * v_error_pct / 200 / 1000, 2) as imbalance_try,
      round(sum(g.price_weighted_kwh) / nullif(sum(g.consumption_kwh), 0), 2)
        as weighted_price_try_per_mwh,
      round(sum(g.price_sum) / sum(g.hours), 2) as simple_price_try_per_mwh,
      min(g.yekdem_try_per_mwh) as yekdem_try_per_mwh,
      round(sum(g.spread_weighted_kwh) / nullif(sum(g.consumption_kwh), 0), 2)
        as weighted_spread_try_per_mwh,
      case when sum(g.forward_price_hours) = 0 then 'historical'
        when sum(g.forward_price_hours) = sum(g.hours) then 'forward' else 'mixed' end as price_basis,
      sum(g.fallback_shape_hours) as fallback_shape_hours
    from unnest(v_groups) g
    group by g.period_month
  ),

  demo as (
    select g.period_month, jsonb_agg(distinct item.value order by item.value) as demo_items
    from unnest(v_groups) g
    cross join lateral unnest(g.demo_items) item (value)
    group by g.period_month
  ),

  zones as (
    select z.period_month, jsonb_object_agg(z.time_zone_code, z.kwh order by z.time_zone_code) as zone_kwh
    from (
      select g.period_month, g.time_zone_code, sum(g.consumption_kwh) as kwh
      from unnest(v_groups) g group by 1, 2
    ) z
    group by z.period_month
  ),

  regulated_energy as (
    select l.period_month, sum(l.amount_unrounded_try) as amount_unrounded_try
    from unnest(v_regulated) l
    where l.line_kind = 'energy'
    group by l.period_month
  ),

  months as (
    select
      s.*,
      z.zone_kwh,
      r.document as regulated_bill,
      o.document as offer_bill,
      r.total_try - o.total_try as savings_try,
      o.energy_try as revenue_try,
      s.energy_try + s.yekdem_try + s.imbalance_try as supply_cost_try,
      o.energy_try - (s.energy_try + s.yekdem_try + s.imbalance_try) as gross_profit_try,
      re.amount_unrounded_try as regulated_energy_unrounded_try,
      coalesce(d.demo_items, '[]'::jsonb) as demo_items,
      r.total_try as regulated_total_try,
      o.total_try as offer_total_try,
      o.distribution_try,
      o.btv_try + o.kdv_try as taxes_try
    from supply s
    join zones z using (period_month)
    join bills r on r.period_month = s.period_month and r.bill_kind = 'regulated'
    join bills o on o.period_month = s.period_month and o.bill_kind = 'offer'
    join regulated_energy re on re.period_month = s.period_month
    left join demo d on d.period_month = s.period_month
  ),

  -- dated payments: the customer after the payment term, the supplier to the
  -- market and the distribution company, and the taxes
  payments as (
    select m.period_month, p.*
    from months m
    cross join lateral (values
      ((m.period_month + interval '1 month')::date + v_payment_term_days,
        'customer payment', m.offer_total_try),
      ((m.period_month + interval '1 month')::date + v_market_payment_days - 1,
        'market settlement (energy, YEKDEM, imbalance)', -m.supply_cost_try),
      ((m.period_month + interval '1 month')::date + v_market_payment_days - 1,
        'distribution charge to the distribution company', -m.distribution_try),
      ((m.period_month + interval '1 month')::date + v_tax_payment_days - 1,
        'BTV and KDV to the tax office', -m.taxes_try)
    ) p (payment_date, item, amount_try)
  )

  select
    jsonb_agg(jsonb_build_object(
      'month', to_char(m.period_month, 'YYYY-MM'),
      'consumption_kwh', m.consumption_kwh,
      'consumption_by_zone_kwh', m.zone_kwh,
      'fallback_shape_hours', m.fallback_shape_hours,
      'regulated_bill', m.regulated_bill,
      'offer_bill', m.offer_bill,
      'savings_try', m.savings_try,
      'savings_pct', round(m.savings_try * 100 / nullif(m.regulated_total_try, 0), 4),
      'revenue_try', m.revenue_try,
      'supply_cost', jsonb_build_object(
        'price_basis', m.price_basis,
        'weighted_price_try_per_mwh', m.weighted_price_try_per_mwh,
        'simple_average_price_try_per_mwh', m.simple_price_try_per_mwh,
        'energy_try', m.energy_try,
        'yekdem_try_per_mwh', m.yekdem_try_per_mwh,
        'yekdem_try', m.yekdem_try,
        'imbalance_error_pct', v_error_pct,
        'weighted_spread_try_per_mwh', m.weighted_spread_try_per_mwh,
        'imbalance_try', m.imbalance_try,
        'total_try', m.supply_cost_try
      ),
      'gross_profit_try', m.gross_profit_try,
      'margin_pct', round(m.gross_profit_try * 100 / nullif(m.revenue_try, 0), 4),
      'break_even_discount_pct', round(
        (1 - m.supply_cost_try / nullif(m.regulated_energy_unrounded_try, 0)) * 100, 10),
      'break_even_unit_price_try_per_kwh', round(m.supply_cost_try / nullif(m.consumption_kwh, 0), 6),
      'cash_flow', (
        select jsonb_agg(jsonb_build_object('date', p.payment_date, 'item', p.item,
          'amount_try', p.amount_try) order by p.payment_date, p.item)
        from payments p where p.period_month = m.period_month
      ),
      'demo_figures', m.demo_items
    ) order by m.period_month),
    jsonb_build_object(
      'consumption_kwh', sum(m.consumption_kwh),
      'regulated_total_try', sum(m.regulated_total_try),
      'offer_total_try', sum(m.offer_total_try),
      'savings_try', sum(m.savings_try),
      'revenue_try', sum(m.revenue_try),
      'supply_cost_try', sum(m.supply_cost_try),
      'gross_profit_try', sum(m.gross_profit_try),
      'margin_pct', round(sum(m.gross_profit_try) * 100 / nullif(sum(m.revenue_try), 0), 4),
      'break_even_discount_pct', round(
        (1 - sum(m.supply_cost_try) / nullif(sum(m.regulated_energy_unrounded_try), 0)) * 100, 10)
    )
  into v_months, v_totals
  from months m;

  select jsonb_agg(jsonb_build_object(
      'date', b.payment_date, 'item', b.item, 'amount_try', b.amount_try,
      'balance_try', b.balance_try
    ) order by b.payment_date, b.item)
  into v_cash_flow
  from (
  select p.*, sum(p.amount_try) over (order by p.payment_date, p.item
    rows between unbounded preceding and current row) as balance_try
  from (
    select
      (to_date(m ->> 'month', 'YYYY-MM') + interval '1 month')::date + v_payment_term_days as payment_date,
      'customer payment' as item,
      (m #>> '{offer_bill,total_try}')::numeric as amount_try
    from jsonb_array_elements(v_months) m
    union all
    select (to_date(m ->> 'month', 'YYYY-MM') + interval '1 month')::date + v_market_payment_days - 1,
      'market settlement (energy, YEKDEM, imbalance)',
      -(m #>> '{supply_cost,total_try}')::numeric
    from jsonb_array_elements(v_months) m
    union all
    select (to_date(m ->> 'month', 'YYYY-MM') + interval '1 month')::date + v_market_payment_days - 1,
      'distribution charge to the distribution company',
      -(m #>> '{offer_bill,distribution_try}')::numeric
    from jsonb_array_elements(v_months) m
    union all
    select (to_date(m ->> 'month', 'YYYY-MM') + interval '1 month')::date + v_tax_payment_days - 1,
      'BTV and KDV to the tax office',
      -((m #>> '{offer_bill,btv_try}')::numeric + (m #>> '{offer_bill,kdv_try}')::numeric)
    from jsonb_array_elements(v_months) m
  ) p
  ) b;

  return v_context || jsonb_build_object(
    'tariff', to_jsonb(v_key),
    'offer', v_offer,
    'assumptions', jsonb_build_object(
      'payment_term_days', v_payment_term_days,
      'market_payment_days', v_market_payment_days,
      'tax_payment_days', v_tax_payment_days,
      'imbalance_error_pct', v_error_pct
    ),
    'months', v_months,
    'totals', v_totals,
    'cash_flow', v_cash_flow
  );
end;
$$;

comment on function public.price_offer(jsonb) is
  'Prices an offer per month: customer bill, savings against the regulated bill, supply cost, profit, break-even discount and cash flow.';

-- Profile cost ---------------------------------------------------------------

-- Input: consumption.hourly as in price_offer, optional "from" and "to"
-- (local dates, end exclusive) to limit the period. Returns the
-- consumption-weighted average PTF against the simple average of every hour
-- of the period, and the profile cost: (weighted - simple) x MWh.
create function public.profile_cost(p_input jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_from timestamptz;
  v_to timestamptz;
  v_key private.tariff_key := (null, null, null, 'single_term', 'single_time');
  v_result jsonb;
begin
  if p_input is null or jsonb_typeof(p_input #> '{consumption,hourly}') is distinct from 'object' then
    perform private.raise_invalid('profile_cost needs consumption.hourly: {start, kwh[]}');
  end if;

  begin
    v_from := ((p_input ->> 'from')::date)::timestamp at time zone 'Europe/Istanbul';
    v_to := ((p_input ->> 'to')::date)::timestamp at time zone 'Europe/Istanbul';
  exception when others then
    perform private.raise_invalid('from and to must be dates (YYYY-MM-DD)');
  end;

  with hours as (
    select h.hour_start, h.consumption_kwh
    from private.consumption_hours(p_input, v_key) h
    where (v_from is null or h.hour_start >= v_from) and (v_to is null or h.hour_start < v_to)
  ),

  priced as (
    select h.*, p.price_try_per_mwh
    from hours h
    left join public.ptf_hourly_prices p on p.hour_start = h.hour_start
  )

  select jsonb_build_object(
    'from', min(hour_start), 'to', max(hour_start) + interval '1 hour',
    'hours', count(*),
    'hours_without_ptf', count(*) filter (where price_try_per_mwh is null),
    'consumption_kwh', sum(consumption_kwh),
    'weighted_average_ptf_try_per_mwh',
      round(sum(consumption_kwh * price_try_per_mwh) / nullif(sum(consumption_kwh), 0), 4),
    'simple_average_ptf_try_per_mwh', round(avg(price_try_per_mwh), 4),
    'profile_ratio', round(sum(consumption_kwh * price_try_per_mwh) / nullif(sum(consumption_kwh), 0)
      / nullif(avg(price_try_per_mwh), 0), 6),
    'profile_cost_try', round((sum(consumption_kwh * price_try_per_mwh) / nullif(sum(consumption_kwh), 0)
      - avg(price_try_per_mwh)) * sum(consumption_kwh) / 1000, 2)
  )
  into v_result
  from priced;

  if (v_result ->> 'hours_without_ptf')::integer > 0 then
    perform private.raise_invalid(format('%s hours of the period have no published PTF',
      v_result ->> 'hours_without_ptf'), 'Limit the period with from and to');
  end if;

  return v_result;
end;
$$;

comment on function public.profile_cost(jsonb) is
  'Consumption-weighted average PTF against the simple average over a period, and the resulting profile cost.';

-- Price rules ----------------------------------------------------------------

-- Prices the offer (input of price_offer) and returns every active rule it
-- breaks, with the rule's limit and the offer's value.
create function public.check_offer_rules(p_input jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_priced jsonb := public.price_offer(p_input);
  v_group text := p_input ->> 'subscriber_group_code';
  v_on date := coalesce((p_input ->> 'offer_date')::date, current_date);
  v_kwh numeric := (v_priced #>> '{totals,consumption_kwh}')::numeric;
  v_revenue numeric := (v_priced #>> '{totals,revenue_try}')::numeric;
  v_regulated_energy numeric;
  v_night_kwh numeric;
  v_metrics jsonb;
  v_broken jsonb;
begin
  select
    sum((m #>> '{regulated_bill,energy_try}')::numeric),
    sum(coalesce((m #>> '{consumption_by_zone_kwh,T3}')::numeric, 0))
  into v_regulated_energy, v_night_kwh
  from jsonb_array_elements(v_priced -> 'months') m;

  v_metrics := jsonb_build_object(
    'unit_price_try_per_kwh', round(v_revenue / nullif(v_kwh, 0), 6),
    'discount_pct', round((1 - v_revenue / nullif(v_regulated_energy, 0)) * 100, 4),
    'night_share_pct', round(v_night_kwh * 100 / nullif(v_kwh, 0), 4),
    'margin_pct', (v_priced #>> '{totals,margin_pct}')::numeric
  );

  select coalesce(jsonb_agg(jsonb_build_object(
      'price_rule_id', r.price_rule_id,
      'rule_kind', r.rule_kind,
      'subscriber_group_code', r.subscriber_group_code,
      'min_night_share_pct', r.min_night_share_pct,
      'limit_value', r.limit_value,
      'actual_value', c.actual,
      'consequence', case when r.rule_kind = 'maximum_discount_without_approval'
        then 'approval_required' else 'rejected' end,
      'note', r.note
    ) order by r.price_rule_id), '[]'::jsonb)
  into v_broken
  from public.price_rules r
  cross join lateral (select case r.rule_kind
      when 'minimum_unit_price' then (v_metrics ->> 'unit_price_try_per_kwh')::numeric
      when 'minimum_margin' then (v_metrics ->> 'margin_pct')::numeric
      else (v_metrics ->> 'discount_pct')::numeric
    end as actual) c
  where r.is_active
    and r.valid_from <= v_on and (r.valid_to is null or r.valid_to >= v_on)
    and (r.subscriber_group_code is null or r.subscriber_group_code = v_group)
    and case r.rule_kind
      when 'minimum_unit_price' then c.actual < r.limit_value
      when 'minimum_discount' then c.actual < r.limit_value
      when 'minimum_discount_night_share' then
        (v_metrics ->> 'night_share_pct')::numeric >= r.min_night_share_pct
        and c.actual < r.limit_value
      when 'maximum_discount_without_approval' then c.actual > r.limit_value
      when 'minimum_margin' then c.actual is null or c.actual < r.limit_value
    end;

  return jsonb_build_object(
    'metrics', v_metrics,
    'broken_rules', v_broken,
    'is_allowed', not exists (
      select 1 from jsonb_array_elements(v_broken) b where b ->> 'consequence' = 'rejected'),
    'requires_approval', exists (
      select 1 from jsonb_array_elements(v_broken) b where b ->> 'consequence' = 'approval_required')
  );
end;
$$;

comment on function public.check_offer_rules(jsonb) is
  'Returns each active price rule an offer breaks, with its limit and the offer''s value.';

revoke all on function public.regulated_bill(jsonb), public.price_offer(jsonb),
  public.profile_cost(jsonb), public.check_offer_rules(jsonb) from public, anon;
grant execute on function public.regulated_bill(jsonb), public.price_offer(jsonb),
  public.profile_cost(jsonb), public.check_offer_rules(jsonb) to authenticated, service_role;
