// Invite, password reset and sign-up confirmation completed through the
// link read from the mail catcher, as a user would.
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type AuthInstance,
  anonClient,
  anonClientOptions,
  claimsOf,
  createUser,
  firstLink,
  followVerifyLink,
  latestMailText,
  PASSWORD,
  startAuthInstance,
  uniqueEmail,
} from "./helpers.ts";

const stack = inject("stack");
const admin = anonClient(stack.API_URL, stack.SERVICE_ROLE_KEY);
const portalUrl = "http://127.0.0.1:54331/sifre";

describe("invite link", () => {
  it("lets the invited user set a password", async () => {
    const email = uniqueEmail("davet");

    const invited = await admin.auth.admin.inviteUserByEmail(email, {
      data: { full_name: "Elif Kaya" },
      redirectTo: portalUrl,
    });

    expect(invited.error).toBeNull();
    expect(invited.data.user?.invited_at).toBeDefined();
    expect(invited.data.user?.email_confirmed_at).toBeUndefined();
    const text = await latestMailText(stack.MAILPIT_URL, email, "davet");
    expect(text).not.toMatch(/\b\d{6}\b/);
    const link = firstLink(text);
    expect(link.startsWith(`${stack.API_URL}/auth/v1/verify?`)).toBe(true);

    const { status, target, fragment } = await followVerifyLink(link);

    expect(status).toBe(303);
    expect(`${target.origin}${target.pathname}`).toBe(portalUrl);
    expect(fragment.get("type")).toBe("invite");
    expect(fragment.get("token_type")).toBe("bearer");
    const accessToken = fragment.get("access_token") ?? "";
    expect(claimsOf(accessToken).sub).toBe(invited.data.user?.id);
    expect(claimsOf(accessToken).amr).toEqual([
      { method: "invite", timestamp: expect.any(Number) },
    ]);
    const client = anonClient(stack.API_URL, stack.ANON_KEY);
    const set = await client.auth.setSession({
      access_token: accessToken,
      refresh_token: fragment.get("refresh_token") ?? "",
    });
    expect(set.error).toBeNull();
    expect(set.data.user?.email_confirmed_at).toBeDefined();
    expect(set.data.user?.user_metadata.full_name).toBe("Elif Kaya");
    const updated = await client.auth.updateUser({ password: PASSWORD });
    expect(updated.error).toBeNull();
    const signIn = await anonClient(
      stack.API_URL,
      stack.ANON_KEY,
    ).auth.signInWithPassword({ email, password: PASSWORD });
    expect(signIn.error).toBeNull();
  });

  it("works only once", async () => {
    const email = uniqueEmail("tekdavet");
    await admin.auth.admin.inviteUserByEmail(email);
    const link = firstLink(
      await latestMailText(stack.MAILPIT_URL, email, "davet"),
    );
    await followVerifyLink(link);

    const { target, fragment } = await followVerifyLink(link);

    expect(target.hostname).toBe("127.0.0.1");
    expect(fragment.get("access_token")).toBeNull();
    expect(fragment.get("error")).toBe("access_denied");
    expect(fragment.get("error_code")).toBe("otp_expired");
  });

  it("refuses to invite a registered address", async () => {
    const email = uniqueEmail("kayitli");
    await createUser(admin, email);

    const { error } = await admin.auth.admin.inviteUserByEmail(email);

    expect(error?.status).toBe(422);
    expect(error?.code).toBe("email_exists");
  });
});

