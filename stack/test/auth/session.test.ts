// Sign-in, the user endpoint, refresh token rotation, password change and
// sign-out scopes, driven through supabase-js against the stack's gateway.
import { AuthApiError } from "@supabase/supabase-js";
import { jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../../../test/db.ts";
import {
  type AuthInstance,
  anonClient,
  claimsOf,
  createUser,
  PASSWORD,
  startAuthInstance,
  uniqueEmail,
} from "./helpers.ts";

const stack = inject("stack");
const admin = anonClient(stack.API_URL, stack.SERVICE_ROLE_KEY);

async function signIn(email: string, password = PASSWORD, url = stack.API_URL) {
  const client = anonClient(url, stack.ANON_KEY);
  const { data, error } = await client.auth.signInWithPassword({
    email,
    password,
  });
  if (error) {
    throw error;
  }

  return { client, session: data.session };
}

describe("password sign-in", () => {
  it("returns a session with Supabase's claims", async () => {
    const email = uniqueEmail("giris");
    const userId = await createUser(admin, email, {
      user_metadata: { full_name: "Ayşe Yılmaz" },
    });
    const before = Math.floor(Date.now() / 1000);

    const { session } = await signIn(email);

    expect(session.token_type).toBe("bearer");
    expect(session.expires_in).toBe(3600);
    expect(session.user.id).toBe(userId);
    expect(session.user.email).toBe(email);
    expect(session.user.user_metadata.full_name).toBe("Ayşe Yılmaz");
    expect(session.user.app_metadata).toMatchObject({
      provider: "email",
      providers: ["email"],
    });
    const { payload } = await jwtVerify(
      session.access_token,
      new TextEncoder().encode(stack.JWT_SECRET),
    );
    expect(payload.sub).toBe(userId);
    expect(payload.aud).toBe("authenticated");
    expect(payload.role).toBe("authenticated");
    expect(payload.email).toBe(email);
    expect(payload.iss).toBe(`${stack.API_URL}/auth/v1`);
    expect(payload.aal).toBe("aal1");
    expect(payload.is_anonymous).toBe(false);
    expect(typeof payload.session_id).toBe("string");
    expect(payload.amr).toEqual([
      { method: "password", timestamp: expect.any(Number) },
    ]);
    expect(payload.exp).toBe((payload.iat as number) + 3600);
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(session.expires_at).toBe(payload.exp);
  });

  it("rejects a wrong password as invalid_credentials", async () => {
    const email = uniqueEmail("yanlis");
    await createUser(admin, email);
    const client = anonClient(stack.API_URL, stack.ANON_KEY);

    const { data, error } = await client.auth.signInWithPassword({
      email,
      password: "bu-parola-yanlis",
    });

    expect(data.session).toBeNull();
    expect(error).toBeInstanceOf(AuthApiError);
    expect(error?.status).toBe(400);
    expect(error?.code).toBe("invalid_credentials");
    expect(error?.message).toBe("Invalid login credentials");
  });

  it("answers in the legacy error shape without the version header", async () => {
    const response = await fetch(
      `${stack.API_URL}/auth/v1/token?grant_type=password`,
      {
        method: "POST",
        headers: { apikey: stack.ANON_KEY, "content-type": "application/json" },
        body: JSON.stringify({
          email: uniqueEmail("yok"),
          password: "x",
        }),
      },
    );

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 400,
      error_code: "invalid_credentials",
      msg: "Invalid login credentials",
    });
  });

  it("answers an unknown grant type with an OAuth error", async () => {
    const response = await fetch(
      `${stack.API_URL}/auth/v1/token?grant_type=client_credentials`,
      { method: "POST", headers: { apikey: stack.ANON_KEY }, body: "{}" },
    );

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "unsupported_grant_type",
      error_description: "",
    });
  });

  it("rejects a request without an API key", async () => {
    const response = await fetch(`${stack.API_URL}/auth/v1/settings`);

    expect(response.status).toBe(401);
  });

  it("gives a token that Postgres's auth.uid() reads", async () => {
    const email = uniqueEmail("uid");
    const userId = await createUser(admin, email);
    const { session } = await signIn(email);
    const db = await connect(stack.DB_URL);
    try {
      await db.query("begin");
      await db.query("select set_config('request.jwt.claims', $1, true)", [
        JSON.stringify(claimsOf(session.access_token)),
      ]);
      await db.query("set local role authenticated");
      const { rows } = await db.query(
        "select auth.uid() as uid, auth.role() as role, auth.email() as email",
      );
      await db.query("rollback");

      expect(rows[0]).toEqual({ uid: userId, role: "authenticated", email });
    } finally {
      await db.end();
    }
  });
});

