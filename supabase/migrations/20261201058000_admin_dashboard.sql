-- Figures for the admin's home dashboard in one call. The function runs with
-- the caller's rights (security invoker), so row level security limits every
-- figure to the rows the signed-in user may see: a sales consultant sees the
-- portfolio and targets of their own parties and dealers.

create function public.admin_dashboard(p_month date default null)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  with
  -- The reporting month in Istanbul time, first day to first day of the next.
  period as (
    select
      coalesce(
        date_trunc('month', p_month)::date,
        date_trunc('month', (now() at time zone 'Europe/Istanbul'))::date
      ) as month_start
  ),
  bounds as (
    select
      month_start,
      (month_start + interval '1 month')::date as month_end,
      (month_start::timestamp at time zone 'Europe/Istanbul') as starts_at,
      ((month_start + interval '1 month')::timestamp at time zone 'Europe/Istanbul') as ends_at
    from period
  ),
  -- Metering points supplied now, and those waiting for registration.
  portfolio as (
    select
      count(*) filter (where mp.status = 'active') as active_count,
      count(*) filter (where mp.status = 'registration_pending') as pending_count,
      coalesce(
        sum(mp.estimated_yearly_consumption_kwh) filter (where mp.status = 'active'),
        0
      ) / 1000 as active_yearly_mwh
    from public.metering_points mp
  ),
  -- Parties that became customers in the month, and leads created in it.
  conversions as (
    select
      count(*) filter (
        where p.became_customer_at >= b.starts_at and p.became_customer_at < b.ends_at
      ) as new_customers,
      count(*) filter (
        where p.created_at >= b.starts_at and p.created_at < b.ends_at
      ) as new_parties,
      count(*) filter (where p.lifecycle = 'customer') as customers,
      count(*) filter (where p.lifecycle = 'lead') as leads
    from public.parties p
    cross join bounds b
  ),
  activity as (
    select count(*) as meetings_held
    from public.meetings m
    cross join bounds b
    where m.status = 'held' and m.starts_at >= b.starts_at and m.starts_at < b.ends_at
  ),
  -- Targets whose period overlaps the month, with the parties their owner
  -- converted in the target's period as the actual figures.
  targets as (
    select
      t.id,
      coalesce(s.full_name, d.name) as owner_name,
      case when t.staff_id is not null then 'staff' else 'dealer' end as owner_kind,
      t.period_start,
      t.period_end,
      t.target_mwh,
      t.target_count,
      (
        select count(*)
        from public.parties p
        where p.became_customer_at >= (t.period_start::timestamp at time zone 'Europe/Istanbul')
          and p.became_customer_at < ((t.period_end + 1)::timestamp at time zone 'Europe/Istanbul')
          and (p.owner_staff_id = t.staff_id or p.owner_dealer_id = t.dealer_id)
      ) as actual_count,
      (
        select coalesce(sum(mp.estimated_yearly_consumption_kwh), 0) / 1000
        from public.metering_points mp
        join public.parties p on p.id = mp.party_id
        where p.became_customer_at >= (t.period_start::timestamp at time zone 'Europe/Istanbul')
          and p.became_customer_at < ((t.period_end + 1)::timestamp at time zone 'Europe/Istanbul')
          and (p.owner_staff_id = t.staff_id or p.owner_dealer_id = t.dealer_id)
      ) as actual_mwh
    from public.sales_targets t
    cross join bounds b
    left join public.staff s on s.id = t.staff_id
    left join public.dealers d on d.id = t.dealer_id
    where t.period_start < b.month_end and t.period_end >= b.month_start
  )

  select jsonb_build_object(
    'month', (select month_start from bounds),
    'portfolio', (select to_jsonb(portfolio) from portfolio),
    'conversions', (select to_jsonb(conversions) from conversions),
    'meetings_held', (select meetings_held from activity),
    'targets', coalesce(
      (select jsonb_agg(to_jsonb(targets) order by owner_kind desc, owner_name) from targets),
      '[]'::jsonb
    )
  );
$$;

comment on function public.admin_dashboard(date) is
  'Dashboard figures of the month (default: the current month in Istanbul) as the caller may see them: portfolio, conversions, meetings held, targets against actuals.';

revoke execute on function public.admin_dashboard(date) from public, anon;
grant execute on function public.admin_dashboard(date) to authenticated;
