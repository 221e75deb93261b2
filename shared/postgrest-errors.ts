// Turns a PostgREST error (code = SQLSTATE or PGRSTxxx, message, details,
// hint), an auth service error or a network failure into a sentence for the
// user in Turkish or English. The technical text stays available beside it,
// so that support can still read the constraint, the column and the value
// that failed.
import {
  ERROR_TEXTS,
  type ErrorCode,
  type ErrorContext,
  type ErrorLanguage,
  type ErrorParams,
  type FieldLabeler,
  type PostgrestErrorLike,
} from "./error-texts.ts";
import { FUNCTION_ERROR_PATTERNS } from "./sql-function-errors.ts";

export {
  ERROR_CODES,
  type ErrorCode,
  type ErrorLanguage,
  type FieldLabeler,
  type PostgrestErrorLike,
} from "./error-texts.ts";
export { FUNCTION_ERROR_PATTERNS } from "./sql-function-errors.ts";

export type TranslatedError = {
  code: ErrorCode;
  // Sentence for the user in the requested language.
  message: string;
  // The server's own text: code, message, details and hint, or "" when the
  // error had none.
  technical: string;
};

// Constraints whose name does not name the column they guard.
const NAMED_CONSTRAINTS: Record<string, ErrorCode> = {
  parties_customer_code_key: "tax_identity_duplicate",
  parties_tax_identity_check: "tax_identity_kind",
  dealers_tax_identity_check: "tax_identity_kind",
  metering_points_code_eic_check: "metering_point_code_invalid",
};

// Error codes of the auth service (Supabase Auth).
const AUTH_CODES: Record<string, ErrorCode> = {
  invalid_credentials: "invalid_credentials",
  email_not_confirmed: "email_not_confirmed",
  user_banned: "user_banned",
  weak_password: "weak_password",
  same_password: "same_password",
  over_request_rate_limit: "rate_limited",
  over_email_send_rate_limit: "rate_limited",
  bad_jwt: "session_expired",
  session_not_found: "session_expired",
  refresh_token_not_found: "session_expired",
  user_not_found: "not_found",
  validation_failed: "invalid_parameter",
};

const NETWORK_MESSAGES =
  /failed to fetch|networkerror|network request failed|load failed|fetch failed/i;

function quoted(message: string, after: string): string | undefined {
  const match = new RegExp(`${after} "([^"]+)"`).exec(message);

  return match?.[1];
}

// Columns and values of a "Key (a, b)=(x, y) ..." detail line.
function keyDetail(details: string): { columns: string[]; value: string } {
  const match = /^Key \((.+?)\)=\((.*)\)/.exec(details);
  if (!match) {
    return { columns: [], value: "" };
  }

  return {
    columns: (match[1] ?? "").split(",").map((column) => column.trim()),
    value: match[2] ?? "",
  };
}

// Guesses the column of a check constraint named <table>_<column>_check.
function checkColumn(constraint: string, table: string | undefined): string {
  let name = constraint.replace(/_check\d*$/, "");
  if (table && name.startsWith(`${table}_`)) {
    name = name.slice(table.length + 1);
  }

  return name;
}

type Classified = { code: ErrorCode; params: ErrorParams };

