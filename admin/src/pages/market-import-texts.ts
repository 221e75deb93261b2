// Texts of the market data import report in the admin's language: the
// importer's reasons by their codes, and replaced periods in Istanbul time.
import { formatDateTime, TIME_ZONE } from "../format/values.ts";

export type ReasonParams = Record<string, string | number>;

// A reason as the import-market-file function returns it: the English text
// and, from importers that send them, its code and parameters.
export type ImportReason = {
  reason: string;
  code?: string;
  params?: ReasonParams;
};

export type ReplacedScope =
  | { kind: "period" | "profile_sets"; from: string; to: string }
  | {
      kind:
        | "tariff_keys"
        | "tax_keys"
        | "years"
        | "months"
        | "valid_from_dates";
    };

type Translate = (
  key: string,
  options?: Record<string, unknown>,
  defaultMessage?: string,
) => string;

const HOUR_MS = 3_600_000;

const englishDateTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

// Formats an instant in Istanbul time: "05.01.2026 14:30" in Turkish,
// "05/01/2026 14:30" in English.
export function localDateTime(iso: string, language: string): string {
  if (language !== "en") {
    return formatDateTime(iso);
  }
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) {
    return iso;
  }

  return englishDateTime.format(instant).replace(",", "");
}

// The hours of a replaced period, from the start of its first hour to the
// end of its last: the importer reports the start of the last hour as `to`.
export function periodText(
  from: string,
  to: string,
  language: string,
): { from: string; to: string } {
  const end = new Date(new Date(to).getTime() + HOUR_MS).toISOString();

  return {
    from: localDateTime(from, language),
    to: localDateTime(end, language),
  };
}

// The replaced rows of a report, or the importer's English text when the
// report has no scope.
export function replacedText(
  translate: Translate,
  language: string,
  replaced: string,
  scope: ReplacedScope | undefined,
): string {
  if (!scope) {
    return replaced;
  }
  if (scope.kind === "period" || scope.kind === "profile_sets") {
    return translate(
      `market_import_texts.replaced.${scope.kind}`,
      periodText(scope.from, scope.to, language),
      replaced,
    );
  }

  return translate(`market_import_texts.replaced.${scope.kind}`, {}, replaced);
}

// Parameters as the texts show them: instants in Istanbul time and number
// profiles by name.
function shownParams(
  translate: Translate,
  language: string,
  params: ReasonParams,
): ReasonParams {
  const shown: ReasonParams = { ...params };
  if (typeof params.hour_start === "string") {
    shown.hour_start = localDateTime(params.hour_start, language);
  }
  if (typeof params.profile === "string") {
    shown.profile = translate(
      `market_import_texts.profiles.${params.profile}`,
      {},
      params.profile,
    );
  }

  return shown;
}

// The text of a reason in the UI language, or the English text for a code
// without one.
export function reasonText(
  translate: Translate,
  language: string,
  value: ImportReason,
): string {
  if (!value.code) {
    return value.reason;
  }

  return translate(
    `market_import_texts.reasons.${value.code}`,
    shownParams(translate, language, value.params ?? {}),
    value.reason,
  );
}
