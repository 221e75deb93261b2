-- Offer e-mails only with stored PDFs ---------------------------------------
--
-- send_offer_by_email marked an offer sent and queued its e-mail without
-- looking for the two PDFs the e-mail attaches. Called directly over the
-- REST API, before any upload, it queued an e-mail that could never be
-- delivered (every attempt failed with NoSuchKey) and showed the offer as
-- sent. It now raises invalid_parameter_value (22023) when either object is
-- missing from storage.objects, where Supabase Storage records every stored
-- object by bucket_id and name. The send-offer function uploads both PDFs
-- before it calls this, so it is not affected.
--
-- NOTE: the lookup runs as the function's owner, so that owner must bypass
-- the row-level security of storage.objects. The local stack's owner is a
-- superuser, and Supabase's role setup gives postgres BYPASSRLS; check it
-- once on a hosted project.

-- Marks an approved or sent offer as sent to the party's contact and queues
-- the e-mail with the offer and comparison PDFs, in one transaction. The
-- recipient is the primary contact with an e-mail address, else the first
-- contact with one, else the party's own address. Both PDFs must be stored
-- under offers/<offer id>/r<revision no>/ in the offer-documents bucket
-- (send-offer uploads them before calling this).
create or replace function public.send_offer_by_email(p_offer_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_offer public.offers;
  v_revision public.offer_revisions;
  v_recipient record;
  v_settings record;
  v_folder text;
  v_missing text;
  v_sent jsonb;
  v_email public.outbox_emails;
begin
  perform private.require_seller();
  v_offer := private.lock_offer_for_seller(p_offer_id);

  if v_offer.state not in ('approved', 'sent') then
    perform private.raise_invalid(format('Offer %s is %s: only approved offers can be sent',
      v_offer.offer_number, v_offer.state));
  end if;

  -- The recipient: contacts first, the primary one before the others.
  select c.full_name as name, c.email
  into v_recipient
  from public.party_contacts as c
  where c.party_id = v_offer.party_id and c.email is not null
  order by c.is_primary desc, c.created_at
  limit 1;

  if not found then
    select p.name, p.email
    into v_recipient
    from public.parties as p
    where p.id = v_offer.party_id and p.email is not null;
  end if;

  if v_recipient.email is null then
    perform private.raise_invalid(format('Offer %s has no recipient', v_offer.offer_number),
      'Add an e-mail address to the party or its primary contact.');
  end if;

  v_revision := private.current_revision(v_offer);
  v_folder := format('offers/%s/r%s', v_offer.id, v_revision.revision_no);

  -- The attachments are read from storage when the e-mail is delivered.
  select string_agg(d.path, ', ' order by d.path)
  into v_missing
  from unnest(array[v_folder || '/offer.pdf', v_folder || '/comparison.pdf']) as d (path)
  where not exists (
    select from storage.objects as o
    where o.bucket_id = 'offer-documents' and o.name = d.path
  );

  if v_missing is not null then
    perform private.raise_invalid(
      format('Offer %s cannot be sent: no stored PDF at %s in bucket offer-documents',
        v_offer.offer_number, v_missing),
      'Send the offer with the send-offer function, which renders the PDFs.');
  end if;

  v_sent := public.mark_offer_sent(v_offer.id, v_recipient.email,
    array[v_folder || '/offer.pdf', v_folder || '/comparison.pdf']);

  select s.trade_name, rtrim(s.portal_url, '/') as portal_url
  into v_settings
  from public.organisation_settings as s
  limit 1;

  v_email := private.queue_email(
    p_purpose => 'offer',
    p_recipient_email => v_recipient.email,
    p_recipient_name => v_recipient.name,
    p_subject => format('Elektrik enerjisi teklifimiz – %s', v_offer.offer_number),
    p_body_text => format(
      E'Sayın %s,\n\n%s numaralı elektrik enerjisi teklifimiz ve karşılaştırma '
        || E'tablosu ektedir. Teklif %s tarihine kadar geçerlidir.\n\n'
        || '%s'
        || E'Saygılarımızla,\n%s\n',
      v_recipient.name, v_offer.offer_number, to_char(v_offer.valid_until, 'DD.MM.YYYY'),
      case when v_settings.portal_url is not null then format(
        E'Teklifi müşteri portalımızda görüntüleyip kabul edebilirsiniz:\n%s/offers\n\n',
        v_settings.portal_url)
      else '' end,
      v_settings.trade_name),
    p_attachments => jsonb_build_array(
      jsonb_build_object('bucket', 'offer-documents',
        'path', v_folder || '/offer.pdf',
        'filename', v_offer.offer_number || '-teklif.pdf',
        'content_type', 'application/pdf'),
      jsonb_build_object('bucket', 'offer-documents',
        'path', v_folder || '/comparison.pdf',
        'filename', v_offer.offer_number || '-karsilastirma.pdf',
        'content_type', 'application/pdf')),
    p_offer_send_id => (v_sent ->> 'offer_send_id')::uuid,
    p_party_id => v_offer.party_id);

  update public.offer_sends
  set message_id = v_email.message_id
  where id = (v_sent ->> 'offer_send_id')::uuid;

  return v_sent || jsonb_build_object(
    'recipient_email', v_recipient.email,
    'document_paths', jsonb_build_array(v_folder || '/offer.pdf',
      v_folder || '/comparison.pdf'),
    'outbox_email_id', v_email.id,
    'message_id', v_email.message_id);
end
$$;