describe("password reset link", () => {
  it("signs the user in to choose a new password", async () => {
    const email = uniqueEmail("unuttum");
    const id = await createUser(admin, email);
    const client = anonClient(stack.API_URL, stack.ANON_KEY);

    const requested = await client.auth.resetPasswordForEmail(email, {
      redirectTo: portalUrl,
    });

    expect(requested.error).toBeNull();
    const text = await latestMailText(stack.MAILPIT_URL, email, "Şifrenizi");
    const { status, fragment, target } = await followVerifyLink(
      firstLink(text),
    );
    expect(status).toBe(303);
    expect(`${target.origin}${target.pathname}`).toBe(portalUrl);
    expect(fragment.get("type")).toBe("recovery");
    const session = await client.auth.setSession({
      access_token: fragment.get("access_token") ?? "",
      refresh_token: fragment.get("refresh_token") ?? "",
    });
    expect(session.data.user?.id).toBe(id);
    const updated = await client.auth.updateUser({
      password: "Yeni-Sifre-2026",
    });
    expect(updated.error).toBeNull();
    const fresh = anonClient(stack.API_URL, stack.ANON_KEY);
    const withOld = await fresh.auth.signInWithPassword({
      email,
      password: PASSWORD,
    });
    expect(withOld.error?.code).toBe("invalid_credentials");
    const withNew = await fresh.auth.signInWithPassword({
      email,
      password: "Yeni-Sifre-2026",
    });
    expect(withNew.error).toBeNull();
  });

  it("accepts the generated code with verifyOtp", async () => {
    const email = uniqueEmail("kod");
    const id = await createUser(admin, email);
    const client = anonClient(stack.API_URL, stack.ANON_KEY);
    // The project's e-mails carry only the link, so the code comes from the
    // admin API, as an integration that sends its own e-mails gets it.
    const generated = await admin.auth.admin.generateLink({
      type: "recovery",
      email,
    });
    expect(generated.error).toBeNull();
    const code = generated.data.properties?.email_otp ?? "";
    expect(code).toMatch(/^\d{6}$/);

    const { data, error } = await client.auth.verifyOtp({
      email,
      token: code,
      type: "recovery",
    });

    expect(error).toBeNull();
    expect(data.user?.id).toBe(id);
    expect(data.session?.access_token).toBeDefined();
  });

  it("answers the same for an unknown address", async () => {
    const client = anonClient(stack.API_URL, stack.ANON_KEY);

    const { error } = await client.auth.resetPasswordForEmail(
      uniqueEmail("kimse"),
    );

    expect(error).toBeNull();
  });

  it("sends a redirect outside the allowed hosts to the site URL", async () => {
    const email = uniqueEmail("yonlendirme");
    await createUser(admin, email);
    const client = anonClient(stack.API_URL, stack.ANON_KEY);
    await client.auth.resetPasswordForEmail(email, {
      redirectTo: "https://saldirgan.example.net/topla",
    });
    const text = await latestMailText(stack.MAILPIT_URL, email, "Şifrenizi");

    const { target, fragment } = await followVerifyLink(firstLink(text));

    expect(target.hostname).toBe("127.0.0.1");
    expect(fragment.get("type")).toBe("recovery");
  });
});

describe("sign-up confirmation link", () => {
  let instance: AuthInstance;

  beforeAll(async () => {
    instance = await startAuthInstance(stack, {
      enableSignup: true,
      enableConfirmations: true,
    });
  });

  afterAll(async () => {
    await instance.stop();
  });

  it("sends the confirmation again on resend", async () => {
    const email = uniqueEmail("yeniden");
    const client = anonClient(instance.apiUrl, stack.ANON_KEY);
    await client.auth.signUp({ email, password: PASSWORD });
    const firstText = await latestMailText(
      stack.MAILPIT_URL,
      email,
      "doğrulayın",
    );

    const { error } = await client.auth.resend({ type: "signup", email });

    expect(error).toBeNull();
    const secondText = await latestMailText(
      stack.MAILPIT_URL,
      email,
      "doğrulayın",
    );
    expect(secondText).not.toBe(firstText);
    // Only the newest link works.
    const stale = await followVerifyLink(firstLink(firstText));
    expect(stale.fragment.get("error_code")).toBe("otp_expired");
    const fresh = await followVerifyLink(firstLink(secondText));
    expect(fresh.fragment.get("type")).toBe("signup");
  });

  it("confirms the address and starts a session", async () => {
    const email = uniqueEmail("kayit");
    const client = anonClient(instance.apiUrl, stack.ANON_KEY);

    const { data, error } = await client.auth.signUp({
      email,
      password: PASSWORD,
      options: { emailRedirectTo: portalUrl, data: { city: "İzmir" } },
    });

    expect(error).toBeNull();
    expect(data.session).toBeNull();
    expect(data.user?.email_confirmed_at).toBeUndefined();
    const before = await client.auth.signInWithPassword({
      email,
      password: PASSWORD,
    });
    expect(before.error?.code).toBe("email_not_confirmed");
    const text = await latestMailText(stack.MAILPIT_URL, email, "doğrulayın");
    const link = firstLink(text);
    expect(link.startsWith(`${instance.apiUrl}/auth/v1/verify?`)).toBe(true);
    const { fragment } = await followVerifyLink(link);
    expect(fragment.get("type")).toBe("signup");
    const claims = claimsOf(fragment.get("access_token") ?? "");
    expect(claims.sub).toBe(data.user?.id);
    expect(claims.user_metadata).toMatchObject({
      city: "İzmir",
      email_verified: true,
    });
    const after = await client.auth.signInWithPassword({
      email,
      password: PASSWORD,
    });
    expect(after.error).toBeNull();
  });
});

