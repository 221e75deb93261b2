// Endpoints that send e-mailed links: POST /signup, /recover, /otp, /resend
// and /invite, and POST /admin/generate_link, which returns a link unsent.
import { randomUUID } from "node:crypto";
import { sendJson } from "../http.ts";
import {
  type AuthDeps,
  type AuthRequest,
  allowedRedirect,
  audit,
  inTransaction,
  optionalObject,
  optionalString,
  readParams,
  requireAdmin,
  validEmail,
} from "./context.ts";
import { AuthError } from "./errors.ts";
import type { EmailAction } from "./mailer.ts";
import {
  createOneTimeToken,
  type OneTimeTokenType,
} from "./one-time-tokens.ts";
import { assertStrongPassword, hashPassword } from "./passwords.ts";
import {
  type CodeChallenge,
  codeChallengeOf,
  createFlowState,
  PKCE_PREFIX,
} from "./pkce.ts";
import { verifyLink } from "./session-routes.ts";
import { startSession } from "./sessions.ts";
import {
  findUserByEmail,
  findUserById,
  insertUser,
  mergeMetadata,
  type Queryable,
  type User,
  userJson,
} from "./users.ts";
import { METHODS } from "./verify-routes.ts";

type PendingMail = {
  action: EmailAction;
  email: string;
  code: string;
  hash: string;
};

async function sendPendingMail(
  deps: AuthDeps,
  mail: PendingMail,
  redirectTo: string | null,
): Promise<void> {
  const link = verifyLink(deps, mail.hash, mail.action, redirectTo);
  try {
    await deps.sendMail(mail.action, mail.email, link, mail.code);
  } catch (error) {
    console.error(
      `[auth] sending the ${mail.action} e-mail failed: ${(error as Error).message}`,
    );
    throw new AuthError(
      500,
      "unexpected_failure",
      `Error sending ${mail.action} email`,
    );
  }
}

// Creates the token of an e-mail link. With a code challenge, the link
// starts a PKCE flow and its token carries the "pkce_" prefix.
async function prepareMail(
  db: Queryable,
  user: User,
  action: EmailAction,
  codeChallenge?: CodeChallenge,
): Promise<PendingMail> {
  const type: OneTimeTokenType =
    action === "recovery" || action === "magiclink"
      ? "recovery_token"
      : "confirmation_token";
  const email = user.email ?? "";
  const { code, hash } = await createOneTimeToken(db, user.id, type, email);
  if (!codeChallenge) {
    return { action, email, code, hash };
  }

  await createFlowState(db, user.id, codeChallenge, METHODS[action] ?? "otp");

  return { action, email, code, hash: `${PKCE_PREFIX}${hash}` };
}

// A user object shaped like a new one, returned when someone signs up with
// an address that is already registered, so that sign-up does not reveal
// which addresses have accounts.
function obfuscatedUser(email: string): Record<string, unknown> {
  const now = new Date().toISOString();

  return {
    id: randomUUID(),
    aud: "authenticated",
    role: "authenticated",
    email,
    phone: "",
    confirmation_sent_at: now,
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: {},
    identities: [],
    created_at: now,
    updated_at: now,
    is_anonymous: false,
  };
}

