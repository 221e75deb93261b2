// POST {contract_id, regenerate?} with the caller's JWT, right after
// respond_to_offer has created the contract. Renders the contract PDF with
// the template the contract row names, stores it in the contract-documents
// bucket at contracts/<contract_id>/contract.pdf and records the path with
// record_contract_document. A contract that already has its document is
// returned as it is unless regenerate is true.

import {
  createClient,
  type SupabaseClient,
} from "npm:@supabase/supabase-js@2.109.0";
import { corsPreflight, jsonResponse } from "../_shared/cors.ts";
import {
  type ContractDocument,
  type ContractPriceTerms,
  embeddedAssetLoader,
  renderContractPdf,
  selectContractTemplate,
} from "../_shared/documents.ts";
import { HttpError } from "../_shared/http-error.ts";
import { readReferenceNames } from "../_shared/reference-names.ts";

const UUID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Json = Record<string, unknown>;

async function parseRequest(
  request: Request,
): Promise<{ contract_id: string; regenerate: boolean }> {
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
  const input = (typeof body === "object" && body !== null ? body : {}) as Json;
  if (
    typeof input.contract_id !== "string" ||
    !UUID_PATTERN.test(input.contract_id)
  ) {
    throw new HttpError(400, "contract_id is missing or is not a UUID");
  }

  return {
    contract_id: input.contract_id,
    regenerate: input.regenerate === true,
  };
}

async function must<T>(
  query: PromiseLike<{ data: T | null; error: { message: string } | null }>,
  what: string,
): Promise<T> {
  const { data, error } = await query;
  if (error) {
    throw new Error(`Reading ${what} failed: ${error.message}`);
  }
  if (data === null) {
    throw new HttpError(404, `${what} not found`);
  }

  return data;
}

/** Writes a JSON number as a decimal string, exact to 15 digits. */
function decimal(value: unknown): string {
  if (typeof value === "number" && Number.isFinite(value)) {
    return String(value);
  }
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) {
    return value;
  }

  throw new Error(`Expected a decimal number, got ${JSON.stringify(value)}`);
}

/** Divides a decimal string by 10 by moving its point: ‰ to %. */
function perMilleToPercent(value: string): string {
  const negative = value.startsWith("-");
  const [whole = "0", fraction = ""] = value.replace("-", "").split(".");
  const padded = whole.padStart(2, "0");
  const result = `${padded.slice(0, -1)}.${padded.slice(-1)}${fraction}`;

  return `${negative ? "-" : ""}${result.replace(/^0+(?=\d)/, "")}`;
}

function priceTerms(terms: Json): ContractPriceTerms {
  if (terms.kind === "regulated_discount") {
    return {
      kind: "regulated_discount",
      discount_pct: decimal(terms.discount_pct),
    };
  }
  if (terms.kind === "fixed_price") {
    const zones = (terms.unit_prices_try_per_kwh ?? {}) as Json;
    const single = terms.unit_price_try_per_kwh;

    return {
      kind: "fixed_price",
      unit_prices_try_per_kwh: {
        T1: decimal(zones.T1 ?? single),
        T2: decimal(zones.T2 ?? single),
        T3: decimal(zones.T3 ?? single),
      },
    };
  }

  if (terms.kind === "ptf_indexed") {
    return {
      kind: "ptf_indexed",
      ...(terms.coefficient === undefined || terms.coefficient === null
        ? { margin_try_per_mwh: decimal(terms.margin_try_per_mwh ?? 0) }
        : { coefficient: decimal(terms.coefficient) }),
    };
  }

  throw new HttpError(
    422,
    `Contract price terms of kind ${String(terms.kind)} have no template`,
  );
}

function istanbulDate(timestamp: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Istanbul",
  }).format(new Date(timestamp));
}

