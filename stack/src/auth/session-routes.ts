// POST /token (password and refresh_token grants), GET and PUT /user and
// POST /logout.
import { sendJson } from "../http.ts";
import {
  type AuthDeps,
  type AuthRequest,
  audit,
  inTransaction,
  optionalObject,
  optionalString,
  readParams,
  requireUser,
  validEmail,
} from "./context.ts";
import { AuthError, OAuthError } from "./errors.ts";
import { createOneTimeToken } from "./one-time-tokens.ts";
import {
  assertStrongPassword,
  hashPassword,
  passwordMatches,
  passwordWeakness,
} from "./passwords.ts";
import { pkceGrant } from "./pkce.ts";
import { findRefreshToken, refreshSession, startSession } from "./sessions.ts";
import {
  findUserByEmail,
  findUserById,
  isBanned,
  mergeMetadata,
  userJson,
} from "./users.ts";

const INVALID_LOGIN = "Invalid login credentials";

async function passwordGrant(deps: AuthDeps, request: AuthRequest) {
  const params = await readParams(request);
  const email = optionalString(params, "email");
  const phone = optionalString(params, "phone");
  const password = optionalString(params, "password") ?? "";
  if (email && phone) {
    throw new AuthError(
      400,
      "validation_failed",
      "Only an email address or phone number should be provided on login.",
    );
  }

  if (phone) {
    throw new AuthError(
      422,
      "phone_provider_disabled",
      "Phone logins are disabled",
    );
  }

  if (!email) {
    throw new AuthError(400, "validation_failed", "missing email or phone");
  }

  if (deps.limiter.isLimited(email, request.ip)) {
    throw new AuthError(
      429,
      "over_request_rate_limit",
      "Request rate limit reached",
    );
  }

  const user = await findUserByEmail(deps.pool, email);
  if (!user || !(await passwordMatches(password, user.encrypted_password))) {
    deps.limiter.recordFailure(email, request.ip);
    throw new AuthError(400, "invalid_credentials", INVALID_LOGIN);
  }

  if (isBanned(user)) {
    throw new AuthError(400, "user_banned", "User is banned");
  }

  if (!user.email_confirmed_at) {
    throw new AuthError(400, "email_not_confirmed", "Email not confirmed");
  }

  const session = await inTransaction(deps.pool, async (db) => {
    await audit(db, request, "login", user, { provider: "email" });

    return startSession(db, deps.config, user, "password", request);
  });
  const weakness = passwordWeakness(deps.config, password);
  if (weakness) {
    session.weak_password = weakness;
  }
  sendJson(request.res, 200, session);
}

async function refreshTokenGrant(deps: AuthDeps, request: AuthRequest) {
  const params = await readParams(request);
  const refreshToken = optionalString(params, "refresh_token");
  if (!refreshToken) {
    throw new OAuthError("invalid_request", "refresh_token required");
  }

  // A rejected reuse must still commit the revocation of the session's
  // tokens, so the error is returned from the transaction, not thrown.
  const result = await inTransaction(deps.pool, async (db) => {
    const token = await findRefreshToken(db, refreshToken, true);
    if (!token) {
      return new AuthError(
        400,
        "refresh_token_not_found",
        "Invalid Refresh Token: Refresh Token Not Found",
      );
    }

    const user = await findUserById(db, token.user_id);
    if (!user) {
      return new AuthError(
        400,
        "refresh_token_not_found",
        "Invalid Refresh Token: Refresh Token Not Found",
      );
    }

    if (isBanned(user)) {
      return new AuthError(
        400,
        "user_banned",
        "Invalid Refresh Token: User Banned",
      );
    }

    if (!token.session_id) {
      return new AuthError(
        400,
        "session_not_found",
        "Invalid Refresh Token: No Valid Session Found",
      );
    }

    const session = await refreshSession(db, deps.config, token, user, request);
    if (!(session instanceof AuthError)) {
      await audit(db, request, "token_refreshed", user);
    }

    return session;
  });
  if (result instanceof AuthError) {
    throw result;
  }

  sendJson(request.res, 200, result);
}

