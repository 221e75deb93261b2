-- Price rules whose consequence is `rejected` block an offer; only rules
-- whose consequence is `approval_required` send it to approval.
--
-- check_offer_rules gives each broken rule its consequence:
-- maximum_discount_without_approval needs approval, every other kind
-- (minimum unit price, minimum discount, minimum discount at a high night
-- share, minimum margin) rejects the offer. submit_offer used to send an
-- offer to approval whenever an alternative broke any rule, and an approver
-- could then approve an offer below a minimum. Now submit_offer raises
-- while an alternative of the current revision breaks a rejecting rule, and
-- decide_offer refuses to approve such an offer (offers that went to
-- approval before this change may still be rejected or sent back).
--
-- The checks read the rule breaks stored with each alternative
-- (offer_alternatives.rule_check), which write_revision computes when the
-- revision is written: the approver decides on the figures the seller saw.

-- Rule breaks -----------------------------------------------------------------

-- Describes one broken rule of check_offer_rules' broken_rules, for
-- example: price rule 6 (minimum_margin, every subscriber group): value
-- -4.1234 is below the limit 3.000000.
create function private.describe_rule_break(p_rule jsonb)
returns text
language sql
immutable
set search_path = ''
as $$
  select format('price rule %s (%s, %s): value %s is %s the limit %s',
    p_rule ->> 'price_rule_id',
    p_rule ->> 'rule_kind',
    coalesce('subscriber group ' || (p_rule ->> 'subscriber_group_code'),
      'every subscriber group'),
    coalesce(p_rule ->> 'actual_value', 'missing'),
    case when p_rule ->> 'rule_kind' = 'maximum_discount_without_approval'
      then 'above' else 'below' end,
    p_rule ->> 'limit_value')
$$;

-- Returns the rejecting rule breaks of a revision's alternatives as one
-- text, or null when no alternative breaks a rule whose consequence is
-- `rejected`.
create function private.rejected_rule_breaks(p_revision_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select string_agg(
    format('alternative %s "%s" breaks %s', a.position, a.label,
      private.describe_rule_break(b.rule)),
    '; ' order by a.position, (b.rule ->> 'price_rule_id')::bigint)
  from public.offer_alternatives a
  cross join lateral jsonb_array_elements(
    coalesce(a.rule_check -> 'broken_rules', '[]'::jsonb)) b (rule)
  where a.offer_revision_id = p_revision_id
    and b.rule ->> 'consequence' = 'rejected'
$$;

-- Only the security definer RPCs below call them, with their owner's rights.
revoke all on function private.describe_rule_break(jsonb),
  private.rejected_rule_breaks(uuid) from public, anon, authenticated;
grant execute on function private.describe_rule_break(jsonb),
  private.rejected_rule_breaks(uuid) to service_role;

-- RPCs ----------------------------------------------------------------------------------

-- draft → awaiting_approval when an alternative breaks a rule that needs
-- approval, or for a dealer offer when the organisation wants every dealer
-- offer approved; otherwise draft → approved. Raises, leaving the draft as
-- it is, when an alternative breaks a rule whose consequence is `rejected`.
create or replace function public.submit_offer(p_offer_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_offer public.offers;
  v_revision public.offer_revisions;
  v_rejected text;
  v_violations jsonb;
  v_always boolean;
  v_state text;
begin
  perform private.require_seller();
  v_offer := private.lock_offer_for_seller(p_offer_id);
  v_revision := private.current_revision(v_offer);

  v_rejected := private.rejected_rule_breaks(v_revision.id);
  if v_rejected is not null then
    raise exception 'Offer % cannot be submitted: %', v_offer.offer_number, v_rejected
      using errcode = 'P0001',
        hint = 'Change or remove the alternative so that it keeps the rule; only a '
          || 'discount above maximum_discount_without_approval goes to approval.';
  end if;

  select coalesce(jsonb_agg(jsonb_build_object(
      'offer_alternative_id', a.id, 'position', a.position, 'label', a.label,
      'kind', a.kind, 'metrics', a.rule_check -> 'metrics',
      'broken_rules', a.rule_check -> 'broken_rules') order by a.position), '[]'::jsonb)
  into v_violations
  from public.offer_alternatives a
  where a.offer_revision_id = v_revision.id and a.breaks_rules;

  select coalesce(s.dealer_offers_always_need_approval, false) into v_always
  from public.organisation_settings s;

  v_state := case
    when jsonb_array_length(v_violations) > 0 then 'awaiting_approval'
    when v_offer.dealer_id is not null and coalesce(v_always, false) then 'awaiting_approval'
    else 'approved'
  end;

  -- approved → approved would pass the state trigger as no change
  if v_offer.state <> 'draft' then
    raise exception 'Offer state cannot change from % to %', v_offer.state, v_state
      using errcode = 'P0001', hint = 'Only a draft is submitted; revise_offer makes one.';
  end if;

  update public.offers set state = v_state where id = v_offer.id;

  if v_state = 'awaiting_approval' then
    insert into public.offer_approvals (offer_id, offer_revision_id, requested_by, violations)
    values (v_offer.id, v_revision.id, auth.uid(), v_violations);
  end if;

  return jsonb_build_object('offer_id', v_offer.id, 'state', v_state,
    'violations', v_violations);
end
$$;

-- Admins and managers decide a pending approval: approved, rejected, or
-- sent_back to draft with a note for the seller. An offer whose current
-- revision breaks a rule whose consequence is `rejected` cannot be
-- approved.
create or replace function public.decide_offer(
  p_offer_id uuid,
  p_decision text,
  p_note text default null
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_offer public.offers;
  v_rejected text;
  v_state text;
begin
  if private.app_role() is null or private.app_role() not in ('admin', 'manager') then
    raise exception 'Only admins and managers can decide offer approvals'
      using errcode = '42501';
  end if;

  if p_decision is null or p_decision not in ('approved', 'rejected', 'sent_back') then
    perform private.raise_invalid(format('Invalid decision %s', coalesce(p_decision, '(null)')),
      'Use approved, rejected or sent_back.');
  end if;

  if p_decision = 'sent_back' and coalesce(btrim(p_note), '') = '' then
    perform private.raise_invalid('Sending an offer back needs a note for the seller');
  end if;

  v_offer := private.lock_offer_for_seller(p_offer_id);
  v_state := case p_decision when 'sent_back' then 'draft' else p_decision end;

  -- A draft may move to approved on submit, but never by a decision.
  if v_offer.state <> 'awaiting_approval' then
    raise exception 'Offer state cannot change from % to %', v_offer.state, v_state
      using errcode = 'P0001', hint = 'Only an offer awaiting approval can be decided.';
  end if;

  if p_decision = 'approved' then
    v_rejected := private.rejected_rule_breaks((private.current_revision(v_offer)).id);
  end if;

  if v_rejected is not null then
    raise exception 'Offer % cannot be approved: %', v_offer.offer_number, v_rejected
      using errcode = 'P0001',
        hint = 'Reject the offer or send it back to the seller with a note.';
  end if;

  perform set_config('sales.state_change_note', coalesce(p_note, ''), true);
  update public.offers set state = v_state where id = v_offer.id;
  perform set_config('sales.state_change_note', '', true);

  update public.offer_approvals
  set decision = p_decision, decided_by = auth.uid(), decided_at = now(), note = p_note
  where offer_id = v_offer.id and decision is null;

  return jsonb_build_object('offer_id', v_offer.id, 'state', v_state, 'decision', p_decision);
end
$$;
