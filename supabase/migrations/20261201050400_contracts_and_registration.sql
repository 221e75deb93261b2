-- From an accepted offer to the portfolio: the customer's answer, the
-- contract it creates, market registration requests in monthly batches,
-- entering the portfolio, the daily expiry of offers, and what customers
-- may see of their offers.

-- Contract templates ----------------------------------------------------------------

-- NOTE: the same codes, strategies and periods as CONTRACT_TEMPLATES in
-- documents/src/contract-templates.ts, which renders them; a test compares
-- the two, so a template added there needs its row here.
create table private.contract_templates (
  template_code text primary key,
  sales_strategy text not null check (sales_strategy in ('indirimli', 'sabit_fiyat')),
  valid_from date not null,
  valid_to date,
  check (valid_to is null or valid_to >= valid_from)
);
comment on table private.contract_templates is
  'Contract templates by sales strategy and validity period; a contract uses the template '
  'of its strategy whose period contains its start date.';

alter table private.contract_templates enable row level security;

insert into private.contract_templates (template_code, sales_strategy, valid_from, valid_to)
values ('indirimli-2025', 'indirimli', '2025-01-01', '2025-12-31'),
  ('indirimli-2026', 'indirimli', '2026-01-01', null),
  ('sabit-fiyat-2026', 'sabit_fiyat', '2026-01-01', null);

-- Registration batches ----------------------------------------------------------------------

-- The open batch a registration requested on p_on joins: supply starts the
-- month after p_on when p_on is on or before that month's deadline day,
-- else a month later; a batch already submitted moves it one month on.
create function private.registration_batch_for(p_on date)
returns public.registration_batches
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_deadline_day smallint;
  v_period date;
  v_batch public.registration_batches;
begin
  select coalesce(max(s.registration_deadline_day), 20) into v_deadline_day
  from public.organisation_settings s;

  v_period := (date_trunc('month', p_on) + interval '1 month')::date;
  if extract(day from p_on) > v_deadline_day then
    v_period := (v_period + interval '1 month')::date;
  end if;

  loop
    insert into public.registration_batches (period_month, deadline_on)
    values (v_period, (v_period - interval '1 month')::date + v_deadline_day - 1)
    on conflict (period_month) do nothing;

    select * into v_batch from public.registration_batches where period_month = v_period;
    exit when v_batch.state = 'open';
    v_period := (v_period + interval '1 month')::date;
  end loop;

  return v_batch;
end
$$;

-- Contracts ---------------------------------------------------------------------------

-- Creates the contract of an accepted alternative: template by strategy and
-- start date, term as long as the priced months, contract value = the offer
-- bill total over the term, stamp tax = value x the stamp tax rate (per
-- mille, valid on the acceptance date) rounded to kuruş, the required
-- documents by party kind, and one registration request per metering point.
create function private.create_contract(
  p_offer public.offers,
  p_alternative public.offer_alternatives
)
returns public.contracts
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_today date := (now() at time zone 'Europe/Istanbul')::date;
  v_batch public.registration_batches := private.registration_batch_for(v_today);
  v_party public.parties;
  v_strategy text;
  v_template_code text;
  v_months integer := jsonb_array_length(p_alternative.pricing_result -> 'months');
  v_stamp_rate numeric;
  v_payment_term_days smallint;
  v_price_terms jsonb;
  v_contract public.contracts;
