// Loads an offer with the caller's client and turns it into the offer and
// comparison documents. Figures come from the pricing_result that
// price_offer stored on each alternative. PostgREST returns them as JSON
// numbers, which String() writes back exactly up to 15 significant digits.

import type { SupabaseClient } from "npm:@supabase/supabase-js@2.109.0";
import type {
  AlternativePricing,
  ComparisonDocument,
  ComparisonRow,
  MonthResult,
  OfferAlternative,
  OfferDocument,
  Organisation,
  QuotedTerms,
  ZoneUnitPrices,
} from "../_shared/documents.ts";
import { HttpError } from "../_shared/http-error.ts";
import { readReferenceNames } from "../_shared/reference-names.ts";

type Json = Record<string, unknown>;

export interface OfferData {
  offer: {
    id: string;
    offer_number: string;
    state: string;
    valid_until: string;
    created_at: string;
  };
  revision: { id: string; revision_no: number };
  alternatives: {
    label: string;
    kind: string;
    parameters: Json;
    pricing_result: Json;
  }[];
  party: { name: string; tax_id: string; address: string };
  recipient: { name: string; email: string } | undefined;
  metering_points: {
    code: string;
    distribution_region_code: string;
    subscriber_group_code: string;
    tariff_type: "single_time" | "three_time";
    /** The distribution company's name, e.g. "Dicle Elektrik Dağıtım A.Ş.". */
    distribution_region_name: string;
    /** The subscriber group's Turkish name, e.g. "Sanayi". */
    subscriber_group_name: string;
  }[];
  competitors: {
    supplier_name: string;
    kind: string;
    unit_price_try_per_kwh: number | null;
    discount_pct: number | null;
    yearly_bill_try: number | null;
  }[];
  organisation: Organisation;
  payment_term_days: number;
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

/** Loads everything the two documents need; 404 for an invisible offer. */
export async function loadOfferData(
  client: SupabaseClient,
  offerId: string,
): Promise<OfferData> {
  const offer = await must<Json>(
    client
      .from("offers")
      .select(
        "id, offer_number, state, valid_until, created_at, current_revision_no, party_id",
      )
      .eq("id", offerId)
      .maybeSingle(),
    `Offer ${offerId}`,
  );
  const revision = await must<Json>(
    client
      .from("offer_revisions")
      .select("id, revision_no")
      .eq("offer_id", offerId)
      .eq("revision_no", offer.current_revision_no)
      .maybeSingle(),
    `Revision ${offer.current_revision_no} of offer ${offerId}`,
  );
  const alternatives = await must<Json[]>(
    client
      .from("offer_alternatives")
      .select("label, kind, parameters, pricing_result")
      .eq("offer_revision_id", revision.id)
      .order("position"),
    `Alternatives of offer ${offerId}`,
  );
  if (alternatives.length === 0) {
    throw new HttpError(422, `Offer ${offer.offer_number} has no alternative`);
  }

  const party = await must<Json>(
    client
      .from("parties")
      .select("name, vkn, tckn, billing_address, email")
      .eq("id", offer.party_id)
      .maybeSingle(),
    `Party of offer ${offerId}`,
  );
  const contacts = await must<Json[]>(
    client
      .from("party_contacts")
      .select("full_name, email, is_primary")
      .eq("party_id", offer.party_id)
      .not("email", "is", null)
      .order("is_primary", { ascending: false })
      .order("created_at"),
    `Contacts of offer ${offerId}`,
  );
  const links = await must<Json[]>(
    client
      .from("offer_revision_metering_points")
      .select("metering_point_id")
      .eq("offer_revision_id", revision.id),
    `Metering points of offer ${offerId}`,
  );
  const meteringPoints =
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
          `Metering points of offer ${offerId}`,
        );
  const names = await readReferenceNames(client, meteringPoints);
  const competitors = await must<Json[]>(
    client
      .from("competitor_offers")
      .select(
        "supplier_name, kind, unit_price_try_per_kwh, discount_pct, yearly_bill_try",
      )
      .eq("offer_id", offerId)
      .order("created_at"),
    `Competitor offers of offer ${offerId}`,
  );
  const settings = await must<Json>(
    client
      .from("organisation_settings")
      .select("trade_name, vkn, address, phone, email, payment_term_days")
      .maybeSingle(),
    "Organisation settings",
  );

