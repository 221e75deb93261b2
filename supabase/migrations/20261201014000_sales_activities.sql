-- Sales activities: meetings with leads and customers (visits, calls,
-- e-mails) and who took part, the actions they produce, and the sales
-- targets of consultants and dealers.

create table public.meetings (
  id uuid primary key default gen_random_uuid(),
  party_id uuid not null references public.parties (id) on delete cascade,
  kind text not null check (kind in ('visit', 'call', 'email')),
  status text not null default 'planned' check (status in ('planned', 'held', 'cancelled')),
  starts_at timestamptz not null,
  duration interval check (duration > interval '0'),
  subject text not null,
  notes text,
  outcome text check (
    outcome in ('offer_requested', 'follow_up', 'interested', 'not_interested', 'no_answer')
  ),
  owner_staff_id uuid references public.staff (id),
  owner_dealer_id uuid references public.dealers (id),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint meetings_owner_check check (num_nonnulls(owner_staff_id, owner_dealer_id) >= 1)
);
comment on table public.meetings is
  'Visits, calls and e-mails with a lead or customer: when, who owns it, notes and outcome.';

create index meetings_party_id_idx on public.meetings (party_id);
create index meetings_owner_staff_id_idx on public.meetings (owner_staff_id);
create index meetings_owner_dealer_id_idx on public.meetings (owner_dealer_id);
create index meetings_starts_at_idx on public.meetings (starts_at);

create trigger set_updated_at before update on public.meetings
  for each row execute function private.set_updated_at();

create table public.meeting_participants (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references public.meetings (id) on delete cascade,
  staff_id uuid references public.staff (id) on delete cascade,
  party_contact_id uuid references public.party_contacts (id) on delete cascade,
  dealer_contact_id uuid references public.dealer_contacts (id) on delete cascade,
  external_name text,
  constraint meeting_participants_subject_check check (
    num_nonnulls(staff_id, party_contact_id, dealer_contact_id, external_name) = 1
  )
);
comment on table public.meeting_participants is
  'Who took part in a meeting: a staff member, a contact of the party or dealer, or a named guest.';

create index meeting_participants_meeting_id_idx on public.meeting_participants (meeting_id);

create table public.actions (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid references public.meetings (id) on delete set null,
  party_id uuid references public.parties (id) on delete cascade,
  title text not null,
  details text,
  owner_staff_id uuid references public.staff (id),
  owner_dealer_id uuid references public.dealers (id),
  due_on date not null,
  status text not null default 'open' check (status in ('open', 'in_progress', 'done', 'cancelled')),
  completed_at timestamptz,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint actions_owner_check check (num_nonnulls(owner_staff_id, owner_dealer_id) >= 1),
  constraint actions_completed_check check ((status = 'done') = (completed_at is not null))
);
comment on table public.actions is
  'Follow-up actions, usually from a meeting: owner (staff or dealer), due date and status.';

create index actions_party_id_idx on public.actions (party_id);
create index actions_meeting_id_idx on public.actions (meeting_id);
create index actions_owner_staff_id_idx on public.actions (owner_staff_id);
create index actions_owner_dealer_id_idx on public.actions (owner_dealer_id);

create trigger set_updated_at before update on public.actions
  for each row execute function private.set_updated_at();

create table public.sales_targets (
  id uuid primary key default gen_random_uuid(),
  staff_id uuid references public.staff (id) on delete cascade,
  dealer_id uuid references public.dealers (id) on delete cascade,
  period_start date not null,
  period_end date not null,
  target_mwh numeric(12, 3) check (target_mwh >= 0),
  target_count integer check (target_count >= 0),
  sector text,
  distribution_region_code text references public.distribution_regions (code),
  created_at timestamptz not null default now(),
  constraint sales_targets_subject_check check (num_nonnulls(staff_id, dealer_id) = 1),
  constraint sales_targets_period_check check (period_end >= period_start),
  constraint sales_targets_measure_check check (num_nonnulls(target_mwh, target_count) >= 1)
);
comment on table public.sales_targets is
  'Sales targets of a consultant or a dealer for a period: MWh and/or customer count, '
  'optionally for one sector or distribution region.';

create index sales_targets_staff_id_idx on public.sales_targets (staff_id);
create index sales_targets_dealer_id_idx on public.sales_targets (dealer_id);

alter table public.meetings enable row level security;
alter table public.meeting_participants enable row level security;
alter table public.actions enable row level security;
alter table public.sales_targets enable row level security;

-- Meetings.
create policy "Admins, managers and call-centre agents can view all meetings"
  on public.meetings for select to authenticated
  using ((select private.app_role()) in ('admin', 'manager', 'call_centre_agent'));
create policy "Sellers can view meetings of parties they can view"
  on public.meetings for select to authenticated
  using (
    (select private.app_role()) in ('sales_consultant', 'dealer_user')
    and party_id in (select p.id from public.parties p)
  );
create policy "Sellers and call-centre agents can record meetings"
  on public.meetings for insert to authenticated
  with check (
    (select private.app_role())
      in ('admin', 'manager', 'sales_consultant', 'call_centre_agent', 'dealer_user')
    and party_id in (select p.id from public.parties p)
  );
create policy "Admins and managers can update meetings"
  on public.meetings for update to authenticated
  using ((select private.app_role()) in ('admin', 'manager'))
  with check ((select private.app_role()) in ('admin', 'manager'));
