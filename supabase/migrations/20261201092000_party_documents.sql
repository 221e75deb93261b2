-- Documents of a lead or customer (tax plate, trade registry gazette,
-- signature circular, invoices) in the private storage bucket
-- `party-documents`, under `<party_id>/<document_code>/<file>`. A row of
-- party_documents records each stored file. Who may read or upload follows
-- who may view the party: staff by role, a dealer user for the parties of its
-- dealer tree and a customer user for its own party.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values (
  'party-documents', 'party-documents', false, 20971520,
  array['application/pdf', 'image/jpeg', 'image/png']
)
on conflict (id) do nothing;

create table public.party_documents (
  id uuid primary key default gen_random_uuid(),
  party_id uuid not null references public.parties (id) on delete cascade,
  document_code text not null check (
    document_code in (
      'tax_plate', 'trade_registry_gazette', 'signature_circular', 'invoice', 'other'
    )
  ),
  storage_path text not null unique,
  file_name text not null check (length(btrim(file_name)) between 1 and 255),
  uploaded_by uuid not null default auth.uid() references auth.users (id),
  uploaded_at timestamptz not null default now(),
  constraint party_documents_storage_path_check check (
    storage_path like party_id::text || '/' || document_code || '/%'
  )
);
comment on table public.party_documents is
  'Documents of a party kept in the party-documents storage bucket: the kind (document_code), '
  'the object path under <party_id>/<document_code>/, the file name and who uploaded it.';

create index party_documents_party_id_idx on public.party_documents (party_id);

alter table public.party_documents enable row level security;

create policy "Users who can view a party can view its documents"
  on public.party_documents for select to authenticated
  using (party_id in (select p.id from public.parties p));
-- The file must already be in the bucket: upload first, then record it.
create policy "Party owners and customers can record documents they uploaded"
  on public.party_documents for insert to authenticated
  with check (
    (select private.app_role()) in (
      'admin', 'manager', 'sales_consultant', 'operations', 'dealer_user', 'customer_user'
    )
    and party_id in (select p.id from public.parties p)
    and uploaded_by = (select auth.uid())
    and exists (
      select from storage.objects o
      where o.bucket_id = 'party-documents' and o.name = storage_path
    )
  );
create policy "Admins and managers can update party documents"
  on public.party_documents for update to authenticated
  using ((select private.app_role()) in ('admin', 'manager'))
  with check ((select private.app_role()) in ('admin', 'manager'));
create policy "Admins and managers can delete party documents"
  on public.party_documents for delete to authenticated
  using ((select private.app_role()) in ('admin', 'manager'));

-- Storage policies of the bucket. The first folder of an object's name is
-- the party id, compared as text so that a malformed name matches nothing
-- instead of failing a cast. Objects are never overwritten (no update
-- policy), so an upload with upsert is rejected.
create policy "Users who can view a party can read its stored documents"
  on storage.objects for select to authenticated
  using (
    bucket_id = 'party-documents'
    and (storage.foldername(name))[1] in (select p.id::text from public.parties p)
  );
create policy "Party owners and customers can upload party documents"
  on storage.objects for insert to authenticated
  with check (
    bucket_id = 'party-documents'
    and (select private.app_role()) in (
      'admin', 'manager', 'sales_consultant', 'operations', 'dealer_user', 'customer_user'
    )
    and (storage.foldername(name))[1] in (select p.id::text from public.parties p)
    and (storage.foldername(name))[2] in (
      'tax_plate', 'trade_registry_gazette', 'signature_circular', 'invoice', 'other'
    )
  );
create policy "Admins and managers can delete stored party documents"
  on storage.objects for delete to authenticated
  using (
    bucket_id = 'party-documents'
    and (select private.app_role()) in ('admin', 'manager')
  );
