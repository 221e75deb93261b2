-- Parties: leads, customers and former customers in one table, with their
-- contacts. A party is a company (VKN) or a person (TCKN); its customer code
-- is derived from that tax identity, so the same company always gets the
-- same code, whoever enters it.

create table public.parties (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('company', 'person')),
  vkn text,
  tckn text,
  customer_code text not null unique generated always as (
    'C' || upper(left(md5(kind || ':' || coalesce(vkn, tckn)), 10))
  ) stored,
  name text not null collate public.tr_icu check (length(btrim(name)) > 0),
  search_text text not null generated always as (private.turkish_fold(name)) stored,
  lifecycle text not null default 'lead' check (lifecycle in ('lead', 'customer', 'former_customer')),
  tax_office text,
  sector text,
  estimated_yearly_consumption_kwh numeric(14, 0) check (estimated_yearly_consumption_kwh >= 0),
  distribution_region_code text references public.distribution_regions (code),
  subscriber_group_code text references public.subscriber_groups (code),
  owner_staff_id uuid references public.staff (id),
  owner_dealer_id uuid references public.dealers (id),
  email text,
  phone text,
  billing_address text,
  billing_province_plate_code smallint references public.provinces (plate_code),
  billing_district_id smallint references public.districts (id),
  postal_address text,
  postal_province_plate_code smallint references public.provinces (plate_code),
  postal_district_id smallint references public.districts (id),
  became_customer_at timestamptz,
  left_at timestamptz,
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint parties_tax_identity_check check (
    (kind = 'company' and vkn is not null and tckn is null)
    or (kind = 'person' and tckn is not null and vkn is null)
  )
);
comment on table public.parties is
  'Leads, customers and former customers (lifecycle lead → customer → former_customer): a '
  'company with a VKN or a person with a TCKN, with addresses, sector, estimated yearly '
  'consumption, region, subscriber group and the consultant or dealer that owns it.';
comment on column public.parties.customer_code is
  'Code derived from the tax identity: C + the first 10 hex digits of md5(kind:VKN or kind:TCKN), in capitals.';
comment on column public.parties.search_text is
  'Turkish-folded name for search: filter with ilike on a query folded by foldTurkish().';

create index parties_owner_staff_id_idx on public.parties (owner_staff_id);
create index parties_owner_dealer_id_idx on public.parties (owner_dealer_id);
create index parties_lifecycle_idx on public.parties (lifecycle);
create index parties_name_idx on public.parties (name);
create index parties_search_text_idx on public.parties
  using gin (search_text extensions.gin_trgm_ops);

create trigger check_fields before insert or update on public.parties
  for each row execute function private.check_turkish_fields(
    'vkn:vkn', 'tckn:tckn', 'phone:phone', 'email:email'
  );
create trigger set_updated_at before update on public.parties
  for each row execute function private.set_updated_at();

-- Lifecycle: a lead becomes a customer, a customer a former customer, and a
-- former customer may return. The dates of becoming and leaving follow.
create function private.apply_party_lifecycle()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    if new.lifecycle <> 'lead' then
      new.became_customer_at := coalesce(new.became_customer_at, now());
    end if;
    if new.lifecycle = 'former_customer' then
      new.left_at := coalesce(new.left_at, now());
    end if;

    return new;
  end if;

  if new.lifecycle is not distinct from old.lifecycle then
    return new;
  end if;

  if (old.lifecycle, new.lifecycle) not in (
    ('lead', 'customer'), ('customer', 'former_customer'), ('former_customer', 'customer')
  ) then
    raise exception 'invalid lifecycle change in parties.lifecycle: % to %',
      old.lifecycle, new.lifecycle
      using
        errcode = 'check_violation',
        table = 'parties',
        column = 'lifecycle',
        hint = 'A lead becomes a customer, a customer a former customer, who may return.';
  end if;

  if new.lifecycle = 'customer' then
    new.became_customer_at := now();
    new.left_at := null;
  else
    new.left_at := now();
  end if;

  return new;
end
$$;

create trigger apply_lifecycle before insert or update of lifecycle on public.parties
  for each row execute function private.apply_party_lifecycle();

alter table public.app_users
  add constraint app_users_party_id_fkey foreign key (party_id)
  references public.parties (id) on delete cascade;

create table public.party_contacts (
  id uuid primary key default gen_random_uuid(),
  party_id uuid not null references public.parties (id) on delete cascade,
  full_name text not null collate public.tr_icu,
  title text,
  email text,
  phone text,
  is_primary boolean not null default false,
  created_at timestamptz not null default now()
);
comment on table public.party_contacts is 'People to contact at a lead or customer.';

