// Delivery of the e-mails queued in public.outbox_emails. Each row is
// locked, sent over SMTP and marked sent in one transaction, so a row
// marked sent is never sent again and two senders never send the same row.
// A sender that dies between the SMTP server's acceptance and the commit
// leaves the row pending, and the next sender sends it again with the same
// Message-ID. A failed send counts an attempt, keeps the row pending with
// the error and a later next_attempt_at, and marks it failed after
// MAX_ATTEMPTS.

// @ts-types="npm:@types/pg@8.23.1"
import type pg from "npm:pg@8.23.1";
import { type MailAttachment, type SmtpSettings, sendMail } from "./mail.ts";

export const MAX_ATTEMPTS = 8;

export interface OutboxAttachment {
  bucket: string;
  path: string;
  filename: string;
  content_type: string;
}

interface OutboxEmailRow {
  id: string;
  message_id: string;
  sender_name: string;
  sender_address: string;
  recipient_email: string;
  recipient_name: string | null;
  subject: string;
  body_text: string;
  attachments: OutboxAttachment[];
  attempt_count: number;
}

/** Reads one attachment's bytes, such as a PDF from Storage. */
export type AttachmentLoader = (
  attachment: OutboxAttachment,
) => Promise<Uint8Array>;

export interface DeliveryOptions {
  smtp: SmtpSettings;
  loadAttachment: AttachmentLoader;
  /** Delivers only these rows (when given). */
  ids?: string[];
  /** Delivers only rows of this purpose (when given). */
  purpose?: "offer" | "welcome";
  /** Maximum number of rows to try, 100 by default. */
  limit?: number;
}

export interface DeliveryResult {
  sent: number;
  failed: number;
  errors: { id: string; message_id: string; error: string }[];
}

/**
 * Returns the wait before the next attempt after `attempts` failed ones:
 * one minute doubling up to one hour.
 */
export function retryDelayMinutes(attempts: number): number {
  return Math.min(2 ** Math.max(attempts - 1, 0), 60);
}

/**
 * Delivers the pending e-mails that are due, oldest first, on a client that
 * has no open transaction. Returns how many were sent and which failed.
 */
export async function deliverPendingEmails(
  client: pg.Client,
  options: DeliveryOptions,
): Promise<DeliveryResult> {
  const limit = options.limit ?? 100;
  const tried: string[] = [];
  const result: DeliveryResult = { sent: 0, failed: 0, errors: [] };

  while (tried.length < limit) {
    await client.query("begin");
    let row: OutboxEmailRow | undefined;
    try {
      row = await lockNextDue(client, options, tried);
      if (row === undefined) {
        await client.query("commit");
        break;
      }
      tried.push(row.id);
      await deliverOne(client, row, options);
      await client.query("commit");
      result.sent += 1;
    } catch (error) {
      await client.query("rollback");
      if (row === undefined) {
        throw error;
      }
      const message = (error as Error).message;
      await recordFailure(client, row, message);
      result.failed += 1;
      result.errors.push({
        id: row.id,
        message_id: row.message_id,
        error: message,
      });
    }
  }

  return result;
}

async function lockNextDue(
  client: pg.Client,
  options: DeliveryOptions,
  tried: string[],
): Promise<OutboxEmailRow | undefined> {
  const { rows } = await client.query<OutboxEmailRow>(
    `select id, message_id, sender_name, sender_address, recipient_email,
            recipient_name, subject, body_text, attachments, attempt_count
     from public.outbox_emails
     where status = 'pending'
       and next_attempt_at <= now()
       and ($1::uuid[] is null or id = any($1::uuid[]))
       and ($2::text is null or purpose = $2::text)
       and not (id = any($3::uuid[]))
     order by created_at, id
     limit 1
     for update skip locked`,
    [options.ids ?? null, options.purpose ?? null, tried],
  );

  return rows[0];
}

// Sends one locked row and marks it sent. The caller commits.
async function deliverOne(
  client: pg.Client,
  row: OutboxEmailRow,
  options: DeliveryOptions,
): Promise<void> {
  const attachments: MailAttachment[] = [];
  for (const attachment of row.attachments) {
    attachments.push({
      filename: attachment.filename,
      content: await options.loadAttachment(attachment),
      contentType: attachment.content_type,
    });
  }
  await sendMail(options.smtp, {
    from: { name: row.sender_name, address: row.sender_address },
    to: row.recipient_name
      ? { name: row.recipient_name, address: row.recipient_email }
      : row.recipient_email,
    subject: row.subject,
    text: row.body_text,
    attachments,
    messageId: row.message_id,
  });
  await client.query(
    `update public.outbox_emails
     set status = 'sent', sent_at = now(), attempt_count = attempt_count + 1,
         last_error = null
     where id = $1`,
    [row.id],
  );
}

// Counts a failed attempt outside the rolled-back transaction.
async function recordFailure(
  client: pg.Client,
  row: OutboxEmailRow,
  message: string,
): Promise<void> {
  const attempts = row.attempt_count + 1;
  const status = attempts >= MAX_ATTEMPTS ? "failed" : "pending";
  console.error(
    `outbox: e-mail ${row.id} (${row.message_id}) attempt ${attempts} of ` +
      `${MAX_ATTEMPTS} failed, now ${status}: ${message}`,
  );
  await client.query(
    `update public.outbox_emails
     set attempt_count = $2, status = $3, last_error = $4,
         next_attempt_at = now() + make_interval(mins => $5)
     where id = $1 and status = 'pending'`,
    [
      row.id,
      attempts,
      status,
      message.slice(0, 2000),
      retryDelayMinutes(attempts),
    ],
  );
}

/**
 * Returns a loader that downloads attachments from Storage with the
 * service role key.
 */
export function storageAttachmentLoader(
  supabaseUrl: string,
  serviceRoleKey: string,
): AttachmentLoader {
  return async (attachment) => {
    const path = attachment.path
      .split("/")
      .map((part) => encodeURIComponent(part))
      .join("/");
    const response = await fetch(
      `${supabaseUrl}/storage/v1/object/${encodeURIComponent(attachment.bucket)}/${path}`,
      {
        headers: {
          authorization: `Bearer ${serviceRoleKey}`,
          apikey: serviceRoleKey,
        },
      },
    );
    if (!response.ok) {
      throw new Error(
        `Downloading attachment ${attachment.bucket}/${attachment.path} ` +
          `failed with HTTP ${response.status}: ${await response.text()}`,
      );
    }

    return new Uint8Array(await response.arrayBuffer());
  };
}
