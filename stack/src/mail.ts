// Mail catcher: an SMTP sink that keeps every message on disk and serves
// them on a small page and through a JSON API shaped like Mailpit's
// (/api/v1/messages, /api/v1/message/{ID}, /api/v1/message/{ID}/part/{PartID}),
// with Mailpit's chaos triggers (GET and PUT /api/v1/chaos) that make the
// SMTP server reject senders or recipients, so tests can see how the
// product copes with a failing mail server.
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import type http from "node:http";
import path from "node:path";
import { type AddressObject, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { closeServer, listen, readBody, sendJson } from "./http.ts";

type Address = { Name: string; Address: string };

export type StoredAttachment = {
  PartID: string;
  FileName: string;
  ContentType: string;
  Size: number;
};

export type StoredMessage = {
  ID: string;
  // The Message-ID header without angle brackets, as Mailpit shows it.
  MessageID: string;
  Created: string;
  From: Address;
  To: Address[];
  Cc: Address[];
  Subject: string;
  Text: string;
  HTML: string;
  Attachments: StoredAttachment[];
};

function addresses(value: AddressObject | AddressObject[] | undefined) {
  let list: AddressObject[] = [];
  if (Array.isArray(value)) {
    list = value;
  } else if (value) {
    list = [value];
  }

  return list.flatMap((group) =>
    group.value.map((a) => ({ Name: a.name ?? "", Address: a.address ?? "" })),
  );
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[
        c
      ] as string,
  );
}

// A chaos trigger as Mailpit defines it: the SMTP reply code to send and
// the probability in percent (0 turns the trigger off).
export type ChaosTrigger = { ErrorCode: number; Probability: number };

export type ChaosTriggers = {
  Sender: ChaosTrigger;
  Recipient: ChaosTrigger;
  Authentication: ChaosTrigger;
};

const CHAOS_OFF: ChaosTriggers = {
  Sender: { ErrorCode: 451, Probability: 0 },
  Recipient: { ErrorCode: 451, Probability: 0 },
  Authentication: { ErrorCode: 535, Probability: 0 },
};

// Parses a PUT /api/v1/chaos body. A missing trigger is off, and a missing
// ErrorCode takes Mailpit's default. Throws with the invalid value.
export function parseChaosTriggers(body: unknown): ChaosTriggers {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new Error("the chaos triggers must be a JSON object");
  }
  const input = body as Record<string, unknown>;
  const triggers = structuredClone(CHAOS_OFF);
  for (const key of Object.keys(triggers) as (keyof ChaosTriggers)[]) {
    const value = input[key];
    if (value === undefined || value === null) {
      continue;
    }
    const trigger = value as Record<string, unknown>;
    const code = trigger.ErrorCode ?? triggers[key].ErrorCode;
    const probability = trigger.Probability ?? 0;
    if (
      !Number.isInteger(code) ||
      (code as number) < 400 ||
      (code as number) > 599
    ) {
      throw new Error(
        `${key}.ErrorCode must be an integer 400-599, got ${JSON.stringify(code)}`,
      );
    }
    if (
      !Number.isInteger(probability) ||
      (probability as number) < 0 ||
      (probability as number) > 100
    ) {
      throw new Error(
        `${key}.Probability must be an integer 0-100, got ${JSON.stringify(probability)}`,
      );
    }
    triggers[key] = {
      ErrorCode: code as number,
      Probability: probability as number,
    };
  }
  if (triggers.Authentication.Probability > 0) {
    throw new Error(
      "Authentication triggers are not supported: the catcher does not require authentication",
    );
  }

  return triggers;
}

// Returns an SMTP error when the trigger fires, otherwise undefined.
function chaosError(
  trigger: ChaosTrigger,
  subject: string,
): (Error & { responseCode: number }) | undefined {
  if (trigger.Probability === 0 || Math.random() * 100 >= trigger.Probability) {
    return undefined;
  }
  const error = new Error(`Chaos: ${subject} rejected`) as Error & {
    responseCode: number;
  };
  error.responseCode = trigger.ErrorCode;

  return error;
}

