-- Accepting an offer whose metering points are still in another contract ---
--
-- A customer who accepted a second offer covering a metering point that was
-- already in a contract got a unique violation on
-- registration_requests_one_open_idx, which the apps show as "another
-- record has the same values". respond_to_offer now checks the offer's
-- metering points first and raises invalid_parameter_value (22023) naming
-- the metering point and the contract. A point is taken when it is in a
-- contract that has not ended (awaiting_signature, signed or active) or has
-- a registration request in progress (requested, submitted or approved).

-- Returns the first metering point of an offer revision (by code) that a
-- contract still covers, with that contract's number, or no row when every
-- point is free.
create function private.taken_metering_point(p_offer_revision_id uuid)
returns table (metering_point_code text, contract_number text)
language sql
stable
security definer
set search_path = ''
as $$
  select m.code, taken.contract_number
  from public.offer_revision_metering_points as orm
  join public.metering_points as m on m.id = orm.metering_point_id
  join lateral (
    select c.contract_number
    from public.contracts as c
    where c.id in (
      select cm.contract_id
      from public.contract_metering_points as cm
      join public.contracts as covering on covering.id = cm.contract_id
      where cm.metering_point_id = m.id
        and covering.state in ('awaiting_signature', 'signed', 'active')
      union
      select r.contract_id
      from public.registration_requests as r
      where r.metering_point_id = m.id
        and r.state in ('requested', 'submitted', 'approved')
    )
    order by c.created_at
    limit 1
  ) as taken on true
  where orm.offer_revision_id = p_offer_revision_id
  order by m.code
  limit 1
$$;

revoke all on function private.taken_metering_point(uuid) from public;

-- Locks the metering points of an offer revision and raises 22023 when
-- another contract still covers one of them. The lock makes a concurrent
-- acceptance of an offer with the same points wait, and then raise here.
create function private.assert_metering_points_free(p_offer_revision_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_taken record;
begin
  perform 1
  from public.metering_points as m
  where m.id in (
    select orm.metering_point_id
    from public.offer_revision_metering_points as orm
    where orm.offer_revision_id = p_offer_revision_id
  )
  order by m.id
  for update;

  select * into v_taken from private.taken_metering_point(p_offer_revision_id);
  if v_taken.metering_point_code is not null then
    raise exception 'Metering point % is already in contract %',
      v_taken.metering_point_code, v_taken.contract_number
      using errcode = '22023',
        hint = 'Make a new revision without this metering point, '
          'or accept the offer once that contract has ended.';
  end if;
end
$$;

revoke all on function private.assert_metering_points_free(uuid) from public;

-- The customer (own sent offer) or its seller records the answer to a sent
-- offer: accepted (p_offer_alternative_id names the chosen alternative of
-- the sent revision) creates the contract and the registration requests
-- and ends in contracted, unless a metering point of the offer is still in
-- another contract; rejected ends the offer.
create or replace function public.respond_to_offer(
  p_offer_id uuid,
  p_offer_alternative_id uuid default null,
  p_decision text default 'accepted',
  p_note text default null
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_offer public.offers;
  v_alternative public.offer_alternatives;
  v_contract public.contracts;
begin
  if p_decision is null or p_decision not in ('accepted', 'rejected') then
    perform private.raise_invalid(format('Invalid decision %s', coalesce(p_decision, '(null)')),
      'Use accepted or rejected.');
  end if;

  select * into v_offer from public.offers where id = p_offer_id for update;
  if v_offer.id is null or not private.can_answer_offer(v_offer) then
    raise exception 'Offer % not found', coalesce(p_offer_id::text, '(null)')
      using errcode = 'PT404';
  end if;

  if v_offer.state = 'sent'
    and v_offer.valid_until < (now() at time zone 'Europe/Istanbul')::date then
    perform private.raise_invalid(format('Offer %s expired on %s', v_offer.offer_number,
      v_offer.valid_until), 'Ask the seller for a new revision.');
  end if;

  perform set_config('sales.state_change_note', coalesce(p_note, ''), true);
  update public.offers set state = p_decision where id = v_offer.id;

  if p_decision = 'accepted' then
    -- the alternative must belong to the revision the customer was sent
    select a.* into v_alternative
    from public.offer_alternatives a
    join public.offer_revisions r on r.id = a.offer_revision_id
    where a.id = p_offer_alternative_id
      and r.offer_id = v_offer.id and r.revision_no = v_offer.current_revision_no;
    if v_alternative.id is null then
      perform private.raise_invalid(format('Alternative %s is not one of offer %s''s current alternatives',
        coalesce(p_offer_alternative_id::text, '(null)'), v_offer.offer_number),
        'Pass p_offer_alternative_id of the sent revision.');
    end if;

    -- Checked here, so that the caller reads which point and contract are
    -- in the way instead of a unique violation on registration_requests.
    perform private.assert_metering_points_free(v_alternative.offer_revision_id);

    v_contract := private.create_contract(v_offer, v_alternative);
    perform set_config('sales.state_change_note',
      format('Contract %s', v_contract.contract_number), true);
    update public.offers set state = 'contracted' where id = v_offer.id;
  end if;

  perform set_config('sales.state_change_note', '', true);

  return jsonb_strip_nulls(jsonb_build_object(
    'offer_id', v_offer.id,
    'state', case when p_decision = 'accepted' then 'contracted' else 'rejected' end,
    'contract_id', v_contract.id,
    'contract_number', v_contract.contract_number));
end
$$;
