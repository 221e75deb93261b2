// Shared parts of the auth endpoints: the settings, the database pool, the
// mailer, the parsed request and the checks of the caller's JWT.
import type http from "node:http";
import type pg from "pg";
import { readBody } from "../http.ts";
import type { AuthConfig } from "./config.ts";
import { AuthError } from "./errors.ts";
import type { SignInLimiter } from "./limits.ts";
import type { MailSender } from "./mailer.ts";
import { type AccessTokenClaims, verifyJwt } from "./sessions.ts";
import { findUserById, type Queryable, type User } from "./users.ts";

export type AuthDeps = {
  config: AuthConfig;
  pool: pg.Pool;
  sendMail: MailSender;
  limiter: SignInLimiter;
};

export type AuthRequest = {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  ip: string;
  userAgent: string | null;
};

const BODY_LIMIT_BYTES = 1024 * 1024;

// Reads a JSON object body (or a form body, which /token also accepts).
export async function readParams(
  request: AuthRequest,
): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = (await readBody(request.req, BODY_LIMIT_BYTES)).toString("utf8");
  } catch (error) {
    throw new AuthError(400, "validation_failed", (error as Error).message);
  }
  if (text.trim() === "") {
    return {};
  }

  const type = request.req.headers["content-type"] ?? "";
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AuthError(
      400,
      "bad_json",
      `Could not parse request body as JSON: ${(error as Error).message}`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new AuthError(400, "bad_json", "Request body must be a JSON object");
  }

  return parsed as Record<string, unknown>;
}

export function optionalString(
  params: Record<string, unknown>,
  key: string,
): string | undefined {
  const value = params[key];
  if (value === undefined || value === null) {
    return undefined;
  }

  if (typeof value !== "string") {
    throw new AuthError(400, "validation_failed", `${key} must be a string`);
  }

  return value;
}

export function optionalObject(
  params: Record<string, unknown>,
  key: string,
): Record<string, unknown> | undefined {
  const value = params[key];
  if (value === undefined || value === null) {
    return undefined;
  }

  if (typeof value !== "object" || Array.isArray(value)) {
    throw new AuthError(400, "validation_failed", `${key} must be an object`);
  }

  return value as Record<string, unknown>;
}

const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function validEmail(email: string | undefined): string {
  if (!email || !EMAIL_PATTERN.test(email) || email.length > 255) {
    throw new AuthError(
      400,
      "validation_failed",
      "Unable to validate email address: invalid format",
    );
  }

  return email.toLowerCase();
}

// Returns the verified claims of the caller's bearer token.
export async function bearerClaims(
  deps: AuthDeps,
  request: AuthRequest,
): Promise<AccessTokenClaims> {
  const header = request.req.headers.authorization ?? "";
  const match = /^bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) {
    throw new AuthError(
      401,
      "no_authorization",
      "This endpoint requires a valid Bearer token",
    );
  }

  return verifyJwt(deps.config, match[1]);
}

export type Caller = {
  claims: AccessTokenClaims;
  user: User;
  sessionId?: string;
};

// Loads the user and session named by the caller's token. A token whose
// session was signed out is refused even before it expires.
export async function requireUser(
  deps: AuthDeps,
  request: AuthRequest,
  db: Queryable = deps.pool,
): Promise<Caller> {
  const claims = await bearerClaims(deps, request);
  if (typeof claims.sub !== "string" || claims.sub === "") {
    throw new AuthError(403, "bad_jwt", "invalid claim: missing sub claim");
  }

  const user =
    typeof claims.sub === "string" &&
    /^[0-9a-f-]{36}$/i.test(claims.sub) &&
    (await findUserById(db, claims.sub));
  if (!user) {
    throw new AuthError(
      403,
      "user_not_found",
      "User from sub claim in JWT does not exist",
    );
  }

  const sessionId =
    typeof claims.session_id === "string" ? claims.session_id : undefined;
  if (sessionId) {
    const { rows } = await db.query(
      "select 1 from auth.sessions where id = $1 and user_id = $2",
      [sessionId, user.id],
    );
    if (rows.length === 0) {
      throw new AuthError(
        403,
        "session_not_found",
        "Session from session_id claim in JWT does not exist",
      );
    }
  }

  return { claims, user, sessionId };
}

const ADMIN_ROLES = ["service_role", "supabase_admin"];

export async function requireAdmin(
  deps: AuthDeps,
  request: AuthRequest,
): Promise<AccessTokenClaims> {
  const claims = await bearerClaims(deps, request);
  if (!ADMIN_ROLES.includes(String(claims.role))) {
    throw new AuthError(403, "not_admin", "User not allowed");
  }

  return claims;
}

// Runs `work` in one transaction on one pooled connection.
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (db: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    const result = await work(client);
    await client.query("commit");

    return result;
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function audit(
  db: Queryable,
  request: AuthRequest,
  action: string,
  actor: { id: string; email: string | null } | undefined,
  traits: Record<string, unknown> = {},
): Promise<void> {
  await db.query(
    `insert into auth.audit_log_entries (
       instance_id, id, payload, created_at, ip_address)
     values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), $1,
       now(), $2)`,
    [
      {
        action,
        actor_id: actor?.id ?? "00000000-0000-0000-0000-000000000000",
        actor_username: actor?.email ?? "",
        actor_via_sso: false,
        log_type: action === "token_refreshed" ? "token" : "account",
        traits,
      },
      request.ip.slice(0, 64),
    ],
  );
}

// Returns redirect_to when it points at the site URL's host or matches an
// entry of additional_redirect_urls (where * stands for one path or host
// segment and ** for any text), and the site URL otherwise.
export function allowedRedirect(
  config: AuthConfig,
  redirectTo: string | undefined | null,
): string {
  if (!redirectTo) {
    return config.siteUrl;
  }

  let target: URL;
  try {
    target = new URL(redirectTo);
  } catch {
    return config.siteUrl;
  }
  if (target.hostname === new URL(config.siteUrl).hostname) {
    return redirectTo;
  }

  for (const pattern of config.additionalRedirectUrls) {
    const source = pattern
      .split("**")
      .map((part) =>
        part
          .split("*")
          .map((text) => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join("[^./]*"),
      )
      .join(".*");
    if (new RegExp(`^${source}$`).test(redirectTo)) {
      return redirectTo;
    }
  }

  return config.siteUrl;
}
