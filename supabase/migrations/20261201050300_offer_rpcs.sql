-- Offer RPCs: create, edit, revise, submit, decide and mark as sent. They
-- are security definer because offers and their records have no write
-- policies; each checks the caller's role and reach itself with the same
-- helpers the select policies use.
--
-- Consumption of a revision, stored as given:
--   estimate:        {"distribution_region_code", "subscriber_group_code",
--                     "voltage_level_code", "tariff_type", "term_type"?,
--                     "months": [{"month": "2027-01", "T1": 100, "T2": 50, "T3": 80}]}
--                     (single-time months give "kwh")
--   metering points: {"metering_point_ids": [...], "months": [...]}; the
--                     tariff comes from the points, which must share it.

-- Access --------------------------------------------------------------------------

-- Whether the caller may read a party, by the rules of the parties select
-- policies.
create function private.can_view_party(p_party public.parties)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select case private.app_role()
    when 'admin' then true
    when 'manager' then true
    when 'call_centre_agent' then true
    when 'finance' then true
    when 'operations' then true
    when 'sales_consultant' then
      p_party.owner_staff_id is not distinct from private.staff_id()
        or p_party.owner_dealer_id = any (private.visible_dealer_ids())
    when 'dealer_user' then p_party.owner_dealer_id = any (private.visible_dealer_ids())
    when 'customer_user' then p_party.id = private.party_id()
    else false
  end
$$;

-- Whether the caller may work on an offer as its seller: admins and
-- managers on every offer, a consultant on offers it owns or made and on
-- those of its dealers, a dealer user on offers of its dealer tree.
create function private.can_sell_offer(p_offer public.offers)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select case private.app_role()
    when 'admin' then true
    when 'manager' then true
    when 'sales_consultant' then
      p_offer.owner_staff_id is not distinct from private.staff_id()
        or p_offer.created_by is not distinct from auth.uid()
        or p_offer.dealer_id = any (private.visible_dealer_ids())
    when 'dealer_user' then p_offer.dealer_id = any (private.visible_dealer_ids())
    else false
  end
$$;

-- Locks an offer the caller may sell and returns it; raises "not found"
-- for an offer the caller cannot reach, so that ids of others leak nothing.
create function private.lock_offer_for_seller(p_offer_id uuid)
returns public.offers
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_offer public.offers;
begin
  if p_offer_id is null then
    perform private.raise_invalid('Missing offer id');
  end if;

  select * into v_offer from public.offers where id = p_offer_id for update;
  if v_offer.id is null or not private.can_sell_offer(v_offer) then
    raise exception 'Offer % not found', p_offer_id
      using errcode = 'PT404', hint = 'Check the id, or ask whoever owns the offer.';
  end if;

  return v_offer;
end
$$;

create function private.require_seller()
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_role text := private.app_role();
begin
  if v_role is null or v_role not in ('admin', 'manager', 'sales_consultant', 'dealer_user') then
    raise exception 'Only admins, managers, sales consultants and dealer users can make offers'
      using errcode = '42501';
  end if;

  return v_role;
end
$$;

-- Input ------------------------------------------------------------------------------

