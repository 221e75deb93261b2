// Sessions, refresh tokens and access tokens. An access token is an HS256
// JWT with the claims Supabase Auth issues. Each session keeps a chain of
// refresh tokens, and every refresh revokes the token it used.
import { randomBytes, randomUUID } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import type { AuthConfig } from "./config.ts";
import { AuthError } from "./errors.ts";
import { type Queryable, type User, userJson } from "./users.ts";

// Method that started or renewed a session, as the hook input and `amr`
// name it.
export type AuthenticationMethod =
  | "password"
  | "token_refresh"
  | "recovery"
  | "invite"
  | "email/signup"
  | "email_change"
  | "otp";

export type AccessTokenClaims = Record<string, unknown> & {
  sub: string;
  role: string;
  session_id?: string;
};

export type SessionResponse = {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: Record<string, unknown>;
  weak_password?: { reasons: string[]; message: string };
};

type RequestInfo = { userAgent: string | null; ip: string | null };

export function newRefreshToken(): string {
  return randomBytes(16).toString("base64url");
}

function secretKey(config: AuthConfig): Uint8Array {
  return new TextEncoder().encode(config.jwtSecret);
}

// Verifies an access token or API key signed with the project secret and
// returns its claims; any failure is Supabase's 403 bad_jwt.
export async function verifyJwt(
  config: AuthConfig,
  token: string,
): Promise<AccessTokenClaims> {
  try {
    const { payload } = await jwtVerify(token, secretKey(config), {
      algorithms: ["HS256"],
    });

    return payload as AccessTokenClaims;
  } catch (error) {
    throw new AuthError(
      403,
      "bad_jwt",
      `invalid JWT: unable to parse or verify signature, ${
        (error as Error).message
      }`,
    );
  }
}

const REQUIRED_HOOK_CLAIMS = [
  "aud",
  "exp",
  "iat",
  "sub",
  "email",
  "phone",
  "role",
  "aal",
  "session_id",
  "is_anonymous",
];

// Calls the custom access token hook, a Postgres function named by a
// pg-functions://postgres/<schema>/<function> URI, inside the caller's
// transaction as Supabase Auth does.
async function runCustomAccessTokenHook(
  db: Queryable,
  uri: string,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const match = /^pg-functions:\/\/[^/]+\/([^/]+)\/([^/]+)$/.exec(uri);
  if (!match) {
    throw new AuthError(
      500,
      "unexpected_failure",
      `unsupported hook URI ${uri}: expected pg-functions://postgres/<schema>/<function>`,
    );
  }

  const [, schema, name] = match as unknown as [string, string, string];
  const escape = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
  let output: unknown;
  try {
    await db.query("savepoint custom_access_token_hook");
    await db.query("set local statement_timeout = '2s'");
    const { rows } = await db.query<{ output: unknown }>(
      `select ${escape(schema)}.${escape(name)}($1::jsonb) as output`,
      [JSON.stringify(input)],
    );
    await db.query("set local statement_timeout to default");
    await db.query("release savepoint custom_access_token_hook");
    output = rows[0]?.output;
  } catch (error) {
    await db.query("rollback to savepoint custom_access_token_hook");
    console.error(`[auth] hook ${uri} failed: ${(error as Error).message}`);
    throw new AuthError(
      500,
      "unexpected_failure",
      `Error running hook URI: ${uri}`,
    );
  }
  const result = (output ?? {}) as {
    claims?: Record<string, unknown>;
    error?: { http_code?: number; message?: string };
  };
  if (result.error) {
    const status = result.error.http_code || 500;
    throw new AuthError(
      status,
      status >= 500 ? "unexpected_failure" : "unknown",
      result.error.message ?? "custom access token hook returned an error",
    );
  }

  const claims = result.claims;
  const missing = REQUIRED_HOOK_CLAIMS.filter(
    (claim) => claims?.[claim] === undefined,
  );
  if (!claims || missing.length > 0) {
    throw new AuthError(
      500,
      "unexpected_failure",
      `output claims do not conform to the expected schema: missing ${missing.join(", ")}`,
    );
  }

  return claims;
}

// Signs the access token of a session. The hook receives `method` as its
// authentication_method.
async function signAccessToken(
  db: Queryable,
  config: AuthConfig,
  user: User,
  sessionId: string,
  method: AuthenticationMethod,
): Promise<{ token: string; expiresAt: number }> {
  const { rows: amr } = await db.query<{ method: string; timestamp: number }>(
    `select authentication_method as method,
            extract(epoch from created_at)::bigint as timestamp
       from auth.mfa_amr_claims
      where session_id = $1
      order by created_at desc`,
    [sessionId],
  );
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresAt = issuedAt + config.jwtExpirySeconds;
  let claims: Record<string, unknown> = {
    iss: config.externalUrl,
    sub: user.id,
    aud: user.aud ?? "authenticated",
    exp: expiresAt,
    iat: issuedAt,
    email: user.email ?? "",
    phone: user.phone ?? "",
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? "authenticated",
    aal: "aal1",
    amr: amr.map((entry) => ({
      method: entry.method,
      timestamp: Number(entry.timestamp),
    })),
    session_id: sessionId,
    is_anonymous: user.is_anonymous,
  };
  if (config.customAccessTokenHook) {
    claims = await runCustomAccessTokenHook(
      db,
      config.customAccessTokenHook.uri,
      { user_id: user.id, claims, authentication_method: method },
    );
  }
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(secretKey(config));

  return {
    token,
    expiresAt: typeof claims.exp === "number" ? claims.exp : expiresAt,
  };
}