export async function signup(deps: AuthDeps, request: AuthRequest) {
  const { config } = deps;
  if (!config.enableSignup) {
    throw new AuthError(
      422,
      "signup_disabled",
      "Signups not allowed for this instance",
    );
  }

  const params = await readParams(request);
  if (optionalString(params, "phone")) {
    throw new AuthError(
      422,
      "phone_provider_disabled",
      "Phone signups are disabled",
    );
  }

  const email = validEmail(optionalString(params, "email"));
  const password = optionalString(params, "password");
  if (!password) {
    throw new AuthError(
      422,
      "validation_failed",
      "Signup requires a valid password",
    );
  }

  assertStrongPassword(config, password);
  const data = optionalObject(params, "data") ?? {};
  const codeChallenge = codeChallengeOf(params);
  const passwordHash = await hashPassword(password);
  const redirectTo = request.url.searchParams.get("redirect_to");

  const outcome = await inTransaction(deps.pool, async (db) => {
    const existing = await findUserByEmail(db, email);
    if (existing?.email_confirmed_at) {
      if (!config.enableConfirmations) {
        throw new AuthError(
          422,
          "user_already_exists",
          "User already registered",
        );
      }

      return { body: obfuscatedUser(email) };
    }

    let user: User;
    if (existing) {
      // An unconfirmed account (such as a pending invite) takes the new
      // password, and without confirmations it is confirmed at once.
      await db.query(
        `update auth.users
            set encrypted_password = $2, raw_user_meta_data = $3,
                email_confirmed_at = case when $4 then now() end,
                updated_at = now()
          where id = $1`,
        [
          existing.id,
          passwordHash,
          mergeMetadata(existing.raw_user_meta_data, data),
          !config.enableConfirmations,
        ],
      );
      user = (await findUserById(db, existing.id)) as User;
    } else {
      user = await insertUser(db, {
        email,
        passwordHash,
        emailConfirmed: !config.enableConfirmations,
        userMetadata: data,
        appMetadata: {},
      });
      await audit(db, request, "user_signedup", user, { provider: "email" });
    }
    if (!config.enableConfirmations) {
      return {
        body: await startSession(db, config, user, "password", request),
      };
    }

    const mail = await prepareMail(db, user, "signup", codeChallenge);
    const confirmed = (await findUserById(db, user.id)) as User;

    return { body: userJson(confirmed), mail };
  });
  if (outcome.mail) {
    await sendPendingMail(deps, outcome.mail, redirectTo);
  }
  sendJson(request.res, 200, outcome.body);
}

// Sends a password reset link. The response is the same whether or not the
// address has an account.
export async function recover(deps: AuthDeps, request: AuthRequest) {
  const params = await readParams(request);
  const email = validEmail(optionalString(params, "email"));
  const codeChallenge = codeChallengeOf(params);
  const redirectTo = request.url.searchParams.get("redirect_to");
  const mail = await inTransaction(deps.pool, async (db) => {
    const user = await findUserByEmail(db, email);
    if (!user) {
      return undefined;
    }

    await audit(db, request, "user_recovery_requested", user);

    return prepareMail(db, user, "recovery", codeChallenge);
  });
  if (mail) {
    await sendPendingMail(deps, mail, redirectTo);
  }
  sendJson(request.res, 200, {});
}

// POST /otp: sends a sign-in link and code to a registered address, or a
// sign-up confirmation to a new one when create_user allows it.
export async function otp(deps: AuthDeps, request: AuthRequest) {
  const params = await readParams(request);
  if (optionalString(params, "phone")) {
    throw new AuthError(
      422,
      "phone_provider_disabled",
      "Phone logins are disabled",
    );
  }

  const email = validEmail(optionalString(params, "email"));
  const createUser = params.create_user !== false;
  const codeChallenge = codeChallengeOf(params);
  const data = optionalObject(params, "data") ?? {};
  const redirectTo = request.url.searchParams.get("redirect_to");
  const mail = await inTransaction(deps.pool, async (db) => {
    const user = await findUserByEmail(db, email);
    if (user?.email_confirmed_at) {
      return prepareMail(db, user, "magiclink", codeChallenge);
    }

    if (user) {
      return prepareMail(db, user, "signup", codeChallenge);
    }

    if (!createUser) {
      throw new AuthError(422, "otp_disabled", "Signups not allowed for otp");
    }

    if (!deps.config.enableSignup) {
      throw new AuthError(
        422,
        "signup_disabled",
        "Signups not allowed for this instance",
      );
    }

    const created = await insertUser(db, {
      email,
      passwordHash: null,
      emailConfirmed: false,
      userMetadata: data,
      appMetadata: {},
    });
    await audit(db, request, "user_signedup", created, { provider: "email" });

    return prepareMail(db, created, "signup", codeChallenge);
  });
  await sendPendingMail(deps, mail, redirectTo);
  sendJson(request.res, 200, {});
}

