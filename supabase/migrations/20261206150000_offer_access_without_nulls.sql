-- Offer access checks that never return null ----------------------------------
--
-- The access helpers compared a column with `= any (visible dealer ids)`,
-- which is null, not false, when the column is null: an offer or party of
-- the supplier's own staff has no dealer. `if not <null>` does not raise,
-- so a dealer user could revise, reprice, submit, send and answer a staff
-- offer, and create offers for a staff party, that it could not read. The
-- select policies were not affected, because RLS treats null as false.
--
-- Each helper now returns false for every case that is not allowed, and
-- respond_to_offer tests its customer branch the same way (a signed-in
-- user without an account has no role, so its branch was null as well).

-- Whether the caller may read a party, by the rules of the parties select
-- policies.
create or replace function private.can_view_party(p_party public.parties)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    case private.app_role()
      when 'admin' then true
      when 'manager' then true
      when 'call_centre_agent' then true
      when 'finance' then true
      when 'operations' then true
      when 'sales_consultant' then
        p_party.owner_staff_id = private.staff_id()
          or p_party.owner_dealer_id = any (private.visible_dealer_ids())
      when 'dealer_user' then p_party.owner_dealer_id = any (private.visible_dealer_ids())
      when 'customer_user' then p_party.id = private.party_id()
    end,
    false
  )
$$;

-- Whether the caller may work on an offer as its seller: admins and
-- managers on every offer, a consultant on offers it owns or made and on
-- those of its dealers, a dealer user on offers of its dealer tree. False,
-- never null, for an offer without a dealer or owner.
create or replace function private.can_sell_offer(p_offer public.offers)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    case private.app_role()
      when 'admin' then true
      when 'manager' then true
      when 'sales_consultant' then
        p_offer.owner_staff_id = private.staff_id()
          or p_offer.created_by = auth.uid()
          or p_offer.dealer_id = any (private.visible_dealer_ids())
      when 'dealer_user' then p_offer.dealer_id = any (private.visible_dealer_ids())
    end,
    false
  )
$$;

-- Whether the caller may answer a sent offer: its seller, or the customer
-- user of the offer's party once the offer was sent.
create function private.can_answer_offer(p_offer public.offers)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.can_sell_offer(p_offer)
    or coalesce(
      private.app_role() = 'customer_user'
        and p_offer.party_id = private.party_id()
        and p_offer.sent_at is not null,
      false
    )
$$;

revoke all on function private.can_answer_offer(public.offers) from public;

-- The customer (own sent offer) or its seller records the answer to a sent
-- offer: accepted (p_offer_alternative_id names the chosen alternative of
-- the sent revision) creates the contract and the registration requests
-- and ends in contracted; rejected ends the offer.
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
