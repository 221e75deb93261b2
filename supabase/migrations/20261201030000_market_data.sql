-- Market data that offers and regulated bills are priced on: hourly PTF and
-- SMF, monthly YEKDEM, regulated tariff rates, taxes, profile coefficients,
-- the eligible consumer limit, the last-resort supply tariff parameters,
-- forward price expectations and price rules.
--
-- Every figure row carries `source` (where the figure came from) and
-- `is_demo` (true where the figure is generated, not real). Figures that
-- change over time carry the date they start to apply (`valid_from`); a row
-- applies until the next row of the same key starts, unless it has its own
-- `valid_to`.
--
-- Hourly series are partitioned by local calendar month on `hour_start`
-- (the start of the hour, Europe/Istanbul). Importers call
-- private.ensure_month_partitions before they insert.
--
-- Reading: every signed-in user may read market data. Writing: only the
-- service role (importers, migrations), which bypasses RLS, so no write
-- policy exists yet. Manager write policies for forward price expectations
-- and price rules come with the role model.

-- Partitions -----------------------------------------------------------------

-- The first instant of a local calendar month in Europe/Istanbul.
create function private.month_start(p_month date)
returns timestamptz
language sql
immutable
parallel safe
set search_path = ''
as $$
  select (date_trunc('month', p_month)::timestamp) at time zone 'Europe/Istanbul'
$$;

-- Creates the monthly partitions of `p_parent` that cover [p_from, p_to),
-- named <parent>_yYYYYmMM. Returns how many were created.
create function private.ensure_month_partitions(
  p_parent regclass,
  p_from timestamptz,
  p_to timestamptz
)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_schema text;
  v_table text;
  v_month date;
  v_last date;
  v_name text;
  v_created integer := 0;
begin
  select n.nspname, c.relname into v_schema, v_table
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.oid = p_parent and c.relkind = 'p';

  if v_table is null then
    raise exception 'Table % is not partitioned', p_parent
      using errcode = '22023';
  end if;

  if p_to <= p_from then
    return 0;
  end if;

  v_month := date_trunc('month', p_from at time zone 'Europe/Istanbul')::date;
  v_last := date_trunc('month', (p_to - interval '1 microsecond')
    at time zone 'Europe/Istanbul')::date;

  while v_month <= v_last loop
    v_name := v_table || '_y' || to_char(v_month, 'YYYY') || 'm' || to_char(v_month, 'MM');

    if to_regclass(format('%I.%I', v_schema, v_name)) is null then
      execute format(
        'create table %I.%I partition of %I.%I for values from (%L) to (%L)',
        v_schema, v_name, v_schema, v_table,
        private.month_start(v_month),
        private.month_start((v_month + interval '1 month')::date)
      );
      -- Reads go through the parent, whose policies apply. A partition
      -- queried by name would have no policy of its own, so API roles get
      -- no access to it at all.
      execute format('alter table %I.%I enable row level security', v_schema, v_name);
      execute format('revoke all on %I.%I from anon, authenticated', v_schema, v_name);
      v_created := v_created + 1;
    end if;

    v_month := (v_month + interval '1 month')::date;
  end loop;

  return v_created;
end;
$$;

revoke all on function private.ensure_month_partitions(regclass, timestamptz, timestamptz)
  from public, anon, authenticated;
grant execute on function private.ensure_month_partitions(regclass, timestamptz, timestamptz)
  to service_role;

-- Hourly prices --------------------------------------------------------------

create table public.ptf_hourly_prices (
  hour_start timestamptz not null,
  price_try_per_mwh numeric(12, 2) not null check (price_try_per_mwh >= 0),
  source text not null,
  is_demo boolean not null default false,
  primary key (hour_start),
  check (extract(minute from hour_start) = 0 and extract(second from hour_start) = 0)
) partition by range (hour_start);
comment on table public.ptf_hourly_prices is
  'Day-ahead market clearing price (PTF) per hour, TL/MWh; hour_start is the start of the hour.';

create table public.smf_hourly_prices (
  hour_start timestamptz not null,
  price_try_per_mwh numeric(12, 2) not null check (price_try_per_mwh >= 0),
  source text not null,
  is_demo boolean not null default false,
  primary key (hour_start),
  check (extract(minute from hour_start) = 0 and extract(second from hour_start) = 0)
) partition by range (hour_start);
comment on table public.smf_hourly_prices is
  'Balancing market system marginal price (SMF) per hour, TL/MWh.';

create table public.yekdem_unit_costs (
  period_month date primary key check (period_month = date_trunc('month', period_month)),
  unit_cost_try_per_mwh numeric(12, 2) not null check (unit_cost_try_per_mwh >= 0),
  source text not null,
  is_demo boolean not null default false
);
comment on table public.yekdem_unit_costs is
  'Monthly YEKDEM renewable support unit cost that suppliers pay per MWh consumed.';