create policy "Staff can update the meetings they own"
  on public.meetings for update to authenticated
  using (owner_staff_id = (select private.staff_id()))
  with check (owner_staff_id = (select private.staff_id()));
create policy "Dealer users can update meetings of their dealer tree"
  on public.meetings for update to authenticated
  using (
    (select private.app_role()) = 'dealer_user'
    and owner_dealer_id = any ((select private.visible_dealer_ids())::uuid[])
  )
  with check (
    (select private.app_role()) = 'dealer_user'
    and owner_dealer_id = any ((select private.visible_dealer_ids())::uuid[])
  );
create policy "Admins and managers can delete meetings"
  on public.meetings for delete to authenticated
  using ((select private.app_role()) in ('admin', 'manager'));

-- Participants follow their meeting.
create policy "Users who can view a meeting can view its participants"
  on public.meeting_participants for select to authenticated
  using (meeting_id in (select m.id from public.meetings m));
create policy "Meeting recorders can add participants to visible meetings"
  on public.meeting_participants for insert to authenticated
  with check (
    (select private.app_role())
      in ('admin', 'manager', 'sales_consultant', 'call_centre_agent', 'dealer_user')
    and meeting_id in (select m.id from public.meetings m)
  );
create policy "Meeting recorders can update participants of visible meetings"
  on public.meeting_participants for update to authenticated
  using (
    (select private.app_role())
      in ('admin', 'manager', 'sales_consultant', 'call_centre_agent', 'dealer_user')
    and meeting_id in (select m.id from public.meetings m)
  )
  with check (
    (select private.app_role())
      in ('admin', 'manager', 'sales_consultant', 'call_centre_agent', 'dealer_user')
    and meeting_id in (select m.id from public.meetings m)
  );
create policy "Meeting recorders can remove participants of visible meetings"
  on public.meeting_participants for delete to authenticated
  using (
    (select private.app_role())
      in ('admin', 'manager', 'sales_consultant', 'call_centre_agent', 'dealer_user')
    and meeting_id in (select m.id from public.meetings m)
  );

-- Actions.
create policy "Admins and managers can view all actions"
  on public.actions for select to authenticated
  using ((select private.app_role()) in ('admin', 'manager'));
create policy "Staff can view the actions they own"
  on public.actions for select to authenticated
  using (owner_staff_id = (select private.staff_id()));
create policy "Sellers and call-centre agents can view actions on parties"
  on public.actions for select to authenticated
  using (
    (select private.app_role()) in ('sales_consultant', 'call_centre_agent', 'dealer_user')
    and party_id in (select p.id from public.parties p)
  );
create policy "Dealer users can view actions owned by their dealer tree"
  on public.actions for select to authenticated
  using (
    (select private.app_role()) = 'dealer_user'
    and owner_dealer_id = any ((select private.visible_dealer_ids())::uuid[])
  );
create policy "Admins and managers can add actions"
  on public.actions for insert to authenticated
  with check ((select private.app_role()) in ('admin', 'manager'));
create policy "Sellers and call-centre agents can add actions on parties"
  on public.actions for insert to authenticated
  with check (
    (select private.app_role()) in ('sales_consultant', 'call_centre_agent', 'dealer_user')
    and party_id in (select p.id from public.parties p)
  );
create policy "Admins and managers can update actions"
  on public.actions for update to authenticated
  using ((select private.app_role()) in ('admin', 'manager'))
  with check ((select private.app_role()) in ('admin', 'manager'));
create policy "Staff can update the actions they own"
  on public.actions for update to authenticated
  using (owner_staff_id = (select private.staff_id()))
  with check (owner_staff_id = (select private.staff_id()));
create policy "Dealer users can update actions owned by their dealer tree"
  on public.actions for update to authenticated
  using (
    (select private.app_role()) = 'dealer_user'
    and owner_dealer_id = any ((select private.visible_dealer_ids())::uuid[])
  )
  with check (
    (select private.app_role()) = 'dealer_user'
    and owner_dealer_id = any ((select private.visible_dealer_ids())::uuid[])
  );
create policy "Admins and managers can delete actions"
  on public.actions for delete to authenticated
  using ((select private.app_role()) in ('admin', 'manager'));

-- Sales targets are set by head office.
create policy "Admins and managers can view all sales targets"
  on public.sales_targets for select to authenticated
  using ((select private.app_role()) in ('admin', 'manager'));
create policy "Sales consultants can view their and their dealers' targets"
  on public.sales_targets for select to authenticated
  using (
    (select private.app_role()) = 'sales_consultant'
    and (
      staff_id = (select private.staff_id())
      or dealer_id = any ((select private.visible_dealer_ids())::uuid[])
    )
  );
create policy "Dealer users can view targets of their dealer tree"
  on public.sales_targets for select to authenticated
  using (
    (select private.app_role()) = 'dealer_user'
    and dealer_id = any ((select private.visible_dealer_ids())::uuid[])
  );
create policy "Admins and managers can add sales targets"
  on public.sales_targets for insert to authenticated
  with check ((select private.app_role()) in ('admin', 'manager'));
create policy "Admins and managers can update sales targets"
  on public.sales_targets for update to authenticated
  using ((select private.app_role()) in ('admin', 'manager'))
  with check ((select private.app_role()) in ('admin', 'manager'));
create policy "Admins and managers can delete sales targets"
  on public.sales_targets for delete to authenticated
  using ((select private.app_role()) in ('admin', 'manager'));
