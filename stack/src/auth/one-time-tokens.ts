// One-time tokens of e-mail links and codes. The link carries the token
// hash, sha224(email + six-digit code), as Supabase Auth's links do, so
// that both the link and the code typed with the e-mail address find it.
import { createHash, randomInt, randomUUID } from "node:crypto";
import type { Queryable } from "./users.ts";

export type OneTimeTokenType =
  | "confirmation_token"
  | "recovery_token"
  | "email_change_token_new";

// The users column each token type is mirrored into, with its sent-at column.
const USER_COLUMNS: Record<OneTimeTokenType, [string, string]> = {
  confirmation_token: ["confirmation_token", "confirmation_sent_at"],
  recovery_token: ["recovery_token", "recovery_sent_at"],
  email_change_token_new: ["email_change_token_new", "email_change_sent_at"],
};

export function tokenHash(email: string, code: string): string {
  return createHash("sha224")
    .update(email.toLowerCase() + code)
    .digest("hex");
}

// Creates a token for a user (replacing an older one of the same type) and
// returns its code and hash.
export async function createOneTimeToken(
  db: Queryable,
  userId: string,
  type: OneTimeTokenType,
  email: string,
): Promise<{ code: string; hash: string }> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const hash = tokenHash(email, code);
  await db.query(
    `insert into auth.one_time_tokens (
       id, user_id, token_type, token_hash, relates_to, created_at,
       updated_at)
     values ($1, $2, $3, $4, $5, now(), now())
     on conflict (user_id, token_type) do update
       set id = excluded.id, token_hash = excluded.token_hash,
           relates_to = excluded.relates_to, created_at = now(),
           updated_at = now()`,
    [randomUUID(), userId, type, hash, email.toLowerCase()],
  );
  const [tokenColumn, sentColumn] = USER_COLUMNS[type];
  await db.query(
    `update auth.users set ${tokenColumn} = $2, ${sentColumn} = now(),
            updated_at = now()
      where id = $1`,
    [userId, hash],
  );

  return { code, hash };
}

// Finds and locks an unexpired token by hash; returns its user and the
// address it was sent to.
export async function findOneTimeToken(
  db: Queryable,
  types: OneTimeTokenType[],
  hash: string,
  expirySeconds: number,
): Promise<
  { userId: string; type: OneTimeTokenType; relatesTo: string } | undefined
> {
  const { rows } = await db.query<{
    user_id: string;
    token_type: OneTimeTokenType;
    relates_to: string;
  }>(
    `select user_id, token_type, relates_to from auth.one_time_tokens
      where token_hash = $1 and token_type = any($2::auth.one_time_token_type[])
        and created_at > localtimestamp - make_interval(secs => $3)
      for update`,
    [hash, types, expirySeconds],
  );
  const row = rows[0];

  return row
    ? { userId: row.user_id, type: row.token_type, relatesTo: row.relates_to }
    : undefined;
}

// Removes every one-time token of a user, as a verified link or a new
// password does in Supabase Auth.
export async function clearOneTimeTokens(
  db: Queryable,
  userId: string,
): Promise<void> {
  await db.query("delete from auth.one_time_tokens where user_id = $1", [
    userId,
  ]);
  await db.query(
    `update auth.users
        set confirmation_token = '', recovery_token = '',
            email_change_token_new = ''
      where id = $1`,
    [userId],
  );
}