-- Regulated tariff -----------------------------------------------------------

-- One rate per component. Energy rates of three-time tariffs have one row per
-- time zone; single-time energy rates and distribution rates have no zone.
-- Distribution rates apply to both tariff types (tariff_type null).
create table public.regulated_tariff_rates (
  regulated_tariff_rate_id bigint generated always as identity primary key,
  component text not null check (component in ('energy', 'distribution')),
  subscriber_group_code text not null references public.subscriber_groups (code),
  voltage_level_code text not null references public.voltage_levels (code),
  term_type text not null check (term_type in ('single_term', 'two_term')),
  tariff_type text check (tariff_type in ('single_time', 'three_time')),
  time_zone_code text references public.time_zones (code),
  valid_from date not null,
  rate_try_per_kwh numeric(12, 6) not null check (rate_try_per_kwh >= 0),
  source text not null,
  is_demo boolean not null default false,
  unique nulls not distinct (
    component, subscriber_group_code, voltage_level_code, term_type,
    tariff_type, time_zone_code, valid_from
  ),
  check (
    (component = 'distribution' and tariff_type is null and time_zone_code is null)
    or (component = 'energy' and tariff_type = 'single_time' and time_zone_code is null)
    or (component = 'energy' and tariff_type = 'three_time' and time_zone_code is not null)
  )
);
comment on table public.regulated_tariff_rates is
  'Regulated end-user tariff rates per kWh (energy and distribution components), from valid_from until the next row of the same key.';

create index regulated_tariff_rates_lookup_idx on public.regulated_tariff_rates
  (subscriber_group_code, voltage_level_code, term_type, component, valid_from);