begin
  select * into v_party from public.parties where id = p_offer.party_id;

  v_strategy := case p_alternative.kind
    when 'discount' then 'indirimli'
    when 'fixed_price' then 'sabit_fiyat'
  end;
  -- NOTE: no contract template covers PTF-indexed prices yet; such an
  -- alternative can be offered but not accepted until one exists.
  if v_strategy is null then
    perform private.raise_invalid(format('No contract template for %s alternatives',
      p_alternative.kind), 'Accept a discount or fixed-price alternative.');
  end if;

  select t.template_code into v_template_code
  from private.contract_templates t
  where t.sales_strategy = v_strategy
    and t.valid_from <= v_batch.period_month
    and (t.valid_to is null or t.valid_to >= v_batch.period_month)
  order by t.valid_from desc
  limit 1;
  if v_template_code is null then
    perform private.raise_invalid(format('No %s contract template is valid on %s',
      v_strategy, v_batch.period_month));
  end if;

  select r.rate into v_stamp_rate
  from public.tax_rates r
  where r.tax_code = 'stamp_tax'
    and r.unit = 'per_mille'
    and (r.valid_from is null or r.valid_from <= v_today)
    and (r.valid_to is null or r.valid_to >= v_today)
  order by r.valid_from desc nulls last
  limit 1;
  if v_stamp_rate is null then
    perform private.raise_invalid(format('No stamp tax rate is valid on %s', v_today),
      'Load the tax rates (tax_code stamp_tax).');
  end if;

  select s.payment_term_days into v_payment_term_days from public.organisation_settings s;

  v_price_terms := case p_alternative.kind
    when 'discount' then jsonb_build_object('kind', 'regulated_discount',
      'discount_pct', p_alternative.parameters -> 'discount_pct')
    else (p_alternative.parameters - 'kind') || jsonb_build_object('kind', 'fixed_price')
  end;

  insert into public.contracts (offer_id, offer_alternative_id, party_id, dealer_id,
    template_code, sales_strategy, start_date, end_date, price_terms, termination_terms,
    payment_term_days, contract_value_try, stamp_tax_rate_per_mille, stamp_tax_try)
  values (
    p_offer.id, p_alternative.id, p_offer.party_id, p_offer.dealer_id,
    v_template_code, v_strategy, v_batch.period_month,
    (v_batch.period_month + make_interval(months => v_months))::date - 1,
    v_price_terms,
    -- The supplier's standard termination terms: 30 days' written notice,
    -- and an early termination fee of 10 % of the remaining contract value.
    jsonb_build_object('notice_days', 30, 'early_termination_fee_pct', 10),
    coalesce(v_payment_term_days, 10),
    p_alternative.offer_bill_try,
    v_stamp_rate,
    round(p_alternative.offer_bill_try * v_stamp_rate / 1000, 2))
  returning * into v_contract;

  insert into public.contract_metering_points (contract_id, metering_point_id)
  select v_contract.id, m.metering_point_id
  from public.offer_revision_metering_points m
  where m.offer_revision_id = p_alternative.offer_revision_id;

  insert into public.contract_required_documents (contract_id, document_code)
  select v_contract.id, d.code
  from unnest(case v_party.kind
    when 'company' then
      array['tax_plate', 'trade_registry_gazette', 'signature_circular', 'last_invoice']
    else array['id_copy', 'last_invoice']
  end) d (code);

  insert into public.registration_requests (metering_point_id, contract_id,
    registration_batch_id)
  select m.metering_point_id, v_contract.id, v_batch.id
  from public.contract_metering_points m
  where m.contract_id = v_contract.id;

  update public.metering_points m set status = 'registration_pending'
  from public.contract_metering_points c
  where c.contract_id = v_contract.id and m.id = c.metering_point_id
    and m.status in ('prospect', 'inactive');

  return v_contract;
end
$$;

-- Customer answer -------------------------------------------------------------------------

