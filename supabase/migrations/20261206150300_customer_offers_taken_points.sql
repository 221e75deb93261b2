-- Offers the customer cannot accept while a metering point is taken ----------
--
-- respond_to_offer rejects an offer whose metering point another contract
-- still covers (see private.taken_metering_point). customer_offers now
-- returns that point's code and the contract's number for a sent offer, so
-- that the portal can say why before the customer tries to accept it. Both
-- are null when the offer can be accepted. The return type grows, so the
-- function is dropped and created again with its grants; otherwise it is
-- the same as in 20261206120000_customer_offer_price_terms.sql.

drop function public.customer_offers();

-- The sent revision of each offer of the signed-in customer user, with
-- figures the customer may see, whether they rest on demo prices, and for
-- a sent offer the first metering point that another contract still
-- covers.
create function public.customer_offers()
returns table (
  offer_id uuid,
  offer_number text,
  state text,
  valid_until date,
  revision_no integer,
  sent_at timestamptz,
  alternatives jsonb,
  taken_metering_point_code text,
  taken_by_contract_number text
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
    ),
    taken.metering_point_code, taken.contract_number
  from public.offers o
  join lateral (
    select rv.* from public.offer_revisions rv
    where rv.offer_id = o.id
      and exists (select from public.offer_sends s where s.offer_revision_id = rv.id)
    order by rv.revision_no desc
    limit 1
  ) r on true
  -- Only a sent offer can still be accepted.
  left join lateral private.taken_metering_point(r.id) as taken on o.state = 'sent'
  where private.app_role() = 'customer_user'
    and o.party_id = private.party_id()
    and o.sent_at is not null
    and o.state in ('sent', 'accepted', 'rejected', 'expired', 'contracted')
  order by o.sent_at desc
$$;

revoke all on function public.customer_offers() from public, anon, authenticated;
grant execute on function public.customer_offers() to authenticated, service_role;
