// SMTP sending for edge functions, with attachments. The server comes from
// the SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD and SMTP_SECURE
// secrets. The local stack points SMTP_HOST and SMTP_PORT at its mail
// catcher. The sender is the organisation's, from organisation_settings.

import { Buffer } from "node:buffer";
// @ts-types="npm:@types/nodemailer@8.0.2"
import nodemailer from "npm:nodemailer@10.6.1";

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when offered. */
  secure: boolean;
  user?: string;
  password?: string;
}

export interface MailAddress {
  name: string;
  address: string;
}

export interface MailAttachment {
  filename: string;
  content: Uint8Array;
  contentType: string;
}

export interface MailMessage {
  from: MailAddress;
  /** The address alone, or with the recipient's display name. */
  to: string | MailAddress;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
  /** Message-ID header, such as "<id@example.com>"; generated when absent. */
  messageId?: string;
}

export class MailConfigurationError extends Error {}

/** Reads the SMTP settings; throws MailConfigurationError when invalid. */
export function smtpSettingsFromEnv(
  read: (name: string) => string | undefined = (name) => Deno.env.get(name),
): SmtpSettings {
  const host = read("SMTP_HOST");
  if (!host) {
    throw new MailConfigurationError(
      "SMTP_HOST is not set: set the SMTP secrets of the functions",
    );
  }

  const portText = read("SMTP_PORT") ?? "587";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new MailConfigurationError(
      `SMTP_PORT "${portText}" is not a port number`,
    );
  }

  const user = read("SMTP_USER") || undefined;

  return {
    host,
    port,
    secure: read("SMTP_SECURE") === "true",
    user,
    password: user ? read("SMTP_PASSWORD") : undefined,
  };
}

/** A minimal view of supabase-js, enough to read one table. */
interface SettingsReader {
  from(table: "organisation_settings"): {
    select(columns: string): {
      maybeSingle(): PromiseLike<{
        data: Record<string, unknown> | null;
        error: { message: string } | null;
      }>;
    };
  };
}

/** Reads the organisation's e-mail sender with the caller's client. */
export async function organisationSender(
  client: SettingsReader,
): Promise<MailAddress> {
  const { data, error } = await client
    .from("organisation_settings")
    .select("email_sender_name, email_sender_address")
    .maybeSingle();
  if (error) {
    throw new Error(`Reading the e-mail sender failed: ${error.message}`);
  }
  if (!data) {
    throw new MailConfigurationError(
      "organisation_settings has no row: set the organisation's e-mail sender",
    );
  }

  return {
    name: String(data.email_sender_name),
    address: String(data.email_sender_address),
  };
}

/** Sends one message; returns the Message-ID the message was sent with. */
export async function sendMail(
  settings: SmtpSettings,
  message: MailMessage,
): Promise<string> {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    // The client's name in EHLO. Given here, so nodemailer does not ask the
    // system for its host name, which edge runtimes do not allow.
    name: message.from.address.split("@")[1] ?? "localhost",
    auth: settings.user
      ? { user: settings.user, pass: settings.password ?? "" }
      : undefined,
  });
  try {
    const info = await transport.sendMail({
      from: message.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: message.messageId,
      attachments: message.attachments?.map((attachment) => ({
        filename: attachment.filename,
        content: Buffer.from(attachment.content),
        contentType: attachment.contentType,
      })),
    });

    return info.messageId;
  } finally {
    transport.close();
  }
}
