// Settings of the local auth service, read from the [auth] section of
// supabase/config.toml with the keys and defaults of the Supabase CLI. A few
// local-only settings (sign-in rate limits, a JWT expiry override for tests)
// come from environment variables, because the CLI rejects unknown keys.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "smol-toml";
import type { EmailAction } from "./mailer.ts";

export type PasswordRequirements =
  | ""
  | "letters_digits"
  | "lower_upper_letters_digits"
  | "lower_upper_letters_digits_symbols";

export type AuthConfig = {
  // URL of the auth API as clients see it, such as http://127.0.0.1:54321/auth/v1.
  externalUrl: string;
  siteUrl: string;
  additionalRedirectUrls: string[];
  jwtSecret: string;
  jwtExpirySeconds: number;
  enableSignup: boolean;
  enableConfirmations: boolean;
  otpExpirySeconds: number;
  minimumPasswordLength: number;
  passwordRequirements: PasswordRequirements;
  refreshTokenRotation: boolean;
  refreshTokenReuseIntervalSeconds: number;
  customAccessTokenHook?: { uri: string };
  signInFailuresPerEmail: number;
  signInFailuresPerAddress: number;
  signInFailureWindowSeconds: number;
  smtp: { host: string; port: number };
  senderEmail: string;
  senderName: string;
  // Templates from [auth.email.template.<name>]. An e-mail without one
  // uses the stack's built-in text.
  emailTemplates: Partial<Record<EmailAction, EmailTemplate>>;
};

// An auth e-mail's subject and HTML body as config.toml sets them.
export type EmailTemplate = { subject?: string; html?: string };

// The [auth.email.template.<name>] names of the Supabase CLI and the e-mail
// that each one sets.
const TEMPLATE_ACTIONS: Record<string, EmailAction> = {
  invite: "invite",
  confirmation: "signup",
  recovery: "recovery",
  magic_link: "magiclink",
  email_change: "email_change",
};

// The template variables the stack fills in. Supabase also fills others
// (such as TokenHash and RedirectTo); the stack rejects a template that
// uses them when it starts.
export const TEMPLATE_VARIABLES = [
  "ConfirmationURL",
  "Token",
  "Email",
  "SiteURL",
] as const;

const PASSWORD_REQUIREMENTS: PasswordRequirements[] = [
  "",
  "letters_digits",
  "lower_upper_letters_digits",
  "lower_upper_letters_digits_symbols",
];

type Table = Record<string, unknown>;

function table(parent: Table | undefined, key: string): Table | undefined {
  const value = parent?.[key];

  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Table)
    : undefined;
}

function numberSetting(
  source: string,
  value: unknown,
  fallback: number,
): number {
  if (value === undefined || value === "") {
    return fallback;
  }

  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    throw new Error(`${source} = ${String(value)} is not a valid number`);
  }

  return parsed;
}

function booleanSetting(value: unknown, fallback: boolean): boolean {
  return typeof value === "boolean" ? value : fallback;
}

// Reads the [auth] section of config.toml; a missing file or section gives
// the Supabase CLI defaults.
export async function readAuthSection(
  configTomlPath: string,
): Promise<Table | undefined> {
  let text: string;
  try {
    text = await readFile(configTomlPath, "utf8");
  } catch {
    return undefined;
  }

  return table(parse(text) as Table, "auth");
}

export type AuthEnvironment = {
  externalUrl: string;
  jwtSecret: string;
  smtp: { host: string; port: number };
};

