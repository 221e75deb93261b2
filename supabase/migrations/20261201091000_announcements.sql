-- Announcements from the supplier to dealers, customers or both, in Turkish
-- and English, shown between published_from and published_until.

create table public.announcements (
  id uuid primary key default gen_random_uuid(),
  title_tr text not null check (length(btrim(title_tr)) > 0),
  title_en text not null check (length(btrim(title_en)) > 0),
  body_tr text not null,
  body_en text not null,
  audience text not null check (audience in ('dealers', 'customers', 'all')),
  published_from timestamptz not null default now(),
  published_until timestamptz,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint announcements_period_check check (
    published_until is null or published_until > published_from
  )
);
comment on table public.announcements is
  'Supplier announcements with Turkish and English title and body, for dealers, customers '
  'or all, visible from published_from until published_until (open-ended when null).';

create index announcements_published_from_idx on public.announcements (published_from);

create trigger set_updated_at before update on public.announcements
  for each row execute function private.set_updated_at();

alter table public.announcements enable row level security;

create policy "Staff can view all announcements"
  on public.announcements for select to authenticated
  using ((select private.staff_id()) is not null);
create policy "Dealer users can view published announcements for dealers"
  on public.announcements for select to authenticated
  using (
    (select private.app_role()) = 'dealer_user'
    and audience in ('dealers', 'all')
    and published_from <= now()
    and (published_until is null or published_until > now())
  );
create policy "Customer users can view published announcements for customers"
  on public.announcements for select to authenticated
  using (
    (select private.app_role()) = 'customer_user'
    and audience in ('customers', 'all')
    and published_from <= now()
    and (published_until is null or published_until > now())
  );
create policy "Staff can add announcements"
  on public.announcements for insert to authenticated
  with check ((select private.staff_id()) is not null);
create policy "Staff can update announcements"
  on public.announcements for update to authenticated
  using ((select private.staff_id()) is not null)
  with check ((select private.staff_id()) is not null);
create policy "Staff can delete announcements"
  on public.announcements for delete to authenticated
  using ((select private.staff_id()) is not null);