async function loadContractDocument(
  client: SupabaseClient,
  contract: Json,
): Promise<ContractDocument> {
  const party = await must<Json>(
    client
      .from("parties")
      .select("name, vkn, tckn, billing_address")
      .eq("id", contract.party_id)
      .maybeSingle(),
    `Party of contract ${contract.id}`,
  );
  const contacts = await must<Json[]>(
    client
      .from("party_contacts")
      .select("full_name, title")
      .eq("party_id", contract.party_id)
      .order("is_primary", { ascending: false })
      .order("created_at")
      .limit(1),
    `Contacts of contract ${contract.id}`,
  );
  const links = await must<Json[]>(
    client
      .from("contract_metering_points")
      .select("metering_point_id")
      .eq("contract_id", contract.id),
    `Metering points of contract ${contract.id}`,
  );
  const points =
    links.length === 0
      ? []
      : await must<Json[]>(
          client
            .from("metering_points")
            .select(
              "code, distribution_region_code, subscriber_group_code, tariff_type",
            )
            .in(
              "id",
              links.map((link) => link.metering_point_id),
            )
            .order("code"),
          `Metering points of contract ${contract.id}`,
        );
  const settings = await must<Json>(
    client
      .from("organisation_settings")
      .select("legal_name, trade_name, vkn, address, phone, email")
      .maybeSingle(),
    "Organisation settings",
  );
  const names = await readReferenceNames(client, points);
  const termination = (contract.termination_terms ?? {}) as Json;
  const contact = contacts[0];

  return {
    language: "tr",
    contract_number: String(contract.contract_number),
    strategy: contract.sales_strategy as ContractDocument["strategy"],
    issue_date: istanbulDate(String(contract.created_at)),
    supplier: {
      name: String(settings.legal_name),
      tax_id: String(settings.vkn),
      address: String(settings.address ?? ""),
      phone: settings.phone ? String(settings.phone) : undefined,
      email: settings.email ? String(settings.email) : undefined,
    },
    // NOTE: organisation_settings names no signatory yet, so the supplier
    // signs as the company; replace this when the settings gain one.
    supplier_signatory: { name: String(settings.trade_name), title: "Yetkili" },
    customer: {
      name: String(party.name),
      tax_id: String(party.vkn ?? party.tckn ?? ""),
      address: String(party.billing_address ?? ""),
      contact_name: contact ? String(contact.full_name) : undefined,
    },
    customer_signatory: {
      name: String(contact?.full_name ?? party.name),
      title: String(contact?.title ?? "Yetkili"),
    },
    start_date: String(contract.start_date),
    end_date: String(contract.end_date),
    metering_points: points.map((point) => ({
      code: String(point.code),
      region:
        names.regions.get(String(point.distribution_region_code)) ??
        String(point.distribution_region_code),
      subscriber_group:
        names.subscriberGroups.get(String(point.subscriber_group_code)) ??
        String(point.subscriber_group_code),
      tariff_type: point.tariff_type as "single_time" | "three_time",
    })),
    price_terms: priceTerms((contract.price_terms ?? {}) as Json),
    payment_term_days: Number(contract.payment_term_days),
    termination_notice_days: Number(termination.notice_days ?? 30),
    early_termination_fee_pct: decimal(
      termination.early_termination_fee_pct ?? 0,
    ),
    contract_value_try: decimal(contract.contract_value_try),
    stamp_tax_rate_pct: perMilleToPercent(
      decimal(contract.stamp_tax_rate_per_mille),
    ),
  };
}

async function generateContract(
  client: SupabaseClient,
  input: { contract_id: string; regenerate: boolean },
): Promise<Response> {
  const contract = await must<Json>(
    client
      .from("contracts")
      .select(
        "id, contract_number, party_id, template_code, sales_strategy, start_date, end_date, price_terms, termination_terms, payment_term_days, contract_value_try, stamp_tax_rate_per_mille, stamp_tax_try, document_path, created_at",
      )
      .eq("id", input.contract_id)
      .maybeSingle(),
    `Contract ${input.contract_id}`,
  );
  if (contract.document_path && !input.regenerate) {
    return jsonResponse({
      contract_id: contract.id,
      document_path: contract.document_path,
      generated: false,
    });
  }

  const document = await loadContractDocument(client, contract);
  const template = selectContractTemplate(
    document.strategy,
    document.start_date,
  );
  if (template.id !== contract.template_code) {
    throw new HttpError(
      422,
      `Contract ${contract.contract_number} names template ${contract.template_code}, but the documents have ${template.id} for ${document.strategy} on ${document.start_date}`,
    );
  }

  const pdf = await renderContractPdf(document, embeddedAssetLoader);
  const path = `contracts/${contract.id}/contract.pdf`;
  const { error: uploadError } = await client.storage
    .from("contract-documents")
    .upload(path, pdf, { contentType: "application/pdf", upsert: true });
  if (uploadError) {
    throw new HttpError(
      403,
      `Uploading ${path} failed: ${uploadError.message}`,
    );
  }

  const { data, error } = await client.rpc("record_contract_document", {
    p_contract_id: contract.id,
    p_document_path: path,
  });
  if (error) {
    throw new Error(`Recording ${path} failed: ${error.message}`);
  }

  return jsonResponse({ ...data, generated: true });
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

    return await generateContract(client, input);
  } catch (error) {
    if (error instanceof HttpError) {
      return jsonResponse({ error: error.message }, error.status);
    }
    console.error("generate-contract failed:", error);

    return jsonResponse({ error: "Generating the contract failed" }, 500);
  }
});