describe("magic link", () => {
  it("signs a registered user in", async () => {
    const email = uniqueEmail("sihirli");
    const id = await createUser(admin, email);
    const client = anonClient(stack.API_URL, stack.ANON_KEY);

    const { error } = await client.auth.signInWithOtp({
      email,
      options: { shouldCreateUser: false, emailRedirectTo: portalUrl },
    });

    expect(error).toBeNull();
    const text = await latestMailText(stack.MAILPIT_URL, email, "Giriş");
    const { fragment } = await followVerifyLink(firstLink(text));
    expect(fragment.get("type")).toBe("magiclink");
    expect(claimsOf(fragment.get("access_token") ?? "").sub).toBe(id);
  });

  it("refuses an unknown address without create_user", async () => {
    const client = anonClient(stack.API_URL, stack.ANON_KEY);

    const { error } = await client.auth.signInWithOtp({
      email: uniqueEmail("yabanci"),
      options: { shouldCreateUser: false },
    });

    expect(error?.status).toBe(422);
    expect(error?.code).toBe("otp_disabled");
  });
});

describe("e-mail change", () => {
  it("takes effect when the new address confirms", async () => {
    const email = uniqueEmail("eski-adres");
    const newEmail = uniqueEmail("yeni-adres");
    await createUser(admin, email);
    const client = anonClient(stack.API_URL, stack.ANON_KEY);
    await client.auth.signInWithPassword({ email, password: PASSWORD });

    const { data, error } = await client.auth.updateUser({ email: newEmail });

    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
    expect(data.user?.new_email).toBe(newEmail);
    const text = await latestMailText(
      stack.MAILPIT_URL,
      newEmail,
      "değişikliğini",
    );
    const { fragment } = await followVerifyLink(firstLink(text));
    expect(fragment.get("type")).toBe("email_change");
    const user = await client.auth.getUser(fragment.get("access_token") ?? "");
    expect(user.data.user?.email).toBe(newEmail);
    const signIn = await anonClient(
      stack.API_URL,
      stack.ANON_KEY,
    ).auth.signInWithPassword({ email: newEmail, password: PASSWORD });
    expect(signIn.error).toBeNull();
  });
});

