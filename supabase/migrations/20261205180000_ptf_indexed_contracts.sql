-- Contracts for PTF-indexed alternatives.
--
-- A customer could be offered a PTF-indexed price but not accept it, because
-- no contract template covered it. A third sales strategy, ptf_endeksli, and
-- its template let such an alternative become a contract. Its price terms
-- keep the margin (TL/MWh over PTF + YEKDEM) or the coefficient on PTF +
-- YEKDEM, as the alternative states it.

alter table private.contract_templates
  drop constraint contract_templates_sales_strategy_check,
  add constraint contract_templates_sales_strategy_check
    check (sales_strategy in ('indirimli', 'sabit_fiyat', 'ptf_endeksli'));

alter table public.contracts
  drop constraint contracts_sales_strategy_check,
  add constraint contracts_sales_strategy_check
    check (sales_strategy in ('indirimli', 'sabit_fiyat', 'ptf_endeksli'));

insert into private.contract_templates (template_code, sales_strategy, valid_from, valid_to)
values ('ptf-endeksli-2026', 'ptf_endeksli', '2026-01-01', null);

create or replace function private.create_contract(
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
    when 'ptf_indexed' then 'ptf_endeksli'
  end;
  if v_strategy is null then
    perform private.raise_invalid(format('No contract template for %s alternatives',
      p_alternative.kind), 'Accept a discount, fixed-price or PTF-indexed alternative.');
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
    when 'ptf_indexed' then jsonb_strip_nulls(jsonb_build_object('kind', 'ptf_indexed',
      'margin_try_per_mwh', p_alternative.parameters -> 'margin_try_per_mwh',
      'coefficient', p_alternative.parameters -> 'coefficient'))
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
