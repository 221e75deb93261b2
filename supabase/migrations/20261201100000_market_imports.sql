-- Market data files uploaded from the admin app for import: the private
-- bucket market-imports, which only admins and managers may read or write.
-- The import-market-file function reads a file from it with the caller's
-- token and imports it. Objects are named <upload id>/<file name>.
--
-- No update or delete policy: an uploaded file is kept as the record of
-- what was imported, and a new upload gets a new upload id.

insert into storage.buckets (id, name, public, file_size_limit)
values ('market-imports', 'market-imports', false, 52428800)
on conflict (id) do nothing;

create policy "Admins and managers can view market import files"
  on storage.objects for select to authenticated
  using (
    bucket_id = 'market-imports'
    and (select private.app_role()) in ('admin', 'manager')
  );

create policy "Admins and managers can upload market import files"
  on storage.objects for insert to authenticated
  with check (
    bucket_id = 'market-imports'
    and (select private.app_role()) in ('admin', 'manager')
  );
