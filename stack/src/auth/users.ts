// Users and identities in the auth schema, and their JSON form as Supabase
// Auth returns it (the user object of supabase-js).
import { randomUUID } from "node:crypto";
import type pg from "pg";

export type Queryable = Pick<pg.PoolClient, "query">;

export type UserRow = {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  confirmation_token: string | null;
  confirmation_sent_at: Date | null;
  recovery_token: string | null;
  recovery_sent_at: Date | null;
  email_change_token_new: string | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date | null;
  updated_at: Date | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  confirmed_at: Date | null;
  banned_until: Date | null;
  deleted_at: Date | null;
  is_anonymous: boolean;
};

type IdentityRow = {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  email: string | null;
};

export type User = UserRow & { identities: IdentityRow[] };

export const USER_AUDIENCE = "authenticated";

export function isBanned(user: UserRow, now = new Date()): boolean {
  return user.banned_until !== null && user.banned_until > now;
}

async function withIdentities(db: Queryable, rows: UserRow[]): Promise<User[]> {
  if (rows.length === 0) {
    return [];
  }

  const { rows: identities } = await db.query<IdentityRow>(
    `select id, provider_id, user_id, identity_data, provider,
            last_sign_in_at, created_at, updated_at, email
       from auth.identities
      where user_id = any($1::uuid[])
      order by created_at`,
    [rows.map((row) => row.id)],
  );

  return rows.map((row) => ({
    ...row,
    identities: identities.filter((identity) => identity.user_id === row.id),
  }));
}

export async function findUserById(
  db: Queryable,
  id: string,
): Promise<User | undefined> {
  const { rows } = await db.query<UserRow>(
    "select * from auth.users where id = $1",
    [id],
  );

  return (await withIdentities(db, rows))[0];
}

export async function findUserByEmail(
  db: Queryable,
  email: string,
): Promise<User | undefined> {
  const { rows } = await db.query<UserRow>(
    `select * from auth.users
      where lower(email) = lower($1) and is_sso_user = false`,
    [email],
  );

  return (await withIdentities(db, rows))[0];
}

export async function listUsers(
  db: Queryable,
  page: number,
  perPage: number,
  filter: string,
): Promise<{ users: User[]; total: number }> {
  const pattern = `%${filter.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const where = `where $1 = '%%' or email ilike $1
                    or raw_user_meta_data ->> 'full_name' ilike $1`;
  const { rows: counted } = await db.query<{ total: string }>(
    `select count(*) as total from auth.users ${where}`,
    [pattern],
  );
  const { rows } = await db.query<UserRow>(
    `select * from auth.users ${where}
      order by created_at desc, id
      limit $2 offset $3`,
    [pattern, perPage, (page - 1) * perPage],
  );

  return {
    users: await withIdentities(db, rows),
    total: Number(counted[0]?.total ?? 0),
  };
}

export type NewUser = {
  id?: string;
  email: string;
  phone?: string;
  passwordHash: string | null;
  emailConfirmed: boolean;
  userMetadata: Record<string, unknown>;
  appMetadata: Record<string, unknown>;
  role?: string;
  invited?: boolean;
};

// Inserts a user with its e-mail identity, as sign-up, invite and the admin
// API do.
export async function insertUser(db: Queryable, user: NewUser): Promise<User> {
  const id = user.id ?? randomUUID();
  const email = user.email.toLowerCase();
  const appMetadata = {
    provider: "email",
    providers: ["email"],
    ...user.appMetadata,
  };
  const userMetadata = {
    ...user.userMetadata,
    sub: id,
    email,
    email_verified: user.emailConfirmed,
    phone_verified: false,
  };
  await db.query(
    `insert into auth.users (
       instance_id, id, aud, role, email, phone, encrypted_password,
       email_confirmed_at, invited_at, raw_app_meta_data, raw_user_meta_data,
       created_at, updated_at, is_sso_user, is_anonymous)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, $3, $4, $5, $6,
       case when $7 then now() end, case when $8 then now() end, $9, $10,
       now(), now(), false, false)`,
    [
      id,
      USER_AUDIENCE,
      user.role ?? "authenticated",
      email,
      user.phone || null,
      user.passwordHash,
      user.emailConfirmed,
      user.invited === true,
      appMetadata,
      userMetadata,
    ],
  );
  await db.query(
    `insert into auth.identities (
       provider_id, user_id, identity_data, provider, created_at, updated_at)
     values ($1::text, $1::uuid, $2, 'email', now(), now())`,
    [
      id,
      {
        sub: id,
        email,
        email_verified: user.emailConfirmed,
        phone_verified: false,
      },
    ],
  );

  return (await findUserById(db, id)) as User;
}

// Applies metadata updates as Supabase does: each given key replaces the
// stored one, and a key set to null is removed.
export function mergeMetadata(
  current: Record<string, unknown> | null,
  updates: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) {
      delete merged[key];
    } else {
      merged[key] = value;
    }
  }

  return merged;
}

function timestamp(value: Date | null): string | undefined {
  return value ? value.toISOString() : undefined;
}

function withoutUndefined(
  record: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  );
}

// Returns the user object as the API sends it: secrets and tokens left out,
// empty timestamps omitted, email and phone as "" when unset.
export function userJson(user: User): Record<string, unknown> {
  return withoutUndefined({
    id: user.id,
    aud: user.aud ?? "",
    role: user.role ?? "",
    email: user.email ?? "",
    email_confirmed_at: timestamp(user.email_confirmed_at),
    invited_at: timestamp(user.invited_at),
    phone: user.phone ?? "",
    phone_confirmed_at: timestamp(user.phone_confirmed_at),
    confirmation_sent_at: timestamp(user.confirmation_sent_at),
    confirmed_at: timestamp(user.confirmed_at),
    recovery_sent_at: timestamp(user.recovery_sent_at),
    new_email: user.email_change || undefined,
    email_change_sent_at: timestamp(user.email_change_sent_at),
    last_sign_in_at: timestamp(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    identities: user.identities.map((identity) => ({
      identity_id: identity.id,
      id: identity.provider_id,
      user_id: identity.user_id,
      identity_data: identity.identity_data,
      provider: identity.provider,
      last_sign_in_at: timestamp(identity.last_sign_in_at),
      created_at: timestamp(identity.created_at),
      updated_at: timestamp(identity.updated_at),
      email: identity.email ?? "",
    })),
    created_at: timestamp(user.created_at),
    updated_at: timestamp(user.updated_at),
    banned_until: timestamp(user.banned_until),
    deleted_at: timestamp(user.deleted_at),
    is_anonymous: user.is_anonymous,
  });
}
