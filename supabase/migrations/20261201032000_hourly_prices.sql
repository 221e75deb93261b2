-- Expected hourly prices of a month for supply cost: the real PTF where the
-- hour is published, otherwise the managers' forward expectation for the
-- month shaped hourly from price history. Plus the PTF/SMF spread that the
-- imbalance allowance is priced on.

-- Hourly expected price and spread of one local month.
--
-- Shape of a forward month: the reference month is the latest month with
-- published PTF in the same calendar month (else the latest published
-- month). Its mean price per (weekday or weekend, local hour) divided by its
-- overall mean gives a factor per hour; the target month's hours take
-- expected PTF x factor / (mean factor of the target month), so the simple
-- average of the month equals the expectation.
--
-- Spread: |SMF - PTF| where both are published for the hour, otherwise the
-- mean |SMF - PTF| at the same local hour over the last 365 days of SMF.
create function private.month_prices(p_period_month date)
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
      perform private.raise_invalid(
        format('No PTF and no forward price expectation for %s', to_char(p_period_month, 'YYYY-MM')),
        'Enter the expected PTF of the month in forward_price_expectations');
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