create index party_contacts_party_id_idx on public.party_contacts (party_id);

create trigger check_fields before insert or update on public.party_contacts
  for each row execute function private.check_turkish_fields('phone:phone', 'email:email');

alter table public.parties enable row level security;
alter table public.party_contacts enable row level security;

create policy "Head-office staff can view all parties"
  on public.parties for select to authenticated
  using (
    (select private.app_role())
      in ('admin', 'manager', 'call_centre_agent', 'finance', 'operations')
  );
create policy "Sales consultants can view their and their dealers' parties"
  on public.parties for select to authenticated
  using (
    (select private.app_role()) = 'sales_consultant'
    and (
      owner_staff_id = (select private.staff_id())
      or owner_dealer_id = any ((select private.visible_dealer_ids())::uuid[])
    )
  );
create policy "Dealer users can view parties of their dealer tree"
  on public.parties for select to authenticated
  using (
    (select private.app_role()) = 'dealer_user'
    and owner_dealer_id = any ((select private.visible_dealer_ids())::uuid[])
  );
create policy "Customer users can view their own party"
  on public.parties for select to authenticated
  using (id = (select private.party_id()));

create policy "Admins and managers can add parties"
  on public.parties for insert to authenticated
  with check ((select private.app_role()) in ('admin', 'manager'));
create policy "Sales consultants can add parties they or their dealers own"
  on public.parties for insert to authenticated
  with check (
    (select private.app_role()) = 'sales_consultant'
    and (
      owner_staff_id = (select private.staff_id())
      or owner_dealer_id = any ((select private.visible_dealer_ids())::uuid[])
    )
  );
create policy "Dealer users can add parties to their dealer tree"
  on public.parties for insert to authenticated
  with check (
    (select private.app_role()) = 'dealer_user'
    and owner_dealer_id = any ((select private.visible_dealer_ids())::uuid[])
  );

create policy "Admins and managers can update parties"
  on public.parties for update to authenticated
  using ((select private.app_role()) in ('admin', 'manager'))
  with check ((select private.app_role()) in ('admin', 'manager'));
create policy "Sales consultants can update their and their dealers' parties"
  on public.parties for update to authenticated
  using (
    (select private.app_role()) = 'sales_consultant'
    and (
      owner_staff_id = (select private.staff_id())
      or owner_dealer_id = any ((select private.visible_dealer_ids())::uuid[])
    )
  )
  with check (
    (select private.app_role()) = 'sales_consultant'
    and (
      owner_staff_id = (select private.staff_id())
      or owner_dealer_id = any ((select private.visible_dealer_ids())::uuid[])
    )
  );
create policy "Dealer users can update parties of their dealer tree"
  on public.parties for update to authenticated
  using (
    (select private.app_role()) = 'dealer_user'
    and owner_dealer_id = any ((select private.visible_dealer_ids())::uuid[])
  )
  with check (
    (select private.app_role()) = 'dealer_user'
    and owner_dealer_id = any ((select private.visible_dealer_ids())::uuid[])
  );

-- Parties carry contracts and invoices later, so only admins delete them;
-- others move a party to former_customer instead.
create policy "Admins can delete parties"
  on public.parties for delete to authenticated
  using ((select private.app_role()) = 'admin');

create policy "Users who can view a party can view its contacts"
  on public.party_contacts for select to authenticated
  using (party_id in (select p.id from public.parties p));
create policy "Party owners can add contacts to parties they can view"
  on public.party_contacts for insert to authenticated
  with check (
    (select private.app_role()) in ('admin', 'manager', 'sales_consultant', 'dealer_user')
    and party_id in (select p.id from public.parties p)
  );
create policy "Party owners can update contacts of parties they can view"
  on public.party_contacts for update to authenticated
  using (
    (select private.app_role()) in ('admin', 'manager', 'sales_consultant', 'dealer_user')
    and party_id in (select p.id from public.parties p)
  )
  with check (
    (select private.app_role()) in ('admin', 'manager', 'sales_consultant', 'dealer_user')
    and party_id in (select p.id from public.parties p)
  );
create policy "Party owners can delete contacts of parties they can view"
  on public.party_contacts for delete to authenticated
  using (
    (select private.app_role()) in ('admin', 'manager', 'sales_consultant', 'dealer_user')
    and party_id in (select p.id from public.parties p)
  );
