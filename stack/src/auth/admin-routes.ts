// The service-role user administration of /admin/users.
import { sendJson } from "../http.ts";
import {
  type AuthDeps,
  type AuthRequest,
  audit,
  inTransaction,
  optionalObject,
  optionalString,
  readParams,
  requireAdmin,
  validEmail,
} from "./context.ts";
import { AuthError } from "./errors.ts";
import { assertStrongPassword, hashPassword } from "./passwords.ts";
import {
  findUserByEmail,
  findUserById,
  insertUser,
  listUsers,
  mergeMetadata,
  type Queryable,
  type User,
  userJson,
} from "./users.ts";

const DURATION_UNITS_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

// Parses a ban duration in Go's duration syntax ("24h", "1h30m", "876000h").
export function parseBanDuration(text: string): number {
  const pattern = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let end = 0;
  for (const match of text.matchAll(pattern)) {
    total +=
      Number(match[1]) * (DURATION_UNITS_MS[match[2] as string] as number);
    end = (match.index ?? 0) + match[0].length;
  }
  if (text === "" || end !== text.length) {
    throw new AuthError(
      400,
      "validation_failed",
      `invalid format for ban duration: "${text}" (use "none" or a duration such as "24h")`,
    );
  }

  return total;
}

function optionalBoolean(
  params: Record<string, unknown>,
  key: string,
): boolean | undefined {
  const value = params[key];
  if (value === undefined || value === null) {
    return undefined;
  }

  if (typeof value !== "boolean") {
    throw new AuthError(400, "validation_failed", `${key} must be a boolean`);
  }

  return value;
}

async function applyBan(
  db: Queryable,
  userId: string,
  banDuration: string,
): Promise<void> {
  if (banDuration === "none") {
    await db.query(
      "update auth.users set banned_until = null, updated_at = now() where id = $1",
      [userId],
    );

    return;
  }

  const durationMs = parseBanDuration(banDuration);
  await db.query(
    `update auth.users
        set banned_until = now() + make_interval(secs => $2),
            updated_at = now()
      where id = $1`,
    [userId, durationMs / 1000],
  );
  // A banned user keeps no session that could be refreshed.
  await db.query("delete from auth.sessions where user_id = $1", [userId]);
}

const UUID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function loadUser(db: Queryable, id: string): Promise<User> {
  if (!UUID_PATTERN.test(id)) {
    throw new AuthError(404, "validation_failed", "user_id must be an UUID");
  }
  const user = await findUserById(db, id);
  if (!user) {
    throw new AuthError(404, "user_not_found", "User not found");
  }

  return user;
}

function pageParameter(value: string | null, fallback: number): number {
  if (value === null || value === "") {
    return fallback;
  }

  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new AuthError(400, "validation_failed", "Bad Pagination Parameters");
  }

  return parsed;
}

export async function adminListUsers(deps: AuthDeps, request: AuthRequest) {
  await requireAdmin(deps, request);
  const query = request.url.searchParams;
  const page = pageParameter(query.get("page"), 1);
  const perPage = pageParameter(query.get("per_page"), 50);
  const { users, total } = await listUsers(
    deps.pool,
    page,
    perPage,
    query.get("filter") ?? "",
  );
  const last = Math.ceil(total / perPage);
  // The page parameter comes first in each link, because supabase-js reads
  // the page number after the first "=".
  const link = (target: number, rel: string) =>
    `<${request.url.pathname}?page=${target}&per_page=${perPage}>; rel="${rel}"`;
  const links = page + 1 <= last ? [link(page + 1, "next")] : [];
  links.push(link(last, "last"));
  sendJson(
    request.res,
    200,
    { aud: "authenticated", users: users.map(userJson) },
    { "x-total-count": String(total), link: links.join(", ") },
  );
}

export async function adminCreateUser(deps: AuthDeps, request: AuthRequest) {
  await requireAdmin(deps, request);
  const params = await readParams(request);
  const emailParam = optionalString(params, "email");
  if (!emailParam) {
    throw new AuthError(
      400,
      "validation_failed",
      optionalString(params, "phone")
        ? "Phone users are not supported by the local stack"
        : "Cannot create a user without either an email or phone",
    );
  }

  const email = validEmail(emailParam);
  const password = optionalString(params, "password");
  if (password !== undefined) {
    assertStrongPassword(deps.config, password);
  }
  const banDuration = optionalString(params, "ban_duration");
  if (banDuration && banDuration !== "none") {
    parseBanDuration(banDuration);
  }
  const id = optionalString(params, "id");
  if (id !== undefined && !UUID_PATTERN.test(id)) {
    throw new AuthError(400, "validation_failed", `id "${id}" is not a UUID`);
  }

  const passwordHash =
    password !== undefined ? await hashPassword(password) : null;
  const user = await inTransaction(deps.pool, async (db) => {
    if (await findUserByEmail(db, email)) {
      throw new AuthError(
        422,
        "email_exists",
        "A user with this email address has already been registered",
      );
    }

    const created = await insertUser(db, {
      id,
      email,
      passwordHash,
      emailConfirmed: optionalBoolean(params, "email_confirm") === true,
      userMetadata: optionalObject(params, "user_metadata") ?? {},
      appMetadata: optionalObject(params, "app_metadata") ?? {},
      role: optionalString(params, "role"),
    });
    if (banDuration) {
      await applyBan(db, created.id, banDuration);
    }
    await audit(db, request, "user_signedup", created, { provider: "email" });

    return loadUser(db, created.id);
  });
  sendJson(request.res, 200, userJson(user));
}

