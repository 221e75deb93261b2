// Helpers for the auth tests: supabase-js clients, unique users, the mail
// catcher, and extra auth instances with their own settings on their own
// gateway (for a hook, a short expiry or other limits).
import { randomBytes } from "node:crypto";
import type http from "node:http";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { decodeJwt } from "jose";
import { freePort } from "../../../test/free-port.ts";
import { TEST_REALTIME_OPTIONS } from "../../../test/realtime.ts";
import {
  type AuthConfig,
  authConfigFrom,
  readAuthSection,
} from "../../src/auth/config.ts";
import {
  AUTH_PREFIX,
  authAdminDatabaseUrl,
  authRequiresApiKey,
  createAuthService,
} from "../../src/auth/service.ts";
import { ROOT_DIR } from "../../src/config.ts";
import { Gateway } from "../../src/gateway.ts";
import type { StackStatus } from "../../src/stack.ts";

export const PASSWORD = "Gizli-Parola-2026";

export function uniqueEmail(label: string): string {
  return `${label}-${randomBytes(4).toString("hex")}@example.com`;
}

// Client options of the tests: no stored session, no background refresh.
export const anonClientOptions = {
  auth: { persistSession: false, autoRefreshToken: false },
  realtime: TEST_REALTIME_OPTIONS,
};

export function anonClient(apiUrl: string, apiKey: string): SupabaseClient {
  return createClient(apiUrl, apiKey, anonClientOptions);
}

// Creates a confirmed user with the service role and returns its id.
export async function createUser(
  admin: SupabaseClient,
  email: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const { data, error } = await admin.auth.admin.createUser({
    email,
    password: PASSWORD,
    email_confirm: true,
    ...extra,
  });
  if (error) {
    throw error;
  }

  return data.user.id;
}

export function claimsOf(accessToken: string): Record<string, unknown> {
  return decodeJwt(accessToken) as Record<string, unknown>;
}

type MailSummary = {
  ID: string;
  Created: string;
  Subject: string;
  To: { Address: string }[];
};

// Waits for the newest message to an address and returns its text.
export async function latestMailText(
  mailpitUrl: string,
  to: string,
  subjectPart: string,
): Promise<string> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const list = (await fetch(`${mailpitUrl}/api/v1/messages`).then((r) =>
      r.json(),
    )) as { messages: MailSummary[] };
    const found = list.messages.filter(
      (m) =>
        m.To.some((a) => a.Address === to) && m.Subject.includes(subjectPart),
    );
    const newest = found.sort((a, b) => b.Created.localeCompare(a.Created))[0];
    if (newest) {
      const message = (await fetch(
        `${mailpitUrl}/api/v1/message/${newest.ID}`,
      ).then((r) => r.json())) as { Text: string };

      return message.Text;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${to} with subject containing "${subjectPart}"`);
}

export function firstLink(text: string): string {
  const link = /https?:\/\/\S+\/auth\/v1\/verify\?\S+/.exec(text)?.[0];
  if (!link) {
    throw new Error(`no verify link in mail:\n${text}`);
  }

  return link;
}

// Opens a verify link without following the redirect and returns the
// redirect target with its fragment parameters.
export async function followVerifyLink(
  link: string,
): Promise<{ status: number; target: URL; fragment: URLSearchParams }> {
  const response = await fetch(link, { redirect: "manual" });
  const location = response.headers.get("location") ?? "";
  const target = new URL(location);

  return {
    status: response.status,
    target,
    fragment: new URLSearchParams(target.hash.slice(1)),
  };
}

export type AuthInstance = {
  apiUrl: string;
  config: AuthConfig;
  stop: () => Promise<void>;
};

// Starts a second auth service on the stack's database with settings
// changed by `overrides`, behind its own gateway.
export async function startAuthInstance(
  stack: StackStatus,
  overrides: Partial<AuthConfig>,
): Promise<AuthInstance> {
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const section = await readAuthSection(
    path.join(ROOT_DIR, "supabase", "config.toml"),
  );
  const config = {
    ...authConfigFrom(
      section,
      {
        externalUrl: `${apiUrl}${AUTH_PREFIX}`,
        jwtSecret: stack.JWT_SECRET,
        smtp: { host: stack.SMTP_HOST, port: stack.SMTP_PORT },
      },
      {},
    ),
    ...overrides,
  };
  const service = createAuthService(
    config,
    authAdminDatabaseUrl(stack.DB_URL, stack.JWT_SECRET),
  );
  const gateway = new Gateway({ jwtSecret: stack.JWT_SECRET });
  gateway.mount(AUTH_PREFIX, service.handler, authRequiresApiKey);
  const server: http.Server = await gateway.listen(port);

  return {
    apiUrl,
    config,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await service.stop();
    },
  };
}