-- Builds the price_offer input (tariff fields and consumption.monthly) of a
-- revision's consumption, and checks its metering points.
create function private.offer_pricing_input(p_consumption jsonb, p_party_id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_ids uuid[];
  v_tariff jsonb;
  v_tariffs integer;
  v_monthly jsonb;
  v_month jsonb;
begin
  if p_consumption is null or jsonb_typeof(p_consumption) <> 'object' then
    perform private.raise_invalid('Missing input field consumption',
      'Give {"metering_point_ids": [...], "months": [...]} or an estimate with the tariff fields and months.');
  end if;

  if p_consumption ? 'metering_point_ids' then
    if jsonb_typeof(p_consumption -> 'metering_point_ids') <> 'array'
      or jsonb_array_length(p_consumption -> 'metering_point_ids') = 0 then
      perform private.raise_invalid('consumption.metering_point_ids must be a non-empty list of ids');
    end if;

    begin
      v_ids := array(select value::uuid
        from jsonb_array_elements_text(p_consumption -> 'metering_point_ids'));
    exception when invalid_text_representation then
      perform private.raise_invalid('consumption.metering_point_ids must hold metering point ids (uuid)');
    end;

    if exists (
      select from unnest(v_ids) i (id)
      where not exists (
        select from public.metering_points m where m.id = i.id and m.party_id = p_party_id)
    ) then
      perform private.raise_invalid('A metering point of consumption.metering_point_ids is not the party''s',
        'List only metering points of the offer''s party.');
    end if;

    select count(distinct (m.distribution_region_code, m.subscriber_group_code,
        m.voltage_level_code, m.tariff_type)),
      min(jsonb_build_object(
        'distribution_region_code', m.distribution_region_code,
        'subscriber_group_code', m.subscriber_group_code,
        'voltage_level_code', m.voltage_level_code,
        'tariff_type', m.tariff_type)::text)::jsonb
    into v_tariffs, v_tariff
    from public.metering_points m
    where m.id = any (v_ids);

    -- NOTE: one tariff per offer keeps one regulated bill to compare with;
    -- points of different tariffs need one offer each until bills are
    -- priced per point.
    if v_tariffs > 1 then
      perform private.raise_invalid('The metering points of an offer must share region, subscriber group, voltage level and tariff type',
        'Make one offer per tariff.');
    end if;
  else
    v_tariff := jsonb_build_object(
      'distribution_region_code', p_consumption -> 'distribution_region_code',
      'subscriber_group_code', p_consumption -> 'subscriber_group_code',
      'voltage_level_code', p_consumption -> 'voltage_level_code',
      'tariff_type', p_consumption -> 'tariff_type');
  end if;

  if p_consumption ? 'term_type' then
    v_tariff := v_tariff || jsonb_build_object('term_type', p_consumption -> 'term_type');
  end if;

  if jsonb_typeof(p_consumption -> 'months') is distinct from 'array'
    or jsonb_array_length(p_consumption -> 'months') = 0 then
    perform private.raise_invalid('consumption.months must be a non-empty list of months',
      'Example: [{"month": "2027-01", "T1": 100, "T2": 50, "T3": 80}] or [{"month": "2027-01", "kwh": 230}]');
  end if;

  v_monthly := '[]'::jsonb;
  for v_month in select value from jsonb_array_elements(p_consumption -> 'months') loop
    if jsonb_typeof(v_month) <> 'object' then
      perform private.raise_invalid(format('Invalid month in consumption.months: %s', v_month));
    end if;

    v_monthly := v_monthly || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
      'month', v_month -> 'month',
      't1_kwh', v_month -> 'T1',
      't2_kwh', v_month -> 'T2',
      't3_kwh', v_month -> 'T3',
      'kwh', v_month -> 'kwh')));
  end loop;

  return v_tariff || jsonb_build_object('consumption', jsonb_build_object('monthly', v_monthly));
end
$$;

-- Checks the alternatives list: [{label, kind, parameters}], 1 to 5 items.
create function private.check_alternatives(p_alternatives jsonb)
returns void
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_alternative jsonb;
begin
  if jsonb_typeof(p_alternatives) is distinct from 'array'
    or jsonb_array_length(p_alternatives) not between 1 and 5 then
    perform private.raise_invalid('alternatives must be a list of 1 to 5 alternatives',
      'Example: [{"label": "İndirimli", "kind": "discount", "parameters": {"kind": "discount", "discount_pct": 8}}]');
  end if;

  for v_alternative in select value from jsonb_array_elements(p_alternatives) loop
    if coalesce(btrim(v_alternative ->> 'label'), '') = '' then
      perform private.raise_invalid('Every alternative needs a label');
    end if;

    if coalesce(v_alternative ->> 'kind', '') not in ('discount', 'fixed_price', 'ptf_indexed') then
      perform private.raise_invalid(format('Invalid alternative kind %s', v_alternative -> 'kind'),
        'Use discount, fixed_price or ptf_indexed.');
    end if;

    if jsonb_typeof(v_alternative -> 'parameters') is distinct from 'object' then
      perform private.raise_invalid(format('Alternative %s needs parameters (an object)',
        v_alternative ->> 'label'));
    end if;
  end loop;
