// Text forms of column values for lists, show pages and exports: numbers and
// TL amounts the Turkish way (1.234,56 ₺) whatever the language, dates and
// times in Europe/Istanbul whatever the browser's time zone.
import { intervalInUnit } from "../../../shared/interval.ts";
import { formatDecimal, formatTry } from "../../../shared/money.ts";
import type { FieldDescription } from "../catalogue/types.ts";
import { formatPriceTerms } from "./price-terms.ts";

export const TIME_ZONE = "Europe/Istanbul";

const dateTimeFormat = new Intl.DateTimeFormat("tr-TR", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

// Formats an instant as "05.01.2026 14:30" in Istanbul time.
export function formatDateTime(value: string): string {
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) {
    return value;
  }

  return dateTimeFormat.format(instant).replace(",", "");
}

// Formats a calendar date "2026-01-05" as "05.01.2026" without passing it
// through a time zone.
export function formatDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);

  return match ? `${match[3]}.${match[2]}.${match[1]}` : value;
}

// Returns a decimal string for a numeric value from PostgREST, which sends
// numeric columns as JSON numbers. Digits beyond a double's precision are
// already lost by then; the columns shown here fit in 15 digits.
export function decimalString(value: unknown): string | null {
  if (typeof value === "number") {
    return Number.isFinite(value) ? String(value) : null;
  }
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    return value.trim();
  }

  return null;
}

export type Translate = (key: string, fallback?: string) => string;

// Returns the display text of one value of `field`. `referenceLabel` is the
// label of a referenced record when the list embedded it.
export function formatValue(
  field: FieldDescription,
  value: unknown,
  translate: Translate,
  referenceLabel?: unknown,
): string {
  if (value === null || value === undefined || value === "") {
    return "";
  }
  switch (field.kind) {
    case "money": {
      const decimal = decimalString(value);

      return decimal === null ? String(value) : formatTry(decimal);
    }
    case "decimal":
    case "integer": {
      const decimal = decimalString(value);

      return decimal === null
        ? String(value)
        : formatDecimal(decimal, field.fractionDigits ?? 0);
    }
    case "date":
      return formatDate(String(value));
    case "datetime":
      return formatDateTime(String(value));
    case "boolean":
      return translate(value ? "values.yes" : "values.no");
    case "enum":
      return translate(`enums.${String(value)}`, String(value));
    case "reference":
      return referenceLabel === null || referenceLabel === undefined
        ? String(value)
        : String(referenceLabel);
    case "json":
      return JSON.stringify(value);
    case "price_terms":
      return formatPriceTerms(value, translate);
    case "interval": {
      const unit = field.intervalUnit ?? "minutes";
      const amount = intervalInUnit(String(value), unit);

      return amount === null
        ? String(value)
        : `${amount} ${translate(`form_checks.${unit}`, unit)}`;
    }
    default:
      return String(value);
  }
}