describe("user endpoint", () => {
  it("returns the signed-in user", async () => {
    const email = uniqueEmail("kullanici");
    const userId = await createUser(admin, email);
    const { client } = await signIn(email);

    const { data, error } = await client.auth.getUser();

    expect(error).toBeNull();
    expect(data.user?.id).toBe(userId);
    expect(data.user?.email).toBe(email);
    expect(data.user?.identities?.[0]?.provider).toBe("email");
    expect(data.user?.last_sign_in_at).toBeDefined();
  });

  it("rejects a token with a wrong signature as bad_jwt", async () => {
    const email = uniqueEmail("imza");
    await createUser(admin, email);
    const { session } = await signIn(email);
    const [header, payload] = session.access_token.split(".");
    const forged = `${header}.${payload}.${"A".repeat(43)}`;

    const { data, error } = await admin.auth.getUser(forged);

    expect(data.user).toBeNull();
    expect(error?.status).toBe(403);
    expect(error?.code).toBe("bad_jwt");
  });

  it("updates user metadata and the password", async () => {
    const email = uniqueEmail("guncelle");
    await createUser(admin, email);
    const { client } = await signIn(email);
    const other = await signIn(email);

    const { data, error } = await client.auth.updateUser({
      password: "Yeni-Parola-2027",
      data: { phone_extension: "214" },
    });

    expect(error).toBeNull();
    expect(data.user?.user_metadata.phone_extension).toBe("214");
    const old = await anonClient(
      stack.API_URL,
      stack.ANON_KEY,
    ).auth.signInWithPassword({ email, password: PASSWORD });
    expect(old.error?.code).toBe("invalid_credentials");
    await expect(signIn(email, "Yeni-Parola-2027")).resolves.toBeDefined();
    // The session that changed the password stays; the other one ends.
    expect((await client.auth.getUser()).error).toBeNull();
    const otherUser = await other.client.auth.getUser();
    expect(otherUser.error?.name).toBe("AuthSessionMissingError");
  });

  it("fails getClaims for a forged or signed-out session", async () => {
    const email = uniqueEmail("iddia");
    await createUser(admin, email);
    const { client, session } = await signIn(email);
    const [header, payload] = session.access_token.split(".");

    const valid = await client.auth.getClaims();
    const forged = await client.auth.getClaims(
      `${header}.${payload}.${"B".repeat(43)}`,
    );
    await admin.auth.admin.signOut(session.access_token, "global");
    const signedOut = await client.auth.getClaims(session.access_token);

    expect(valid.error).toBeNull();
    expect(valid.data?.claims.sub).toBe(session.user.id);
    expect(forged.data).toBeNull();
    expect(forged.error?.status).toBe(403);
    expect(signedOut.data).toBeNull();
    expect(signedOut.error?.name).toBe("AuthSessionMissingError");
  });

  it("rejects the same password as same_password", async () => {
    const email = uniqueEmail("ayni");
    await createUser(admin, email);
    const { client } = await signIn(email);

    const { error } = await client.auth.updateUser({ password: PASSWORD });

    expect(error?.status).toBe(422);
    expect(error?.code).toBe("same_password");
  });
});

describe("refresh tokens", () => {
  it("rotates the refresh token on each refresh", async () => {
    const email = uniqueEmail("yenile");
    await createUser(admin, email);
    const { client, session } = await signIn(email);

    const { data, error } = await client.auth.refreshSession({
      refresh_token: session.refresh_token,
    });

    expect(error).toBeNull();
    expect(data.session?.refresh_token).not.toBe(session.refresh_token);
    expect(claimsOf(data.session?.access_token ?? "").session_id).toBe(
      claimsOf(session.access_token).session_id,
    );
    expect(data.session?.user.id).toBe(session.user.id);
  });

  it("returns the active token for a reuse within the interval", async () => {
    const email = uniqueEmail("tekrar");
    await createUser(admin, email);
    const { client, session } = await signIn(email);
    const first = await client.auth.refreshSession({
      refresh_token: session.refresh_token,
    });

    const again = await client.auth.refreshSession({
      refresh_token: session.refresh_token,
    });

    expect(again.error).toBeNull();
    expect(again.data.session?.refresh_token).toBe(
      first.data.session?.refresh_token,
    );
  });

  it("rejects an unknown refresh token", async () => {
    const client = anonClient(stack.API_URL, stack.ANON_KEY);

    const { error } = await client.auth.refreshSession({
      refresh_token: "bilinmeyen-token",
    });

    expect(error?.status).toBe(400);
    expect(error?.code).toBe("refresh_token_not_found");
  });

  describe("after the reuse interval", () => {
    let instance: AuthInstance;

    beforeAll(async () => {
      instance = await startAuthInstance(stack, {
        refreshTokenReuseIntervalSeconds: 0,
      });
    });

    afterAll(async () => {
      await instance.stop();
    });

    it("revokes the session when a used token comes back", async () => {
      const email = uniqueEmail("calinti");
      await createUser(admin, email);
      const { client, session } = await signIn(
        email,
        PASSWORD,
        instance.apiUrl,
      );
      const rotated = await client.auth.refreshSession({
        refresh_token: session.refresh_token,
      });
      expect(rotated.error).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 20));

      const reused = await client.auth.refreshSession({
        refresh_token: session.refresh_token,
      });

      expect(reused.error?.status).toBe(400);
      expect(reused.error?.code).toBe("refresh_token_already_used");
      // The token issued by the legitimate refresh is revoked as well.
      const afterwards = await client.auth.refreshSession({
        refresh_token: rotated.data.session?.refresh_token ?? "",
      });
      expect(afterwards.error?.code).toBe("refresh_token_already_used");
    });
  });
});

