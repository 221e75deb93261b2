-- The supplier itself, its staff, its dealer hierarchy and the accounts that
-- tie a login to a staff member, a dealer or a customer. The helpers in
-- `private` that every policy uses to learn the caller's business role are
-- defined here, after the tables they read.
--
-- Words used in policy names (which Postgres cuts at 63 characters): a
-- "dealer tree" is a dealer and every dealer below it; "sellers" are sales
-- consultants and dealer users; "dealer managers" are admins, managers, the
-- consultant in charge of the dealer and the dealer tree's own users.

create table public.organisation_settings (
  id boolean primary key default true check (id),
  legal_name text not null,
  trade_name text not null,
  vkn text not null,
  tax_office text not null,
  mersis_number text check (mersis_number ~ '^[0-9]{16}$'),
  trade_registry_number text,
  address text,
  province_plate_code smallint references public.provinces (plate_code),
  phone text,
  email text,
  website text,
  iban text,
  logo_url text,
  email_sender_name text not null,
  email_sender_address text not null,
  payment_term_days smallint not null default 10 check (payment_term_days between 0 and 120),
  epias_participant_code text,
  epias_organisation_eic text check (epias_organisation_eic ~ '^[0-9A-Z-]{16}$'),
  updated_at timestamptz not null default now()
);
comment on table public.organisation_settings is
  'One row: the supplier''s legal identity, tax data, logo, e-mail sender, payment terms '
  'and market participant codes (EPİAŞ participant code and EIC).';

create trigger check_fields before insert or update on public.organisation_settings
  for each row execute function private.check_turkish_fields(
    'vkn:vkn', 'iban:iban', 'phone:phone', 'email:email', 'email_sender_address:email'
  );
create trigger set_updated_at before update on public.organisation_settings
  for each row execute function private.set_updated_at();

