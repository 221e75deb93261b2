// Turkish display formats, used in both languages: dd.MM.yyyy dates, times
// in Europe/Istanbul whatever the browser's zone, and 1.234,56 amounts.
import { formatDecimal } from "../../shared/money.ts";

const ZONE = "Europe/Istanbul";

const DATE_TIME = new Intl.DateTimeFormat("tr-TR", {
  timeZone: ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const DATE = new Intl.DateTimeFormat("tr-TR", {
  timeZone: ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});

/** Formats a timestamptz as dd.MM.yyyy HH:mm in Istanbul time. */
export function formatDateTime(value: string | null | undefined): string {
  return value ? DATE_TIME.format(new Date(value)) : "";
}

/**
 * Formats a date (yyyy-MM-dd, read as written) or a timestamptz (as the
 * Istanbul calendar date) as dd.MM.yyyy.
 */
export function formatDate(value: string | null | undefined): string {
  if (!value) {
    return "";
  }
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (plain) {
    return `${plain[3]}.${plain[2]}.${plain[1]}`;
  }

  return DATE.format(new Date(value));
}

/** Formats a numeric column (PostgREST sends it as a JSON number or text). */
export function formatNumber(
  value: string | number | null | undefined,
  fractionDigits = 0,
): string {
  if (value === null || value === undefined || value === "") {
    return "";
  }

  return formatDecimal(String(value), fractionDigits);
}