  const contact = contacts[0];
  let recipient: OfferData["recipient"];
  if (contact) {
    recipient = {
      name: String(contact.full_name),
      email: String(contact.email),
    };
  } else if (party.email) {
    recipient = { name: String(party.name), email: String(party.email) };
  }

  return {
    offer: offer as unknown as OfferData["offer"],
    revision: revision as unknown as OfferData["revision"],
    alternatives: alternatives as unknown as OfferData["alternatives"],
    party: {
      name: String(party.name),
      tax_id: String(party.vkn ?? party.tckn ?? ""),
      address: String(party.billing_address ?? ""),
    },
    recipient,
    metering_points: meteringPoints.map((point) => {
      const regionCode = String(point.distribution_region_code);
      const groupCode = String(point.subscriber_group_code);

      return {
        code: String(point.code),
        distribution_region_code: regionCode,
        subscriber_group_code: groupCode,
        tariff_type: point.tariff_type as "single_time" | "three_time",
        distribution_region_name: names.regions.get(regionCode) ?? regionCode,
        subscriber_group_name:
          names.subscriberGroups.get(groupCode) ?? groupCode,
      };
    }),
    competitors: competitors as unknown as OfferData["competitors"],
    organisation: {
      name: String(settings.trade_name),
      tax_id: String(settings.vkn),
      address: String(settings.address ?? ""),
      phone: settings.phone ? String(settings.phone) : undefined,
      email: settings.email ? String(settings.email) : undefined,
    },
    payment_term_days: Number(settings.payment_term_days),
  };
}

/** Writes a JSON number as the decimal string the templates expect. */
function decimal(value: unknown): string {
  if (typeof value === "number" && Number.isFinite(value)) {
    return String(value);
  }
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) {
    return value;
  }

  throw new Error(`Expected a decimal number, got ${JSON.stringify(value)}`);
}

/** Adds decimal strings exactly, in scaled integers. */
function addDecimals(values: string[]): string {
  const scale = Math.max(
    0,
    ...values.map((value) => value.split(".")[1]?.length ?? 0),
  );
  let sum = 0n;
  for (const value of values) {
    const negative = value.startsWith("-");
    const [whole = "0", fraction = ""] = value.replace("-", "").split(".");
    const scaled = BigInt(whole + fraction.padEnd(scale, "0"));
    sum += negative ? -scaled : scaled;
  }
  const negative = sum < 0n;
  const digits = (negative ? -sum : sum).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : "";

  return `${negative ? "-" : ""}${whole}${fraction}`;
}

function zoneKwh(month: Json): { T1: string; T2: string; T3: string } {
  const zones = (month.consumption_by_zone_kwh ?? {}) as Json;

  return {
    T1: decimal(zones.T1 ?? 0),
    T2: decimal(zones.T2 ?? 0),
    T3: decimal(zones.T3 ?? 0),
  };
}

/**
 * Energy unit prices by time zone from a month's bill lines. A line without
 * a time zone (a single-time tariff, a fixed or PTF-indexed offer price)
 * applies to every zone.
 */
function unitPrices(bill: Json | undefined): ZoneUnitPrices {
  const lines = ((bill?.lines ?? []) as Json[]).filter(
    (line) => line.kind === "energy",
  );
  const allZones = lines.find(
    (candidate) =>
      candidate.time_zone_code === null ||
      candidate.time_zone_code === undefined ||
      candidate.time_zone_code === "T",
  );
  const price = (zone: string) => {
    const line =
      lines.find((candidate) => candidate.time_zone_code === zone) ?? allZones;

    return line ? decimal(line.unit_price_try_per_kwh) : "0";
  };

  return { T1: price("T1"), T2: price("T2"), T3: price("T3") };
}

