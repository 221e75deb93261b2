// User administration with the service role: create, list, update, ban and
// delete, and the refusal of callers without it.
import { describe, expect, inject, it } from "vitest";
import { connect } from "../../../test/db.ts";
import { anonClient, createUser, PASSWORD, uniqueEmail } from "./helpers.ts";

const stack = inject("stack");
const admin = anonClient(stack.API_URL, stack.SERVICE_ROLE_KEY);

describe("admin users", () => {
  it("creates a user stored with a bcrypt hash", async () => {
    const email = uniqueEmail("Yeni.Personel");

    const { data, error } = await admin.auth.admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
      user_metadata: { full_name: "Mehmet Öztürk" },
      app_metadata: { tenant: "istanbul" },
    });

    expect(error).toBeNull();
    expect(data.user?.email).toBe(email.toLowerCase());
    expect(data.user?.email_confirmed_at).toBeDefined();
    expect(data.user?.app_metadata).toEqual({
      provider: "email",
      providers: ["email"],
      tenant: "istanbul",
    });
    const db = await connect(stack.DB_URL);
    try {
      const { rows } = await db.query(
        `select encrypted_password, raw_user_meta_data ->> 'full_name' as name
           from auth.users where id = $1`,
        [data.user?.id],
      );
      expect(rows[0].name).toBe("Mehmet Öztürk");
      expect(rows[0].encrypted_password).toMatch(/^\$2[aby]\$10\$/);
    } finally {
      await db.end();
    }
  });

  it("rejects a second user with the same e-mail", async () => {
    const email = uniqueEmail("ikinci");
    await createUser(admin, email);

    const { error } = await admin.auth.admin.createUser({
      email: email.toUpperCase(),
      password: PASSWORD,
    });

    expect(error?.status).toBe(422);
    expect(error?.code).toBe("email_exists");
  });

  it("lists users page by page, newest first", async () => {
    const created: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      created.push(await createUser(admin, uniqueEmail(`liste${i}`)));
    }

    const first = await admin.auth.admin.listUsers({ page: 1, perPage: 2 });
    const second = await admin.auth.admin.listUsers({ page: 2, perPage: 2 });
    const all = await admin.auth.admin.listUsers({ page: 1, perPage: 1000 });

    expect(first.error).toBeNull();
    expect(first.data.users).toHaveLength(2);
    expect(second.data.users).toHaveLength(2);
    const total = (first.data as { total: number }).total;
    expect(total).toBeGreaterThanOrEqual(3);
    expect(first.data).toMatchObject({ nextPage: 2 });
    const raw = await fetch(
      `${stack.API_URL}/auth/v1/admin/users?page=1&per_page=2`,
      {
        headers: {
          apikey: stack.SERVICE_ROLE_KEY,
          authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
        },
      },
    );
    const rawTotal = Number(raw.headers.get("x-total-count"));
    expect(rawTotal).toBeGreaterThanOrEqual(total);
    expect(raw.headers.get("link")).toBe(
      '</auth/v1/admin/users?page=2&per_page=2>; rel="next", ' +
        `</auth/v1/admin/users?page=${Math.ceil(rawTotal / 2)}&per_page=2>; rel="last"`,
    );
    const firstIds = first.data.users.map((user) => user.id);
    expect(second.data.users.some((u) => firstIds.includes(u.id))).toBe(false);
    // Other test files create users at the same time, so the check is on
    // relative order: the users created later come earlier.
    const ids = all.data.users.map((user) => user.id);
    const positions = created.map((id) => ids.indexOf(id));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions[2]).toBeLessThan(positions[1] as number);
    expect(positions[1]).toBeLessThan(positions[0] as number);
  });

  it("updates metadata, keeping keys not named", async () => {
    const id = await createUser(admin, uniqueEmail("meta"), {
      user_metadata: { full_name: "Can Demir", team: "satis" },
      app_metadata: { region: "ege" },
    });

    const { data, error } = await admin.auth.admin.updateUserById(id, {
      user_metadata: { team: "operasyon", full_name: null },
      app_metadata: { level: 2 },
    });

    expect(error).toBeNull();
    expect(data.user?.user_metadata.team).toBe("operasyon");
    expect(data.user?.user_metadata.full_name).toBeUndefined();
    expect(data.user?.app_metadata).toMatchObject({ region: "ege", level: 2 });
  });

  it("bans a user until the ban is lifted", async () => {
    const email = uniqueEmail("yasak");
    const id = await createUser(admin, email);
    const client = anonClient(stack.API_URL, stack.ANON_KEY);
    const signedIn = await client.auth.signInWithPassword({
      email,
      password: PASSWORD,
    });

    const banned = await admin.auth.admin.updateUserById(id, {
      ban_duration: "24h",
    });

    expect(banned.error).toBeNull();
    const bannedUntil = Date.parse(banned.data.user?.banned_until ?? "");
    expect(bannedUntil - Date.now()).toBeGreaterThan(23.9 * 3600 * 1000);
    const refused = await client.auth.signInWithPassword({
      email,
      password: PASSWORD,
    });
    expect(refused.error?.status).toBe(400);
    expect(refused.error?.code).toBe("user_banned");
    const refresh = await client.auth.refreshSession({
      refresh_token: signedIn.data.session?.refresh_token ?? "",
    });
    expect(refresh.error).not.toBeNull();

    await admin.auth.admin.updateUserById(id, { ban_duration: "none" });
    const again = await client.auth.signInWithPassword({
      email,
      password: PASSWORD,
    });
    expect(again.error).toBeNull();
  });

  it("rejects a malformed ban duration", async () => {
    const id = await createUser(admin, uniqueEmail("sure"));

    const { error } = await admin.auth.admin.updateUserById(id, {
      ban_duration: "bir gün",
    });

    expect(error?.status).toBe(400);
    expect(error?.code).toBe("validation_failed");
  });

  it("sets a new password that signs the user out", async () => {
    const email = uniqueEmail("sifirla");
    const id = await createUser(admin, email);
    const client = anonClient(stack.API_URL, stack.ANON_KEY);
    const { data } = await client.auth.signInWithPassword({
      email,
      password: PASSWORD,
    });

    const updated = await admin.auth.admin.updateUserById(id, {
      password: "Baska-Parola-99",
    });

    expect(updated.error).toBeNull();
    const old = await admin.auth.getUser(data.session?.access_token);
    expect(old.error?.name).toBe("AuthSessionMissingError");
    const fresh = await client.auth.signInWithPassword({
      email,
      password: "Baska-Parola-99",
    });
    expect(fresh.error).toBeNull();
  });

  it("deletes a user with its sessions", async () => {
    const email = uniqueEmail("sil");
    const id = await createUser(admin, email);
    const client = anonClient(stack.API_URL, stack.ANON_KEY);
    await client.auth.signInWithPassword({ email, password: PASSWORD });

    const { error } = await admin.auth.admin.deleteUser(id);

    expect(error).toBeNull();
    const fetched = await admin.auth.admin.getUserById(id);
    expect(fetched.error?.status).toBe(404);
    expect(fetched.error?.code).toBe("user_not_found");
    const db = await connect(stack.DB_URL);
    try {
      const { rows } = await db.query(
        "select count(*)::int as n from auth.sessions where user_id = $1",
        [id],
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
  });

  it("rejects admin calls without service role", async () => {
    const email = uniqueEmail("yetkisiz");
    await createUser(admin, email);
    const user = anonClient(stack.API_URL, stack.ANON_KEY);
    const { data } = await user.auth.signInWithPassword({
      email,
      password: PASSWORD,
    });
    const asUser = anonClient(stack.API_URL, stack.ANON_KEY);
    // supabase-js sends the admin API with the client's key; a user token
    // in the Authorization header is what a browser could send.
    const response = await fetch(`${stack.API_URL}/auth/v1/admin/users`, {
      headers: {
        apikey: stack.ANON_KEY,
        authorization: `Bearer ${data.session?.access_token}`,
        "x-supabase-api-version": "2024-01-01",
      },
    });
    const withAnonKey = await asUser.auth.admin.listUsers();

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      code: "not_admin",
      message: "User not allowed",
    });
    expect(withAnonKey.error?.status).toBe(403);
    expect(withAnonKey.error?.code).toBe("not_admin");
  });
});