export class MailCatcher {
  private smtp?: SMTPServer;
  private web?: http.Server;
  private chaos: ChaosTriggers = structuredClone(CHAOS_OFF);

  constructor(private readonly dir: string) {}

  async start(smtpPort: number, httpPort: number): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      // Every client is local; a reverse DNS lookup only delays the greeting.
      disableReverseLookup: true,
      size: 50 * 1024 * 1024,
      onMailFrom: (address, _session, callback) => {
        callback(chaosError(this.chaos.Sender, `sender ${address.address}`));
      },
      onRcptTo: (address, _session, callback) => {
        callback(
          chaosError(this.chaos.Recipient, `recipient ${address.address}`),
        );
      },
      onData: (stream, _session, callback) => {
        this.store(stream)
          .then(() => callback())
          .catch((error: Error) => callback(error));
      },
    });
    const smtp = this.smtp;
    await new Promise<void>((resolve, reject) => {
      smtp.once("error", reject);
      smtp.listen(smtpPort, "127.0.0.1", () => {
        smtp.off("error", reject);
        resolve();
      });
    });
    this.web = await listen(httpPort, (req, res) => this.serve(req, res));
  }

  async stop(): Promise<void> {
    if (this.web) {
      await closeServer(this.web);
    }
    await new Promise<void>((resolve) =>
      this.smtp ? this.smtp.close(() => resolve()) : resolve(),
    );
  }

  private async store(stream: NodeJS.ReadableStream): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) {
      chunks.push(Buffer.from(chunk as Buffer));
    }
    const raw = Buffer.concat(chunks);
    const parsed = await simpleParser(raw);
    const id = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
    const folder = path.join(this.dir, id);
    await mkdir(folder);
    const attachments: StoredAttachment[] = [];
    for (const [index, attachment] of parsed.attachments.entries()) {
      const partId = String(index + 1);
      await writeFile(path.join(folder, `part-${partId}`), attachment.content);
      attachments.push({
        PartID: partId,
        FileName: attachment.filename ?? `attachment-${partId}`,
        ContentType: attachment.contentType,
        Size: attachment.size,
      });
    }
    const message: StoredMessage = {
      ID: id,
      MessageID: (parsed.messageId ?? "").replace(/^<|>$/g, ""),
      Created: new Date().toISOString(),
      From: addresses(parsed.from)[0] ?? { Name: "", Address: "" },
      To: addresses(parsed.to),
      Cc: addresses(parsed.cc),
      Subject: parsed.subject ?? "",
      Text: parsed.text ?? "",
      HTML: typeof parsed.html === "string" ? parsed.html : "",
      Attachments: attachments,
    };
    await writeFile(path.join(folder, "raw.eml"), raw);
    await writeFile(path.join(folder, "message.json"), JSON.stringify(message));
  }

  async list(): Promise<StoredMessage[]> {
    if (!existsSync(this.dir)) {
      return [];
    }
    const ids = (await readdir(this.dir)).sort().reverse();
    const messages: StoredMessage[] = [];
    for (const id of ids) {
      const message = await this.get(id);
      if (message) {
        messages.push(message);
      }
    }

    return messages;
  }

  async get(id: string): Promise<StoredMessage | undefined> {
    if (!/^[\w-]+$/.test(id)) {
      return undefined;
    }
    const file = path.join(this.dir, id, "message.json");
    if (!existsSync(file)) {
      return undefined;
    }

    return JSON.parse(await readFile(file, "utf8")) as StoredMessage;
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://localhost");
    const parts = url.pathname.split("/").filter(Boolean);

    if (url.pathname === "/api/v1/messages" && req.method === "GET") {
      const messages = await this.list();
      const summaries = messages.map(({ Text, HTML, ...summary }) => ({
        ...summary,
        Snippet: Text.slice(0, 200),
      }));
      sendJson(res, 200, {
        total: summaries.length,
        count: summaries.length,
        messages: summaries,
      });

      return;
    }
    if (url.pathname === "/api/v1/chaos" && req.method === "GET") {
      sendJson(res, 200, this.chaos);

      return;
    }
    if (url.pathname === "/api/v1/chaos" && req.method === "PUT") {
      try {
        const text = (await readBody(req, 64 * 1024)).toString("utf8");
        this.chaos = parseChaosTriggers(
          text.trim() === "" ? {} : JSON.parse(text),
        );
      } catch (error) {
        sendJson(res, 400, { error: (error as Error).message });

        return;
      }
      sendJson(res, 200, this.chaos);

      return;
    }
    if (url.pathname === "/api/v1/messages" && req.method === "DELETE") {
      await rm(this.dir, { recursive: true, force: true });
      await mkdir(this.dir, { recursive: true });
      sendJson(res, 200, { ok: true });

      return;
    }
    if (parts[0] === "api" && parts[2] === "message" && parts[3]) {
      const message = await this.get(parts[3]);
      if (!message) {
        sendJson(res, 404, { error: `message ${parts[3]} not found` });

        return;
      }
      if (parts.length === 4) {
        sendJson(res, 200, message);

        return;
      }
      if (parts[4] === "raw") {
        const raw = await readFile(path.join(this.dir, message.ID, "raw.eml"));
        res.writeHead(200, { "content-type": "message/rfc822" });
        res.end(raw);

        return;
      }
      const attachment = message.Attachments.find((a) => a.PartID === parts[5]);
      if (parts[4] === "part" && attachment) {
        const file = path.join(
          this.dir,
          message.ID,
          `part-${attachment.PartID}`,
        );
        res.writeHead(200, {
          "content-type": attachment.ContentType,
          "content-disposition": `attachment; filename="${encodeURIComponent(
            attachment.FileName,
          )}"`,
        });
        res.end(await readFile(file));

        return;
      }
      sendJson(res, 404, { error: "part not found" });

      return;
    }
    if (url.pathname === "/" || url.pathname.startsWith("/view/")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(await this.page(parts[1]));

      return;
    }
    sendJson(res, 404, { error: "not found" });
  }

  private async page(selectedId?: string): Promise<string> {
    const messages = await this.list();
    const rows = messages
      .map(
        (m) =>
          `<tr><td>${escapeHtml(m.Created)}</td><td>${escapeHtml(m.From.Address)}</td>` +
          `<td>${escapeHtml(m.To.map((t) => t.Address).join(", "))}</td>` +
          `<td><a href="/view/${m.ID}">${escapeHtml(m.Subject)}</a></td>` +
          `<td>${m.Attachments.length}</td></tr>`,
      )
      .join("");
    const selected = selectedId ? await this.get(selectedId) : undefined;
    const detail = selected
      ? `<h2>${escapeHtml(selected.Subject)}</h2>` +
        `<p>From ${escapeHtml(selected.From.Address)} to ` +
        `${escapeHtml(selected.To.map((t) => t.Address).join(", "))}</p>` +
        `<pre>${escapeHtml(selected.Text)}</pre><ul>` +
        selected.Attachments.map(
          (a) =>
            `<li><a href="/api/v1/message/${selected.ID}/part/${a.PartID}">` +
            `${escapeHtml(a.FileName)}</a> (${a.Size} bytes)</li>`,
        ).join("") +
        "</ul>"
      : "";

    return `<!doctype html><html lang="en"><meta charset="utf-8">
<title>Mail catcher</title>
<style>body{font:14px sans-serif;margin:2em}td,th{padding:4px 8px;border-bottom:1px solid #ddd}</style>
<h1>Mail catcher</h1><p>${messages.length} message(s)</p>
<table><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th><th>Attachments</th></tr>${rows}</table>
${detail}</html>`;
  }
}