-- Tax codes: kdv (VAT, percent of the bill), btv (consumption tax, percent of
-- the energy charge), stamp_tax (per mille of a contract's value),
-- late_payment (percent per month of an overdue amount), and the removed
-- trt and energy_fund charges kept for history.
create table public.tax_rates (
  tax_rate_id bigint generated always as identity primary key,
  tax_code text not null
    check (tax_code in ('kdv', 'btv', 'stamp_tax', 'late_payment', 'trt', 'energy_fund')),
  subscriber_group_code text references public.subscriber_groups (code),
  rate numeric(10, 6) not null check (rate >= 0),
  unit text not null check (unit in ('percent', 'per_mille', 'percent_per_month')),
  valid_from date,
  valid_to date,
  description text not null,
  source text not null,
  is_demo boolean not null default false,
  unique nulls not distinct (tax_code, subscriber_group_code, valid_from),
  check (valid_to is null or valid_from is null or valid_to >= valid_from)
);
comment on table public.tax_rates is
  'Taxes and charges on bills and contracts; subscriber_group_code null applies to every group not listed; valid_to is the last day it applies.';

-- Profile coefficients -------------------------------------------------------

-- For three-time meters the multipliers of each time zone sum to 1 over the
-- month; for single-time meters the month's multipliers sum to 1.
create table public.profile_coefficients (
  hour_start timestamptz not null,
  period_month date not null,
  distribution_region_code text not null references public.distribution_regions (code),
  subscriber_group_code text not null references public.subscriber_groups (code),
  voltage_level_code text references public.voltage_levels (code),
  meter_reading_type text not null check (meter_reading_type in ('single_time', 'three_time')),
  multiplier numeric(14, 10) not null check (multiplier >= 0),
  source text not null,
  is_demo boolean not null default false,
  unique nulls not distinct (
    distribution_region_code, subscriber_group_code, voltage_level_code,
    meter_reading_type, hour_start
  )
) partition by range (hour_start);
comment on table public.profile_coefficients is
  'Hourly profile coefficients published per month, distribution region, subscriber group (and voltage) and meter reading type.';

-- Limits and parameters ------------------------------------------------------

create table public.eligible_consumer_limits (
  year integer primary key check (year between 2000 and 2100),
  limit_kwh_per_year numeric(14, 0) not null check (limit_kwh_per_year >= 0),
  source text not null,
  is_demo boolean not null default false
);
comment on table public.eligible_consumer_limits is
  'Yearly consumption above which a consumer may choose its supplier (serbest tüketici limiti).';

-- The last-resort supply tariff applies to consumers above the threshold who
-- have no supply contract: (PTF + YEKDEM) x coefficient, never below the
-- regulated single-time energy rate.
create table public.last_resort_tariff_parameters (
  valid_from date primary key,
  coefficient numeric(8, 4) not null check (coefficient > 0),
  threshold_kwh_per_year numeric(14, 0) not null check (threshold_kwh_per_year >= 0),
  source text not null,
  is_demo boolean not null default false
);
comment on table public.last_resort_tariff_parameters is
  'Coefficient and yearly consumption threshold of the last-resort supply tariff, from valid_from.';

-- Supplier's own expectations --------------------------------------------

create table public.forward_price_expectations (
  period_month date primary key check (period_month = date_trunc('month', period_month)),
  expected_ptf_try_per_mwh numeric(12, 2) not null check (expected_ptf_try_per_mwh >= 0),
  note text,
  entered_at timestamptz not null default now(),
  source text not null,
  is_demo boolean not null default false
);
comment on table public.forward_price_expectations is
  'Monthly expected average PTF entered by managers; shaped hourly from price history when an offer is priced.';

-- Rule kinds and the unit of limit_value:
--   minimum_unit_price                 TL/kWh of the offer's energy charge
--   minimum_discount                   percent off the regulated energy charge
--   minimum_discount_night_share       percent, when T3 share >= min_night_share_pct
--   maximum_discount_without_approval  percent; above it the offer needs approval
--   minimum_margin                     percent of gross profit over energy revenue
create table public.price_rules (
  price_rule_id bigint generated always as identity primary key,
  rule_kind text not null check (rule_kind in (
    'minimum_unit_price', 'minimum_discount', 'minimum_discount_night_share',
    'maximum_discount_without_approval', 'minimum_margin'
  )),
  subscriber_group_code text references public.subscriber_groups (code),
  min_night_share_pct numeric(6, 3) check (min_night_share_pct between 0 and 100),
  limit_value numeric(12, 6) not null,
  valid_from date not null default current_date,
  valid_to date,
  is_active boolean not null default true,
  note text,
  is_demo boolean not null default false,
  check ((rule_kind = 'minimum_discount_night_share') = (min_night_share_pct is not null))
);
comment on table public.price_rules is
  'Limits that managers set on offers; subscriber_group_code null applies to every group.';

-- Row-level security ---------------------------------------------------------

alter table public.ptf_hourly_prices enable row level security;
alter table public.smf_hourly_prices enable row level security;
alter table public.yekdem_unit_costs enable row level security;
alter table public.regulated_tariff_rates enable row level security;
alter table public.tax_rates enable row level security;
alter table public.profile_coefficients enable row level security;
alter table public.eligible_consumer_limits enable row level security;
alter table public.last_resort_tariff_parameters enable row level security;
alter table public.forward_price_expectations enable row level security;
alter table public.price_rules enable row level security;

create policy "Signed-in users can view PTF prices"
  on public.ptf_hourly_prices for select to authenticated using (true);
create policy "Signed-in users can view SMF prices"
  on public.smf_hourly_prices for select to authenticated using (true);
create policy "Signed-in users can view YEKDEM unit costs"
  on public.yekdem_unit_costs for select to authenticated using (true);
create policy "Signed-in users can view regulated tariff rates"
  on public.regulated_tariff_rates for select to authenticated using (true);
create policy "Signed-in users can view tax rates"
  on public.tax_rates for select to authenticated using (true);
create policy "Signed-in users can view profile coefficients"
  on public.profile_coefficients for select to authenticated using (true);
create policy "Signed-in users can view eligible consumer limits"
  on public.eligible_consumer_limits for select to authenticated using (true);
create policy "Signed-in users can view last-resort tariff parameters"
  on public.last_resort_tariff_parameters for select to authenticated using (true);
create policy "Signed-in users can view forward price expectations"
  on public.forward_price_expectations for select to authenticated using (true);
create policy "Signed-in users can view price rules"
  on public.price_rules for select to authenticated using (true);

-- TODO: add insert, update and delete policies for managers on
-- forward_price_expectations and price_rules once the staff role model
-- exists; until then only the service role writes them.

-- Market figures are never written by API users: remove the default grants
-- so that a missing policy is not the only guard.
revoke insert, update, delete, truncate on
  public.ptf_hourly_prices, public.smf_hourly_prices, public.yekdem_unit_costs,
  public.regulated_tariff_rates, public.tax_rates, public.profile_coefficients,
  public.eligible_consumer_limits, public.last_resort_tariff_parameters
  from anon, authenticated;
revoke all on
  public.ptf_hourly_prices, public.smf_hourly_prices, public.yekdem_unit_costs,
  public.regulated_tariff_rates, public.tax_rates, public.profile_coefficients,
  public.eligible_consumer_limits, public.last_resort_tariff_parameters,
  public.forward_price_expectations, public.price_rules
  from anon;