create table public.staff (
  id uuid primary key default gen_random_uuid(),
  user_id uuid unique references auth.users (id) on delete set null,
  role text not null check (
    role in ('admin', 'manager', 'sales_consultant', 'call_centre_agent', 'finance', 'operations')
  ),
  full_name text not null collate public.tr_icu,
  search_text text not null generated always as (private.turkish_fold(full_name)) stored,
  email text not null unique,
  phone text,
  title text,
  department text,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.staff is
  'Head-office staff with their business role: admin, manager, sales consultant, '
  'call-centre agent, finance or operations. user_id follows app_users (kept by trigger).';

create trigger check_fields before insert or update on public.staff
  for each row execute function private.check_turkish_fields('phone:phone', 'email:email');
create trigger set_updated_at before update on public.staff
  for each row execute function private.set_updated_at();

create table public.dealers (
  id uuid primary key default gen_random_uuid(),
  parent_dealer_id uuid references public.dealers (id),
  level text not null check (level in ('distributor', 'main_dealer', 'sub_dealer')),
  code text not null unique check (code ~ '^[A-Z0-9-]{3,20}$'),
  name text not null collate public.tr_icu,
  search_text text not null generated always as (private.turkish_fold(name)) stored,
  legal_name text not null,
  vkn text,
  tckn text,
  tax_office text,
  iban text,
  logo_url text,
  email text,
  phone text,
  address text,
  province_plate_code smallint references public.provinces (plate_code),
  district_id smallint references public.districts (id),
  distribution_region_code text references public.distribution_regions (code),
  status text not null default 'active' check (status in ('prospective', 'active', 'suspended', 'terminated')),
  consultant_staff_id uuid references public.staff (id),
  contract_started_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint dealers_tax_identity_check check (num_nonnulls(vkn, tckn) = 1),
  constraint dealers_level_parent_check check (
    (level = 'distributor' and parent_dealer_id is null)
    or (level = 'main_dealer')
    or (level = 'sub_dealer' and parent_dealer_id is not null)
  ),
  constraint dealers_parent_not_self_check check (parent_dealer_id <> id)
);
comment on table public.dealers is
  'Dealer cards in a hierarchy distributor → main dealer → sub-dealer: logo, tax identity, '
  'IBAN, region, status and the sales consultant in charge.';

create index dealers_parent_dealer_id_idx on public.dealers (parent_dealer_id);
create index dealers_consultant_staff_id_idx on public.dealers (consultant_staff_id);

create trigger check_fields before insert or update on public.dealers
  for each row execute function private.check_turkish_fields(
    'vkn:vkn', 'tckn:tckn', 'iban:iban', 'phone:phone', 'email:email'
  );
create trigger set_updated_at before update on public.dealers
  for each row execute function private.set_updated_at();

-- A parent must sit one level above its child: a main dealer under a
-- distributor, a sub-dealer under a main dealer.
create function private.check_dealer_parent()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  parent_level text;
begin
  if new.parent_dealer_id is null then
    return new;
  end if;

  select level into parent_level from public.dealers where id = new.parent_dealer_id;
  if (new.level = 'main_dealer' and parent_level <> 'distributor')
    or (new.level = 'sub_dealer' and parent_level <> 'main_dealer') then
    raise exception 'invalid parent in dealers.parent_dealer_id: a % cannot be under a %',
      new.level, parent_level
      using errcode = 'check_violation', table = 'dealers', column = 'parent_dealer_id';
  end if;

  return new;
end
$$;

create trigger check_parent before insert or update of parent_dealer_id, level on public.dealers
  for each row execute function private.check_dealer_parent();

-- Closure of the dealer hierarchy: one row per (ancestor, descendant) pair,
-- a dealer being its own ancestor at depth 0. Policies read the dealers a
-- user may see from here with one indexed lookup instead of a recursive query.
create table private.dealer_closure (
  ancestor_dealer_id uuid not null references public.dealers (id) on delete cascade,
  descendant_dealer_id uuid not null references public.dealers (id) on delete cascade,
  depth smallint not null,
  primary key (ancestor_dealer_id, descendant_dealer_id)
);
comment on table private.dealer_closure is
  'Every (ancestor, descendant) pair of the dealer hierarchy, maintained by triggers on dealers.';

create index dealer_closure_descendant_idx on private.dealer_closure (descendant_dealer_id);

-- Rebuilds the closure rows of a moved or new dealer's subtree. The
-- hierarchy has three levels, so a subtree is small.
create function private.maintain_dealer_closure()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and new.parent_dealer_id is not distinct from old.parent_dealer_id then
    return null;
  end if;

  if tg_op = 'UPDATE' then
    -- Detach the subtree from its old ancestors.
    delete from private.dealer_closure c
    where c.descendant_dealer_id in (
        select descendant_dealer_id from private.dealer_closure where ancestor_dealer_id = new.id
      )
      and c.ancestor_dealer_id not in (
        select descendant_dealer_id from private.dealer_closure where ancestor_dealer_id = new.id
      );
  else
    insert into private.dealer_closure values (new.id, new.id, 0);
  end if;

  -- Attach the subtree under the new parent's ancestors.
  insert into private.dealer_closure (ancestor_dealer_id, descendant_dealer_id, depth)
  select above.ancestor_dealer_id, below.descendant_dealer_id, above.depth + below.depth + 1
  from private.dealer_closure above
  cross join private.dealer_closure below
  where above.descendant_dealer_id = new.parent_dealer_id
    and below.ancestor_dealer_id = new.id;

  return null;
end
$$;

create trigger maintain_closure after insert or update of parent_dealer_id on public.dealers
  for each row execute function private.maintain_dealer_closure();

create table public.dealer_contacts (
  id uuid primary key default gen_random_uuid(),
  dealer_id uuid not null references public.dealers (id) on delete cascade,
  full_name text not null collate public.tr_icu,
  title text,
  email text,
  phone text,
  is_primary boolean not null default false,
  created_at timestamptz not null default now()
);
comment on table public.dealer_contacts is 'People to contact at a dealer.';

create index dealer_contacts_dealer_id_idx on public.dealer_contacts (dealer_id);

create trigger check_fields before insert or update on public.dealer_contacts
  for each row execute function private.check_turkish_fields('phone:phone', 'email:email');

-- Login accounts: which staff member, dealer or customer a user acts for.
-- Only admins write here; the business role is derived, never client-set.
create table public.app_users (
  user_id uuid primary key references auth.users (id) on delete cascade,
  staff_id uuid unique references public.staff (id) on delete cascade,
  dealer_id uuid references public.dealers (id) on delete cascade,
  party_id uuid,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  constraint app_users_one_subject_check check (num_nonnulls(staff_id, dealer_id, party_id) = 1)
);
comment on table public.app_users is
  'Login accounts: links an auth user to the staff member, dealer or customer party it acts '
  'for. The business role comes from here (staff.role, dealer user or customer user).';

create index app_users_dealer_id_idx on public.app_users (dealer_id);
create index app_users_party_id_idx on public.app_users (party_id);

-- Keeps staff.user_id equal to the login that app_users links to a staff
-- member, so either side can be read.
create function private.sync_staff_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') and old.staff_id is not null then
    update public.staff set user_id = null
    where id = old.staff_id and user_id = old.user_id;
  end if;
  if tg_op in ('INSERT', 'UPDATE') and new.staff_id is not null then
    update public.staff set user_id = new.user_id where id = new.staff_id;
  end if;

  return null;
end
$$;

create trigger sync_staff_user after insert or update or delete on public.app_users
  for each row execute function private.sync_staff_user();

-- Access helpers. Each reads the caller's account once per statement when a
-- policy wraps it as `(select private.…())`; they are security definer so
-- that they read app_users and staff past those tables' own policies.

-- The business role of a login: its staff member's role while that member
-- is active, dealer_user while its dealer is active, customer_user for a
-- customer; null for an inactive account or one without a row.
create function private.account_role(account_user_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when account.staff_id is not null then staff.role
    when account.dealer_id is not null and dealer.status = 'active' then 'dealer_user'
    when account.party_id is not null then 'customer_user'
  end
  from public.app_users account
  left join public.staff staff on staff.id = account.staff_id and staff.is_active
  left join public.dealers dealer on dealer.id = account.dealer_id
  where account.user_id = account_user_id
    and account.is_active
$$;
comment on function private.account_role(uuid) is
  'Returns the business role of a login; null when the account, staff member or dealer is inactive.';

create function private.app_role()
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select private.account_role((select auth.uid()))
$$;
comment on function private.app_role() is
  'Returns the caller''s business role: a staff role, dealer_user or customer_user; null otherwise.';

create function private.staff_id()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select account.staff_id
  from public.app_users account
  join public.staff staff on staff.id = account.staff_id and staff.is_active
  where account.user_id = (select auth.uid())
    and account.is_active
$$;

create function private.dealer_id()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select account.dealer_id
  from public.app_users account
  where account.user_id = (select auth.uid())
    and account.is_active
$$;

create function private.party_id()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select account.party_id
  from public.app_users account
  where account.user_id = (select auth.uid())
    and account.is_active
$$;

-- The dealers whose records the caller reaches through the hierarchy: for a
-- dealer user its own dealer and every dealer below it; for a sales
-- consultant the dealers in its charge and those below them; empty for others.
create function private.visible_dealer_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(distinct closure.descendant_dealer_id), '{}')
  from public.app_users account
  left join public.dealers charge
    on charge.consultant_staff_id = account.staff_id
  join private.dealer_closure closure
    on closure.ancestor_dealer_id = coalesce(account.dealer_id, charge.id)
  where account.user_id = (select auth.uid())
    and account.is_active
    and (account.dealer_id is not null or private.app_role() = 'sales_consultant')
$$;
comment on function private.visible_dealer_ids() is
  'Returns the ids of the dealers whose records the caller may reach through the hierarchy.';

-- Policies.

alter table public.organisation_settings enable row level security;
alter table public.staff enable row level security;
alter table public.dealers enable row level security;
alter table public.dealer_contacts enable row level security;
alter table public.app_users enable row level security;
alter table private.dealer_closure enable row level security;

-- The organisation row is inserted once with the service role (locally by
-- the seed) and never deleted, so only reading and updating have policies.
create policy "Signed-in users can view the organisation settings"
  on public.organisation_settings for select to authenticated
  using ((select private.app_role()) is not null);
create policy "Admins can update the organisation settings"
  on public.organisation_settings for update to authenticated
  using ((select private.app_role()) = 'admin')
  with check ((select private.app_role()) = 'admin');

create policy "Staff can view staff"
  on public.staff for select to authenticated
  using ((select private.staff_id()) is not null);
create policy "Dealer users can view the consultants of their dealer tree"
  on public.staff for select to authenticated
  using (
    (select private.app_role()) = 'dealer_user'
    and id in (
      select d.consultant_staff_id from public.dealers d
      where d.id = any ((select private.visible_dealer_ids())::uuid[])
    )
  );
create policy "Admins can add staff"
  on public.staff for insert to authenticated
  with check ((select private.app_role()) = 'admin');
create policy "Admins can update staff"
  on public.staff for update to authenticated
  using ((select private.app_role()) = 'admin')
  with check ((select private.app_role()) = 'admin');
create policy "Admins can delete staff"
  on public.staff for delete to authenticated
  using ((select private.app_role()) = 'admin');

create policy "Staff can view dealers"
  on public.dealers for select to authenticated
  using ((select private.staff_id()) is not null);
create policy "Dealer users can view their dealer tree"
  on public.dealers for select to authenticated
  using (
    (select private.app_role()) = 'dealer_user'
    and id = any ((select private.visible_dealer_ids())::uuid[])
  );
create policy "Admins and managers can add dealers"
  on public.dealers for insert to authenticated
  with check ((select private.app_role()) in ('admin', 'manager'));
create policy "Admins and managers can update dealers"
  on public.dealers for update to authenticated
  using ((select private.app_role()) in ('admin', 'manager'))
  with check ((select private.app_role()) in ('admin', 'manager'));
create policy "Sales consultants can update the dealers in their charge"
  on public.dealers for update to authenticated
  using (
    (select private.app_role()) = 'sales_consultant'
    and id = any ((select private.visible_dealer_ids())::uuid[])
  )
  with check (
    (select private.app_role()) = 'sales_consultant'
    and id = any ((select private.visible_dealer_ids())::uuid[])
  );
create policy "Admins can delete dealers"
  on public.dealers for delete to authenticated
  using ((select private.app_role()) = 'admin');

create policy "Users who can view a dealer can view its contacts"
  on public.dealer_contacts for select to authenticated
  using (dealer_id in (select d.id from public.dealers d));
create policy "Dealer managers can add dealer contacts"
  on public.dealer_contacts for insert to authenticated
  with check (
    (select private.app_role()) in ('admin', 'manager')
    or (
      (select private.app_role()) in ('sales_consultant', 'dealer_user')
      and dealer_id = any ((select private.visible_dealer_ids())::uuid[])
    )
  );
create policy "Dealer managers can update dealer contacts"
  on public.dealer_contacts for update to authenticated
  using (
    (select private.app_role()) in ('admin', 'manager')
    or (
      (select private.app_role()) in ('sales_consultant', 'dealer_user')
      and dealer_id = any ((select private.visible_dealer_ids())::uuid[])
    )
  )
  with check (
    (select private.app_role()) in ('admin', 'manager')
    or (
      (select private.app_role()) in ('sales_consultant', 'dealer_user')
      and dealer_id = any ((select private.visible_dealer_ids())::uuid[])
    )
  );
create policy "Dealer managers can delete dealer contacts"
  on public.dealer_contacts for delete to authenticated
  using (
    (select private.app_role()) in ('admin', 'manager')
    or (
      (select private.app_role()) in ('sales_consultant', 'dealer_user')
      and dealer_id = any ((select private.visible_dealer_ids())::uuid[])
    )
  );

create policy "Users can view their own account"
  on public.app_users for select to authenticated
  using (user_id = (select auth.uid()));
create policy "Admins can view all accounts"
  on public.app_users for select to authenticated
  using ((select private.app_role()) = 'admin');
create policy "Admins can add accounts"
  on public.app_users for insert to authenticated
  with check ((select private.app_role()) = 'admin');
create policy "Admins can update accounts"
  on public.app_users for update to authenticated
  using ((select private.app_role()) = 'admin')
  with check ((select private.app_role()) = 'admin');
create policy "Admins can delete accounts"
  on public.app_users for delete to authenticated
  using ((select private.app_role()) = 'admin');

-- The closure is read by the definer helpers only; it has no policy, so the
-- API roles see nothing even if the schema were exposed.
