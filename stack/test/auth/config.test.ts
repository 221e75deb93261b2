// Reading the auth settings from config.toml's [auth] section and the
// environment.
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { authConfigFrom, readAuthSection } from "../../src/auth/config.ts";
import { ROOT_DIR } from "../../src/config.ts";

const environment = {
  externalUrl: "http://127.0.0.1:1/auth/v1",
  jwtSecret: "secret",
  smtp: { host: "127.0.0.1", port: 2 },
};

function fromToml(text: string, env: NodeJS.ProcessEnv = {}) {
  const section = (parse(text) as { auth?: Record<string, unknown> }).auth;

  return authConfigFrom(section, environment, env);
}

describe("auth config", () => {
  it("uses the Supabase CLI defaults for an empty section", () => {
    const config = fromToml("");

    expect(config.jwtExpirySeconds).toBe(3600);
    expect(config.enableSignup).toBe(true);
    expect(config.minimumPasswordLength).toBe(6);
    expect(config.passwordRequirements).toBe("");
    expect(config.refreshTokenReuseIntervalSeconds).toBe(10);
    expect(config.customAccessTokenHook).toBeUndefined();
  });

  it("reads the hook only when it is enabled", () => {
    const enabled = fromToml(`
      [auth.hook.custom_access_token]
      enabled = true
      uri = "pg-functions://postgres/public/custom_access_token_hook"
    `);
    const disabled = fromToml(`
      [auth.hook.custom_access_token]
      enabled = false
      uri = "pg-functions://postgres/public/custom_access_token_hook"
    `);

    expect(enabled.customAccessTokenHook?.uri).toBe(
      "pg-functions://postgres/public/custom_access_token_hook",
    );
    expect(disabled.customAccessTokenHook).toBeUndefined();
  });

  it("rejects an HTTP hook, which runs only on Supabase", () => {
    expect(() =>
      fromToml(`
        [auth.hook.custom_access_token]
        enabled = true
        uri = "https://hooks.example.com/token"
      `),
    ).toThrow(/pg-functions/);
  });

  it("lets STACK_AUTH_JWT_EXPIRY override jwt_expiry", () => {
    const config = fromToml("[auth]\njwt_expiry = 600", {
      STACK_AUTH_JWT_EXPIRY: "5",
    });

    expect(config.jwtExpirySeconds).toBe(5);
  });

  it("rejects an unknown password_requirements value", () => {
    expect(() =>
      fromToml('[auth]\npassword_requirements = "digits_only"'),
    ).toThrow(/password_requirements = "digits_only"/);
  });

  it("reads the project's config.toml", async () => {
    const section = await readAuthSection(
      path.join(ROOT_DIR, "supabase", "config.toml"),
    );
    const config = authConfigFrom(section, environment, {});

    expect(config.enableSignup).toBe(false);
    expect(config.siteUrl).toBe("http://127.0.0.1:54330");
    expect(config.passwordRequirements).toBe("letters_digits");
    expect(config.senderEmail).toBe("bildirim@ilgazenerji.example");
    expect(config.senderName).toBe("Ilgaz Enerji");
  });

  it("reads the sender from [auth.email.smtp]", () => {
    const config = fromToml(`
      [auth.email.smtp]
      admin_email = "destek@enerji.example"
      sender_name = "Enerji Destek"
    `);

    expect(config.senderEmail).toBe("destek@enerji.example");
    expect(config.senderName).toBe("Enerji Destek");
  });
});
