// Reading the auth settings from config.toml's [auth] section and the
// environment.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import {
  authConfigFrom,
  readAuthSection,
  readEmailTemplates,
} from "../../src/auth/config.ts";
import { renderEmailTemplate, textOfHtml } from "../../src/auth/mailer.ts";
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

describe("auth e-mail templates", () => {
  it("reads the project's templates", async () => {
    const section = await readAuthSection(
      path.join(ROOT_DIR, "supabase", "config.toml"),
    );
    const templates = await readEmailTemplates(section, ROOT_DIR);

    expect(Object.keys(templates).sort()).toEqual([
      "email_change",
      "invite",
      "magiclink",
      "recovery",
      "signup",
    ]);
    expect(templates.recovery?.subject).toBe(
      "Şifrenizi sıfırlayın / Reset your password",
    );
    expect(templates.recovery?.html).toContain(
      '<a href="{{ .ConfirmationURL }}">Yeni şifre belirle</a>',
    );
  });

  it("renders a link and its text part", () => {
    const html = renderEmailTemplate(
      '<h2>Şifre</h2><p><a href="{{ .ConfirmationURL }}">Yeni şifre belirle</a></p>' +
        "<p>Doğrulama kodu: {{ .Token }}</p><hr><p>{{.Email}}</p>",
      {
        ConfirmationURL:
          "http://127.0.0.1/auth/v1/verify?token=a&type=recovery",
        Token: "123456",
        Email: "ayse@example.com",
      },
    );

    expect(html).toContain(
      'href="http://127.0.0.1/auth/v1/verify?token=a&amp;type=recovery"',
    );
    expect(textOfHtml(html)).toBe(
      [
        "Şifre",
        "Yeni şifre belirle: http://127.0.0.1/auth/v1/verify?token=a&type=recovery",
        "Doğrulama kodu: 123456",
        // The rule between the languages leaves a blank line.
        "",
        "ayse@example.com",
      ].join("\n"),
    );
  });

  it("rejects a variable the stack does not fill", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "auth-templates-"));
    try {
      await writeFile(
        path.join(dir, "recovery.html"),
        '<a href="{{ .SiteURL }}/reset?hash={{ .TokenHash }}">Reset</a>',
      );
      const section = {
        email: {
          template: {
            recovery: { subject: "Reset", content_path: "./recovery.html" },
          },
        },
      };

      await expect(readEmailTemplates(section, dir)).rejects.toThrow(
        `${path.join(dir, "recovery.html")}: "{{ .TokenHash }}" is not supported`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("names a template file that is missing", async () => {
    const section = {
      email: { template: { invite: { content_path: "./yok/invite.html" } } },
    };

    await expect(readEmailTemplates(section, os.tmpdir())).rejects.toThrow(
      '[auth.email.template.invite] content_path = "./yok/invite.html"',
    );
  });
});
