// Sign-up switched off and on, password rules, the sign-in rate limit, the
// access token expiry setting and CORS, each on an auth instance with the
// setting under test.
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

describe("sign-up", () => {
  let open: AuthInstance;

  beforeAll(async () => {
    open = await startAuthInstance(stack, {
      enableSignup: true,
      enableConfirmations: false,
    });
  });

  afterAll(async () => {
    await open.stop();
  });

  it("is refused when enable_signup is false", async () => {
    const client = anonClient(stack.API_URL, stack.ANON_KEY);

    const { data, error } = await client.auth.signUp({
      email: uniqueEmail("kapali"),
      password: PASSWORD,
    });

    expect(data.user).toBeNull();
    expect(error?.status).toBe(422);
    expect(error?.code).toBe("signup_disabled");
  });

  it("returns a session when enabled without confirmations", async () => {
    const email = uniqueEmail("acik");
    const client = anonClient(open.apiUrl, stack.ANON_KEY);

    const { data, error } = await client.auth.signUp({
      email,
      password: PASSWORD,
    });

    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
    expect(data.user?.email_confirmed_at).toBeDefined();
    expect(claimsOf(data.session?.access_token ?? "").sub).toBe(data.user?.id);
  });

  it("completes a pending invite like Supabase Auth", async () => {
    const email = uniqueEmail("bekleyen");
    const invited = await admin.auth.admin.inviteUserByEmail(email);
    const client = anonClient(open.apiUrl, stack.ANON_KEY);

    const { data, error } = await client.auth.signUp({
      email,
      password: PASSWORD,
    });

    expect(error).toBeNull();
    expect(data.user?.id).toBe(invited.data.user?.id);
    expect(data.user?.email_confirmed_at).toBeDefined();
    expect(data.session).not.toBeNull();
  });

  it("refuses a registered address as user_already_exists", async () => {
    const email = uniqueEmail("mevcut");
    await createUser(admin, email);
    const client = anonClient(open.apiUrl, stack.ANON_KEY);

    const { error } = await client.auth.signUp({ email, password: PASSWORD });

    expect(error?.status).toBe(422);
    expect(error?.code).toBe("user_already_exists");
  });

  it("refuses a malformed address as validation_failed", async () => {
    const client = anonClient(open.apiUrl, stack.ANON_KEY);

    const { error } = await client.auth.signUp({
      email: "adres-degil",
      password: PASSWORD,
    });

    expect(error?.status).toBe(400);
    expect(error?.code).toBe("validation_failed");
  });
});

describe("password rules", () => {
  let strict: AuthInstance;

  beforeAll(async () => {
    strict = await startAuthInstance(stack, {
      enableSignup: true,
      minimumPasswordLength: 10,
      passwordRequirements: "lower_upper_letters_digits",
    });
  });

  afterAll(async () => {
    await strict.stop();
  });

  it.each([
    ["abc", ["length", "characters"]],
    ["kisaParola", ["characters"]],
    ["Ab1", ["length"]],
  ])("reports %s as weak for %j", async (password, reasons) => {
    const client = anonClient(strict.apiUrl, stack.ANON_KEY);

    const { error } = await client.auth.signUp({
      email: uniqueEmail("zayif"),
      password,
    });

    expect(error?.status).toBe(422);
    expect(error?.code).toBe("weak_password");
    expect(error?.name).toBe("AuthWeakPasswordError");
    expect((error as unknown as { reasons: string[] }).reasons).toEqual(
      reasons,
    );
  });

  it("rejects a weak new password on update", async () => {
    const email = uniqueEmail("guncelzayif");
    await createUser(admin, email, { password: "Uzun-Parola-2026" });
    const client = anonClient(strict.apiUrl, stack.ANON_KEY);
    await client.auth.signInWithPassword({
      email,
      password: "Uzun-Parola-2026",
    });

    const { error } = await client.auth.updateUser({ password: "kisa" });

    expect(error?.status).toBe(422);
    expect(error?.code).toBe("weak_password");
  });

  it("reports a sign-in password that the rules now reject", async () => {
    const email = uniqueEmail("eski");
    const id = await createUser(admin, email);
    // A password set before the rules were tightened.
    const db = await connect(stack.DB_URL);
    await db.query(
      `update auth.users
          set encrypted_password = extensions.crypt('eskiparola',
                extensions.gen_salt('bf', 10))
        where id = $1`,
      [id],
    );
    await db.end();
    const client = anonClient(strict.apiUrl, stack.ANON_KEY);

    const { data, error } = await client.auth.signInWithPassword({
      email,
      password: "eskiparola",
    });

    expect(error).toBeNull();
    expect(data.session).not.toBeNull();
    expect(data.weakPassword?.reasons).toEqual(["characters"]);
  });
});

