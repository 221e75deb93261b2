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

  it("rejects recipients while chaos is on", async () => {
    const put = (triggers: unknown) =>
      fetch(`${stack.MAILPIT_URL}/api/v1/chaos`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(triggers),
      });
    const transport = nodemailer.createTransport({
      host: stack.SMTP_HOST,
      port: stack.SMTP_PORT,
      secure: false,
      ignoreTLS: true,
    });
    const send = () =>
      transport.sendMail({
        from: "satis@example.com",
        to: `chaos.${Date.now()}@example.com`,
        subject: "Chaos",
        text: "Chaos",
      });

    const on = await put({ Recipient: { ErrorCode: 451, Probability: 100 } });

    expect(on.status).toBe(200);
    expect((await on.json()).Recipient).toEqual({
      ErrorCode: 451,
      Probability: 100,
    });

    try {
      await expect(send()).rejects.toMatchObject({ responseCode: 451 });
    } finally {
      const off = await put({});

      expect(off.status).toBe(200);
    }

    const current = await fetch(`${stack.MAILPIT_URL}/api/v1/chaos`);

    expect((await current.json()).Recipient.Probability).toBe(0);
    await expect(send()).resolves.toBeDefined();
  });

  it("rejects invalid chaos triggers", async () => {
    const response = await fetch(`${stack.MAILPIT_URL}/api/v1/chaos`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ Sender: { ErrorCode: 250, Probability: 10 } }),
    });

    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain("Sender.ErrorCode");
  });
});
