// Verifies the HS256 bearer tokens PostgREST accepts and reports its errors.
import { createHmac, timingSafeEqual } from "node:crypto";
import { ApiError } from "./errors.ts";

function invalid(code: string, message: string): ApiError {
  return new ApiError(401, code, message, null, null, {
    "WWW-Authenticate": `Bearer error="invalid_token", error_description=${JSON.stringify(message)}`,
  });
}

function decodePart(part: string): unknown {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
}

export type JwtOptions = { secret?: string; audience?: string };

// Returns the claims of a valid token; throws PostgREST's 401 otherwise.
export function verifyJwt(
  token: string,
  options: JwtOptions,
  nowSeconds = Math.floor(Date.now() / 1000),
): Record<string, unknown> {
  if (!options.secret) {
    throw new ApiError(500, "PGRST300", "Server lacks JWT secret");
  }
  if (token.trim() === "") {
    throw invalid("PGRST301", "Empty JWT is sent in Authorization header");
  }
  const parts = token.split(".");
  if (parts.length !== 3) {
    throw invalid("PGRST301", `Expected 3 parts in JWT; got ${parts.length}`);
  }
  const [header64, payload64, signature64] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = decodePart(header64) as Record<string, unknown>;
    claims = decodePart(payload64) as Record<string, unknown>;
  } catch {
    throw invalid("PGRST301", "JWT cryptographic operation failed");
  }
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    throw invalid("PGRST301", "JWT cryptographic operation failed");
  }
  if (header?.alg !== "HS256") {
    throw invalid("PGRST301", "Wrong or unsupported encoding algorithm");
  }
  const expected = createHmac("sha256", options.secret)
    .update(`${header64}.${payload64}`)
    .digest();
  const given = Buffer.from(signature64, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalid("PGRST301", "No suitable key or wrong key type");
  }
  for (const claim of ["exp", "nbf", "iat"]) {
    if (claims[claim] !== undefined && typeof claims[claim] !== "number") {
      throw invalid("PGRST303", `The JWT '${claim}' claim must be a number`);
    }
  }
  const skew = 30;
  if (typeof claims.exp === "number" && nowSeconds - skew >= claims.exp) {
    throw invalid("PGRST303", "JWT expired");
  }
  if (typeof claims.nbf === "number" && nowSeconds + skew < claims.nbf) {
    throw invalid("PGRST303", "JWT not yet valid");
  }
  if (typeof claims.iat === "number" && nowSeconds + skew < claims.iat) {
    throw invalid("PGRST303", "JWT issued at future");
  }
  const aud = claims.aud;
  if (
    aud !== undefined &&
    aud !== null &&
    !(Array.isArray(aud) && aud.length === 0)
  ) {
    const list = typeof aud === "string" ? [aud] : aud;
    if (
      !Array.isArray(list) ||
      list.some((entry) => typeof entry !== "string")
    ) {
      throw invalid(
        "PGRST303",
        "The JWT 'aud' claim must be a string or an array of strings",
      );
    }
    if (options.audience && !list.includes(options.audience)) {
      throw invalid("PGRST303", "JWT not in audience");
    }
  }

  return claims;
}
