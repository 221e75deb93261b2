-- The admin's offer pipeline: every offer with the yearly consumption and
-- gross profit of one alternative of its latest revision, and the totals per
-- offer state. The view and both functions run with the caller's rights
-- (security invoker), so row level security decides which offers count: a
-- sales consultant or a dealer user sees the totals of the offers they may
-- see, and no one else's.

-- One row per offer. The view lives in private because PostgREST would
-- infer its id column as a second relationship to offers and make embeds
-- such as offer_approvals' offer:offer_id(...) ambiguous. The figures come
-- from the latest revision
-- (revision_no = current_revision_no): from the alternative the customer
-- chose when the offer became a contract, otherwise from the revision's
-- first alternative (lowest position). Customer users get no rows, because
-- alternatives carry supply cost and profit.
create view private.offer_pipeline_entries
with (security_invoker = true)
as
select
  o.id,
  o.offer_number,
  o.party_id,
  o.state,
  o.owner_staff_id,
  o.dealer_id,
  o.created_at,
  -- first day of the Istanbul month the offer was created in
  date_trunc('month', o.created_at at time zone 'Europe/Istanbul')::date as created_month,
  o.valid_until,
  o.current_revision_no,
  basis.id as offer_alternative_id,
  case
    when basis.is_chosen then 'chosen'
    when basis.id is not null then 'first'
  end as alternative_basis,
  -- multiplying by 0.001 keeps every digit, where division would round
  (basis.pricing_result ->> 'annual_consumption_kwh')::numeric * 0.001
    as yearly_consumption_mwh,
  basis.gross_profit_try
from public.offers o
left join public.offer_revisions r
  on r.offer_id = o.id and r.revision_no = o.current_revision_no
left join lateral (
  select
    a.id,
    a.pricing_result,
    a.gross_profit_try,
    (a.id = c.offer_alternative_id) is true as is_chosen
  from public.offer_alternatives a
  left join public.contracts c on c.offer_id = o.id
  where a.offer_revision_id = r.id
  order by (a.id = c.offer_alternative_id) is true desc, a.position
  limit 1
) basis on true
where (select private.app_role()) is distinct from 'customer_user';

comment on view private.offer_pipeline_entries is
  'Offers with the yearly consumption (MWh) and gross profit (TL) of the latest revision''s '
  'chosen alternative (the contract''s), or else its first; rows as the caller may see them.';

revoke all on private.offer_pipeline_entries from anon, authenticated;
grant select on private.offer_pipeline_entries to authenticated;

-- The offers the caller may see that pass every filter that is set:
-- p_state, p_created_month and p_valid_until_month (any day of the month:
-- created in that Istanbul month, valid until a day of that month),
-- p_owner_staff_id (the owner consultant) and p_owner_dealer_id (the dealer).
create function public.offer_pipeline_offers(
  p_state text default null,
  p_created_month date default null,
  p_valid_until_month date default null,
  p_owner_staff_id uuid default null,
  p_owner_dealer_id uuid default null
)
returns setof private.offer_pipeline_entries
language sql
stable
security invoker
set search_path = ''
as $$
  with
  -- First days of the filter months, null when a filter is not set.
  months as (
    select
      date_trunc('month', p_created_month::timestamp)::date as created_start,
      date_trunc('month', p_valid_until_month::timestamp)::date as valid_start
  )

  select e.*
  from private.offer_pipeline_entries e
  cross join months m
  where (p_state is null or e.state = p_state)
    and (m.created_start is null or e.created_month = m.created_start)
    and (
      m.valid_start is null
      or (
        e.valid_until >= m.valid_start
        and e.valid_until < (m.valid_start + interval '1 month')::date
      )
    )
    and (p_owner_staff_id is null or e.owner_staff_id = p_owner_staff_id)
    and (p_owner_dealer_id is null or e.dealer_id = p_owner_dealer_id)
  order by e.created_at desc;
$$;

comment on function public.offer_pipeline_offers(text, date, date, uuid, uuid) is
  'The caller''s visible offers with their pipeline figures, optionally filtered by state, '
  'creation month, validity month and owner, newest first.';

revoke execute on function public.offer_pipeline_offers(text, date, date, uuid, uuid)
  from public, anon;
grant execute on function public.offer_pipeline_offers(text, date, date, uuid, uuid)
  to authenticated;

-- Totals per offer state of the offers the caller may see, all eight states
-- in pipeline order, zeros where no offer matches. Every filter is optional:
-- p_created_month and p_valid_until_month take any day of the month (created
-- in that Istanbul month, valid until a day of that month), p_owner_staff_id
-- matches the offer's owner consultant and p_owner_dealer_id its dealer.
create function public.offer_pipeline(
  p_created_month date default null,
  p_valid_until_month date default null,
  p_owner_staff_id uuid default null,
  p_owner_dealer_id uuid default null
)
returns table (
  state text,
  offer_count bigint,
  yearly_consumption_mwh numeric,
  gross_profit_try numeric
)
language sql
stable
security invoker
set search_path = ''
as $$
  with
  -- The states in the order an offer moves through them.
  states (state, position) as (
    values
      ('draft', 1), ('awaiting_approval', 2), ('approved', 3), ('sent', 4),
      ('accepted', 5), ('rejected', 6), ('expired', 7), ('contracted', 8)
  ),
  -- The visible offers that pass every filter that is set.
  matching as (
    select o.*
    from public.offer_pipeline_offers(
      null, p_created_month, p_valid_until_month, p_owner_staff_id, p_owner_dealer_id
    ) o
  )

  select
    s.state,
    count(x.id) as offer_count,
    coalesce(sum(x.yearly_consumption_mwh), 0) as yearly_consumption_mwh,
    coalesce(sum(x.gross_profit_try), 0) as gross_profit_try
  from states s
  left join matching x on x.state = s.state
  group by s.state, s.position
  order by s.position;
$$;

comment on function public.offer_pipeline(date, date, uuid, uuid) is
  'Offer count, yearly consumption (MWh) and gross profit (TL) per offer state, over the '
  'offers the caller may see, optionally filtered by creation month, validity month and owner.';

revoke execute on function public.offer_pipeline(date, date, uuid, uuid) from public, anon;
grant execute on function public.offer_pipeline(date, date, uuid, uuid) to authenticated;