/** Divides decimal strings, rounding half away from zero to `places`. */
function divideDecimals(
  dividend: string,
  divisor: string,
  places: number,
): string {
  const scaled = (value: string, scale: number) => {
    const negative = value.startsWith("-");
    const [whole = "0", fraction = ""] = value.replace("-", "").split(".");
    const digits = BigInt(whole + fraction.padEnd(scale, "0").slice(0, scale));

    return negative ? -digits : digits;
  };
  const scale = Math.max(
    ...[dividend, divisor].map((value) => value.split(".")[1]?.length ?? 0),
  );
  const numerator = scaled(dividend, scale) * 10n ** BigInt(places + 1);
  const denominator = scaled(divisor, scale);
  if (denominator === 0n) {
    return "0";
  }
  let quotient = numerator / denominator;
  quotient = (quotient + (quotient < 0n ? -5n : 5n)) / 10n;
  const negative = quotient < 0n;
  const digits = (negative ? -quotient : quotient)
    .toString()
    .padStart(places + 1, "0");
  const whole = digits.slice(0, digits.length - places);
  const fraction = places > 0 ? `.${digits.slice(digits.length - places)}` : "";

  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/**
 * Returns the offer's unit prices as the customer reads them. A fixed price shows
 * the quoted price. A PTF-indexed price has its own value each month, so it
 * shows the expected average over the offer period. A discount shows the
 * first month's discounted regulated prices.
 */
function offerUnitPrices(
  alternative: OfferData["alternatives"][number],
  months: Json[],
): ZoneUnitPrices {
  const parameters = alternative.parameters ?? {};
  if (
    alternative.kind === "fixed_price" &&
    parameters.unit_price_try_per_kwh !== undefined &&
    parameters.unit_price_try_per_kwh !== null
  ) {
    const price = decimal(parameters.unit_price_try_per_kwh);

    return { T1: price, T2: price, T3: price };
  }
  if (alternative.kind === "ptf_indexed") {
    const lines = months.flatMap((month) =>
      (((month.offer_bill as Json | undefined)?.lines ?? []) as Json[]).filter(
        (line) => line.kind === "energy",
      ),
    );
    const amount = addDecimals(lines.map((line) => decimal(line.amount_try)));
    const kwh = addDecimals(lines.map((line) => decimal(line.quantity_kwh)));
    const average = divideDecimals(amount, kwh, 6);

    return { T1: average, T2: average, T3: average };
  }

  return unitPrices(months[0]?.offer_bill as Json | undefined);
}

function pricing(kind: string, parameters: Json): AlternativePricing {
  if (kind === "discount") {
    return {
      kind: "regulated_discount",
      discount_pct: decimal(parameters.discount_pct ?? 0),
    };
  }
  if (kind === "fixed_price") {
    return { kind: "fixed_price" };
  }

  return {
    kind: "ptf_indexed",
    margin_try_per_mwh:
      parameters.margin_try_per_mwh === undefined
        ? undefined
        : decimal(parameters.margin_try_per_mwh),
    coefficient:
      parameters.coefficient === undefined
        ? undefined
        : decimal(parameters.coefficient),
  };
}

function alternativeDocument(
  alternative: OfferData["alternatives"][number],
): OfferAlternative {
  const result = alternative.pricing_result;
  const months: MonthResult[] = ((result.months ?? []) as Json[]).map(
    (month) => {
      const zones = zoneKwh(month);

      return {
        month: String(month.month),
        consumption_kwh: {
          ...zones,
          total: decimal(month.consumption_kwh),
        },
        regulated_bill_try: decimal((month.regulated_bill as Json).total_try),
        offer_bill_try: decimal((month.offer_bill as Json).total_try),
        savings_try: decimal(month.savings_try),
      };
    },
  );
  const sum = (pick: (month: MonthResult) => string) =>
    addDecimals(months.map(pick));
  const firstMonth = ((result.months ?? []) as Json[])[0];

  return {
    name: alternative.label,
    pricing: pricing(alternative.kind, alternative.parameters ?? {}),
    unit_prices_try_per_kwh: offerUnitPrices(
      alternative,
      (result.months ?? []) as Json[],
    ),
    regulated_unit_prices_try_per_kwh: unitPrices(
      firstMonth?.regulated_bill as Json,
    ),
    months,
    totals: {
      consumption_kwh: {
        T1: sum((month) => month.consumption_kwh.T1),
        T2: sum((month) => month.consumption_kwh.T2),
        T3: sum((month) => month.consumption_kwh.T3),
        total: sum((month) => month.consumption_kwh.total),
      },
      regulated_bill_try: sum((month) => month.regulated_bill_try),
      offer_bill_try: sum((month) => month.offer_bill_try),
      savings_try: sum((month) => month.savings_try),
    },
  };
}

// The demo figures that any alternative's pricing used, from the result's
// `demo_figures` and, for results stored before it carried them, from its
// months' `demo_figures`.
function demoFigures(data: OfferData): string[] {
  const figures = new Set<string>();
  for (const alternative of data.alternatives) {
    const result = alternative.pricing_result ?? {};
    const lists = [
      result.demo_figures,
      ...((result.months ?? []) as Json[]).map((month) => month.demo_figures),
    ];
    for (const list of lists) {
      for (const figure of Array.isArray(list) ? list : []) {
        figures.add(String(figure));
      }
    }
  }

  return [...figures].sort();
}

function istanbulToday(): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Istanbul",
  }).format(new Date());
}

