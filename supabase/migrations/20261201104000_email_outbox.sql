-- Transactional outbox for the e-mails the product sends (offers, welcome
-- e-mails). The message is written in the same transaction as the state
-- change it belongs to, so a committed state change always has its e-mail
-- queued and a rolled-back one never does. A sender (functions/_shared/
-- outbox.ts) delivers pending rows one at a time: it locks the row, sends it
-- over SMTP and marks it sent in one transaction, so a delivered row is
-- never sent again and two senders never send the same row.
--
-- NOTE: a sender that dies after the SMTP server accepted a message and
-- before its commit leaves the row pending, and the next sender sends it a
-- second time. Both copies carry the row's Message-ID, so mail clients can
-- tell them apart as duplicates.

create table public.outbox_emails (
  id uuid primary key default gen_random_uuid(),
  -- RFC 5322 Message-ID, fixed when the row is queued.
  message_id text not null unique,
  purpose text not null check (purpose in ('offer', 'welcome')),
  sender_name text not null,
  sender_address text not null,
  recipient_email text not null
    check (recipient_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  subject text not null,
  body_text text not null,
  -- Files in Storage: [{bucket, path, filename, content_type}].
  attachments jsonb not null default '[]'::jsonb
    check (jsonb_typeof(attachments) = 'array'),
  offer_send_id uuid references public.offer_sends (id) on delete set null,
  party_id uuid references public.parties (id) on delete set null,
  job_run_id uuid references public.job_runs (job_run_id) on delete set null,
  status text not null default 'pending'
    check (status in ('pending', 'sent', 'failed')),
  attempt_count integer not null default 0 check (attempt_count >= 0),
  next_attempt_at timestamptz not null default now(),
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  check ((status = 'sent') = (sent_at is not null))
);
comment on table public.outbox_emails is
  'E-mails queued with the state change they belong to and delivered by a '
  'sender: pending until the SMTP server accepts them, then sent; failed '
  'after the last retry.';

create index outbox_emails_pending_idx
  on public.outbox_emails (next_attempt_at) where status = 'pending';
create index outbox_emails_offer_send_id_idx on public.outbox_emails (offer_send_id);
create index outbox_emails_party_id_idx on public.outbox_emails (party_id);
create index outbox_emails_job_run_id_idx on public.outbox_emails (job_run_id);

alter table public.outbox_emails enable row level security;

-- Staff who follow scheduled work see the queue, failures included. Rows are
-- written only by the functions below and by the sender (service role), so
-- insert, update and delete have no policy.
create policy "Admins, managers and operations can view outbox e-mails"
  on public.outbox_emails for select to authenticated
  using ((select private.app_role()) in ('admin', 'manager', 'operations'));

revoke all on public.outbox_emails from anon, authenticated;
grant select on public.outbox_emails to authenticated;
grant select, insert, update, delete on public.outbox_emails to service_role;

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
  p_job_run_id uuid default null
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
    sender_address, recipient_email, subject, body_text, attachments,
    offer_send_id, party_id, job_run_id)
  values (v_id,
    format('<%s@%s>', v_id, split_part(v_sender.email_sender_address, '@', 2)),
    p_purpose, v_sender.email_sender_name, v_sender.email_sender_address,
    p_recipient_email, p_subject, p_body_text, coalesce(p_attachments, '[]'),
    p_offer_send_id, p_party_id, p_job_run_id)
  returning * into v_email;

  return v_email;
end
$$;

revoke all on function
  private.queue_email(text, text, text, text, jsonb, uuid, uuid, uuid)
  from public;

-- Marks an approved or sent offer as sent to the party's contact and queues
-- the e-mail with the offer and comparison PDFs, in one transaction. The
-- recipient is the primary contact with an e-mail address, else the first
-- contact with one, else the party's own address. The PDFs are expected
-- under offers/<offer id>/r<revision no>/ in the offer-documents bucket
-- (send-offer uploads them before calling this).
create function public.send_offer_by_email(p_offer_id uuid)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_offer public.offers;
  v_revision public.offer_revisions;
  v_recipient record;
  v_trade_name text;
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

  select s.trade_name into v_trade_name from public.organisation_settings as s limit 1;

  v_email := private.queue_email(
    p_purpose => 'offer',
    p_recipient_email => v_recipient.email,
    p_subject => format('Elektrik enerjisi teklifimiz – %s', v_offer.offer_number),
    p_body_text => format(
      E'Sayın %s,\n\n%s numaralı elektrik enerjisi teklifimiz ve karşılaştırma '
        || E'tablosu ektedir. Teklif %s tarihine kadar geçerlidir.\n\n'
        || E'Saygılarımızla,\n%s\n',
      v_recipient.name, v_offer.offer_number, to_char(v_offer.valid_until, 'DD.MM.YYYY'),
      v_trade_name),
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

revoke all on function public.send_offer_by_email(uuid) from public, anon;
grant execute on function public.send_offer_by_email(uuid) to authenticated, service_role;

-- Retries the e-mails still pending every five minutes. The schedule's name
-- differs from the function's job name (deliver-emails), because the
-- scheduler's run of a slot and the function's own run are both open while
-- the function works, and a job has one running run at a time.
insert into public.scheduled_jobs
  (name, cron_expression, function_name, body, catch_up, timeout)
values
  ('deliver-emails-every-5-minutes', '*/5 * * * *', 'deliver-emails', '{}'::jsonb, false,
    interval '2 minutes');