export async function adminGetUser(
  deps: AuthDeps,
  request: AuthRequest,
  id: string,
) {
  await requireAdmin(deps, request);
  sendJson(request.res, 200, userJson(await loadUser(deps.pool, id)));
}

// Updates a user. A new password signs the user out everywhere, as Supabase
// Auth does.
export async function adminUpdateUser(
  deps: AuthDeps,
  request: AuthRequest,
  id: string,
) {
  await requireAdmin(deps, request);
  const params = await readParams(request);
  const emailParam = optionalString(params, "email");
  const email = emailParam ? validEmail(emailParam) : undefined;
  const password = optionalString(params, "password");
  if (password !== undefined) {
    assertStrongPassword(deps.config, password);
  }
  const userMetadata = optionalObject(params, "user_metadata");
  const appMetadata = optionalObject(params, "app_metadata");
  const emailConfirm = optionalBoolean(params, "email_confirm");
  const role = optionalString(params, "role");
  const banDuration = optionalString(params, "ban_duration");
  const passwordHash =
    password !== undefined ? await hashPassword(password) : undefined;
  const user = await inTransaction(deps.pool, async (db) => {
    const user = await loadUser(db, id);
    if (email && email !== user.email) {
      const other = await findUserByEmail(db, email);
      if (other) {
        throw new AuthError(
          422,
          "email_exists",
          "A user with this email address has already been registered",
        );
      }

      await db.query(
        "update auth.users set email = $2, updated_at = now() where id = $1",
        [id, email],
      );
      await db.query(
        `update auth.identities
            set identity_data = identity_data || jsonb_build_object('email', $2::text)
          where user_id = $1 and provider = 'email'`,
        [id, email],
      );
    }

    if (passwordHash !== undefined) {
      await db.query(
        `update auth.users set encrypted_password = $2, updated_at = now()
          where id = $1`,
        [id, passwordHash],
      );
      await db.query("delete from auth.sessions where user_id = $1", [id]);
    }
    if (userMetadata) {
      await db.query(
        `update auth.users set raw_user_meta_data = $2, updated_at = now()
          where id = $1`,
        [id, mergeMetadata(user.raw_user_meta_data, userMetadata)],
      );
    }
    if (appMetadata) {
      await db.query(
        `update auth.users set raw_app_meta_data = $2, updated_at = now()
          where id = $1`,
        [id, mergeMetadata(user.raw_app_meta_data, appMetadata)],
      );
    }
    if (emailConfirm === true && !user.email_confirmed_at) {
      await db.query(
        `update auth.users set email_confirmed_at = now(), updated_at = now()
          where id = $1`,
        [id],
      );
    }
    if (role !== undefined) {
      await db.query(
        "update auth.users set role = $2, updated_at = now() where id = $1",
        [id, role],
      );
    }
    if (banDuration) {
      await applyBan(db, id, banDuration);
    }
    await audit(db, request, "user_modified", user);

    return loadUser(db, id);
  });
  sendJson(request.res, 200, userJson(user));
}

// Deletes a user with its identities and sessions. A soft delete keeps the
// row with deleted_at set and its e-mail, phone and password removed.
export async function adminDeleteUser(
  deps: AuthDeps,
  request: AuthRequest,
  id: string,
) {
  await requireAdmin(deps, request);
  const params = await readParams(request);
  const soft = optionalBoolean(params, "should_soft_delete") === true;
  await inTransaction(deps.pool, async (db) => {
    const user = await loadUser(db, id);
    if (soft) {
      await db.query(
        `update auth.users
            set email = null, phone = null, encrypted_password = '',
                deleted_at = now(), updated_at = now()
          where id = $1`,
        [id],
      );
      await db.query("delete from auth.identities where user_id = $1", [id]);
      await db.query("delete from auth.sessions where user_id = $1", [id]);
    } else {
      await db.query("delete from auth.users where id = $1", [id]);
    }
    await audit(db, request, "user_deleted", user, { soft });
  });
  sendJson(request.res, 200, {});
}
