// E-mails of the auth service (invite, signup confirmation, password reset,
// e-mail change), sent by SMTP to the stack's mail catcher. Each carries a
// link to GET /verify and the six-digit code for verifyOtp. The templates of
// supabase/config.toml are used where set, as Supabase uses them; otherwise
// a built-in text, Turkish first, then English.
import nodemailer from "nodemailer";
import type { AuthConfig } from "./config.ts";

export type EmailAction =
  | "invite"
  | "signup"
  | "recovery"
  | "magiclink"
  | "email_change";

type Template = {
  subject: string;
  turkish: string;
  english: string;
};

const TEMPLATES: Record<EmailAction, Template> = {
  invite: {
    subject: "Davet edildiniz / You have been invited",
    turkish:
      "Hesabınız oluşturuldu. Daveti kabul edip parolanızı belirlemek için bağlantıyı açın:",
    english:
      "An account has been created for you. Open the link to accept the invite and set your password:",
  },
  signup: {
    subject: "E-posta adresinizi doğrulayın / Confirm your signup",
    turkish: "Kaydınızı tamamlamak için e-posta adresinizi doğrulayın:",
    english: "Follow this link to confirm your e-mail address:",
  },
  recovery: {
    subject: "Parolanızı sıfırlayın / Reset your password",
    turkish:
      "Parola sıfırlama isteği aldık. Yeni parola belirlemek için bağlantıyı açın:",
    english:
      "We received a request to reset your password. Open the link to choose a new one:",
  },
  magiclink: {
    subject: "Giriş bağlantınız / Your sign-in link",
    turkish: "Hesabınıza giriş yapmak için bağlantıyı açın:",
    english: "Follow this link to sign in:",
  },
  email_change: {
    subject: "E-posta değişikliğini onaylayın / Confirm e-mail change",
    turkish: "Yeni e-posta adresinizi onaylamak için bağlantıyı açın:",
    english: "Follow this link to confirm your new e-mail address:",
  },
};

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

// Fills the {{ .Name }} variables of a template with HTML-escaped values.
// config.ts has checked that the template uses no other expression.
export function renderEmailTemplate(
  html: string,
  values: Record<string, string>,
): string {
  return html.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, name: string) =>
    escapeHtml(values[name] ?? ""),
  );
}

// The plain-text part of an HTML e-mail: links as "text: URL", one line per
// paragraph or heading, a blank line at a horizontal rule, entities decoded.
export function textOfHtml(html: string): string {
  return html
    .replace(
      /<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi,
      (_, href: string, label: string) => `${label}: ${href}`,
    )
    .replace(/<hr\s*\/?>/gi, "\n")
    .replace(/<br\s*\/?>|<\/(p|h[1-6]|div|li)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export type MailSender = (
  action: EmailAction,
  to: string,
  link: string,
  code: string,
) => Promise<void>;

export function createMailSender(config: AuthConfig): MailSender {
  const transport = nodemailer.createTransport({
    host: config.smtp.host,
    port: config.smtp.port,
    secure: false,
    ignoreTLS: true,
  });

  return async (action, to, link, code) => {
    const template = TEMPLATES[action];
    const configured = config.emailTemplates[action];
    const subject = configured?.subject ?? template.subject;
    if (configured?.html) {
      const html = renderEmailTemplate(configured.html, {
        ConfirmationURL: link,
        Token: code,
        Email: to,
        SiteURL: config.siteUrl,
      });
      await transport.sendMail({
        from: { name: config.senderName, address: config.senderEmail },
        to,
        subject,
        text: textOfHtml(html),
        html,
      });

      return;
    }
    const text =
      `${template.turkish}\n${link}\n\nKod: ${code}\n\n` +
      `${template.english}\n${link}\n\nCode: ${code}\n`;
    const html =
      `<p>${escapeHtml(template.turkish)}</p>` +
      `<p><a href="${escapeHtml(link)}">Bağlantıyı aç</a></p>` +
      `<p>Kod: ${code}</p><hr>` +
      `<p>${escapeHtml(template.english)}</p>` +
      `<p><a href="${escapeHtml(link)}">Open the link</a></p>` +
      `<p>Code: ${code}</p>`;
    await transport.sendMail({
      from: { name: config.senderName, address: config.senderEmail },
      to,
      subject,
      text,
      html,
    });
  };
}
