-- Contract documents: record_contract_document lets the generate-contract
-- edge function set contracts.document_path once the contract PDF is in
-- storage. contracts has no update policy, so the update runs in a private
-- security definer helper, called only after the invoker's own row-level
-- security has shown that the caller can view the contract and its PDF.

create function private.set_contract_document_path(
  p_contract_id uuid,
  p_document_path text
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  if p_document_path is distinct from format('contracts/%s/contract.pdf', p_contract_id) then
    raise exception 'Invalid contract document path %', coalesce(p_document_path, '(null)')
      using errcode = '22023',
        hint = format('Store the PDF at contracts/%s/contract.pdf.', p_contract_id);
  end if;

  update public.contracts set document_path = p_document_path where id = p_contract_id;
end
$$;

revoke all on function private.set_contract_document_path(uuid, text) from public, anon;
grant execute on function private.set_contract_document_path(uuid, text)
  to authenticated, service_role;

-- Security invoker, so both lookups below see only what the caller may see.
create function public.record_contract_document(p_contract_id uuid, p_document_path text)
returns jsonb
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if not exists (select 1 from public.contracts c where c.id = p_contract_id) then
    raise exception 'Contract % not found', p_contract_id
      using errcode = 'P0002';
  end if;

  if not exists (
    select 1 from storage.objects o
    where o.bucket_id = 'contract-documents' and o.name = p_document_path
  ) then
    raise exception 'No contract document at %', coalesce(p_document_path, '(null)')
      using errcode = '22023', hint = 'Upload the PDF to the contract-documents bucket first.';
  end if;

  perform private.set_contract_document_path(p_contract_id, p_document_path);

  return jsonb_build_object('contract_id', p_contract_id, 'document_path', p_document_path);
end
$$;

revoke all on function public.record_contract_document(uuid, text) from public, anon;
grant execute on function public.record_contract_document(uuid, text)
  to authenticated, service_role;