-- The customer (own sent offer) or its seller records the answer to a sent
-- offer: accepted (p_offer_alternative_id names the chosen alternative of
-- the sent revision) creates the contract and the registration requests
-- and ends in contracted; rejected ends the offer.
create function public.respond_to_offer(
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
  if v_offer.id is null or not (
    private.can_sell_offer(v_offer)
    or (private.app_role() = 'customer_user' and v_offer.party_id = private.party_id()
      and v_offer.sent_at is not null)
  ) then
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

-- Expiry --------------------------------------------------------------------------------------

-- Expires approved and sent offers whose valid_until has passed (Istanbul
-- date). Run daily by the expire-offers scheduled job.
create function public.expire_offers()
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_ids uuid[];
begin
  perform set_config('sales.state_change_note', 'Validity date passed', true);

  with expired as (
    update public.offers set state = 'expired'
    where state in ('approved', 'sent')
      and valid_until < (now() at time zone 'Europe/Istanbul')::date
    returning id
  )
  select coalesce(array_agg(id), '{}') into v_ids from expired;

  perform set_config('sales.state_change_note', '', true);

  return jsonb_build_object('expired', cardinality(v_ids), 'offer_ids', to_jsonb(v_ids));
end
$$;

insert into public.scheduled_jobs (name, cron_expression, function_name, body)
values ('expire-offers', '5 0 * * *', 'expire-offers', '{}'::jsonb)
on conflict (name) do nothing;

-- Registration (service role) ------------------------------------------------------------------

-- The batch of a month with its requests still to submit and what the
-- market operator needs of each point.
create function public.registration_requests_to_submit(p_period_month date)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'registration_batch_id', b.id,
    'period_month', b.period_month,
    'deadline_on', b.deadline_on,
    'state', b.state,
    'requests', coalesce((
      select jsonb_agg(jsonb_build_object(
          'registration_request_id', r.id,
          'metering_point_id', m.id,
          'metering_point_code', m.code,
          'installation_number', m.installation_number,
          'distribution_region_code', m.distribution_region_code,
          'party_id', p.id,
          'party_name', p.name,
          'customer_code', p.customer_code,
          'contract_number', c.contract_number) order by m.code)
      from public.registration_requests r
      join public.metering_points m on m.id = r.metering_point_id
      join public.contracts c on c.id = r.contract_id
      join public.parties p on p.id = c.party_id
      where r.registration_batch_id = b.id and r.state = 'requested'), '[]'::jsonb))
  from public.registration_batches b
  where b.period_month = date_trunc('month', p_period_month)::date
$$;

