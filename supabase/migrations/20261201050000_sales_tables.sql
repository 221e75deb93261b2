-- The sales chain's tables: offers with their revisions and alternatives,
-- the approval and send records, contracts with their metering points and
-- required documents, and market registration requests in monthly batches.
--
-- Deleting a party or a metering point (admins only, as a deliberate
-- erasure) deletes the sales records that name it.
--
-- Writes to offers and everything under them go through the RPCs of the
-- next migrations, which enforce the state machine, the approval flow and
-- the one-dealer-per-customer rule. So those tables have select policies
-- only and the API roles lose their write privileges on them. Competitor
-- offers and the required documents checklist are plain data that sellers
-- edit directly.

alter table public.organisation_settings
  add column dealer_offers_always_need_approval boolean not null default false,
  add column registration_deadline_day smallint not null default 20
    check (registration_deadline_day between 1 and 28);
comment on column public.organisation_settings.dealer_offers_always_need_approval is
  'When true, every dealer offer goes to head-office approval, even one that breaks no rule.';
comment on column public.organisation_settings.registration_deadline_day is
  'Day of month by which a registration request must exist to join that month''s batch.';

-- Offers -----------------------------------------------------------------------

create sequence private.offer_number_seq;
create sequence private.contract_number_seq;

create table public.offers (
  id uuid primary key default gen_random_uuid(),
  offer_number text not null unique default (
    'TKF-' || to_char(now() at time zone 'Europe/Istanbul', 'YYYY') || '-'
      || lpad(nextval('private.offer_number_seq')::text, 6, '0')
  ),
  party_id uuid not null references public.parties (id) on delete cascade,
  dealer_id uuid references public.dealers (id),
  owner_staff_id uuid references public.staff (id),
  created_by uuid references auth.users (id) on delete set null,
  state text not null default 'draft' check (state in (
    'draft', 'awaiting_approval', 'approved', 'sent', 'accepted', 'rejected', 'expired',
    'contracted'
  )),
  valid_until date not null,
  current_revision_no integer not null default 1 check (current_revision_no >= 1),
  customer_code text not null,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.offers is
  'Price offers to a lead or customer, made by head office (dealer_id null) or a dealer: '
  'state, validity date and the number of the current revision. customer_code is copied '
  'from the party for the one-dealer-per-customer rule.';
comment on column public.offers.sent_at is
  'When the offer was first sent to the customer; customers see their offers from then on.';

create index offers_party_id_idx on public.offers (party_id);
create index offers_dealer_id_idx on public.offers (dealer_id);
create index offers_owner_staff_id_idx on public.offers (owner_staff_id);
create index offers_created_by_idx on public.offers (created_by);
create index offers_state_idx on public.offers (state);
create index offers_customer_code_idx on public.offers (customer_code, state);

create trigger set_updated_at before update on public.offers
  for each row execute function private.set_updated_at();

create table public.offer_revisions (
  id uuid primary key default gen_random_uuid(),
  offer_id uuid not null references public.offers (id) on delete cascade,
  revision_no integer not null check (revision_no >= 1),
  consumption jsonb not null,
  assumptions jsonb not null default '{}'::jsonb,
  market_snapshot jsonb,
  changes jsonb not null default '{}'::jsonb,
  frozen_at timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (offer_id, revision_no)
);
comment on table public.offer_revisions is
  'Numbered versions of an offer: the consumption it is priced on (metering points or an '
  'estimate), the market figures used, what changed against the previous revision, and '
  'frozen_at once sent, after which it and its alternatives cannot change.';

create table public.offer_revision_metering_points (
  offer_revision_id uuid not null references public.offer_revisions (id) on delete cascade,
  metering_point_id uuid not null references public.metering_points (id) on delete cascade,
  primary key (offer_revision_id, metering_point_id)
);
comment on table public.offer_revision_metering_points is
  'The metering points a revision covers, when it is priced on known meters.';

create index offer_revision_metering_points_metering_point_id_idx
  on public.offer_revision_metering_points (metering_point_id);

create table public.offer_alternatives (
  id uuid primary key default gen_random_uuid(),
  offer_revision_id uuid not null references public.offer_revisions (id) on delete cascade,
  position smallint not null check (position >= 1),
  label text not null check (length(btrim(label)) > 0),
  kind text not null check (kind in ('discount', 'fixed_price', 'ptf_indexed')),
  parameters jsonb not null,
  pricing_result jsonb,
  rule_check jsonb,
  breaks_rules boolean not null default false,
  consumption_kwh numeric(16, 3),
  regulated_bill_try numeric(16, 2),
  offer_bill_try numeric(16, 2),
  savings_try numeric(16, 2),
  gross_profit_try numeric(16, 2),
  unique (offer_revision_id, position)
);
comment on table public.offer_alternatives is
  'Price alternatives inside a revision (discount, fixed price or PTF-indexed): the '
  'parameters, the pricing engine''s full result, the rule check, and totals over the '
  'offer period extracted for lists.';

create table public.offer_state_changes (
  id bigint generated always as identity primary key,
  offer_id uuid not null references public.offers (id) on delete cascade,
  from_state text,
  to_state text not null,
  changed_by uuid,
  note text,
  changed_at timestamptz not null default now()
);
comment on table public.offer_state_changes is
  'History of offer states, one row per change (from_state null when the offer was created).';

create index offer_state_changes_offer_id_idx on public.offer_state_changes (offer_id);

create table public.offer_approvals (
  id uuid primary key default gen_random_uuid(),
  offer_id uuid not null references public.offers (id) on delete cascade,
  offer_revision_id uuid not null references public.offer_revisions (id) on delete cascade,
  requested_by uuid,
  violations jsonb not null default '[]'::jsonb,
  decision text check (decision in ('approved', 'rejected', 'sent_back')),
  decided_by uuid,
  note text,
  requested_at timestamptz not null default now(),
  decided_at timestamptz,
  check ((decision is null) = (decided_at is null))
);
comment on table public.offer_approvals is
  'Head-office approval requests for offers: the broken rules, and the decision '
  '(approved, rejected or sent back) with its note; decision is null while pending.';

create index offer_approvals_offer_id_idx on public.offer_approvals (offer_id);
create unique index offer_approvals_one_pending_idx on public.offer_approvals (offer_id)
  where decision is null;

create table public.offer_sends (
  id uuid primary key default gen_random_uuid(),
  offer_id uuid not null references public.offers (id) on delete cascade,
  offer_revision_id uuid not null references public.offer_revisions (id) on delete cascade,
  recipient_email text not null,
  sent_by uuid,
  document_paths text[] not null default '{}',
  message_id text,
  sent_at timestamptz not null default now()
);
comment on table public.offer_sends is
  'E-mails that sent an offer revision: recipient, sender, the storage paths of the '
  'attached documents and the SMTP message id.';

create index offer_sends_offer_id_idx on public.offer_sends (offer_id);

create table public.competitor_offers (
  id uuid primary key default gen_random_uuid(),
  offer_id uuid not null references public.offers (id) on delete cascade,
  supplier_name text not null check (length(btrim(supplier_name)) > 0),
  kind text not null check (kind in ('discount', 'fixed_price', 'ptf_indexed')),
  unit_price_try_per_kwh numeric(12, 6) check (unit_price_try_per_kwh >= 0),
  discount_pct numeric(6, 3) check (discount_pct between -100 and 100),
  yearly_bill_try numeric(16, 2) check (yearly_bill_try >= 0),
  note text,
  created_at timestamptz not null default now()
);
comment on table public.competitor_offers is
  'Other suppliers'' offers that the customer showed us, for the comparison sheet.';

create index competitor_offers_offer_id_idx on public.competitor_offers (offer_id);

-- Contracts --------------------------------------------------------------------

create table public.contracts (
  id uuid primary key default gen_random_uuid(),
  contract_number text not null unique default (
    'SZL-' || to_char(now() at time zone 'Europe/Istanbul', 'YYYY') || '-'
      || lpad(nextval('private.contract_number_seq')::text, 6, '0')
  ),
  offer_id uuid not null unique references public.offers (id) on delete cascade,
  offer_alternative_id uuid not null references public.offer_alternatives (id) on delete cascade,
  party_id uuid not null references public.parties (id) on delete cascade,
  dealer_id uuid references public.dealers (id),
  template_code text not null,
  sales_strategy text not null check (sales_strategy in ('indirimli', 'sabit_fiyat')),
  start_date date not null,
  end_date date not null,
  price_terms jsonb not null,
  termination_terms jsonb not null,
  payment_term_days smallint not null,
  contract_value_try numeric(16, 2) not null check (contract_value_try >= 0),
  stamp_tax_rate_per_mille numeric(10, 6) not null,
  stamp_tax_try numeric(16, 2) not null check (stamp_tax_try >= 0),
  state text not null default 'awaiting_signature' check (state in (
    'awaiting_signature', 'signed', 'active', 'ended', 'terminated'
  )),
  document_path text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (end_date > start_date)
);
comment on table public.contracts is
  'Supply contracts created when a customer accepts an offer alternative: template, '
  'term, price and termination terms, contract value with its stamp tax, and state.';

create index contracts_party_id_idx on public.contracts (party_id);
create index contracts_dealer_id_idx on public.contracts (dealer_id);

create trigger set_updated_at before update on public.contracts
  for each row execute function private.set_updated_at();

create table public.contract_metering_points (
  contract_id uuid not null references public.contracts (id) on delete cascade,
  metering_point_id uuid not null references public.metering_points (id) on delete cascade,
  primary key (contract_id, metering_point_id)
);
comment on table public.contract_metering_points is 'The metering points a contract supplies.';

create index contract_metering_points_metering_point_id_idx
  on public.contract_metering_points (metering_point_id);

create table public.contract_required_documents (
  contract_id uuid not null references public.contracts (id) on delete cascade,
  document_code text not null check (document_code in (
    'tax_plate', 'trade_registry_gazette', 'signature_circular', 'id_copy', 'last_invoice'
  )),
  received_at timestamptz,
  storage_path text,
  primary key (contract_id, document_code)
);
comment on table public.contract_required_documents is
  'Checklist of the documents a contract needs from the customer (by party kind), with '
  'when each arrived and where it is stored.';

-- Market registration ------------------------------------------------------------

create table public.registration_batches (
  id uuid primary key default gen_random_uuid(),
  period_month date not null unique check (period_month = date_trunc('month', period_month)),
  deadline_on date not null,
  state text not null default 'open' check (state in ('open', 'submitted', 'closed')),
  submitted_at timestamptz,
  external_reference text,
  created_at timestamptz not null default now()
);
comment on table public.registration_batches is
  'Monthly batches of market registration requests: the month supply starts, the '
  'deadline for joining the batch and the submission to the market operator.';

create table public.registration_requests (
  id uuid primary key default gen_random_uuid(),
  metering_point_id uuid not null references public.metering_points (id) on delete cascade,
  contract_id uuid not null references public.contracts (id) on delete cascade,
  registration_batch_id uuid not null references public.registration_batches (id),
  state text not null default 'requested' check (state in (
    'requested', 'submitted', 'approved', 'rejected', 'in_portfolio'
  )),
  effective_on date,
  rejection_reason text,
  external_reference text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((state = 'rejected') = (rejection_reason is not null))
);
comment on table public.registration_requests is
  'Requests to register a contract''s metering point to the supplier''s portfolio: '
  'requested → submitted → approved (from effective_on) or rejected with a reason → in '
  'portfolio. A rejected point is requested again with a new row.';

create index registration_requests_metering_point_id_idx
  on public.registration_requests (metering_point_id);
create index registration_requests_contract_id_idx on public.registration_requests (contract_id);
create index registration_requests_batch_idx
  on public.registration_requests (registration_batch_id, state);
-- A metering point has at most one registration in progress.
create unique index registration_requests_one_open_idx
  on public.registration_requests (metering_point_id)
  where state in ('requested', 'submitted', 'approved');

create trigger set_updated_at before update on public.registration_requests
  for each row execute function private.set_updated_at();

-- Audit ----------------------------------------------------------------------------

create trigger audit_changes after insert or update or delete on public.offers
  for each row execute function private.record_audit_event();
create trigger audit_changes after insert or update or delete on public.contracts
  for each row execute function private.record_audit_event();

-- Row-level security -------------------------------------------------------------------

alter table public.offers enable row level security;
alter table public.offer_revisions enable row level security;
alter table public.offer_revision_metering_points enable row level security;
alter table public.offer_alternatives enable row level security;
alter table public.offer_state_changes enable row level security;
alter table public.offer_approvals enable row level security;
alter table public.offer_sends enable row level security;
alter table public.competitor_offers enable row level security;
alter table public.contracts enable row level security;
alter table public.contract_metering_points enable row level security;
alter table public.contract_required_documents enable row level security;
alter table public.registration_batches enable row level security;
alter table public.registration_requests enable row level security;

-- Offers are created, changed and removed only by the sales RPCs, so they
-- have no insert, update or delete policy.
create policy "Head-office staff can view all offers"
  on public.offers for select to authenticated
  using (
    (select private.app_role())
      in ('admin', 'manager', 'call_centre_agent', 'finance', 'operations')
  );
create policy "Sales consultants can view their and their dealers' offers"
  on public.offers for select to authenticated
  using (
    (select private.app_role()) = 'sales_consultant'
    and (
      owner_staff_id = (select private.staff_id())
      or created_by = (select auth.uid())
      or dealer_id = any ((select private.visible_dealer_ids())::uuid[])
    )
  );
create policy "Dealer users can view offers of their dealer tree"
  on public.offers for select to authenticated
  using (
    (select private.app_role()) = 'dealer_user'
    and dealer_id = any ((select private.visible_dealer_ids())::uuid[])
  );
create policy "Customer users can view their offers once sent"
  on public.offers for select to authenticated
  using (party_id = (select private.party_id()) and sent_at is not null);

-- Revisions, alternatives and the records under an offer carry supply cost,
-- profit, rule checks and approvals, so customers never read them; they get
-- public.customer_offers() instead. Sellers and staff read them for every
-- offer they can read. Only the RPCs write them.
create policy "Sellers and staff can view revisions of offers they can view"
  on public.offer_revisions for select to authenticated
  using (
    (select private.app_role()) <> 'customer_user'
    and offer_id in (select o.id from public.offers o)
  );
create policy "Sellers and staff can view metering points of revisions"
  on public.offer_revision_metering_points for select to authenticated
  using (
    (select private.app_role()) <> 'customer_user'
    and offer_revision_id in (select r.id from public.offer_revisions r)
  );
create policy "Sellers and staff can view alternatives of offers they can view"
  on public.offer_alternatives for select to authenticated
  using (
    (select private.app_role()) <> 'customer_user'
    and offer_revision_id in (select r.id from public.offer_revisions r)
  );
create policy "Sellers and staff can view state changes of visible offers"
  on public.offer_state_changes for select to authenticated
  using (
    (select private.app_role()) <> 'customer_user'
    and offer_id in (select o.id from public.offers o)
  );
create policy "Sellers and staff can view approvals of offers they can view"
  on public.offer_approvals for select to authenticated
  using (
    (select private.app_role()) <> 'customer_user'
    and offer_id in (select o.id from public.offers o)
  );
create policy "Sellers and staff can view sends of offers they can view"
  on public.offer_sends for select to authenticated
  using (
    (select private.app_role()) <> 'customer_user'
    and offer_id in (select o.id from public.offers o)
  );

create policy "Sellers and staff can view competitor offers of visible offers"
  on public.competitor_offers for select to authenticated
  using (
    (select private.app_role()) <> 'customer_user'
    and offer_id in (select o.id from public.offers o)
  );
create policy "Sellers can add competitor offers to offers they can view"
  on public.competitor_offers for insert to authenticated
  with check (
    (select private.app_role()) in ('admin', 'manager', 'sales_consultant', 'dealer_user')
    and offer_id in (select o.id from public.offers o)
  );
create policy "Sellers can update competitor offers of offers they can view"
  on public.competitor_offers for update to authenticated
  using (
    (select private.app_role()) in ('admin', 'manager', 'sales_consultant', 'dealer_user')
    and offer_id in (select o.id from public.offers o)
  )
  with check (
    (select private.app_role()) in ('admin', 'manager', 'sales_consultant', 'dealer_user')
    and offer_id in (select o.id from public.offers o)
  );
create policy "Sellers can delete competitor offers of offers they can view"
  on public.competitor_offers for delete to authenticated
  using (
    (select private.app_role()) in ('admin', 'manager', 'sales_consultant', 'dealer_user')
    and offer_id in (select o.id from public.offers o)
  );

-- Contracts come from accepted offers (respond_to_offer) and change state
-- through RPCs only, so they have no insert, update or delete policy.
create policy "Head-office staff can view all contracts"
  on public.contracts for select to authenticated
  using (
    (select private.app_role())
      in ('admin', 'manager', 'call_centre_agent', 'finance', 'operations')
  );
create policy "Sellers and customers can view contracts of visible offers"
  on public.contracts for select to authenticated
  using (
    (select private.app_role()) in ('sales_consultant', 'dealer_user', 'customer_user')
    and offer_id in (select o.id from public.offers o)
  );

create policy "Users who can view a contract can view its metering points"
  on public.contract_metering_points for select to authenticated
  using (contract_id in (select c.id from public.contracts c));

create policy "Users who can view a contract can view its required documents"
  on public.contract_required_documents for select to authenticated
  using (contract_id in (select c.id from public.contracts c));
-- The checklist rows come with the contract; staff and sellers record the
-- documents as they arrive, and nobody adds or removes rows through the API.
create policy "Staff and sellers can record required documents of contracts"
  on public.contract_required_documents for update to authenticated
  using (
    (select private.app_role())
      in ('admin', 'manager', 'operations', 'sales_consultant', 'dealer_user')
    and contract_id in (select c.id from public.contracts c)
  )
  with check (
    (select private.app_role())
      in ('admin', 'manager', 'operations', 'sales_consultant', 'dealer_user')
    and contract_id in (select c.id from public.contracts c)
  );

-- Batches and requests are written by the registration RPCs (service role).
create policy "Staff can view registration batches"
  on public.registration_batches for select to authenticated
  using ((select private.staff_id()) is not null);

create policy "Head-office staff can view all registration requests"
  on public.registration_requests for select to authenticated
  using (
    (select private.app_role())
      in ('admin', 'manager', 'call_centre_agent', 'finance', 'operations')
  );
create policy "Sellers and customers can view registrations of their contracts"
  on public.registration_requests for select to authenticated
  using (
    (select private.app_role()) in ('sales_consultant', 'dealer_user', 'customer_user')
    and contract_id in (select c.id from public.contracts c)
  );

-- Remove the default write grants where the RPCs are the only writers, so
-- that a missing policy is not the only guard.
revoke insert, update, delete, truncate on
  public.offers, public.offer_revisions, public.offer_revision_metering_points,
  public.offer_alternatives, public.offer_state_changes, public.offer_approvals,
  public.offer_sends, public.contracts, public.contract_metering_points,
  public.registration_batches, public.registration_requests
  from anon, authenticated;
revoke insert, delete, truncate on public.contract_required_documents from anon, authenticated;
revoke update on public.contract_required_documents from anon, authenticated;
grant update (received_at, storage_path) on public.contract_required_documents to authenticated;
revoke all on
  public.offers, public.offer_revisions, public.offer_revision_metering_points,
  public.offer_alternatives, public.offer_state_changes, public.offer_approvals,
  public.offer_sends, public.competitor_offers, public.contracts,
  public.contract_metering_points, public.contract_required_documents,
  public.registration_batches, public.registration_requests
  from anon;