describe("sign-out scopes", () => {
  async function threeSessions() {
    const email = uniqueEmail("cikis");
    await createUser(admin, email);

    return Promise.all([signIn(email), signIn(email), signIn(email)]);
  }

  async function isSignedIn(client: ReturnType<typeof anonClient>) {
    const { error } = await client.auth.getUser();

    return error === null;
  }

  async function canRefresh(refreshToken: string) {
    const { error } = await anonClient(
      stack.API_URL,
      stack.ANON_KEY,
    ).auth.refreshSession({ refresh_token: refreshToken });

    return error === null;
  }

  it("ends only the current session with scope local", async () => {
    const [a, b, c] = await threeSessions();

    const { error } = await a.client.auth.signOut({ scope: "local" });

    expect(error).toBeNull();
    expect(await canRefresh(a.session.refresh_token)).toBe(false);
    expect(await isSignedIn(b.client)).toBe(true);
    expect(await isSignedIn(c.client)).toBe(true);
  });

  it("ends every other session with scope others", async () => {
    const [a, b, c] = await threeSessions();

    const { error } = await a.client.auth.signOut({ scope: "others" });

    expect(error).toBeNull();
    expect(await isSignedIn(a.client)).toBe(true);
    expect(await canRefresh(b.session.refresh_token)).toBe(false);
    expect(await canRefresh(c.session.refresh_token)).toBe(false);
    expect(await canRefresh(a.session.refresh_token)).toBe(true);
  });

  it("ends every session with scope global", async () => {
    const [a, b, c] = await threeSessions();

    const { error } = await a.client.auth.signOut({ scope: "global" });

    expect(error).toBeNull();
    for (const { session } of [a, b, c]) {
      expect(await canRefresh(session.refresh_token)).toBe(false);
      const check = await admin.auth.getUser(session.access_token);
      expect(check.error?.name).toBe("AuthSessionMissingError");
    }
  });
});

describe("malformed requests", () => {
  const service = {
    apikey: stack.SERVICE_ROLE_KEY,
    authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
    "content-type": "application/json",
  };
  const cases: Array<[string, string, string, string | undefined]> = [
    ["token without body", "POST", "/token?grant_type=password", ""],
    ["token with broken JSON", "POST", "/token?grant_type=password", "{"],
    ["token with an array", "POST", "/token?grant_type=password", "[]"],
    ["numeric email", "POST", "/token?grant_type=password", '{"email":5}'],
    ["refresh without token", "POST", "/token?grant_type=refresh_token", "{}"],
    ["pkce without verifier", "POST", "/token?grant_type=pkce", "{}"],
    ["unknown verify type", "POST", "/verify", '{"type":"x","token_hash":"y"}'],
    ["verify link without token", "GET", "/verify?type=recovery", undefined],
    ["user id not a UUID", "GET", "/admin/users/abc", undefined],
    ["user id with a bad escape", "GET", "/admin/users/%E0%A4%A", undefined],
    ["page not a number", "GET", "/admin/users?page=bir", undefined],
    [
      "create with a bad id",
      "POST",
      "/admin/users",
      '{"email":"a@b.co","id":"1"}',
    ],
    [
      "metadata as array",
      "POST",
      "/admin/users",
      '{"email":"a@b.co","user_metadata":[]}',
    ],
    ["unknown logout scope", "POST", "/logout?scope=hepsi", ""],
    ["unknown endpoint", "GET", "/factors", undefined],
    ["wrong method", "DELETE", "/token", undefined],
  ];

  it.each(cases)(
    "answers %s with a client error",
    async (_name, method, path, body) => {
      const response = await fetch(`${stack.API_URL}/auth/v1${path}`, {
        method,
        headers: service,
        body,
        redirect: "manual",
      });

      expect(response.status).toBeGreaterThanOrEqual(300);
      expect(response.status).toBeLessThan(500);
    },
  );
});
