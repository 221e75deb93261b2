// The API key check of Supabase's gateway: /rest/v1, /auth/v1 and
// /storage/v1 need the project's `anon` or `service_role` key in the
// `apikey` header or query parameter, apart from the few paths that
// Supabase leaves open (see each service's rule).
import type http from "node:http";
import { jwtVerify } from "jose";

// Decides for one request whether it needs an API key. `path` is the part
// of the URL path after the service's prefix, such as "/verify".
export type ApiKeyRule = (method: string, path: string) => boolean;

// The 401 bodies that hosted Supabase's gateway returns for a request
// without a key and for a key that is not one of the project's keys (as
// users quoted them in GitHub issues of 2024 and 2025).
export const MISSING_API_KEY = {
  message: "No API key found in request",
  hint: "No `apikey` request header or url param was found.",
};
export const INVALID_API_KEY = {
  message: "Invalid API key",
  hint: "Double check your Supabase `anon` or `service_role` API key.",
};

export type ApiKeyFailure = typeof MISSING_API_KEY | typeof INVALID_API_KEY;

function apiKeyOf(req: http.IncomingMessage): string | undefined {
  const header = req.headers.apikey;
  const fromHeader = Array.isArray(header) ? header[0] : header;
  if (fromHeader) {
    return fromHeader;
  }
  const query = new URL(req.url ?? "/", "http://localhost").searchParams;

  return query.get("apikey") || undefined;
}

// Returns why the request's API key is rejected, or undefined for a valid
// key. A valid key is an HS256 JWT signed with the project's secret whose
// role is `anon` or `service_role`, as the keys that `npm start` prints.
// NOTE: Supabase's gateway compares the key with the project's issued keys
// instead. The stack signs new keys on each start, so checking the
// signature keeps the keys of earlier starts of one data folder working.
export async function checkApiKey(
  req: http.IncomingMessage,
  secret: Uint8Array,
): Promise<ApiKeyFailure | undefined> {
  const key = apiKeyOf(req);
  if (!key) {
    return MISSING_API_KEY;
  }

  try {
    const { payload } = await jwtVerify(key, secret, {
      algorithms: ["HS256"],
    });
    if (payload.role !== "anon" && payload.role !== "service_role") {
      return INVALID_API_KEY;
    }
  } catch {
    return INVALID_API_KEY;
  }

  return undefined;
}
