// Display of price rule limits and offer values. check_offer_rules returns
// limit_value and actual_value as bare numbers, and the rule kind sets their
// unit: minimum_unit_price compares the average unit price in TL/kWh, every
// other kind compares a percentage (discount or margin).
import { formatDecimal } from "./money.ts";

/** Rule kinds whose limit is an average unit price in TL/kWh. */
const UNIT_PRICE_RULE_KINDS = new Set(["minimum_unit_price"]);

/** Unit of a rule's limit and actual value. */
export type RuleUnit = "percent" | "try_per_kwh";

/** Returns the unit of a rule kind's limit and actual value. */
export function ruleUnit(ruleKind: string): RuleUnit {
  return UNIT_PRICE_RULE_KINDS.has(ruleKind) ? "try_per_kwh" : "percent";
}

/**
 * Formats a rule's limit or actual value in its unit, the Turkish way:
 * percentages as `%24,14` (two decimals, sign before the %), unit prices as
 * `3,8000 TL/kWh`. A missing value, such as the margin of an offer without
 * costs, is `–`.
 */
export function formatRuleValue(ruleKind: string, value: unknown): string {
  const decimal = ruleDecimal(value);
  if (decimal === null) {
    return "–";
  }

  if (ruleUnit(ruleKind) === "try_per_kwh") {
    return `${formatDecimal(decimal, 4)} TL/kWh`;
  }

  const negative = decimal.startsWith("-");
  const magnitude = formatDecimal(negative ? decimal.slice(1) : decimal, 2);
  // Rounding can turn a small negative value into zero, which takes no sign.
  const sign = negative && /[1-9]/.test(magnitude) ? "-" : "";

  return `${sign}%${magnitude}`;
}

/** Reads a JSON number or numeric string as a plain decimal string. */
function ruleDecimal(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) {
    // String() writes numbers below 1e-6 in exponent form, which
    // formatDecimal does not read.
    const text = String(value);

    return /e/i.test(text) ? value.toFixed(8) : text;
  }
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    return value.trim();
  }

  return null;
}
