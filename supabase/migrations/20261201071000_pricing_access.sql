-- Pricing is for staff and dealer users. Customer users may neither call
-- the pricing RPCs nor read the supplier's price rules and forward price
-- expectations; staff price offers, and dealers price them within the rules.
--
-- The RPCs move to schema `private` under the same names, unchanged, and
-- `public` gets a thin function of each name that checks the caller first
-- and then calls the private one. Callers that are not API users (the
-- service role, importers, migrations, security definer functions) pass the
-- check, because only the API roles anon and authenticated are limited.

-- Caller checks ----------------------------------------------------------------

-- True when the caller's business role may price: every staff role and
-- active dealer users.
create function private.can_price()
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce(
    private.app_role() in (
      'admin', 'manager', 'sales_consultant', 'call_centre_agent', 'finance',
      'operations', 'dealer_user'
    ),
    false
  )
$$;
comment on function private.can_price() is
  'Returns true when the caller is a staff member or an active dealer user.';

-- Raises insufficient_privilege (HTTP 401 for anon, 403 otherwise through
-- the REST API) when an API user other than staff or a dealer user calls
-- `p_function`. Security invoker, so that current_user is the API role.
create function private.assert_can_price(p_function text)
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

revoke all on function private.can_price(), private.assert_can_price(text) from public, anon;
grant execute on function private.can_price(), private.assert_can_price(text)
  to authenticated, service_role;

-- RPCs ---------------------------------------------------------------------------

alter function public.regulated_bill(jsonb) set schema private;
alter function public.price_offer(jsonb) set schema private;
alter function public.profile_cost(jsonb) set schema private;
alter function public.check_offer_rules(jsonb) set schema private;
alter function public.convert_consumption_to_hourly(jsonb) set schema private;

create function public.regulated_bill(p_input jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
begin
  perform private.assert_can_price('regulated_bill');

  return private.regulated_bill(p_input);
end;
$$;
comment on function public.regulated_bill(jsonb) is
  'Regulated bill per month (lines rounded to kuruş, BTV and KDV once per tax period) for a consumption. Staff and dealer users only.';

create function public.price_offer(p_input jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
begin
  perform private.assert_can_price('price_offer');

  return private.price_offer(p_input);
end;
$$;
comment on function public.price_offer(jsonb) is
  'Prices an offer per month: customer bill, savings against the regulated bill, supply cost, profit, break-even discount and cash flow. Staff and dealer users only.';

create function public.profile_cost(p_input jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
begin
  perform private.assert_can_price('profile_cost');

  return private.profile_cost(p_input);
end;
$$;
comment on function public.profile_cost(jsonb) is
  'Consumption-weighted average PTF against the simple average over a period, and the resulting profile cost. Staff and dealer users only.';

create function public.check_offer_rules(p_input jsonb)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
begin
  perform private.assert_can_price('check_offer_rules');

  return private.check_offer_rules(p_input);
end;
$$;
comment on function public.check_offer_rules(jsonb) is
  'Returns each active price rule an offer breaks, with its limit and the offer''s value. Staff and dealer users only.';

create function public.convert_consumption_to_hourly(p_input jsonb)
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
  perform private.assert_can_price('convert_consumption_to_hourly');

  return query
    select c.row_key, c.hour_start, c.time_zone_code, c.consumption_kwh, c.shape_source
    from private.convert_consumption_to_hourly(p_input) c;
end;
$$;
comment on function public.convert_consumption_to_hourly(jsonb) is
  'Spreads monthly or T1/T2/T3 consumption over the hours of the month with the profile coefficients of the region and group; zones sum back exactly. Staff and dealer users only.';

-- The private functions keep their grants, so that the public ones, which
-- run as the caller, can call them. The private schema is not exposed
-- through the REST API.
revoke all on function public.regulated_bill(jsonb), public.price_offer(jsonb),
  public.profile_cost(jsonb), public.check_offer_rules(jsonb),
  public.convert_consumption_to_hourly(jsonb)
  from public, anon;
grant execute on function public.regulated_bill(jsonb), public.price_offer(jsonb),
  public.profile_cost(jsonb), public.check_offer_rules(jsonb),
  public.convert_consumption_to_hourly(jsonb)
  to authenticated, service_role;

-- Price rules and forward price expectations ------------------------------------

drop policy "Signed-in users can view price rules" on public.price_rules;
drop policy "Signed-in users can view forward price expectations"
  on public.forward_price_expectations;

create policy "Staff and dealers can view price rules"
  on public.price_rules for select to authenticated
  using ((select private.can_price()));

create policy "Staff and dealers can view forward price expectations"
  on public.forward_price_expectations for select to authenticated
  using ((select private.can_price()));
