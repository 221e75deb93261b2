-- Storage buckets of the sales chain and their policies, which follow the
-- row-level security of offers and contracts:
--   offer-documents:    offers/<offer_id>/r<revision_no>/offer.pdf, comparison.pdf
--   contract-documents: contracts/<contract_id>/contract.pdf and uploaded
--                       required documents
-- A path whose second folder is not the id of a row the caller can read
-- matches no policy.

insert into storage.buckets (id, name, public)
values ('offer-documents', 'offer-documents', false),
  ('contract-documents', 'contract-documents', false)
on conflict (id) do nothing;

create policy "Users who can view an offer can view its documents"
  on storage.objects for select to authenticated
  using (
    bucket_id = 'offer-documents'
    and (storage.foldername(name))[1] = 'offers'
    and (storage.foldername(name))[2] in (select o.id::text from public.offers o)
  );
create policy "Sellers can upload documents of offers they can view"
  on storage.objects for insert to authenticated
  with check (
    bucket_id = 'offer-documents'
    and (select private.app_role()) in ('admin', 'manager', 'sales_consultant', 'dealer_user')
    and (storage.foldername(name))[1] = 'offers'
    and (storage.foldername(name))[2] in (select o.id::text from public.offers o)
  );
create policy "Sellers can replace documents of offers they can view"
  on storage.objects for update to authenticated
  using (
    bucket_id = 'offer-documents'
    and (select private.app_role()) in ('admin', 'manager', 'sales_consultant', 'dealer_user')
    and (storage.foldername(name))[1] = 'offers'
    and (storage.foldername(name))[2] in (select o.id::text from public.offers o)
  )
  with check (
    bucket_id = 'offer-documents'
    and (select private.app_role()) in ('admin', 'manager', 'sales_consultant', 'dealer_user')
    and (storage.foldername(name))[1] = 'offers'
    and (storage.foldername(name))[2] in (select o.id::text from public.offers o)
  );

create policy "Users who can view a contract can view its documents"
  on storage.objects for select to authenticated
  using (
    bucket_id = 'contract-documents'
    and (storage.foldername(name))[1] = 'contracts'
    and (storage.foldername(name))[2] in (select c.id::text from public.contracts c)
  );
-- Customers upload their required documents; staff and sellers upload the
-- generated contract and documents received on paper.
create policy "Users who can view a contract can upload its documents"
  on storage.objects for insert to authenticated
  with check (
    bucket_id = 'contract-documents'
    and (storage.foldername(name))[1] = 'contracts'
    and (storage.foldername(name))[2] in (select c.id::text from public.contracts c)
  );
create policy "Staff and sellers can replace documents of contracts"
  on storage.objects for update to authenticated
  using (
    bucket_id = 'contract-documents'
    and (select private.app_role())
      in ('admin', 'manager', 'operations', 'sales_consultant', 'dealer_user')
    and (storage.foldername(name))[1] = 'contracts'
    and (storage.foldername(name))[2] in (select c.id::text from public.contracts c)
  )
  with check (
    bucket_id = 'contract-documents'
    and (select private.app_role())
      in ('admin', 'manager', 'operations', 'sales_consultant', 'dealer_user')
    and (storage.foldername(name))[1] = 'contracts'
    and (storage.foldername(name))[2] in (select c.id::text from public.contracts c)
  );
