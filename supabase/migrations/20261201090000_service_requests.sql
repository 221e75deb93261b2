-- Customer requests and complaints with their message threads. A request
-- belongs to a party and, optionally, to one of its metering points. Anyone
-- who can view the party can open a request and write in its thread; head-
-- office staff assign, progress and close it.

create table public.service_requests (
  id uuid primary key default gen_random_uuid(),
  party_id uuid not null references public.parties (id) on delete cascade,
  metering_point_id uuid references public.metering_points (id) on delete set null,
  kind text not null check (kind in ('request', 'complaint')),
  category text not null check (
    category in ('billing', 'metering', 'outage', 'contract', 'offer', 'other')
  ),
  subject text not null check (length(btrim(subject)) between 1 and 200),
  description text not null check (length(btrim(description)) between 1 and 5000),
  status text not null default 'open' check (
    status in ('open', 'in_progress', 'resolved', 'closed')
  ),
  opened_by uuid not null default auth.uid() references auth.users (id),
  assigned_staff_id uuid references public.staff (id) on delete set null,
  resolved_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.service_requests is
  'Customer requests and complaints (kind), by category, with status open → in_progress → '
  'resolved → closed, the login that opened it and the staff member assigned.';

create index service_requests_party_id_idx on public.service_requests (party_id);
create index service_requests_metering_point_id_idx
  on public.service_requests (metering_point_id);
create index service_requests_assigned_staff_id_idx
  on public.service_requests (assigned_staff_id);
create index service_requests_status_idx on public.service_requests (status);

create trigger set_updated_at before update on public.service_requests
  for each row execute function private.set_updated_at();

-- Checks that the metering point belongs to the request's party and keeps
-- resolved_at equal to the time the request was last resolved.
create function private.check_service_request()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.metering_point_id is not null and not exists (
    select from public.metering_points mp
    where mp.id = new.metering_point_id and mp.party_id = new.party_id
  ) then
    raise exception 'invalid metering point in service_requests.metering_point_id: % belongs to another party',
      new.metering_point_id
      using errcode = 'check_violation', table = 'service_requests',
        column = 'metering_point_id';
  end if;

  if new.status = 'resolved' and (tg_op = 'INSERT' or old.status <> 'resolved') then
    new.resolved_at := now();
  elsif new.status in ('open', 'in_progress') then
    new.resolved_at := null;
  end if;

  return new;
end
$$;

create trigger check_request before insert or update on public.service_requests
  for each row execute function private.check_service_request();

create table public.service_request_messages (
  id uuid primary key default gen_random_uuid(),
  service_request_id uuid not null references public.service_requests (id) on delete cascade,
  body text not null check (length(btrim(body)) between 1 and 5000),
  author_user_id uuid not null default auth.uid() references auth.users (id),
  author_kind text not null check (author_kind in ('staff', 'dealer', 'customer')),
  created_at timestamptz not null default now()
);
comment on table public.service_request_messages is
  'The thread of a request or complaint: messages from staff, the dealer or the customer.';

create index service_request_messages_request_idx
  on public.service_request_messages (service_request_id, created_at);

-- Sets author_kind from the author's account, so a client cannot post as
-- the supplier. Rows written without a signed-in user (seed, service role)
-- keep the author_kind they were given.
create function private.set_message_author_kind()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  author_role text := private.account_role(new.author_user_id);
begin
  if author_role is null then
    return new;
  end if;

  new.author_kind := case author_role
    when 'dealer_user' then 'dealer'
    when 'customer_user' then 'customer'
    else 'staff'
  end;

  return new;
end
$$;

create trigger set_author_kind before insert on public.service_request_messages
  for each row execute function private.set_message_author_kind();

alter table public.service_requests enable row level security;
alter table public.service_request_messages enable row level security;

create policy "Users who can view a party can view its requests"
  on public.service_requests for select to authenticated
  using (party_id in (select p.id from public.parties p));
-- Dealers and customers open requests as themselves, unassigned and open;
-- staff may assign one at once.
create policy "Users who can view a party can open requests for it"
  on public.service_requests for insert to authenticated
  with check (
    (select private.app_role()) in (
      'admin', 'manager', 'sales_consultant', 'call_centre_agent', 'operations',
      'dealer_user', 'customer_user'
    )
    and party_id in (select p.id from public.parties p)
    and opened_by = (select auth.uid())
    and (
      (select private.staff_id()) is not null
      or (status = 'open' and assigned_staff_id is null)
    )
  );
create policy "Head-office staff can update requests"
  on public.service_requests for update to authenticated
  using (
    (select private.app_role()) in ('admin', 'manager', 'call_centre_agent', 'operations')
  )
  with check (
    (select private.app_role()) in ('admin', 'manager', 'call_centre_agent', 'operations')
  );
create policy "Admins can delete requests"
  on public.service_requests for delete to authenticated
  using ((select private.app_role()) = 'admin');

create policy "Users who can view a request can view its messages"
  on public.service_request_messages for select to authenticated
  using (service_request_id in (select r.id from public.service_requests r));
create policy "Users who can view a request can write in its thread"
  on public.service_request_messages for insert to authenticated
  with check (
    (select private.app_role()) is not null
    and author_user_id = (select auth.uid())
    and service_request_id in (select r.id from public.service_requests r)
  );
-- A thread is a record of what was said: messages have no update or delete
-- policy, so no API role can change or remove one.
