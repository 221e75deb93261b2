-- Says on the whole pricing result whether demo figures were used.
--
-- price_offer lists each month's demo figures (`demo_figures`: market
-- prices, YEKDEM, energy tariff, distribution tariff, tax rates) when a
-- month used rows marked is_demo, which `npm start` loads when no market
-- data is at hand. The result now also carries `uses_demo_prices` and
-- `demo_figures`, the figures of every month together, so that the offer
-- builder, the offer page, the portal and the offer PDF can mark such an
-- offer as priced with demo prices. customer_offers gives the customer the
-- same two fields per alternative.

-- Returns the demo figures of a price_offer result's months, sorted and
-- without repeats; an empty array when none was used.
create function private.demo_figures_of(p_priced jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select coalesce(jsonb_agg(distinct f.figure order by f.figure), '[]'::jsonb)
  from jsonb_array_elements(coalesce(p_priced -> 'months', '[]'::jsonb)) m
  cross join lateral jsonb_array_elements(
    coalesce(m -> 'demo_figures', '[]'::jsonb)) f (figure)
$$;

revoke all on function private.demo_figures_of(jsonb) from public, anon;
grant execute on function private.demo_figures_of(jsonb) to authenticated, service_role;

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

  v_priced := private.price_offer(p_input);
  v_demo := private.demo_figures_of(v_priced);

  return v_priced || jsonb_build_object(
    'uses_demo_prices', jsonb_array_length(v_demo) > 0,
    'demo_figures', v_demo);
end;
$$;

-- The sent revision of each offer of the signed-in customer user, with
-- figures the customer may see and whether they rest on demo prices.
create or replace function public.customer_offers()
returns table (
  offer_id uuid,
  offer_number text,
  state text,
  valid_until date,
  revision_no integer,
  sent_at timestamptz,
  alternatives jsonb
)
language sql
stable
security definer
set search_path = ''
as $$
  select o.id, o.offer_number, o.state, o.valid_until, r.revision_no, o.sent_at,
    (
      select jsonb_agg(jsonb_build_object(
          'offer_alternative_id', a.id,
          'position', a.position,
          'label', a.label,
          'kind', a.kind,
          'consumption_kwh', a.consumption_kwh,
          'regulated_bill_try', a.regulated_bill_try,
          'offer_bill_try', a.offer_bill_try,
          'savings_try', a.savings_try,
          'uses_demo_prices', jsonb_array_length(private.demo_figures_of(a.pricing_result)) > 0,
          'demo_figures', private.demo_figures_of(a.pricing_result),
          'months', (
            select jsonb_agg(jsonb_build_object(
                'month', m ->> 'month',
                'consumption_kwh', m -> 'consumption_kwh',
                'regulated_bill_try', m #> '{regulated_bill,total_try}',
                'offer_bill_try', m #> '{offer_bill,total_try}',
                'savings_try', m -> 'savings_try') order by m ->> 'month')
            from jsonb_array_elements(a.pricing_result -> 'months') m)
        ) order by a.position)
      from public.offer_alternatives a
      where a.offer_revision_id = r.id
    )
  from public.offers o
  join lateral (
    select rv.* from public.offer_revisions rv
    where rv.offer_id = o.id
      and exists (select from public.offer_sends s where s.offer_revision_id = rv.id)
    order by rv.revision_no desc
    limit 1
  ) r on true
  where private.app_role() = 'customer_user'
    and o.party_id = private.party_id()
    and o.sent_at is not null
    and o.state in ('sent', 'accepted', 'rejected', 'expired', 'contracted')
  order by o.sent_at desc
$$;