describe("sign-in rate limit", () => {
  let limited: AuthInstance;

  beforeAll(async () => {
    limited = await startAuthInstance(stack, {
      signInFailuresPerEmail: 3,
      signInFailuresPerAddress: 6,
      signInFailureWindowSeconds: 300,
    });
  });

  afterAll(async () => {
    await limited.stop();
  });

  async function attempt(email: string, password: string) {
    const client = anonClient(limited.apiUrl, stack.ANON_KEY);

    return (await client.auth.signInWithPassword({ email, password })).error;
  }

  it("limits repeated failures for one e-mail", async () => {
    const email = uniqueEmail("deneme");
    await createUser(admin, email);
    for (let i = 0; i < 3; i += 1) {
      expect((await attempt(email, "yanlis-parola"))?.code).toBe(
        "invalid_credentials",
      );
    }

    const error = await attempt(email, PASSWORD);

    expect(error?.status).toBe(429);
    expect(error?.code).toBe("over_request_rate_limit");
  });

  it("limits repeated failures from one address", async () => {
    const email = uniqueEmail("baska");
    await createUser(admin, email);
    // Three failures came from this address in the previous test.
    for (let i = 0; i < 3; i += 1) {
      await attempt(uniqueEmail("tahmin"), "yanlis-parola");
    }

    const error = await attempt(email, PASSWORD);

    expect(error?.status).toBe(429);
    expect(error?.code).toBe("over_request_rate_limit");
  });
});

describe("access token expiry", () => {
  let short: AuthInstance;

  beforeAll(async () => {
    short = await startAuthInstance(stack, { jwtExpirySeconds: 2 });
  });

  afterAll(async () => {
    await short.stop();
  });

  it("refuses an expired token and refreshes the session", async () => {
    const email = uniqueEmail("sure");
    await createUser(admin, email);
    const client = anonClient(short.apiUrl, stack.ANON_KEY);
    const { data } = await client.auth.signInWithPassword({
      email,
      password: PASSWORD,
    });
    expect(data.session?.expires_in).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 3100));

    const expired = await client.auth.getUser(data.session?.access_token);
    const refreshed = await client.auth.refreshSession({
      refresh_token: data.session?.refresh_token ?? "",
    });

    expect(expired.error?.status).toBe(403);
    expect(expired.error?.code).toBe("bad_jwt");
    expect(refreshed.error).toBeNull();
    const user = await client.auth.getUser(
      refreshed.data.session?.access_token,
    );
    expect(user.data.user?.email).toBe(email);
  });
});

describe("CORS", () => {
  it("answers a browser preflight", async () => {
    const response = await fetch(`${stack.API_URL}/auth/v1/token`, {
      method: "OPTIONS",
      headers: {
        origin: "http://127.0.0.1:54331",
        "access-control-request-method": "POST",
        "access-control-request-headers":
          "apikey, authorization, content-type, x-client-info",
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toContain(
      "POST",
    );
    expect(response.headers.get("access-control-allow-headers")).toContain(
      "apikey",
    );
  });

  it("lets a browser read the API version of an error", async () => {
    const response = await fetch(`${stack.API_URL}/auth/v1/user`, {
      headers: {
        origin: "http://127.0.0.1:54330",
        apikey: stack.ANON_KEY,
        "x-supabase-api-version": "2024-01-01",
      },
    });

    expect(response.status).toBe(401);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-expose-headers")).toContain(
      "x-supabase-api-version",
    );
    expect(response.headers.get("x-supabase-api-version")).toBe("2024-01-01");
    expect(await response.json()).toEqual({
      code: "no_authorization",
      message: "This endpoint requires a valid Bearer token",
    });
  });
});