// POST /resend: sends the sign-up confirmation or e-mail change link again
// while it is still pending, and nothing otherwise.
export async function resend(deps: AuthDeps, request: AuthRequest) {
  const params = await readParams(request);
  const type = optionalString(params, "type");
  if (type !== "signup" && type !== "email_change") {
    throw new AuthError(
      400,
      "validation_failed",
      `Missing one of these types: signup, email_change (got "${type ?? ""}")`,
    );
  }

  const email = validEmail(optionalString(params, "email"));
  const redirectTo = request.url.searchParams.get("redirect_to");
  const mail = await inTransaction(deps.pool, async (db) => {
    if (type === "signup") {
      const user = await findUserByEmail(db, email);

      return user && !user.email_confirmed_at
        ? prepareMail(db, user, "signup")
        : undefined;
    }

    const { rows } = await db.query<{ id: string }>(
      "select id from auth.users where lower(email_change) = $1",
      [email],
    );
    if (!rows[0]) {
      return undefined;
    }

    const { code, hash } = await createOneTimeToken(
      db,
      rows[0].id,
      "email_change_token_new",
      email,
    );

    return { action: "email_change" as const, email, code, hash };
  });
  if (mail) {
    await sendPendingMail(deps, mail, redirectTo);
  }

  sendJson(request.res, 200, {});
}

export async function invite(deps: AuthDeps, request: AuthRequest) {
  await requireAdmin(deps, request);
  const params = await readParams(request);
  const email = validEmail(optionalString(params, "email"));
  const data = optionalObject(params, "data") ?? {};
  const redirectTo = request.url.searchParams.get("redirect_to");
  const { user, mail } = await inTransaction(deps.pool, async (db) => {
    let invited = await findUserByEmail(db, email);
    if (invited?.email_confirmed_at) {
      throw new AuthError(
        422,
        "email_exists",
        "A user with this email address has already been registered",
      );
    }

    if (!invited) {
      invited = await insertUser(db, {
        email,
        passwordHash: null,
        emailConfirmed: false,
        userMetadata: data,
        appMetadata: {},
        invited: true,
      });
    }
    await audit(db, request, "user_invited", invited, { user_email: email });
    const pending = await prepareMail(db, invited, "invite");

    return {
      user: (await findUserById(db, invited.id)) as User,
      mail: pending,
    };
  });
  await sendPendingMail(deps, mail, redirectTo);
  sendJson(request.res, 200, userJson(user));
}

const LINK_TYPES: Record<string, EmailAction> = {
  signup: "signup",
  invite: "invite",
  magiclink: "magiclink",
  recovery: "recovery",
};

// POST /admin/generate_link: creates an e-mail link without sending it, so
// that a function can send its own message. A user is created for signup,
// invite and magiclink links when the address is new.
export async function generateLink(deps: AuthDeps, request: AuthRequest) {
  await requireAdmin(deps, request);
  const params = await readParams(request);
  const type = optionalString(params, "type") ?? "";
  const action = LINK_TYPES[type];
  if (!action) {
    throw new AuthError(
      400,
      "validation_failed",
      `Invalid link type "${type}": use signup, invite, magiclink or recovery`,
    );
  }

  const email = validEmail(optionalString(params, "email"));
  const password = optionalString(params, "password");
  if (action === "signup") {
    if (!password) {
      throw new AuthError(
        422,
        "validation_failed",
        "Signup requires a valid password",
      );
    }

    assertStrongPassword(deps.config, password);
  }

  const data = optionalObject(params, "data") ?? {};
  const redirectTo = allowedRedirect(
    deps.config,
    request.url.searchParams.get("redirect_to") ??
      optionalString(params, "redirect_to"),
  );
  const passwordHash = password ? await hashPassword(password) : null;
  const { user, mail } = await inTransaction(deps.pool, async (db) => {
    let user = await findUserByEmail(db, email);
    if (user && (action === "signup" || action === "invite")) {
      if (user.email_confirmed_at) {
        throw new AuthError(
          422,
          "email_exists",
          "A user with this email address has already been registered",
        );
      }
    }

    if (!user && action === "recovery") {
      throw new AuthError(
        404,
        "user_not_found",
        "User with this email not found",
      );
    }

    if (!user) {
      user = await insertUser(db, {
        email,
        passwordHash,
        emailConfirmed: false,
        userMetadata: data,
        appMetadata: {},
        invited: action === "invite",
      });
    }

    const pending = await prepareMail(db, user, action);

    return { user: (await findUserById(db, user.id)) as User, mail: pending };
  });
  sendJson(request.res, 200, {
    ...userJson(user),
    action_link: verifyLink(deps, mail.hash, type, redirectTo),
    email_otp: mail.code,
    hashed_token: mail.hash,
    redirect_to: redirectTo,
    verification_type: type,
  });
}
