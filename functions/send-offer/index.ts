// POST {offer_id, preview?, document?} with the caller's JWT. Loads the
// offer, its latest revision, alternatives and competitor offers with the
// caller's token (so row-level security applies), renders the offer and
// the comparison PDFs, uploads both to the offer-documents bucket, and calls
// send_offer_by_email, which marks the offer sent and queues the e-mail to
// the party's contact in one transaction. It then delivers the e-mail:
// 200 when the SMTP server accepted it, 202 when it stays queued for the
// deliver-emails job (the response's email.error gives the reason).
// With preview: true it returns one PDF (document: "offer" by default, or
// "comparison") without storing or sending anything.

import {
  createClient,
  type SupabaseClient,
} from "npm:@supabase/supabase-js@2.109.0";
// @ts-types="npm:@types/pg@8.23.1"
import pg from "npm:pg@8.23.1";
import { corsHeaders, corsPreflight, jsonResponse } from "../_shared/cors.ts";
import {
  embeddedAssetLoader,
  renderComparisonPdf,
  renderOfferPdf,
} from "../_shared/documents.ts";
import { HttpError } from "../_shared/http-error.ts";
import {
  MailConfigurationError,
  type SmtpSettings,
  smtpSettingsFromEnv,
} from "../_shared/mail.ts";
import {
  deliverPendingEmails,
  storageAttachmentLoader,
} from "../_shared/outbox.ts";
import {
  buildComparisonDocument,
  buildOfferDocument,
  loadOfferData,
  type OfferData,
} from "./offer-data.ts";

const UUID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface SendOfferRequest {
  offer_id: string;
  preview: boolean;
  document: "offer" | "comparison";
}

async function parseRequest(request: Request): Promise<SendOfferRequest> {
  if (request.method !== "POST") {
    throw new HttpError(
      405,
      `Method ${request.method} is not allowed: use POST`,
    );
  }

  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new HttpError(400, "The request body is not valid JSON");
  }
  if (typeof body !== "object" || body === null) {
    throw new HttpError(400, "The request body must be a JSON object");
  }

  const input = body as Record<string, unknown>;
  if (
    typeof input.offer_id !== "string" ||
    !UUID_PATTERN.test(input.offer_id)
  ) {
    throw new HttpError(400, "offer_id is missing or is not a UUID");
  }
  const document = input.document ?? "offer";
  if (document !== "offer" && document !== "comparison") {
    throw new HttpError(
      400,
      `document "${String(document)}" is invalid: use "offer" or "comparison"`,
    );
  }

  return {
    offer_id: input.offer_id,
    preview: input.preview === true,
    document,
  };
}

function pdfResponse(pdf: Uint8Array, filename: string): Response {
  return new Response(pdf as Uint8Array<ArrayBuffer>, {
    headers: {
      ...corsHeaders,
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${filename}"`,
    },
  });
}

async function uploadDocuments(
  client: SupabaseClient,
  data: OfferData,
  files: { name: string; pdf: Uint8Array }[],
): Promise<string[]> {
  const folder = `offers/${data.offer.id}/r${data.revision.revision_no}`;
  const paths: string[] = [];
  for (const file of files) {
    const path = `${folder}/${file.name}`;
    const { error } = await client.storage
      .from("offer-documents")
      .upload(path, file.pdf, { contentType: "application/pdf", upsert: true });
    if (error) {
      // Storage rejects callers whose role may not send offers.
      throw new HttpError(
        403,
        `Uploading ${path} failed: ${error.message}. Only sales staff and dealers can send offers.`,
      );
    }
    paths.push(path);
  }

  return paths;
}

