// Errors of the auth API in Supabase Auth's shapes. Clients that send the
// header `X-Supabase-Api-Version: 2024-01-01` (supabase-js does) receive
// {code: "<error_code>", message}; older clients receive
// {code: <http status>, error_code, msg}. OAuth errors of /token keep the
// {error, error_description} shape for every client.
import type http from "node:http";
import { sendJson } from "../http.ts";

export const API_VERSION_HEADER = "x-supabase-api-version";
const API_VERSION_2024 = "2024-01-01";

export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
  }
}

export function weakPasswordError(
  message: string,
  reasons: string[],
): AuthError {
  return new AuthError(422, "weak_password", message, {
    weak_password: { reasons },
  });
}

// Returns the API version the request asked for, or undefined for the
// initial version (no header or an unparsable one).
function requestedApiVersion(req: http.IncomingMessage): string | undefined {
  const header = req.headers[API_VERSION_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return undefined;
  }

  return value >= API_VERSION_2024 ? API_VERSION_2024 : undefined;
}

export function sendError(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  error: AuthError | OAuthError,
): void {
  if (error instanceof OAuthError) {
    sendJson(res, 400, {
      error: error.error,
      error_description: error.description,
    });

    return;
  }

  const version = requestedApiVersion(req);
  if (version) {
    sendJson(
      res,
      error.status,
      { code: error.code, message: error.message, ...error.extra },
      { [API_VERSION_HEADER]: version },
    );

    return;
  }

  sendJson(res, error.status, {
    code: error.status,
    error_code: error.code,
    msg: error.message,
    ...error.extra,
  });
}