end
$$;

create function private.parse_valid_until(p_input jsonb)
returns date
language plpgsql
stable
set search_path = ''
as $$
declare
  v_valid_until date;
begin
  begin
    v_valid_until := (p_input ->> 'valid_until')::date;
  exception when others then
    perform private.raise_invalid(format('Invalid valid_until %s: use YYYY-MM-DD',
      p_input -> 'valid_until'));
  end;

  if v_valid_until is null then
    perform private.raise_invalid('Missing input field valid_until (YYYY-MM-DD)');
  end if;

  if v_valid_until < (now() at time zone 'Europe/Istanbul')::date then
    perform private.raise_invalid(format('valid_until %s is in the past', v_valid_until));
  end if;

  return v_valid_until;
end
$$;

-- Pricing -----------------------------------------------------------------------------

-- Writes a revision's consumption, metering points and alternatives, prices
-- every alternative with price_offer and check_offer_rules, and stores the
-- market figures the prices used.
create function private.write_revision(
  p_revision_id uuid,
  p_party_id uuid,
  p_consumption jsonb,
  p_assumptions jsonb,
  p_alternatives jsonb
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_pricing_input jsonb := private.offer_pricing_input(p_consumption, p_party_id);
  v_alternative record;
  v_input jsonb;
  v_priced jsonb;
  v_rules jsonb;
  v_snapshot jsonb;
begin
  perform private.check_alternatives(p_alternatives);

  if p_assumptions is not null and jsonb_typeof(p_assumptions) <> 'object' then
    perform private.raise_invalid('assumptions must be an object',
      'Example: {"payment_term_days": 30, "imbalance_error_pct": 10}');
  end if;

  update public.offer_revisions
  set consumption = p_consumption, assumptions = coalesce(p_assumptions, '{}'::jsonb)
  where id = p_revision_id;

  delete from public.offer_revision_metering_points where offer_revision_id = p_revision_id;
  insert into public.offer_revision_metering_points (offer_revision_id, metering_point_id)
  select distinct p_revision_id, value::uuid
  from jsonb_array_elements_text(coalesce(p_consumption -> 'metering_point_ids', '[]'::jsonb));

  delete from public.offer_alternatives where offer_revision_id = p_revision_id;

  for v_alternative in
    select value as item, ordinality::smallint as position
    from jsonb_array_elements(p_alternatives) with ordinality
  loop
    v_input := coalesce(p_assumptions, '{}'::jsonb) || v_pricing_input || jsonb_build_object(
      'offer', (v_alternative.item -> 'parameters')
        || jsonb_build_object('kind', v_alternative.item ->> 'kind'));
    v_priced := public.price_offer(v_input);
    v_rules := public.check_offer_rules(v_input);

    insert into public.offer_alternatives (
      offer_revision_id, position, label, kind, parameters, pricing_result, rule_check,
      breaks_rules, consumption_kwh, regulated_bill_try, offer_bill_try, savings_try,
      gross_profit_try)
    values (
      p_revision_id, v_alternative.position, btrim(v_alternative.item ->> 'label'),
      v_alternative.item ->> 'kind', v_input -> 'offer', v_priced, v_rules,
      jsonb_array_length(v_rules -> 'broken_rules') > 0,
      (v_priced #>> '{totals,consumption_kwh}')::numeric,
      (v_priced #>> '{totals,regulated_total_try}')::numeric,
      (v_priced #>> '{totals,offer_total_try}')::numeric,
      (v_priced #>> '{totals,savings_try}')::numeric,
      (v_priced #>> '{totals,gross_profit_try}')::numeric);

    -- The market figures are the same for every alternative of a revision.
    if v_snapshot is null then
      select jsonb_build_object(
          'priced_at', now(),
          'tariff', v_priced -> 'tariff',
          'regulated_basis', v_priced -> 'regulated_basis',
          'annual_consumption_kwh', v_priced -> 'annual_consumption_kwh',
          'months', jsonb_agg(jsonb_build_object(
            'month', m ->> 'month',
            'price_basis', m #> '{supply_cost,price_basis}',
            'weighted_price_try_per_mwh', m #> '{supply_cost,weighted_price_try_per_mwh}',
            'simple_average_price_try_per_mwh',
              m #> '{supply_cost,simple_average_price_try_per_mwh}',
            'yekdem_try_per_mwh', m #> '{supply_cost,yekdem_try_per_mwh}',
            'weighted_spread_try_per_mwh', m #> '{supply_cost,weighted_spread_try_per_mwh}',
            'demo_figures', m -> 'demo_figures')))
      into v_snapshot
      from jsonb_array_elements(v_priced -> 'months') m;
    end if;
  end loop;

  update public.offer_revisions set market_snapshot = v_snapshot where id = p_revision_id;
end
$$;

-- What a revision changes against the one before: consumption, validity,
-- alternatives added, removed or changed (matched by position), with the
-- totals before and after.
create function private.revision_changes(
  p_previous_revision_id uuid,
  p_revision_id uuid,
  p_previous_valid_until date,
  p_valid_until date
)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  with previous as (
    select * from public.offer_alternatives where offer_revision_id = p_previous_revision_id
  ),

  current_alternatives as (
    select * from public.offer_alternatives where offer_revision_id = p_revision_id
  ),

  -- pairs by position; either side is null for an added or removed one
  pairs as (
    select p as before_row, c as after_row, coalesce(c.position, p.position) as position
    from previous p
    full join current_alternatives c on c.position = p.position
  ),

  changed as (
    select jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
        'position', position,
        'label', (after_row).label,
        'label_before', case when (before_row).label <> (after_row).label
          then (before_row).label end,
        'kind', case when (before_row).kind <> (after_row).kind
          then jsonb_build_object('before', (before_row).kind, 'after', (after_row).kind) end,
        'parameters', case when (before_row).parameters <> (after_row).parameters
          then jsonb_build_object('before', (before_row).parameters,
            'after', (after_row).parameters) end,
        'offer_bill_try', jsonb_build_object('before', (before_row).offer_bill_try,
          'after', (after_row).offer_bill_try),
        'savings_try', jsonb_build_object('before', (before_row).savings_try,
          'after', (after_row).savings_try),
        'gross_profit_try', jsonb_build_object('before', (before_row).gross_profit_try,
          'after', (after_row).gross_profit_try)
      )) order by position) as items
    from pairs
    where before_row is not null and after_row is not null
      and ((before_row).label, (before_row).kind, (before_row).parameters,
          (before_row).offer_bill_try, (before_row).savings_try,
          (before_row).gross_profit_try)
        is distinct from ((after_row).label, (after_row).kind, (after_row).parameters,
          (after_row).offer_bill_try, (after_row).savings_try,
          (after_row).gross_profit_try)
  )

  select jsonb_strip_nulls(jsonb_build_object(
    'from_revision_no', (select revision_no from public.offer_revisions
      where id = p_previous_revision_id),
    'consumption', (
      select jsonb_build_object('before', p.consumption, 'after', c.consumption)
      from public.offer_revisions p, public.offer_revisions c
      where p.id = p_previous_revision_id and c.id = p_revision_id
        and p.consumption <> c.consumption),
    'valid_until', case when p_previous_valid_until is distinct from p_valid_until
      then jsonb_build_object('before', p_previous_valid_until, 'after', p_valid_until) end,
    'alternatives_added', (
      select jsonb_agg(jsonb_build_object('position', position, 'label', (after_row).label,
          'kind', (after_row).kind, 'parameters', (after_row).parameters,
          'offer_bill_try', (after_row).offer_bill_try) order by position)
      from pairs where before_row is null),
    'alternatives_removed', (
      select jsonb_agg(jsonb_build_object('position', position, 'label', (before_row).label,
          'kind', (before_row).kind, 'parameters', (before_row).parameters,
          'offer_bill_try', (before_row).offer_bill_try) order by position)
      from pairs where after_row is null),
    'alternatives_changed', (select items from changed)
  ))
$$;

-- The alternatives of a revision as create_offer takes them, for copying.
create function private.revision_alternatives_input(p_revision_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('label', a.label, 'kind', a.kind,
      'parameters', a.parameters) order by a.position), '[]'::jsonb)
  from public.offer_alternatives a
  where a.offer_revision_id = p_revision_id
$$;

create function private.current_revision(p_offer public.offers)
returns public.offer_revisions
language sql
stable
security definer
set search_path = ''
as $$
  select * from public.offer_revisions r
  where r.offer_id = p_offer.id and r.revision_no = p_offer.current_revision_no
$$;

-- RPCs ----------------------------------------------------------------------------------

-- Input: party_id, dealer_id (optional), valid_until, consumption,
-- alternatives [{label, kind, parameters}], assumptions (optional, as for
-- price_offer). A dealer user's offer is its own dealer's unless it names a
-- dealer below; a consultant may name a dealer in its charge to offer on
-- its behalf; admins and managers may name any dealer.
create function public.create_offer(p_input jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_role text := private.require_seller();
  v_party public.parties;
  v_party_id uuid;
  v_dealer_id uuid;
  v_offer public.offers;
  v_revision_id uuid;
begin
  if p_input is null or jsonb_typeof(p_input) <> 'object' then
    perform private.raise_invalid('The input must be a JSON object');
  end if;

  begin
    v_party_id := (p_input ->> 'party_id')::uuid;
    v_dealer_id := (p_input ->> 'dealer_id')::uuid;
  exception when invalid_text_representation then
    perform private.raise_invalid('party_id and dealer_id must be ids (uuid)');
  end;

  select * into v_party from public.parties where id = v_party_id;
  if v_party.id is null or not private.can_view_party(v_party) then
    raise exception 'Party % not found', coalesce(v_party_id::text, '(missing party_id)')
      using errcode = 'PT404';
  end if;

  if v_role = 'dealer_user' then
    v_dealer_id := coalesce(v_dealer_id, private.dealer_id());
  end if;

  if v_dealer_id is not null and v_role in ('sales_consultant', 'dealer_user')
    and not v_dealer_id = any (private.visible_dealer_ids()) then
    raise exception 'Dealer % is not in your dealer tree', v_dealer_id using errcode = '42501';
  end if;

  if v_dealer_id is not null and not exists (select from public.dealers where id = v_dealer_id) then
    raise exception 'Dealer % not found', v_dealer_id using errcode = 'PT404';
  end if;

  insert into public.offers (party_id, dealer_id, owner_staff_id, created_by, valid_until,
    customer_code)
  values (v_party.id, v_dealer_id, private.staff_id(), auth.uid(),
    private.parse_valid_until(p_input), v_party.customer_code)
  returning * into v_offer;

  insert into public.offer_revisions (offer_id, revision_no, consumption, created_by)
  values (v_offer.id, 1, '{}'::jsonb, auth.uid())
  returning id into v_revision_id;

  perform private.write_revision(v_revision_id, v_party.id, p_input -> 'consumption',
    p_input -> 'assumptions', p_input -> 'alternatives');

  return jsonb_build_object('offer_id', v_offer.id, 'offer_number', v_offer.offer_number,
    'revision_no', 1, 'state', v_offer.state);
end
$$;

-- Edits the current revision of a draft offer: any of consumption,
-- alternatives, assumptions and valid_until; then prices it again.
create function public.update_offer_revision(p_input jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_offer public.offers;
  v_revision public.offer_revisions;
  v_offer_id uuid;
begin
  perform private.require_seller();
  begin
    v_offer_id := (p_input ->> 'offer_id')::uuid;
  exception when invalid_text_representation then
    perform private.raise_invalid('offer_id must be an id (uuid)');
  end;

  v_offer := private.lock_offer_for_seller(v_offer_id);
  if v_offer.state <> 'draft' then
    perform private.raise_invalid(format('Offer %s is %s: only a draft can be edited',
      v_offer.offer_number, v_offer.state), 'Create a new revision with revise_offer.');
  end if;

  v_revision := private.current_revision(v_offer);
  perform private.write_revision(v_revision.id, v_offer.party_id,
    coalesce(p_input -> 'consumption', v_revision.consumption),
    coalesce(p_input -> 'assumptions', v_revision.assumptions),
    coalesce(p_input -> 'alternatives', private.revision_alternatives_input(v_revision.id)));

  if p_input ? 'valid_until' then
    update public.offers set valid_until = private.parse_valid_until(p_input)
    where id = v_offer.id;
  end if;

  return jsonb_build_object('offer_id', v_offer.id, 'offer_number', v_offer.offer_number,
    'revision_no', v_revision.revision_no, 'state', v_offer.state);
end
$$;

-- Starts a new revision copied from the current one, with any of
-- consumption, alternatives, assumptions and valid_until replaced, prices
-- it, records what changed and returns the offer to draft. The previous
-- revision is frozen, as history. A pending approval is withdrawn.
create function public.revise_offer(p_input jsonb)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_offer public.offers;
  v_previous public.offer_revisions;
  v_offer_id uuid;
  v_revision_id uuid;
  v_valid_until date;
begin
  perform private.require_seller();
  begin
    v_offer_id := (p_input ->> 'offer_id')::uuid;
  exception when invalid_text_representation then
    perform private.raise_invalid('offer_id must be an id (uuid)');
  end;

  v_offer := private.lock_offer_for_seller(v_offer_id);
  if v_offer.state in ('accepted', 'contracted') then
    raise exception 'Offer state cannot change from % to draft', v_offer.state
      using errcode = 'P0001', hint = 'An accepted offer has a contract and is not revised.';
  end if;

  v_previous := private.current_revision(v_offer);
  v_valid_until := case when p_input ? 'valid_until' then private.parse_valid_until(p_input)
    else v_offer.valid_until end;

  update public.offer_revisions set frozen_at = now()
  where id = v_previous.id and frozen_at is null;

  insert into public.offer_revisions (offer_id, revision_no, consumption, created_by)
  values (v_offer.id, v_previous.revision_no + 1, '{}'::jsonb, auth.uid())
  returning id into v_revision_id;

  perform private.write_revision(v_revision_id, v_offer.party_id,
    coalesce(p_input -> 'consumption', v_previous.consumption),
    coalesce(p_input -> 'assumptions', v_previous.assumptions),
    coalesce(p_input -> 'alternatives', private.revision_alternatives_input(v_previous.id)));

  update public.offer_revisions
  set changes = private.revision_changes(v_previous.id, v_revision_id, v_offer.valid_until,
    v_valid_until)
  where id = v_revision_id;

  update public.offer_approvals
  set decision = 'sent_back', decided_by = auth.uid(), decided_at = now(),
    note = 'Withdrawn: the seller made a new revision'
  where offer_id = v_offer.id and decision is null;

  perform set_config('sales.state_change_note',
    format('Revision %s', v_previous.revision_no + 1), true);
  update public.offers
  set state = 'draft', current_revision_no = v_previous.revision_no + 1,
    valid_until = v_valid_until
  where id = v_offer.id;
  perform set_config('sales.state_change_note', '', true);

  return jsonb_build_object('offer_id', v_offer.id, 'offer_number', v_offer.offer_number,
    'revision_no', v_previous.revision_no + 1, 'state', 'draft');
end
$$;

-- draft → awaiting_approval when an alternative breaks a price rule, or
-- for a dealer offer when the organisation wants every dealer offer
-- approved; otherwise draft → approved.
create function public.submit_offer(p_offer_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_offer public.offers;
  v_revision public.offer_revisions;
  v_violations jsonb;
  v_always boolean;
  v_state text;
begin
  perform private.require_seller();
  v_offer := private.lock_offer_for_seller(p_offer_id);
  v_revision := private.current_revision(v_offer);

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
-- sent_back to draft with a note for the seller.
create function public.decide_offer(p_offer_id uuid, p_decision text, p_note text default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_offer public.offers;
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

  perform set_config('sales.state_change_note', coalesce(p_note, ''), true);
  update public.offers set state = v_state where id = v_offer.id;
  perform set_config('sales.state_change_note', '', true);

  update public.offer_approvals
  set decision = p_decision, decided_by = auth.uid(), decided_at = now(), note = p_note
  where offer_id = v_offer.id and decision is null;

  return jsonb_build_object('offer_id', v_offer.id, 'state', v_state, 'decision', p_decision);
end
$$;

-- Called by the send-offer function with the caller's token once the
-- e-mail has left: approved → sent (a sent offer may be sent again),
-- freezes the current revision and records the send.
create function public.mark_offer_sent(
  p_offer_id uuid,
  p_recipient_email text,
  p_document_paths text[] default '{}',
  p_message_id text default null
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_offer public.offers;
  v_revision public.offer_revisions;
  v_send_id uuid;
begin
  perform private.require_seller();
  v_offer := private.lock_offer_for_seller(p_offer_id);

  if coalesce(p_recipient_email, '') !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' then
    perform private.raise_invalid(format('Invalid recipient e-mail address %s',
      coalesce(p_recipient_email, '(null)')));
  end if;

  if v_offer.valid_until < (now() at time zone 'Europe/Istanbul')::date then
    perform private.raise_invalid(format('Offer %s expired on %s', v_offer.offer_number,
      v_offer.valid_until), 'Make a new revision with a later valid_until.');
  end if;

  v_revision := private.current_revision(v_offer);

  if v_offer.state <> 'sent' then
    update public.offers set state = 'sent', sent_at = coalesce(sent_at, now())
    where id = v_offer.id;
  end if;

  update public.offer_revisions set frozen_at = now()
  where id = v_revision.id and frozen_at is null;

  insert into public.offer_sends (offer_id, offer_revision_id, recipient_email, sent_by,
    document_paths, message_id)
  values (v_offer.id, v_revision.id, p_recipient_email, auth.uid(),
    coalesce(p_document_paths, '{}'), p_message_id)
  returning id into v_send_id;

  return jsonb_build_object('offer_id', v_offer.id, 'state', 'sent',
    'offer_send_id', v_send_id, 'revision_no', v_revision.revision_no);
end
$$;

revoke all on function
  public.create_offer(jsonb), public.update_offer_revision(jsonb), public.revise_offer(jsonb),
  public.submit_offer(uuid), public.decide_offer(uuid, text, text),
  public.mark_offer_sent(uuid, text, text[], text)
  from public, anon;
grant execute on function
  public.create_offer(jsonb), public.update_offer_revision(jsonb), public.revise_offer(jsonb),
  public.submit_offer(uuid), public.decide_offer(uuid, text, text),
  public.mark_offer_sent(uuid, text, text[], text)
  to authenticated, service_role;