// Builds the auth settings from an [auth] section and the environment
// variables STACK_AUTH_JWT_EXPIRY (seconds), STACK_AUTH_SIGN_IN_FAILURES_PER_EMAIL,
// STACK_AUTH_SIGN_IN_FAILURES_PER_ADDRESS and STACK_AUTH_SIGN_IN_FAILURE_WINDOW
// (seconds).
export function authConfigFrom(
  auth: Table | undefined,
  environment: AuthEnvironment,
  env: NodeJS.ProcessEnv = process.env,
): AuthConfig {
  const email = table(auth, "email");
  const smtp = table(email, "smtp");
  const hook = table(table(auth, "hook"), "custom_access_token");
  const requirements = String(auth?.password_requirements ?? "");
  if (!PASSWORD_REQUIREMENTS.includes(requirements as PasswordRequirements)) {
    throw new Error(
      `[auth] password_requirements = "${requirements}" is not one of ` +
        `${PASSWORD_REQUIREMENTS.map((r) => `"${r}"`).join(", ")}`,
    );
  }

  const hookUri = typeof hook?.uri === "string" ? hook.uri : "";
  const hookEnabled = hook?.enabled === true && hookUri !== "";
  if (hookEnabled && !/^pg-functions:\/\/[^/]+\/[^/]+\/[^/]+$/.test(hookUri)) {
    throw new Error(
      `[auth.hook.custom_access_token] uri = "${hookUri}" is not supported: ` +
        "the local stack runs pg-functions://postgres/<schema>/<function> hooks",
    );
  }

  return {
    externalUrl: environment.externalUrl,
    siteUrl: String(auth?.site_url ?? "http://127.0.0.1:3000"),
    additionalRedirectUrls: Array.isArray(auth?.additional_redirect_urls)
      ? auth.additional_redirect_urls.map(String)
      : [],
    jwtSecret: environment.jwtSecret,
    jwtExpirySeconds: numberSetting(
      "STACK_AUTH_JWT_EXPIRY",
      env.STACK_AUTH_JWT_EXPIRY,
      numberSetting("[auth] jwt_expiry", auth?.jwt_expiry, 3600),
    ),
    enableSignup: booleanSetting(auth?.enable_signup, true),
    enableConfirmations: booleanSetting(email?.enable_confirmations, false),
    otpExpirySeconds: numberSetting(
      "[auth.email] otp_expiry",
      email?.otp_expiry,
      3600,
    ),
    minimumPasswordLength: numberSetting(
      "[auth] minimum_password_length",
      auth?.minimum_password_length,
      6,
    ),
    passwordRequirements: requirements as PasswordRequirements,
    refreshTokenRotation: booleanSetting(
      auth?.enable_refresh_token_rotation,
      true,
    ),
    refreshTokenReuseIntervalSeconds: numberSetting(
      "[auth] refresh_token_reuse_interval",
      auth?.refresh_token_reuse_interval,
      10,
    ),
    customAccessTokenHook: hookEnabled ? { uri: hookUri } : undefined,
    signInFailuresPerEmail: numberSetting(
      "STACK_AUTH_SIGN_IN_FAILURES_PER_EMAIL",
      env.STACK_AUTH_SIGN_IN_FAILURES_PER_EMAIL,
      10,
    ),
    signInFailuresPerAddress: numberSetting(
      "STACK_AUTH_SIGN_IN_FAILURES_PER_ADDRESS",
      env.STACK_AUTH_SIGN_IN_FAILURES_PER_ADDRESS,
      60,
    ),
    signInFailureWindowSeconds: numberSetting(
      "STACK_AUTH_SIGN_IN_FAILURE_WINDOW",
      env.STACK_AUTH_SIGN_IN_FAILURE_WINDOW,
      300,
    ),
    smtp: environment.smtp,
    senderEmail: String(smtp?.admin_email ?? "admin@email.com"),
    senderName: String(smtp?.sender_name ?? "Enerji CRM"),
    emailTemplates: {},
  };
}

// Raises an error naming the file and the first expression of `html` that
// is not one of the supported {{ .Variable }} forms.
export function checkEmailTemplate(html: string, file: string): void {
  for (const [expression] of html.matchAll(/\{\{[\s\S]*?\}\}/g)) {
    const name = /^\{\{\s*\.(\w+)\s*\}\}$/.exec(expression)?.[1];
    if (!name || !(TEMPLATE_VARIABLES as readonly string[]).includes(name)) {
      throw new Error(
        `${file}: "${expression}" is not supported by the local stack; ` +
          `use ${TEMPLATE_VARIABLES.map((v) => `{{ .${v} }}`).join(", ")}`,
      );
    }
  }
}

// Reads the templates of [auth.email.template.<name>], their content_path
// relative to `rootDir` as the Supabase CLI resolves it.
export async function readEmailTemplates(
  auth: Table | undefined,
  rootDir: string,
): Promise<Partial<Record<EmailAction, EmailTemplate>>> {
  const templates = table(table(auth, "email"), "template");
  const result: Partial<Record<EmailAction, EmailTemplate>> = {};
  for (const [name, action] of Object.entries(TEMPLATE_ACTIONS)) {
    const entry = table(templates, name);
    if (!entry) {
      continue;
    }
    const template: EmailTemplate = {};
    if (typeof entry.subject === "string") {
      template.subject = entry.subject;
    }
    if (typeof entry.content_path === "string") {
      const file = path.resolve(rootDir, entry.content_path);
      try {
        template.html = await readFile(file, "utf8");
      } catch (error) {
        throw new Error(
          `[auth.email.template.${name}] content_path = "${entry.content_path}": ` +
            `reading ${file} failed (${(error as Error).message})`,
        );
      }
      checkEmailTemplate(template.html, file);
    }
    result[action] = template;
  }

  return result;
}

export async function loadAuthConfig(
  rootDir: string,
  environment: AuthEnvironment,
): Promise<AuthConfig> {
  const section = await readAuthSection(
    path.join(rootDir, "supabase", "config.toml"),
  );

  return {
    ...authConfigFrom(section, environment),
    emailTemplates: await readEmailTemplates(section, rootDir),
  };
}