async function sendOffer(
  client: SupabaseClient,
  input: SendOfferRequest,
): Promise<Response> {
  const data = await loadOfferData(client, input.offer_id);
  const offerDocument = buildOfferDocument(data);
  const comparisonDocument = buildComparisonDocument(data);

  if (input.preview) {
    const pdf =
      input.document === "offer"
        ? await renderOfferPdf(offerDocument, embeddedAssetLoader)
        : await renderComparisonPdf(comparisonDocument, embeddedAssetLoader);

    return pdfResponse(pdf, `${data.offer.offer_number}-${input.document}.pdf`);
  }

  if (data.offer.state !== "approved" && data.offer.state !== "sent") {
    throw new HttpError(
      409,
      `Offer ${data.offer.offer_number} is ${data.offer.state}: only approved offers can be sent`,
    );
  }
  if (!data.recipient) {
    throw new HttpError(
      422,
      `Offer ${data.offer.offer_number} has no recipient: add an e-mail address to the party or its primary contact`,
    );
  }

  // Read first, so that missing mail settings change nothing.
  const smtp = smtpSettingsFromEnv();
  const offerPdf = await renderOfferPdf(offerDocument, embeddedAssetLoader);
  const comparisonPdf = await renderComparisonPdf(
    comparisonDocument,
    embeddedAssetLoader,
  );
  const paths = await uploadDocuments(client, data, [
    { name: "offer.pdf", pdf: offerPdf },
    { name: "comparison.pdf", pdf: comparisonPdf },
  ]);

  // The state change and the queued e-mail commit together, so a failed
  // delivery below leaves the e-mail pending for the deliver-emails job
  // instead of losing it, and a delivered e-mail is never sent again.
  const { data: sent, error } = await client.rpc("send_offer_by_email", {
    p_offer_id: data.offer.id,
  });
  if (error) {
    throw new HttpError(
      error.code === "22023" ? 422 : 409,
      `Recording the send failed: ${error.message}`,
    );
  }

  const delivery = await deliverOfferEmail(sent.outbox_email_id, smtp, {
    [paths[0] as string]: offerPdf,
    [paths[1] as string]: comparisonPdf,
  });

  return jsonResponse(
    { ...sent, document_paths: paths, email: delivery },
    delivery.status === "sent" ? 200 : 202,
  );
}

// Delivers the offer's queued e-mail with the PDFs just rendered. A failure
// is returned, not thrown: the offer is already sent and its e-mail stays
// pending until the deliver-emails job retries it.
async function deliverOfferEmail(
  outboxEmailId: string,
  smtp: SmtpSettings,
  pdfs: Record<string, Uint8Array>,
): Promise<{ status: "sent" | "pending"; error?: string }> {
  let db: pg.Client | undefined;
  try {
    const fromStorage = storageAttachmentLoader(
      requiredEnv("SUPABASE_URL"),
      requiredEnv("SUPABASE_SERVICE_ROLE_KEY"),
    );
    db = new pg.Client({ connectionString: requiredEnv("SUPABASE_DB_URL") });
    await db.connect();
    const result = await deliverPendingEmails(db, {
      smtp,
      ids: [outboxEmailId],
      loadAttachment: (attachment) =>
        pdfs[attachment.path]
          ? Promise.resolve(pdfs[attachment.path] as Uint8Array)
          : fromStorage(attachment),
    });
    if (result.sent === 1) {
      return { status: "sent" };
    }

    return {
      status: "pending",
      error: result.errors[0]?.error ?? "the e-mail was not due for delivery",
    };
  } catch (error) {
    console.error(
      `send-offer: delivering outbox e-mail ${outboxEmailId} failed: ${(error as Error).message}`,
    );

    return { status: "pending", error: (error as Error).message };
  } finally {
    await db?.end().catch(() => undefined);
  }
}

function requiredEnv(name: string): string {
  const value = Deno.env.get(name);
  if (!value) {
    throw new MailConfigurationError(`${name} is not set`);
  }

  return value;
}

Deno.serve(async (request) => {
  const preflight = corsPreflight(request);
  if (preflight) {
    return preflight;
  }

  try {
    const authorization = request.headers.get("Authorization");
    if (!authorization) {
      throw new HttpError(401, "The Authorization header is missing");
    }
    const input = await parseRequest(request);
    const client = createClient(
      Deno.env.get("SUPABASE_URL") ?? "",
      Deno.env.get("SUPABASE_ANON_KEY") ?? "",
      {
        global: { headers: { Authorization: authorization } },
        auth: { persistSession: false, autoRefreshToken: false },
      },
    );

    return await sendOffer(client, input);
  } catch (error) {
    if (error instanceof HttpError) {
      return jsonResponse({ error: error.message }, error.status);
    }
    if (error instanceof MailConfigurationError) {
      console.error(`send-offer: mail is not configured: ${error.message}`);

      return jsonResponse({ error: error.message }, 503);
    }
    console.error("send-offer failed:", error);

    return jsonResponse({ error: "Sending the offer failed" }, 500);
  }
});
