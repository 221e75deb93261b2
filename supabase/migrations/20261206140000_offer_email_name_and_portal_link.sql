-- Offer e-mails: the recipient's name and a link to the portal ---------------
--
-- An e-mail is now addressed to the recipient's name as well as the address
-- ("Ayşe Yılmaz" <ayse@example.com>), and the offer e-mail links to the
-- customer portal, where the customer can read and accept the offer. The
-- portal's address is an organisation setting, as only the organisation
-- knows where its portal is served.

alter table public.organisation_settings
  add column portal_url text
    check (portal_url ~ '^https?://[^\s/]+(/[^\s]*)?$');
comment on column public.organisation_settings.portal_url is
  'Address of the dealer and customer portal, such as https://portal.example.com, '
  'for links in e-mails. Without it, e-mails carry no link.';

alter table public.outbox_emails add column recipient_name text;
comment on column public.outbox_emails.recipient_name is
  'Display name of the recipient in the To header, or null for the address alone.';

drop function private.queue_email(text, text, text, text, jsonb, uuid, uuid, uuid);

-- Queues one e-mail from the organisation's sender and returns its row.
-- Callers: the security definer functions below and edge functions that
-- connect as the database owner.
create function private.queue_email(
  p_purpose text,
  p_recipient_email text,
  p_subject text,
  p_body_text text,
  p_attachments jsonb default '[]'::jsonb,
  p_offer_send_id uuid default null,
  p_party_id uuid default null,
  p_job_run_id uuid default null,
  p_recipient_name text default null
)
returns public.outbox_emails
language plpgsql
set search_path = ''
as $$
declare
  v_sender record;
  v_id uuid := gen_random_uuid();
  v_email public.outbox_emails;
begin
  select s.email_sender_name, s.email_sender_address
  into v_sender
  from public.organisation_settings as s
  limit 1;

  if not found then
    raise exception 'organisation_settings has no row'
      using errcode = '22023',
        hint = 'Set the organisation''s e-mail sender before sending e-mails.';
  end if;

  insert into public.outbox_emails (id, message_id, purpose, sender_name,
    sender_address, recipient_email, recipient_name, subject, body_text, attachments,
    offer_send_id, party_id, job_run_id)
  values (v_id,
    format('<%s@%s>', v_id, split_part(v_sender.email_sender_address, '@', 2)),
    p_purpose, v_sender.email_sender_name, v_sender.email_sender_address,
    p_recipient_email, nullif(btrim(p_recipient_name), ''), p_subject, p_body_text,
    coalesce(p_attachments, '[]'), p_offer_send_id, p_party_id, p_job_run_id)
  returning * into v_email;

  return v_email;
end
$$;

revoke all on function
  private.queue_email(text, text, text, text, jsonb, uuid, uuid, uuid, text)
  from public;

-- Marks an approved or sent offer as sent to the party's contact and queues
-- the e-mail with the offer and comparison PDFs, in one transaction. The
-- recipient is the primary contact with an e-mail address, else the first
-- contact with one, else the party's own address. The PDFs are expected
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
