// PostgREST's error shape and its mapping of Postgres errors to HTTP statuses.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | null | unknown = null,
    readonly hint: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return {
      code: this.code,
      details: this.details,
      hint: this.hint,
      message: this.message,
    };
  }
}

export const badRequest = (
  code: string,
  message: string,
  details: string | null = null,
  hint: string | null = null,
) => new ApiError(400, code, message, details, hint);

export const parseError = (message: string, details: string | null = null) =>
  new ApiError(400, "PGRST100", message, details);

type PgError = {
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
};

// Returns the HTTP status PostgREST sends for a SQLSTATE.
export function statusForSqlState(
  code: string,
  message: string,
  authenticated: boolean,
): number {
  const exact: Record<string, number> = {
    "23503": 409,
    "23505": 409,
    "25006": 405,
    "53400": 500,
    "57P01": 503,
    P0001: 400,
    "42P01": 404,
    "42P17": 500,
    "42883": 404,
  };
  if (code === "42501") {
    return authenticated ? 403 : 401;
  }
  if (code === "21000") {
    return message.endsWith("requires a WHERE clause") ? 400 : 500;
  }
  if (exact[code] !== undefined) {
    return exact[code];
  }
  if (code.startsWith("PT")) {
    const status = Number.parseInt(code.slice(2), 10);

    return Number.isInteger(status) && status >= 100 && status <= 599
      ? status
      : 500;
  }
  const prefixes: Array<[string, number]> = [
    ["08", 503],
    ["09", 500],
    ["0L", 403],
    ["0P", 403],
    ["25", 500],
    ["28", 403],
    ["2D", 500],
    ["38", 500],
    ["39", 500],
    ["3B", 500],
    ["40", 500],
    ["53", 503],
    ["54", 500],
    ["55", 500],
    ["57", 500],
    ["58", 500],
    ["F0", 500],
    ["HV", 500],
    ["P0", 500],
    ["XX", 500],
  ];
  for (const [prefix, status] of prefixes) {
    if (code.startsWith(prefix)) {
      return status;
    }
  }

  return 400;
}

// Converts a database error into PostgREST's error response, including a
// `raise sqlstate 'PGRST'` whose message and detail carry JSON.
export function fromPgError(error: PgError, authenticated: boolean): ApiError {
  const code = error.code ?? "XX000";
  if (code === "PGRST") {
    return customError(error);
  }
  const status = statusForSqlState(code, error.message, authenticated);
  const headers: Record<string, string> =
    status === 401 ? { "WWW-Authenticate": "Bearer" } : {};

  return new ApiError(
    status,
    code,
    error.message,
    error.detail ?? null,
    error.hint ?? null,
    headers,
  );
}

function customError(error: PgError): ApiError {
  const hintMessage =
    "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.";
  const hintDetail =
    "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.";
  const fail = (details: string, hint: string) =>
    new ApiError(
      500,
      "PGRST121",
      "Could not parse JSON in the \"RAISE SQLSTATE 'PGRST'\" error",
      details,
      hint,
    );
  const parseObject = (text: string): Record<string, unknown> | undefined => {
    try {
      const value = JSON.parse(text) as unknown;

      return value && typeof value === "object" && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  };
  const body = parseObject(error.message);
  if (
    !body ||
    typeof body.code !== "string" ||
    typeof body.message !== "string"
  ) {
    return fail(
      `Invalid JSON value for MESSAGE: '${error.message}'`,
      hintMessage,
    );
  }
  if (error.detail === undefined || error.detail === null) {
    return fail("DETAIL is missing in the RAISE statement", hintDetail);
  }
  const detail = parseObject(error.detail);
  if (!detail || typeof detail.status !== "number") {
    return fail(`Invalid JSON value for DETAIL: '${error.detail}'`, hintDetail);
  }
  const headers: Record<string, string> = {};
  if (detail.headers && typeof detail.headers === "object") {
    for (const [name, value] of Object.entries(
      detail.headers as Record<string, unknown>,
    )) {
      headers[name] = String(value);
    }
  }
  const apiError = new ApiError(
    detail.status,
    body.code,
    body.message,
    body.details === undefined ? null : (body.details as string | null),
    body.hint === undefined ? null : (body.hint as string | null),
    headers,
  );
  if (typeof detail.status_text === "string") {
    (apiError as ApiError & { statusText?: string }).statusText =
      detail.status_text;
  }

  return apiError;
}