-- Marks a batch submitted to the market operator, with its requests.
create function public.record_registration_submission(
  p_registration_batch_id uuid,
  p_external_reference text default null
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_count integer;
begin
  update public.registration_batches
  set state = 'submitted', submitted_at = now(), external_reference = p_external_reference
  where id = p_registration_batch_id and state = 'open';
  if not found then
    perform private.raise_invalid(format('Registration batch %s is not open',
      coalesce(p_registration_batch_id::text, '(null)')));
  end if;

  update public.registration_requests
  set state = 'submitted'
  where registration_batch_id = p_registration_batch_id and state = 'requested';
  get diagnostics v_count = row_count;

  return jsonb_build_object('registration_batch_id', p_registration_batch_id,
    'submitted', v_count);
end
$$;

-- Records the market operator's answer to a submitted request: approved
-- from p_effective_on, or rejected with a reason.
create function public.record_registration_result(
  p_registration_request_id uuid,
  p_approved boolean,
  p_effective_on date default null,
  p_rejection_reason text default null,
  p_external_reference text default null
)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_request public.registration_requests;
begin
  select * into v_request from public.registration_requests
  where id = p_registration_request_id for update;
  if v_request.id is null then
    raise exception 'Registration request % not found',
      coalesce(p_registration_request_id::text, '(null)') using errcode = 'PT404';
  end if;

  if v_request.state <> 'submitted' then
    perform private.raise_invalid(format('Registration request %s is %s, not submitted',
      v_request.id, v_request.state));
  end if;

  if p_approved and p_effective_on is null then
    perform private.raise_invalid('An approved registration needs p_effective_on');
  end if;

  if not p_approved and coalesce(btrim(p_rejection_reason), '') = '' then
    perform private.raise_invalid('A rejected registration needs p_rejection_reason');
  end if;

  update public.registration_requests
  set state = case when p_approved then 'approved' else 'rejected' end,
    effective_on = case when p_approved then p_effective_on end,
    rejection_reason = case when p_approved then null else p_rejection_reason end,
    external_reference = coalesce(p_external_reference, external_reference)
  where id = v_request.id
  returning * into v_request;

  return to_jsonb(v_request);
end
$$;

-- Requests a rejected point again, after its data was corrected, in the
-- batch that today's date meets. Operations staff, admins or the service
-- role.
create function public.request_registration_again(p_registration_request_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_request public.registration_requests;
  v_batch public.registration_batches;
  v_new_id uuid;
begin
  if auth.role() is distinct from 'service_role'
    and coalesce(private.app_role(), '') not in ('admin', 'operations') then
    raise exception 'Only admins and operations staff can request a registration again'
      using errcode = '42501';
  end if;

  select * into v_request from public.registration_requests
  where id = p_registration_request_id for update;
  if v_request.id is null then
    raise exception 'Registration request % not found',
      coalesce(p_registration_request_id::text, '(null)') using errcode = 'PT404';
  end if;

  if v_request.state <> 'rejected' then
    perform private.raise_invalid(format('Registration request %s is %s: only a rejected one is requested again',
      v_request.id, v_request.state));
  end if;

  v_batch := private.registration_batch_for((now() at time zone 'Europe/Istanbul')::date);
  insert into public.registration_requests (metering_point_id, contract_id,
    registration_batch_id)
  values (v_request.metering_point_id, v_request.contract_id, v_batch.id)
  returning id into v_new_id;

  return jsonb_build_object('registration_request_id', v_new_id,
    'registration_batch_id', v_batch.id, 'period_month', v_batch.period_month);
end
$$;

-- Moves approved requests whose effective date has come (on or before
-- p_on) into the portfolio: the metering point becomes active from that
-- date and its party a customer. Returns the parties that became
-- customers, for the welcome e-mail.
create function public.enter_portfolio(p_on date default null)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_on date := coalesce(p_on, (now() at time zone 'Europe/Istanbul')::date);
  v_entered jsonb;
  v_new_customers jsonb;
begin
  with entered as (
    update public.registration_requests r
    set state = 'in_portfolio'
    where r.state = 'approved' and r.effective_on <= v_on
    returning r.id, r.metering_point_id, r.contract_id, r.effective_on
  ),

  -- the points start supply on their effective date (a data-modifying CTE
  -- runs whether or not the query reads it)
  activated as (
    update public.metering_points m
    set status = 'active', supply_started_on = e.effective_on, supply_ended_on = null
    from entered e
    where m.id = e.metering_point_id
    returning m.id
  )

  select coalesce(jsonb_agg(jsonb_build_object(
      'registration_request_id', e.id, 'metering_point_id', e.metering_point_id,
      'contract_id', e.contract_id, 'party_id', c.party_id,
      'effective_on', e.effective_on)), '[]'::jsonb)
  into v_entered
  from entered e
  join public.contracts c on c.id = e.contract_id;

  with parties_in as (
    select distinct (x ->> 'party_id')::uuid as party_id
    from jsonb_array_elements(v_entered) x
  ),

  became as (
    update public.parties p
    set lifecycle = 'customer'
    from parties_in i
    where p.id = i.party_id and p.lifecycle <> 'customer'
    returning p.id, p.name, p.email, p.became_customer_at
  )

  select coalesce(jsonb_agg(jsonb_build_object('party_id', b.id, 'name', b.name,
      'email', b.email, 'became_customer_at', b.became_customer_at)), '[]'::jsonb)
  into v_new_customers
  from became b;

  update public.contracts c set state = 'active'
  where c.state in ('awaiting_signature', 'signed')
    and c.id in (select (x ->> 'contract_id')::uuid from jsonb_array_elements(v_entered) x);

  return jsonb_build_object('on', v_on, 'entered', v_entered,
    'new_customers', v_new_customers);
end
$$;

-- Customer view ------------------------------------------------------------------------------

-- The caller's offers as a customer may see them: each offer it was sent,
-- with the alternatives of the last revision sent (label, kind, totals and
-- monthly bills and savings), never supply cost, profit, rule checks or
-- approvals.
create function public.customer_offers()
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

revoke all on function
  public.respond_to_offer(uuid, uuid, text, text), public.customer_offers(),
  public.expire_offers(), public.registration_requests_to_submit(date),
  public.record_registration_submission(uuid, text),
  public.record_registration_result(uuid, boolean, date, text, text),
  public.request_registration_again(uuid), public.enter_portfolio(date)
  from public, anon, authenticated;
grant execute on function public.respond_to_offer(uuid, uuid, text, text),
  public.customer_offers(), public.request_registration_again(uuid)
  to authenticated;
grant execute on function
  public.respond_to_offer(uuid, uuid, text, text), public.customer_offers(),
  public.expire_offers(), public.registration_requests_to_submit(date),
  public.record_registration_submission(uuid, text),
  public.record_registration_result(uuid, boolean, date, text, text),
  public.request_registration_again(uuid), public.enter_portfolio(date)
  to service_role;
