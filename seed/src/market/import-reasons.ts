// Reasons of the market-data importer as stable codes with parameters. The
// command line prints the English text below; the admin renders each code
// in Turkish or English from its own texts
// (market_import_texts.reasons.<code>).

export type ReasonParams = Record<string, string | number>;

// The cause of rejecting a file or one of its lines, or of skipping a line.
export type ImportReason = { code: ImportReasonCode; params: ReasonParams };

const ENGLISH = {
  // Alternative names of the column are joined with " / ".
  missing_column: (p: ReasonParams) =>
    `missing column ${String(p.columns).split(" / ").join(" or ")}`,
  empty_value: (p: ReasonParams) => `${p.column} is empty`,
  invalid_number: (p: ReasonParams) =>
    p.profile === "tr"
      ? `${p.column}: "${p.text}" is not a number in the Turkish format (1.234,56) (number profile tr)`
      : `${p.column}: "${p.text}" is not a number with a decimal point (1234.56) (number profile point)`,
  invalid_date: (p: ReasonParams) =>
    `${p.column} "${p.text}" is not a date (dd.MM.yyyy or yyyy-MM-dd)`,
  hour_missing: () => "the hour is missing",
  hour_out_of_range: (p: ReasonParams) =>
    `hour ${p.hour} does not exist on ${p.date}: that day has ${p.hours} ` +
    `hours (numbered ${p.first}-${p.last})`,
  invalid_hour: (p: ReasonParams) =>
    `hour "${p.text}" is not the start of an hour (HH:00) or an hour number`,
  local_time_missing: (p: ReasonParams) =>
    `${p.hour} on ${p.date} does not exist in Turkish local time`,
  local_time_twice: (p: ReasonParams) => `${p.date} ${p.hour} appears twice`,
  hour_twice: (p: ReasonParams) => `hour ${p.hour_start} appears twice`,
  negative_value: (p: ReasonParams) => `${p.column} ${p.value} is negative`,
  no_data_rows: () => "the file has no data rows",
  invalid_timestamp: (p: ReasonParams) =>
    `timestamp "${p.text}" is not an hour start with an offset`,
  invalid_term_type: (p: ReasonParams) =>
    `term_type "${p.text}" is not tek_terim or cift_terim`,
  invalid_component: () =>
    "component must be energy or distribution and term_type " +
    "single_term or two_term",
  invalid_is_demo: () => "is_demo must be true or false",
  unknown_tax_item: (p: ReasonParams) => `unknown tax item "${p.item}"`,
  invalid_year: (p: ReasonParams) => `year "${p.text}" is invalid`,
  unknown_region: (p: ReasonParams) => `unknown distribution region ${p.text}`,
  unknown_group: (p: ReasonParams) => `unknown subscriber group ${p.text}`,
  unknown_reading_type: () => "unknown meter reading type",
  invalid_month: (p: ReasonParams) => `month "${p.text}" is not YYYY-MM`,
  no_sheet: () => "the workbook has no sheet",
  unreadable_file: (p: ReasonParams) =>
    `the file could not be read: ${p.message}`,
  not_text: (p: ReasonParams) =>
    `the file contains a NUL byte (byte ${p.byte} of the file), so it is ` +
    "not a text file",
  unknown_format: (p: ReasonParams) =>
    `unknown format (header: ${p.header}); expected one of: ${p.expected}`,
  database_error: (p: ReasonParams) => `${p.message}`,
  not_reference_group: (p: ReasonParams) =>
    `subscriber group ${p.group} is not a reference group`,
  no_limit: (p: ReasonParams) => `no limit given for ${p.year}`,
} satisfies Record<string, (params: ReasonParams) => string>;

export type ImportReasonCode = keyof typeof ENGLISH;

export const IMPORT_REASON_CODES = Object.keys(ENGLISH) as ImportReasonCode[];

export function reason(
  code: ImportReasonCode,
  params: ReasonParams = {},
): ImportReason {
  return { code, params };
}

// The English text of a reason, as the command line prints it.
export function englishReason(value: ImportReason): string {
  return ENGLISH[value.code](value.params);
}

// The rows an import replaced: a period of hours (ISO instants, `to` is the
// start of the last hour) or rows with the same keys as the file's.
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

// The English text of a replaced scope.
export function englishReplaced(scope: ReplacedScope): string {
  switch (scope.kind) {
    case "period":
      return `${scope.from} to ${scope.to}`;
    case "profile_sets":
      return `the file's sets from ${scope.from} to ${scope.to}`;
    case "tariff_keys":
      return "rates with the same tariff key and valid_from";
    case "tax_keys":
      return "rates with the same tax, group and valid_from";
    case "years":
      return "the same years";
    case "months":
      return "the same months";
    case "valid_from_dates":
      return "the same valid_from dates";
  }
}
