// POST {offer_id, preview?, document?} with the caller's JWT. Loads the
// offer, its latest revision, alternatives and competitor offers with the
// caller's token (so row-level security applies), renders the offer and
// the comparison PDFs, uploads both to the offer-documents bucket, e-mails
// them to the party's contact and calls mark_offer_sent.
// With preview: true it returns one PDF (document: "offer" by default, or
// "comparison") without storing or sending anything.

import {
  createClient,
  type SupabaseClient,
} from "npm:@supabase/supabase-js@2.109.0";
import { corsHeaders, corsPreflight, jsonResponse } from "../_shared/cors.ts";
import {
  embeddedAssetLoader,
  renderComparisonPdf,
  renderOfferPdf,
} from "../_shared/documents.ts";
import { HttpError } from "../_shared/http-error.ts";
import {
  MailConfigurationError,
  organisationSender,
  sendMail,
  smtpSettingsFromEnv,
} from "../_shared/mail.ts";
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

  const offerPdf = await renderOfferPdf(offerDocument, embeddedAssetLoader);
  const comparisonPdf = await renderComparisonPdf(
    comparisonDocument,
    embeddedAssetLoader,
  );
  const paths = await uploadDocuments(client, data, [
    { name: "offer.pdf", pdf: offerPdf },
    { name: "comparison.pdf", pdf: comparisonPdf },
  ]);

  const number = data.offer.offer_number;
  const messageId = await sendMail(smtpSettingsFromEnv(), {
    from: await organisationSender(client),
    to: data.recipient.email,
    subject: `Elektrik enerjisi teklifimiz – ${number}`,
    text:
      `Sayın ${data.recipient.name},\n\n` +
      `${number} numaralı elektrik enerjisi teklifimiz ve karşılaştırma ` +
      `tablosu ektedir. Teklif ${turkishDate(data.offer.valid_until)} ` +
      "tarihine kadar " +
      "geçerlidir.\n\nSaygılarımızla,\n" +
      `${data.organisation.name}\n`,
    attachments: [
      {
        filename: `${number}-teklif.pdf`,
        content: offerPdf,
        contentType: "application/pdf",
      },
      {
        filename: `${number}-karsilastirma.pdf`,
        content: comparisonPdf,
        contentType: "application/pdf",
      },
    ],
  });

  const { data: sent, error } = await client.rpc("mark_offer_sent", {
    p_offer_id: data.offer.id,
    p_recipient_email: data.recipient.email,
    p_document_paths: paths,
    p_message_id: messageId,
  });
  if (error) {
    // NOTE: the e-mail has left at this point, so a failure here leaves a
    // sent e-mail without an offer_sends row.
    console.error(
      `send-offer: mark_offer_sent failed for offer ${data.offer.id} after message ${messageId}: ${error.message}`,
    );
    throw new HttpError(409, `Recording the send failed: ${error.message}`);
  }

  return jsonResponse({
    ...sent,
    recipient_email: data.recipient.email,
    document_paths: paths,
    message_id: messageId,
  });
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

// Formats a date column (YYYY-MM-DD) as the Turkish DD.MM.YYYY.
function turkishDate(value: string): string {
  const [year, month, day] = value.split("-");

  return `${day}.${month}.${year}`;
}
