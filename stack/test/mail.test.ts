import nodemailer from "nodemailer";
import { describe, expect, inject, it } from "vitest";

const stack = inject("stack");

describe("mail catcher", () => {
  it("returns a message sent by SMTP with its attachment", async () => {
    const transport = nodemailer.createTransport({
      host: stack.SMTP_HOST,
      port: stack.SMTP_PORT,
      secure: false,
      ignoreTLS: true,
    });
    const pdf = Buffer.from("%PDF-1.4 teklif örneği", "utf8");
    const subject = `Teklifiniz ${Date.now()} — Işık Enerji`;
    await transport.sendMail({
      from: "satis@example.com",
      to: "müşteri@example.com",
      subject,
      text: "Ekte teklifimizi bulabilirsiniz.",
      attachments: [
        {
          filename: "teklif-ÇĞŞ.pdf",
          content: pdf,
          contentType: "application/pdf",
        },
      ],
    });

    const list = await fetch(`${stack.MAILPIT_URL}/api/v1/messages`).then((r) =>
      r.json(),
    );
    const summary = list.messages.find(
      (m: { Subject: string }) => m.Subject === subject,
    );
    expect(summary).toBeDefined();

    const message = await fetch(
      `${stack.MAILPIT_URL}/api/v1/message/${summary.ID}`,
    ).then((r) => r.json());
    expect(message.From.Address).toBe("satis@example.com");
    expect(message.To[0].Address).toBe("müşteri@example.com");
    expect(message.Text.trim()).toBe("Ekte teklifimizi bulabilirsiniz.");
    expect(message.Attachments).toHaveLength(1);
    expect(message.Attachments[0].FileName).toBe("teklif-ÇĞŞ.pdf");

    const part = await fetch(
      `${stack.MAILPIT_URL}/api/v1/message/${summary.ID}/part/${message.Attachments[0].PartID}`,
    );
    expect(part.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await part.arrayBuffer())).toEqual(pdf);
  });

  it("answers 404 for an unknown message", async () => {
    const response = await fetch(
      `${stack.MAILPIT_URL}/api/v1/message/does-not-exist`,
    );
    expect(response.status).toBe(404);
  });
});
