// The PKCE flow of e-mail links. A client that sends a code challenge with
// its request gets a link whose token starts with "pkce_"; opening it
// redirects with ?code=<auth code> instead of tokens in the fragment, and
// POST /token?grant_type=pkce exchanges the code and the code verifier for a
// session.
import { createHash, randomUUID } from "node:crypto";
import { sendJson } from "../http.ts";
import {
  type AuthDeps,
  type AuthRequest,
  inTransaction,
  optionalString,
  readParams,
} from "./context.ts";
import { AuthError } from "./errors.ts";
import { type AuthenticationMethod, startSession } from "./sessions.ts";
import { findUserById, type Queryable, type User } from "./users.ts";

export const PKCE_PREFIX = "pkce_";

// An auth code is valid for five minutes after the link was opened, as in
// Supabase Auth.
const AUTH_CODE_LIFETIME_SECONDS = 300;

export type CodeChallenge = { challenge: string; method: "s256" | "plain" };

// Reads code_challenge and code_challenge_method from a request body;
// returns undefined when the client uses the implicit flow.
export function codeChallengeOf(
  params: Record<string, unknown>,
): CodeChallenge | undefined {
  const challenge = optionalString(params, "code_challenge");
  const method = optionalString(params, "code_challenge_method");
  if (!challenge && !method) {
    return undefined;
  }

  const normalized = method?.toLowerCase();
  if (normalized !== "s256" && normalized !== "plain") {
    throw new AuthError(
      400,
      "validation_failed",
      `code challenge method "${method ?? ""}" is not supported; use s256 or plain`,
    );
  }

  if (!challenge || challenge.length < 43 || challenge.length > 128) {
    throw new AuthError(
      400,
      "validation_failed",
      "code challenge must be between 43 and 128 characters",
    );
  }

  return { challenge, method: normalized };
}

export async function createFlowState(
  db: Queryable,
  userId: string,
  codeChallenge: CodeChallenge,
  method: AuthenticationMethod,
): Promise<void> {
  await db.query(
    `insert into auth.flow_state (
       id, user_id, auth_code, code_challenge_method, code_challenge,
       provider_type, created_at, updated_at, authentication_method)
     values ($1, $2, $3, $4, $5, 'email', now(), now(), $6)`,
    [
      randomUUID(),
      userId,
      randomUUID(),
      codeChallenge.method,
      codeChallenge.challenge,
      method,
    ],
  );
}

// Marks the newest flow of a user as verified and returns its auth code.
export async function issueAuthCode(
  db: Queryable,
  user: User,
  method: AuthenticationMethod,
): Promise<string> {
  const { rows } = await db.query<{ auth_code: string }>(
    `update auth.flow_state set auth_code_issued_at = now(), updated_at = now()
      where id = (
        select id from auth.flow_state
         where user_id = $1 and authentication_method = $2
         order by created_at desc limit 1)
      returning auth_code`,
    [user.id, method],
  );
  if (!rows[0]) {
    throw new AuthError(
      404,
      "flow_state_not_found",
      "invalid flow state, no valid flow state found",
    );
  }

  return rows[0].auth_code;
}

function challengeMatches(
  method: string,
  challenge: string,
  verifier: string,
): boolean {
  if (method === "plain") {
    return verifier === challenge;
  }

  return (
    createHash("sha256").update(verifier).digest("base64url") === challenge
  );
}

// POST /token?grant_type=pkce
export async function pkceGrant(deps: AuthDeps, request: AuthRequest) {
  const params = await readParams(request);
  const authCode = optionalString(params, "auth_code");
  const verifier = optionalString(params, "code_verifier");
  if (!authCode || !verifier) {
    throw new AuthError(
      400,
      "validation_failed",
      "invalid request: both auth code and code verifier should be non-empty",
    );
  }

  const session = await inTransaction(deps.pool, async (db) => {
    const { rows } = await db.query<{
      id: string;
      user_id: string;
      code_challenge: string;
      code_challenge_method: string;
      authentication_method: AuthenticationMethod;
      expired: boolean;
    }>(
      `select id, user_id, code_challenge, code_challenge_method,
              authentication_method,
              auth_code_issued_at < now() - make_interval(secs => $2) as expired
         from auth.flow_state
        where auth_code = $1 and auth_code_issued_at is not null
        for update`,
      [authCode, AUTH_CODE_LIFETIME_SECONDS],
    );
    const flow = rows[0];
    const user = flow && (await findUserById(db, flow.user_id));
    if (!flow || !user) {
      throw new AuthError(
        404,
        "flow_state_not_found",
        "invalid flow state, no valid flow state found",
      );
    }

    if (flow.expired) {
      throw new AuthError(
        422,
        "flow_state_expired",
        "invalid flow state, flow state has expired",
      );
    }

    const method = flow.code_challenge_method;
    if (!challengeMatches(method, flow.code_challenge, verifier)) {
      throw new AuthError(
        400,
        "bad_code_verifier",
        "code challenge does not match previously saved code verifier",
      );
    }

    await db.query("delete from auth.flow_state where id = $1", [flow.id]);

    return startSession(
      db,
      deps.config,
      user,
      flow.authentication_method,
      request,
    );
  });
  sendJson(request.res, 200, session);
}
