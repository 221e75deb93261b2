// GET and POST /verify: turn the token of an e-mail link, or the six-digit
// code typed with the e-mail address, into a session (or a PKCE auth code).
import { sendJson } from "../http.ts";
import {
  type AuthDeps,
  type AuthRequest,
  allowedRedirect,
  audit,
  inTransaction,
  optionalString,
  readParams,
  validEmail,
} from "./context.ts";
import { AuthError } from "./errors.ts";
import {
  clearOneTimeTokens,
  findOneTimeToken,
  type OneTimeTokenType,
  tokenHash,
} from "./one-time-tokens.ts";
import { issueAuthCode, PKCE_PREFIX } from "./pkce.ts";
import {
  type AuthenticationMethod,
  type SessionResponse,
  startSession,
} from "./sessions.ts";
import { findUserById, isBanned, type User } from "./users.ts";

const TOKEN_TYPES: Record<string, OneTimeTokenType[]> = {
  signup: ["confirmation_token"],
  invite: ["confirmation_token"],
  email: ["confirmation_token", "recovery_token"],
  magiclink: ["recovery_token"],
  recovery: ["recovery_token"],
  email_change: ["email_change_token_new"],
};

export const METHODS: Record<string, AuthenticationMethod> = {
  signup: "email/signup",
  invite: "invite",
  email: "otp",
  magiclink: "otp",
  recovery: "recovery",
  email_change: "email_change",
};

const VERIFY_AUDIT_ACTIONS: Record<string, string> = {
  signup: "user_signedup",
  invite: "user_signedup",
  email_change: "user_modified",
};

const LINK_INVALID = "Email link is invalid or has expired";

// Applies a verified token to its user and starts a session, or in the
// PKCE flow returns the auth code that the client exchanges for one.
async function consumeToken(
  deps: AuthDeps,
  request: AuthRequest,
  type: string,
  hash: string,
  flow: "implicit" | "pkce" = "implicit",
): Promise<SessionResponse | { authCode: string }> {
  const types = TOKEN_TYPES[type];
  if (!types) {
    throw new AuthError(
      400,
      "validation_failed",
      `Verify requires a verification type: one of ${Object.keys(TOKEN_TYPES).join(", ")}`,
    );
  }

  return inTransaction(deps.pool, async (db) => {
    const found = await findOneTimeToken(
      db,
      types,
      hash,
      deps.config.otpExpirySeconds,
    );
    const user = found && (await findUserById(db, found.userId));
    if (!found || !user) {
      throw new AuthError(
        403,
        "otp_expired",
        "Token has expired or is invalid",
      );
    }

    if (isBanned(user)) {
      throw new AuthError(403, "user_banned", "User is banned");
    }

    if (found.type === "email_change_token_new") {
      await db.query(
        `update auth.users set email = email_change, email_change = '',
                email_change_confirm_status = 0, updated_at = now()
          where id = $1`,
        [user.id],
      );
      await db.query(
        `update auth.identities
            set identity_data = identity_data || jsonb_build_object('email', $2::text),
                updated_at = now()
          where user_id = $1 and provider = 'email'`,
        [user.id, found.relatesTo],
      );
    }
    if (!user.email_confirmed_at) {
      await db.query(
        `update auth.users
            set email_confirmed_at = now(), updated_at = now(),
                raw_user_meta_data = coalesce(raw_user_meta_data, '{}')
                  || '{"email_verified": true}'
          where id = $1`,
        [user.id],
      );
      await db.query(
        `update auth.identities
            set identity_data = identity_data || '{"email_verified": true}',
                updated_at = now()
          where user_id = $1 and provider = 'email'`,
        [user.id],
      );
    }
    await clearOneTimeTokens(db, user.id);
    await audit(db, request, VERIFY_AUDIT_ACTIONS[type] ?? "login", user, {
      verification: type,
    });
    const verified = (await findUserById(db, user.id)) as User;
    const method = METHODS[type] ?? "otp";
    if (flow === "pkce") {
      return { authCode: await issueAuthCode(db, verified, method) };
    }

    return startSession(db, deps.config, verified, method, request);
  });
}

// GET /verify: the link in an e-mail. Redirects to redirect_to (or the site
// URL) with the session, or the error, in the URL fragment.
export async function verifyLinkRequest(deps: AuthDeps, request: AuthRequest) {
  const query = request.url.searchParams;
  const type = query.get("type") ?? "";
  const redirect = allowedRedirect(deps.config, query.get("redirect_to"));
  const token = query.get("token") ?? "";
  const pkce = token.startsWith(PKCE_PREFIX);
  const fragment = new URLSearchParams();
  try {
    const session = await consumeToken(
      deps,
      request,
      type,
      pkce ? token.slice(PKCE_PREFIX.length) : token,
      pkce ? "pkce" : "implicit",
    );
    if ("authCode" in session) {
      const target = new URL(redirect);
      target.searchParams.set("code", session.authCode);
      request.res.writeHead(303, { location: target.toString() });
      request.res.end();

      return;
    }

    fragment.set("access_token", session.access_token);
    fragment.set("expires_at", String(session.expires_at));
    fragment.set("expires_in", String(session.expires_in));
    fragment.set("refresh_token", session.refresh_token);
    fragment.set("token_type", session.token_type);
    fragment.set("type", type);
  } catch (error) {
    if (!(error instanceof AuthError)) {
      throw error;
    }

    fragment.set("error", "access_denied");
    fragment.set("error_code", error.code);
    fragment.set(
      "error_description",
      error.code === "otp_expired" ? LINK_INVALID : error.message,
    );
  }
  request.res.writeHead(303, { location: `${redirect}#${fragment}` });
  request.res.end();
}

// POST /verify: a token hash, or the six-digit code with the e-mail address.
export async function verifyCode(deps: AuthDeps, request: AuthRequest) {
  const params = await readParams(request);
  const type = optionalString(params, "type") ?? "";
  const tokenHashParam = optionalString(params, "token_hash");
  const code = optionalString(params, "token");
  const email = optionalString(params, "email");
  let hash: string;
  if (tokenHashParam) {
    hash = tokenHashParam;
  } else if (code && email) {
    hash = tokenHash(validEmail(email), code);
  } else {
    throw new AuthError(
      400,
      "validation_failed",
      "Verify requires either a token_hash, or a token with an email",
    );
  }
  const session = await consumeToken(deps, request, type, hash);
  sendJson(request.res, 200, session);
}