describe("password reset with PKCE", () => {
  function pkceClient() {
    return createClient(stack.API_URL, stack.ANON_KEY, {
      auth: {
        persistSession: false,
        autoRefreshToken: false,
        detectSessionInUrl: false,
        flowType: "pkce",
      },
      realtime: anonClientOptions.realtime,
    });
  }

  it("redirects with a code that the verifier exchanges", async () => {
    const email = uniqueEmail("pkce");
    const id = await createUser(admin, email);
    const client = pkceClient();

    const requested = await client.auth.resetPasswordForEmail(email, {
      redirectTo: portalUrl,
    });

    expect(requested.error).toBeNull();
    const link = firstLink(
      await latestMailText(stack.MAILPIT_URL, email, "Şifrenizi"),
    );
    expect(new URL(link).searchParams.get("token")).toMatch(/^pkce_/);
    const response = await fetch(link, { redirect: "manual" });
    const target = new URL(response.headers.get("location") ?? "");
    expect(response.status).toBe(303);
    expect(`${target.origin}${target.pathname}`).toBe(portalUrl);
    expect(target.hash).toBe("");
    const code = target.searchParams.get("code") ?? "";
    const exchanged = await client.auth.exchangeCodeForSession(code);
    expect(exchanged.error).toBeNull();
    expect(exchanged.data.user?.id).toBe(id);
    // supabase-js reports the recovery, which it kept with the verifier.
    const { redirectType } = exchanged.data as { redirectType?: string };
    expect(redirectType).toBe("recovery");
    expect(claimsOf(exchanged.data.session?.access_token ?? "").amr).toEqual([
      { method: "recovery", timestamp: expect.any(Number) },
    ]);
    const again = await client.auth.exchangeCodeForSession(code);
    expect(again.error).not.toBeNull();
  });

  it("rejects a code with the wrong verifier", async () => {
    const email = uniqueEmail("pkce-yanlis");
    await createUser(admin, email);
    await pkceClient().auth.resetPasswordForEmail(email);
    const link = firstLink(
      await latestMailText(stack.MAILPIT_URL, email, "Şifrenizi"),
    );
    const response = await fetch(link, { redirect: "manual" });
    const code = new URL(
      response.headers.get("location") ?? "",
    ).searchParams.get("code");

    const exchange = await fetch(
      `${stack.API_URL}/auth/v1/token?grant_type=pkce`,
      {
        method: "POST",
        headers: {
          apikey: stack.ANON_KEY,
          "content-type": "application/json",
          "x-supabase-api-version": "2024-01-01",
        },
        body: JSON.stringify({
          auth_code: code,
          code_verifier: "x".repeat(56),
        }),
      },
    );

    expect(exchange.status).toBe(400);
    expect((await exchange.json()).code).toBe("bad_code_verifier");
  });
});

describe("generated links", () => {
  it("returns an invite link without sending mail", async () => {
    const email = uniqueEmail("uretilen");

    const { data, error } = await admin.auth.admin.generateLink({
      type: "invite",
      email,
      options: { redirectTo: portalUrl, data: { dealer_code: "B-17" } },
    });

    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
    expect(data.user?.user_metadata.dealer_code).toBe("B-17");
    expect(data.properties?.verification_type).toBe("invite");
    expect(data.properties?.email_otp).toMatch(/^\d{6}$/);
    expect(data.properties?.redirect_to).toBe(portalUrl);
    const { fragment } = await followVerifyLink(
      data.properties?.action_link ?? "",
    );
    expect(fragment.get("type")).toBe("invite");
    expect(claimsOf(fragment.get("access_token") ?? "").sub).toBe(
      data.user?.id,
    );
  });

  it("reports a recovery link for an unknown address", async () => {
    const { error } = await admin.auth.admin.generateLink({
      type: "recovery",
      email: uniqueEmail("bilinmez"),
    });

    expect(error?.status).toBe(404);
    expect(error?.code).toBe("user_not_found");
  });
});

describe("auth e-mail sender", () => {
  it("sends from the configured sender", async () => {
    const email = uniqueEmail("gonderen");
    await admin.auth.admin.inviteUserByEmail(email);
    await latestMailText(stack.MAILPIT_URL, email, "davet");

    const list = (await fetch(`${stack.MAILPIT_URL}/api/v1/messages`).then(
      (response) => response.json(),
    )) as {
      messages: Array<{
        From: { Name: string; Address: string };
        To: Array<{ Address: string }>;
      }>;
    };
    const message = list.messages.find((m) =>
      m.To.some((to) => to.Address === email),
    );

    expect(message?.From).toEqual({
      Name: "Ilgaz Enerji",
      Address: "bildirim@ilgazenerji.example",
    });
  });
});