function sessionResponse(
  config: AuthConfig,
  user: User,
  access: { token: string; expiresAt: number },
  refreshToken: string,
): SessionResponse {
  return {
    access_token: access.token,
    token_type: "bearer",
    expires_in: config.jwtExpirySeconds,
    expires_at: access.expiresAt,
    refresh_token: refreshToken,
    user: userJson(user),
  };
}

// Starts a session for a user who has just proven who they are, inside the
// caller's transaction.
export async function startSession(
  db: Queryable,
  config: AuthConfig,
  user: User,
  method: AuthenticationMethod,
  request: RequestInfo,
): Promise<SessionResponse> {
  const sessionId = randomUUID();
  const refreshToken = newRefreshToken();
  await db.query(
    `update auth.users set last_sign_in_at = now(), updated_at = now()
      where id = $1`,
    [user.id],
  );
  await db.query(
    `update auth.identities set last_sign_in_at = now()
      where user_id = $1 and provider = 'email'`,
    [user.id],
  );
  await db.query(
    `insert into auth.sessions (
       id, user_id, created_at, updated_at, aal, user_agent, ip)
     values ($1, $2, now(), now(), 'aal1', $3, $4)`,
    [sessionId, user.id, request.userAgent, request.ip],
  );
  await db.query(
    `insert into auth.mfa_amr_claims (
       id, session_id, created_at, updated_at, authentication_method)
     values ($1, $2, now(), now(), $3)`,
    [randomUUID(), sessionId, method],
  );
  await db.query(
    `insert into auth.refresh_tokens (
       instance_id, token, user_id, revoked, created_at, updated_at,
       session_id)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, false, now(),
       now(), $3)`,
    [refreshToken, user.id, sessionId],
  );
  const { rows } = await db.query("select * from auth.users where id = $1", [
    user.id,
  ]);
  const signedIn: User = { ...user, ...rows[0] };
  const access = await signAccessToken(db, config, signedIn, sessionId, method);

  return sessionResponse(config, signedIn, access, refreshToken);
}

type RefreshTokenRow = {
  id: string;
  token: string;
  revoked: boolean;
  updated_at: Date;
  parent: string | null;
  session_id: string | null;
  user_id: string;
};

// Exchanges a refresh token for a new session token pair, inside the caller's
// transaction. A revoked token is accepted only within the reuse interval
// after it was used; a later use revokes every token of its session.
export async function refreshSession(
  db: Queryable,
  config: AuthConfig,
  token: RefreshTokenRow,
  user: User,
  request: RequestInfo,
): Promise<SessionResponse | AuthError> {
  const sessionId = token.session_id as string;
  let issued: string | undefined;
  if (token.revoked) {
    const reuseUntil =
      token.updated_at.getTime() +
      config.refreshTokenReuseIntervalSeconds * 1000;
    if (Date.now() > reuseUntil) {
      if (config.refreshTokenRotation) {
        await db.query(
          `update auth.refresh_tokens set revoked = true, updated_at = now()
            where session_id = $1 and revoked = false`,
          [sessionId],
        );
      }
      console.warn(
        `[auth] refresh token ${token.id} of session ${sessionId} was ` +
          "reused after its reuse interval; the session's tokens are revoked",
      );

      return new AuthError(
        400,
        "refresh_token_already_used",
        "Invalid Refresh Token: Already Used",
      );
    }

    const { rows: active } = await db.query<{ token: string; parent: string }>(
      `select token, parent from auth.refresh_tokens
        where session_id = $1 and revoked = false
        order by id desc limit 1`,
      [sessionId],
    );
    if (active[0]?.parent === token.token) {
      issued = active[0].token;
    }
  }

  if (!issued) {
    issued = newRefreshToken();
    await db.query(
      `update auth.refresh_tokens set revoked = true, updated_at = now()
        where id = $1`,
      [token.id],
    );
    await db.query(
      `insert into auth.refresh_tokens (
         instance_id, token, user_id, revoked, created_at, updated_at,
         parent, session_id)
       values ('00000000-0000-0000-0000-000000000000', $1, $2, false, now(),
         now(), $3, $4)`,
      [issued, user.id, token.token, sessionId],
    );
  }
  await db.query(
    `update auth.sessions
        set refreshed_at = now() at time zone 'utc', updated_at = now(),
            user_agent = $2, ip = $3
      where id = $1`,
    [sessionId, request.userAgent, request.ip],
  );
  const access = await signAccessToken(
    db,
    config,
    user,
    sessionId,
    "token_refresh",
  );

  return sessionResponse(config, user, access, issued);
}

export async function findRefreshToken(
  db: Queryable,
  token: string,
  forUpdate: boolean,
): Promise<RefreshTokenRow | undefined> {
  const { rows } = await db.query<RefreshTokenRow>(
    `select id, token, revoked, updated_at, parent, session_id, user_id
       from auth.refresh_tokens where token = $1
       ${forUpdate ? "for update" : ""}`,
    [token],
  );

  return rows[0];
}
