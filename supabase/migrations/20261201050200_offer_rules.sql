-- Rules on offers that hold whoever writes: the state machine with its
-- history, frozen revisions, and one dealer per customer at a time.

-- State machine -------------------------------------------------------------------

-- Allowed moves. A revision sends an offer back to draft from any state
-- before acceptance, so a sent, rejected or expired offer can be renewed.
create function private.offer_transition_allowed(p_from text, p_to text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select (p_from, p_to) in (
    ('draft', 'awaiting_approval'), ('draft', 'approved'),
    ('awaiting_approval', 'approved'), ('awaiting_approval', 'rejected'),
    ('awaiting_approval', 'draft'),
    ('approved', 'sent'), ('approved', 'expired'), ('approved', 'draft'),
    ('sent', 'accepted'), ('sent', 'rejected'), ('sent', 'expired'), ('sent', 'draft'),
    ('rejected', 'draft'), ('expired', 'draft'),
    ('accepted', 'contracted')
  )
$$;

create function private.check_offer_state_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.state is distinct from old.state
    and not private.offer_transition_allowed(old.state, new.state) then
    raise exception 'Offer state cannot change from % to %', old.state, new.state
      using errcode = 'P0001',
        detail = format('offer %s (%s)', old.offer_number, old.id),
        hint = 'draft → awaiting_approval or approved → sent → accepted → contracted; '
          'revise_offer returns an offer to draft.';
  end if;

  return new;
end
$$;

create trigger check_state_change before update of state on public.offers
  for each row execute function private.check_offer_state_change();

-- Records every state an offer takes. The RPCs pass a note for the change
-- through the transaction setting sales.state_change_note.
create function private.record_offer_state_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and new.state is not distinct from old.state then
    return null;
  end if;

  insert into public.offer_state_changes (offer_id, from_state, to_state, changed_by, note)
  values (
    new.id,
    case when tg_op = 'UPDATE' then old.state end,
    new.state,
    auth.uid(),
    nullif(current_setting('sales.state_change_note', true), '')
  );

  return null;
end
$$;

create trigger record_state_change after insert or update of state on public.offers
  for each row execute function private.record_offer_state_change();

-- Frozen revisions ----------------------------------------------------------------------

-- A revision is frozen once sent: it, its alternatives and its metering
-- points reject every change. Deleting the whole offer (cascade) is allowed.
create function private.reject_frozen_revision_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_revision_id uuid;
  v_revision public.offer_revisions;
begin
  if tg_table_name = 'offer_revisions' then
    v_revision := old;
    -- Freezing itself is the one change an unfrozen revision may get here.
    if tg_op = 'UPDATE' and old.frozen_at is null then
      return new;
    end if;
  else
    v_revision_id := case when tg_op = 'DELETE' then old.offer_revision_id
      else new.offer_revision_id end;
    select * into v_revision from public.offer_revisions where id = v_revision_id;
    if tg_op = 'UPDATE' and old.offer_revision_id <> new.offer_revision_id then
      perform private.reject_if_frozen(old.offer_revision_id, tg_table_name);
    end if;
  end if;

  if v_revision.frozen_at is null then
    return case when tg_op = 'DELETE' then old else new end;
  end if;

  if tg_op = 'DELETE'
    and not exists (select from public.offers o where o.id = v_revision.offer_id) then
    return old;
  end if;

  raise exception 'Revision % of the offer is frozen since %: its % cannot change',
    v_revision.revision_no, v_revision.frozen_at, replace(tg_table_name, '_', ' ')
    using errcode = 'P0001',
      detail = format('offer %s, revision %s', v_revision.offer_id, v_revision.id),
      hint = 'Create a new revision with revise_offer.';
end
$$;

create function private.reject_if_frozen(p_offer_revision_id uuid, p_table_name text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_revision public.offer_revisions;
begin
  select * into v_revision from public.offer_revisions where id = p_offer_revision_id;
  if v_revision.frozen_at is not null then
    raise exception 'Revision % of the offer is frozen since %: its % cannot change',
      v_revision.revision_no, v_revision.frozen_at, replace(p_table_name, '_', ' ')
      using errcode = 'P0001', hint = 'Create a new revision with revise_offer.';
  end if;
end
$$;

create trigger reject_frozen_change before update or delete on public.offer_revisions
  for each row execute function private.reject_frozen_revision_change();
create trigger reject_frozen_change before insert or update or delete
  on public.offer_alternatives
  for each row execute function private.reject_frozen_revision_change();
create trigger reject_frozen_change before insert or update or delete
  on public.offer_revision_metering_points
  for each row execute function private.reject_frozen_revision_change();

-- One dealer per customer -----------------------------------------------------------------

-- While one seller's offer to a customer code is valid (awaiting approval,
-- approved or sent, and valid_until not past), another seller's offer to
-- the same code is rejected; head office (dealer_id null) counts as one
-- seller. The error names the date the valid offer expires, never its
-- dealer. A transaction-level advisory lock on the customer code makes
-- concurrent attempts take turns, and the check that follows the lock runs
-- with a new snapshot (this function is volatile), so it sees an offer the
-- other transaction committed while this one waited.
create function private.check_one_dealer_per_customer()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_today date := (now() at time zone 'Europe/Istanbul')::date;
  v_other_valid_until date;
begin
  if new.state not in ('draft', 'awaiting_approval', 'approved', 'sent') then
    return new;
  end if;

  if tg_op = 'UPDATE'
    and new.state is not distinct from old.state
    and new.dealer_id is not distinct from old.dealer_id
    and new.customer_code is not distinct from old.customer_code
    and new.valid_until is not distinct from old.valid_until then
    return new;
  end if;

  perform pg_catalog.pg_advisory_xact_lock(
    pg_catalog.hashtextextended('offers.customer_code:' || new.customer_code, 0));

  select max(o.valid_until) into v_other_valid_until
  from public.offers o
  where o.customer_code = new.customer_code
    and o.id <> new.id
    and o.dealer_id is distinct from new.dealer_id
    and o.state in ('awaiting_approval', 'approved', 'sent')
    and o.valid_until >= v_today;

  if v_other_valid_until is not null then
    raise exception 'Customer % already has a valid offer from another seller until %',
      new.customer_code, to_char(v_other_valid_until, 'YYYY-MM-DD')
      using errcode = 'P0001',
        hint = format('A new offer for this customer is possible from %s.',
          to_char(v_other_valid_until + 1, 'YYYY-MM-DD'));
  end if;

  return new;
end
$$;

create trigger check_one_dealer_per_customer before insert or update on public.offers
  for each row execute function private.check_one_dealer_per_customer();

-- Customers see an offer only while it is with them or decided: a sent offer
-- that is being revised (draft, awaiting approval, approved) is hidden again
-- until its new revision is sent.
alter policy "Customer users can view their offers once sent" on public.offers
  using (
    party_id = (select private.party_id())
    and sent_at is not null
    and state in ('sent', 'accepted', 'rejected', 'expired', 'contracted')
  );
