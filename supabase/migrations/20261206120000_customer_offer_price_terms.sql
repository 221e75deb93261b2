-- Gives the customer each alternative's price terms.
--
-- The portal's acceptance confirmation names the alternative the customer
-- accepts with its price terms (discount, unit price or PTF margin), which
-- the offer PDF prints too. customer_offers now returns each alternative's
-- parameters beside its kind. The return type is unchanged, because the
-- alternatives are one jsonb column. Otherwise the same function as in
-- 20261205110100_offer_demo_prices.sql.

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
          'parameters', a.parameters,
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
