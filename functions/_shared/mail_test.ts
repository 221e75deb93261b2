// Sends a message with two attachments to an SMTP server on a loopback
// port and parses what arrived.

import assert from "node:assert/strict";
// @ts-types="npm:@types/mailparser@3.9.0"
import { simpleParser } from "npm:mailparser@3.14.5";
// @ts-types="npm:@types/smtp-server@3.5.13"
import { SMTPServer } from "npm:smtp-server@3.21.6";
import {
  MailConfigurationError,
  sendMail,
  smtpSettingsFromEnv,
} from "./mail.ts";

function startSmtpServer(): Promise<{
  port: number;
  received: Promise<string>;
  close: () => Promise<void>;
}> {
  let deliver: (raw: string) => void = () => undefined;
  const received = new Promise<string>((resolve) => {
    deliver = resolve;
  });
  const server = new SMTPServer({
    name: "localhost",
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Uint8Array[] = [];
      stream.on("data", (chunk: Uint8Array) => chunks.push(chunk));
      stream.on("end", () => {
        deliver(new TextDecoder().decode(concat(chunks)));
        callback();
      });
    },
  });

  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({
        port,
        received,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(
    chunks.reduce((total, chunk) => total + chunk.length, 0),
  );
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }

  return bytes;
}

Deno.test("sendMail delivers text and attachments", async () => {
  const server = await startSmtpServer();
  try {
    const pdf = new TextEncoder().encode("%PDF-1.3 teklif");
    const messageId = await sendMail(
      { host: "127.0.0.1", port: server.port, secure: false },
      {
        from: { name: "Örnek Enerji", address: "teklif@example.com" },
        to: "musteri@example.com",
        subject: "Teklifiniz – TKF-2026-000001",
        text: "Sayın Güneş Işık, teklifimiz ektedir.",
        attachments: [
          {
            filename: "teklif.pdf",
            content: pdf,
            contentType: "application/pdf",
          },
          {
            filename: "karsilastirma.pdf",
            content: pdf,
            contentType: "application/pdf",
          },
        ],
      },
    );
    const parsed = await simpleParser(await server.received);

    assert.equal(parsed.messageId, messageId);
    assert.equal(parsed.subject, "Teklifiniz – TKF-2026-000001");
    assert.equal(parsed.from?.value[0]?.name, "Örnek Enerji");
    assert.equal(parsed.text?.trim(), "Sayın Güneş Işık, teklifimiz ektedir.");
    assert.deepEqual(
      parsed.attachments.map((attachment) => attachment.filename),
      ["teklif.pdf", "karsilastirma.pdf"],
    );
    assert.equal(
      new TextDecoder().decode(parsed.attachments[0]?.content),
      "%PDF-1.3 teklif",
    );
  } finally {
    await server.close();
  }
});

Deno.test("smtpSettingsFromEnv rejects a missing host", () => {
  assert.throws(
    () => smtpSettingsFromEnv(() => undefined),
    MailConfigurationError,
  );
});

Deno.test("smtpSettingsFromEnv rejects a bad port", () => {
  const env: Record<string, string> = {
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: "x",
  };
  assert.throws(
    () => smtpSettingsFromEnv((name) => env[name]),
    /SMTP_PORT "x" is not a port number/,
  );
});
