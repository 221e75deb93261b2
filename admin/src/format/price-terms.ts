// Text of a contract's price terms (contracts.price_terms) for lists, show
// pages and exports: "Düzenlenmiş tarifeden indirim: %10,00" rather than the
// stored JSON. Numbers are written the Turkish way in both languages, as
// formatRuleValue writes rule values.
import { formatDecimal } from "../../../shared/money.ts";
import { decimalString, type Translate } from "./values.ts";

type Terms = Record<string, unknown>;

function percent(value: unknown): string | null {
  const decimal = decimalString(value);

  return decimal === null ? null : `%${formatDecimal(decimal, 2)}`;
}

function unitPrice(value: unknown): string | null {
  const decimal = decimalString(value);

  return decimal === null ? null : `${formatDecimal(decimal, 4)} TL/kWh`;
}

/**
 * Formats stored price terms: a discount on the regulated tariff, a fixed
 * unit price (one price or one per time zone), or a PTF-indexed price (a
 * margin in TL/MWh or a coefficient). Terms it cannot read are shown as
 * JSON, so nothing is hidden.
 */
export function formatPriceTerms(value: unknown, translate: Translate): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return JSON.stringify(value);
  }
  const terms = value as Terms;
  const label = (kind: string) =>
    translate(`priceTerms.${kind}`, kind.replace(/_/g, " "));

  if (
    terms.margin_try_per_mwh !== undefined &&
    terms.margin_try_per_mwh !== null
  ) {
    const margin = decimalString(terms.margin_try_per_mwh);
    if (margin !== null) {
      return `${label("ptf_indexed")}: PTF + YEKDEM + ${formatDecimal(margin, 2)} TL/MWh`;
    }
  }
  if (terms.coefficient !== undefined && terms.coefficient !== null) {
    const coefficient = decimalString(terms.coefficient);
    if (coefficient !== null) {
      return `${label("ptf_indexed")}: (PTF + YEKDEM) × ${formatDecimal(coefficient, 3)}`;
    }
  }
  if (terms.kind === "regulated_discount") {
    const discount = percent(terms.discount_pct);
    if (discount !== null) {
      return `${label("regulated_discount")}: ${discount}`;
    }
  }
  if (terms.kind === "fixed_price") {
    const single = unitPrice(terms.unit_price_try_per_kwh);
    if (single !== null) {
      return `${label("fixed_price")}: ${single}`;
    }
    const zones = terms.unit_prices_try_per_kwh as Terms | undefined;
    if (zones && typeof zones === "object") {
      const prices = ["T1", "T2", "T3"].map((zone) => {
        const decimal = decimalString(zones[zone]);

        return decimal === null ? null : `${zone} ${formatDecimal(decimal, 4)}`;
      });
      if (prices.every((price) => price !== null)) {
        return `${label("fixed_price")}: ${prices.join(" · ")} TL/kWh`;
      }
    }
  }

  return JSON.stringify(value);
}

/**
 * Formats an offer alternative's price terms from its kind and parameters
 * (offer_alternatives.kind and .parameters) as formatPriceTerms formats a
 * contract's. A "discount" alternative is a discount on the regulated
 * tariff, which its contract stores as "regulated_discount".
 */
export function formatAlternativeTerms(
  kind: string,
  parameters: unknown,
  translate: Translate,
): string {
  if (
    typeof parameters !== "object" ||
    parameters === null ||
    Array.isArray(parameters)
  ) {
    return JSON.stringify(parameters);
  }

  return formatPriceTerms(
    {
      ...parameters,
      kind: kind === "discount" ? "regulated_discount" : kind,
    },
    translate,
  );
}