function classify(context: ErrorContext): Classified {
  const { error, language, labelField } = context;
  const code = error.code ?? "";
  const message = error.message ?? "";
  const details = error.details ?? "";
  const label = (column: string, table?: string, constraint?: string) =>
    labelField?.(column, { table, constraint }, language) ?? "";

  for (const candidate of FUNCTION_ERROR_PATTERNS) {
    const match = candidate.pattern.exec(message);
    if (match) {
      return { code: candidate.code, params: candidate.params(match, context) };
    }
  }

  if (!code && NETWORK_MESSAGES.test(message)) {
    return { code: "network", params: {} };
  }
  const authCode = AUTH_CODES[code];
  if (authCode) {
    return { code: authCode, params: {} };
  }

  const constraint = quoted(message, "constraint");
  const named = constraint ? NAMED_CONSTRAINTS[constraint] : undefined;
  if (named) {
    return { code: named, params: {} };
  }

  switch (code) {
    case "23505": {
      const key = keyDetail(details);
      const labels = key.columns.map((column) =>
        label(column, undefined, constraint),
      );
      const known = labels.length > 0 && labels.every(Boolean);

      return {
        code: "unique_violation",
        params: known ? { field: labels.join(", "), value: key.value } : {},
      };
    }
    case "23503": {
      if (/^update or delete on table/.test(message)) {
        return { code: "foreign_key_in_use", params: {} };
      }
      const table = quoted(message, "on table");
      const [column] = keyDetail(details).columns;

      return {
        code: "foreign_key_missing",
        params: { field: column ? label(column, table, constraint) : "" },
      };
    }
    case "23502": {
      const column = quoted(message, "column") ?? "";
      const table = quoted(message, "relation");

      return {
        code: "not_null_violation",
        params: { field: column ? label(column, table) : "" },
      };
    }
    case "23514": {
      const table = quoted(message, "relation");
      const column = constraint ? checkColumn(constraint, table) : "";

      return {
        code: "check_violation",
        params: { field: column ? label(column, table, constraint) : "" },
      };
    }
    case "42501":
      return {
        code: /row-level security/.test(message)
          ? "row_security"
          : "permission_denied",
        params: {},
      };
    case "PGRST301":
    case "PGRST302":
    case "PGRST303":
      return { code: "session_expired", params: {} };
    case "PGRST116":
    case "PT404":
    case "P0002":
      return { code: "not_found", params: {} };
    case "22P02":
    case "22007":
    case "22008":
      return {
        code: "invalid_text",
        params: { value: /: "(.*)"$/.exec(message)?.[1] ?? "" },
      };
    case "22003":
      return { code: "number_out_of_range", params: {} };
    case "22023":
      return { code: "invalid_parameter", params: {} };
    case "40001":
    case "40P01":
      return { code: "serialization_failure", params: {} };
    case "57014":
      return { code: "timeout", params: {} };
    case "P0001":
      return { code: "rejected_by_rule", params: {} };
  }
  if (code.startsWith("PGRST")) {
    return { code: "request_invalid", params: {} };
  }
  if (code.startsWith("23")) {
    return { code: "check_violation", params: {} };
  }

  return { code: "unknown", params: {} };
}

// The server's text of an error in one line, for a details line or a log.
// The hint is a sentence of its own after "Hint:", as psql prints it, so
// that it does not run on from the message.
export function technicalText(error: PostgrestErrorLike): string {
  const parts = [
    error.code ? `[${error.code}]` : "",
    error.message ?? "",
    error.details ? `(${error.details})` : "",
  ];
  const text = parts.filter(Boolean).join(" ");
  if (!error.hint) {
    return text;
  }
  if (!text) {
    return `Hint: ${error.hint}`;
  }
  const stop = /[.!?]$/.test(text) ? "" : ".";

  return `${text}${stop} Hint: ${error.hint}`;
}

// Reads the PostgREST fields of an error thrown or returned by supabase-js,
// Refine's data provider or fetch.
export function asPostgrestError(error: unknown): PostgrestErrorLike {
  if (typeof error === "string") {
    return { message: error };
  }
  if (typeof error !== "object" || error === null) {
    return { message: String(error) };
  }
  const fields = error as Record<string, unknown>;
  const text = (value: unknown) =>
    typeof value === "string" ? value : undefined;

  return {
    code: text(fields.code),
    message: text(fields.message),
    details: text(fields.details),
    hint: text(fields.hint),
  };
}

// Translates a PostgREST, supabase-js or network error for the user.
export function translateError(
  error: unknown,
  language: ErrorLanguage,
  labelField?: FieldLabeler,
): TranslatedError {
  const fields = asPostgrestError(error);
  const { code, params } = classify({ error: fields, language, labelField });

  return {
    code,
    message: ERROR_TEXTS[code][language](params),
    technical: technicalText(fields),
  };
}

type LabelledResource = {
  name: string;
  fields: readonly { name: string; label: { tr: string; en: string } }[];
};

// Builds a labeler from resource descriptions (table name plus field
// labels). The table comes from the error, or else from the constraint name,
// whose first words are the table by Postgres's default naming. The longest
// table name that prefixes the constraint wins.
export function labelerFor(
  resources: readonly LabelledResource[],
): FieldLabeler {
  const byName = new Map(
    resources.map((resource) => [resource.name, resource]),
  );
  const longestFirst = [...resources].sort(
    (left, right) => right.name.length - left.name.length,
  );

  return (column, where, language) => {
    const resource =
      (where.table ? byName.get(where.table) : undefined) ??
      longestFirst.find((candidate) =>
        where.constraint?.startsWith(`${candidate.name}_`),
      );
    const field = resource?.fields.find((entry) => entry.name === column);

    return field?.label[language];
  };
}