export async function token(deps: AuthDeps, request: AuthRequest) {
  const grantType = request.url.searchParams.get("grant_type");
  if (grantType === "password") {
    await passwordGrant(deps, request);

    return;
  }

  if (grantType === "refresh_token") {
    await refreshTokenGrant(deps, request);

    return;
  }

  if (grantType === "pkce") {
    await pkceGrant(deps, request);

    return;
  }

  throw new OAuthError("unsupported_grant_type", "");
}

export async function getUser(deps: AuthDeps, request: AuthRequest) {
  const { user } = await requireUser(deps, request);
  sendJson(request.res, 200, userJson(user));
}

// Updates the caller's metadata, password or e-mail address. A new
// password signs out every other session of the user; a new e-mail address
// takes effect when the link sent to it is opened.
export async function updateUser(deps: AuthDeps, request: AuthRequest) {
  const params = await readParams(request);
  const password = optionalString(params, "password");
  const data = optionalObject(params, "data");
  const emailParam = optionalString(params, "email");
  const email = emailParam ? validEmail(emailParam) : undefined;
  if (password !== undefined) {
    assertStrongPassword(deps.config, password);
  }
  const redirectTo = request.url.searchParams.get("redirect_to");
  const mail = await inTransaction(deps.pool, async (db) => {
    const { user, sessionId } = await requireUser(deps, request, db);
    if (data) {
      await db.query(
        `update auth.users set raw_user_meta_data = $2, updated_at = now()
          where id = $1`,
        [user.id, mergeMetadata(user.raw_user_meta_data, data)],
      );
    }
    if (password !== undefined) {
      if (await passwordMatches(password, user.encrypted_password)) {
        throw new AuthError(
          422,
          "same_password",
          "New password should be different from the old password.",
        );
      }

      await db.query(
        `update auth.users set encrypted_password = $2, updated_at = now(),
                recovery_token = '', recovery_sent_at = null
          where id = $1`,
        [user.id, await hashPassword(password)],
      );
      await db.query(
        `delete from auth.sessions
          where user_id = $1 and id is distinct from $2`,
        [user.id, sessionId ?? null],
      );
      await audit(db, request, "user_updated_password", user);
    }

    if (email && email !== user.email) {
      if (await findUserByEmail(db, email)) {
        throw new AuthError(
          422,
          "email_exists",
          "A user with this email address has already been registered",
        );
      }

      await db.query("update auth.users set email_change = $2 where id = $1", [
        user.id,
        email,
      ]);
      const { code, hash } = await createOneTimeToken(
        db,
        user.id,
        "email_change_token_new",
        email,
      );

      return { email, code, hash };
    }

    return undefined;
  });
  if (mail) {
    const link = verifyLink(deps, mail.hash, "email_change", redirectTo);
    await deps.sendMail("email_change", mail.email, link, mail.code);
  }
  const { user } = await requireUser(deps, request);
  sendJson(request.res, 200, userJson(user));
}

export function verifyLink(
  deps: AuthDeps,
  hash: string,
  type: string,
  redirectTo: string | null | undefined,
): string {
  const link = new URL(`${deps.config.externalUrl}/verify`);
  link.searchParams.set("token", hash);
  link.searchParams.set("type", type);
  link.searchParams.set(
    "redirect_to",
    redirectTo ? redirectTo : deps.config.siteUrl,
  );

  return link.toString();
}

export async function logout(deps: AuthDeps, request: AuthRequest) {
  const scope = request.url.searchParams.get("scope") ?? "global";
  if (!["global", "local", "others"].includes(scope)) {
    throw new AuthError(
      400,
      "validation_failed",
      `Unsupported logout scope "${scope}"; use global, local or others`,
    );
  }

  await inTransaction(deps.pool, async (db) => {
    const { user, sessionId } = await requireUser(deps, request, db);
    if (scope === "global" || !sessionId) {
      await db.query("delete from auth.sessions where user_id = $1", [user.id]);
    } else if (scope === "local") {
      await db.query("delete from auth.sessions where id = $1", [sessionId]);
    } else {
      await db.query(
        "delete from auth.sessions where user_id = $1 and id <> $2",
        [user.id, sessionId],
      );
    }
    await audit(db, request, "logout", user, { scope });
  });
  request.res.writeHead(204);
  request.res.end();
}