export function buildOfferDocument(data: OfferData): OfferDocument {
  return {
    language: "tr",
    organisation: data.organisation,
    offer_number: data.offer.offer_number,
    revision: data.revision.revision_no,
    issue_date: istanbulToday(),
    valid_until: data.offer.valid_until,
    customer: { ...data.party, contact_name: data.recipient?.name },
    metering_points: data.metering_points.map((point) => ({
      code: point.code,
      region: point.distribution_region_name,
      subscriber_group: point.subscriber_group_name,
      tariff_type: point.tariff_type,
    })),
    alternatives: data.alternatives.map(alternativeDocument),
    terms: { payment_term_days: data.payment_term_days, notes: [] },
    demo_figures: demoFigures(data),
  };
}

function quotedTerms(
  kind: string,
  discountPct: unknown,
  unitPrice: unknown,
): QuotedTerms {
  if (
    kind === "discount" &&
    discountPct !== null &&
    discountPct !== undefined
  ) {
    return { kind: "discount", discount_pct: decimal(discountPct) };
  }

  return {
    kind: "unit_price",
    unit_price_try_per_kwh: decimal(unitPrice ?? 0),
  };
}

/**
 * Prorates an annual amount in TL to `months` months, exactly in kuruş and
 * rounded half up.
 */
export function prorateAnnualTry(annual: string, months: number): string {
  const [whole = "0", fraction = ""] = annual.replace("-", "").split(".");
  const kurus = BigInt(whole) * 100n + BigInt(`${fraction}00`.slice(0, 2));
  const thirdDigit = BigInt(fraction.charAt(2) || "0");
  // Annual amounts carry at most kuruş; a third decimal rounds first.
  const exact = kurus + (thirdDigit >= 5n ? 1n : 0n);
  const prorated = (exact * BigInt(months) * 2n + 12n) / 24n;
  const sign = annual.startsWith("-") ? "-" : "";
  const text = prorated.toString().padStart(3, "0");

  return `${sign}${text.slice(0, -2)}.${text.slice(-2)}`;
}

/**
 * Compares the alternative with the lowest yearly bill against the
 * regulated tariff and the competitors' offers.
 */
export function buildComparisonDocument(data: OfferData): ComparisonDocument {
  const documents = data.alternatives.map(alternativeDocument);
  let bestIndex = 0;
  documents.forEach((candidate, index) => {
    const best = documents[bestIndex] as OfferAlternative;
    const difference = addDecimals([
      candidate.totals.offer_bill_try,
      `-${best.totals.offer_bill_try}`.replace("--", ""),
    ]);
    if (difference.startsWith("-")) {
      bestIndex = index;
    }
  });
  const best = documents[bestIndex] as OfferAlternative;
  const source = data.alternatives[bestIndex] as OfferData["alternatives"][0];
  const offerRow: ComparisonRow = {
    supplier_name: data.organisation.name,
    terms: quotedTerms(
      source.kind,
      source.parameters?.discount_pct,
      source.parameters?.unit_price_try_per_kwh ??
        best.unit_prices_try_per_kwh.T1,
    ),
    annual_cost_try: best.totals.offer_bill_try,
  };

  return {
    language: "tr",
    organisation: data.organisation,
    customer: { ...data.party, contact_name: data.recipient?.name },
    offer_number: data.offer.offer_number,
    issue_date: istanbulToday(),
    first_month: best.months[0]?.month ?? "",
    last_month: best.months.at(-1)?.month ?? "",
    period_months: best.months.length,
    annual_consumption_kwh: best.totals.consumption_kwh.total,
    regulated_annual_cost_try: best.totals.regulated_bill_try,
    offer: offerRow,
    competitors: data.competitors.map((competitor) => ({
      supplier_name: competitor.supplier_name,
      terms: quotedTerms(
        competitor.kind,
        competitor.discount_pct,
        competitor.unit_price_try_per_kwh,
      ),
      annual_cost_try:
        best.months.length === 12
          ? decimal(competitor.yearly_bill_try ?? 0)
          : prorateAnnualTry(
              decimal(competitor.yearly_bill_try ?? 0),
              best.months.length,
            ),
    })),
  };
}
