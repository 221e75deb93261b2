// The local Supabase Auth (GoTrue v2) service under /auth/v1: the endpoints
// supabase-js uses for sign-in, sessions, e-mail links and user
// administration, backed by the auth schema.
import { createHmac } from "node:crypto";
import type http from "node:http";
import pg from "pg";
import type { ApiKeyRule } from "../api-keys.ts";
import { PORT_SETTINGS, type StackConfig } from "../config.ts";
import { type Handler, sendJson } from "../http.ts";
import type { StackContext, Stopper } from "../services.ts";
import {
  adminCreateUser,
  adminDeleteUser,
  adminGetUser,
  adminListUsers,
  adminUpdateUser,
} from "./admin-routes.ts";
import { type AuthConfig, loadAuthConfig } from "./config.ts";
import type { AuthDeps, AuthRequest } from "./context.ts";
import {
  generateLink,
  invite,
  otp,
  recover,
  resend,
  signup,
} from "./email-routes.ts";
import { AuthError, OAuthError, sendError } from "./errors.ts";
import { SignInLimiter } from "./limits.ts";
import { createMailSender } from "./mailer.ts";
import { getUser, logout, token, updateUser } from "./session-routes.ts";
import { verifyCode, verifyLinkRequest } from "./verify-routes.ts";

export const AUTH_PREFIX = "/auth/v1";

// Derives the database password of supabase_auth_admin from the project's
// JWT secret, so that the stack and tests compute the same one without
// storing another secret.
export function authAdminPassword(jwtSecret: string): string {
  return createHmac("sha256", jwtSecret)
    .update("supabase_auth_admin")
    .digest("base64url");
}

// Returns the URL on which the auth service connects: the stack's database
// as supabase_auth_admin, the role Supabase Auth uses.
export function authAdminDatabaseUrl(
  superuserUrl: string,
  jwtSecret: string,
): string {
  const url = new URL(superuserUrl);
  url.username = "supabase_auth_admin";
  url.password = authAdminPassword(jwtSecret);

  return url.toString();
}

type Route = (deps: AuthDeps, request: AuthRequest, id: string) => unknown;

// Method and path (with :id for a user id) of each endpoint.
const ROUTES: Array<[string, string, Route]> = [
  ["POST", "/token", token],
  ["GET", "/user", getUser],
  ["PUT", "/user", updateUser],
  ["POST", "/logout", logout],
  ["POST", "/signup", signup],
  ["POST", "/recover", recover],
  ["POST", "/otp", otp],
  ["POST", "/resend", resend],
  ["GET", "/verify", verifyLinkRequest],
  ["POST", "/verify", verifyCode],
  ["POST", "/invite", invite],
  ["POST", "/admin/generate_link", generateLink],
  ["GET", "/admin/users", adminListUsers],
  ["POST", "/admin/users", adminCreateUser],
  ["GET", "/admin/users/:id", adminGetUser],
  ["PUT", "/admin/users/:id", adminUpdateUser],
  ["DELETE", "/admin/users/:id", adminDeleteUser],
];

// Paths the gateway serves without an API key, as Supabase's gateway opens
// the e-mail link target.
// Paths that Supabase's gateway serves without an API key, because a
// browser reaches them from an e-mail link or an OAuth provider's redirect:
// each with every path below it, for every method.
const OPEN_PATHS = [
  "/verify",
  "/callback",
  "/authorize",
  "/.well-known/jwks.json",
];

// The auth service's API key rule for the gateway: every path but the
// open ones needs a key.
export const authRequiresApiKey: ApiKeyRule = (_method, path) =>
  !OPEN_PATHS.some((open) => path === open || path.startsWith(`${open}/`));

function clientAddress(req: http.IncomingMessage): string {
  const address = req.socket.remoteAddress ?? "";

  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

function settings(config: AuthConfig) {
  return {
    external: {
      anonymous_users: false,
      email: true,
      phone: false,
    },
    disable_signup: !config.enableSignup,
    mailer_autoconfirm: !config.enableConfirmations,
    phone_autoconfirm: false,
    sms_provider: "",
    saml_enabled: false,
  };
}

function match(
  method: string,
  path: string,
): { route: Route; id: string } | "method_not_allowed" | undefined {
  let pathMatched = false;
  for (const [routeMethod, pattern, route] of ROUTES) {
    const idMatch = pattern.endsWith("/:id")
      ? new RegExp(`^${pattern.slice(0, -4)}/([^/]+)$`).exec(path)
      : undefined;
    if (pattern !== path && !idMatch) {
      continue;
    }
    pathMatched = true;
    if (routeMethod === method) {
      let id = idMatch?.[1] ?? "";
      try {
        id = decodeURIComponent(id);
      } catch {
        // A malformed escape cannot name a user; loadUser rejects it as is.
      }

      return { route, id };
    }
  }

  return pathMatched ? "method_not_allowed" : undefined;
}

export type AuthService = {
  config: AuthConfig;
  handler: Handler;
  stop: () => Promise<void>;
};

// Creates the auth service with the given settings, connected to the
// database at `databaseUrl`.
export function createAuthService(
  config: AuthConfig,
  databaseUrl: string,
): AuthService {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 8,
    options: "-c timezone=UTC -c search_path=auth",
  });
  // pg-pool's end() does not wait for idle connections to close, so while
  // the stack shuts down, Postgres may terminate them. Those errors are not
  // logged.
  let stopping = false;
  pool.on("error", (error) => {
    if (!stopping) {
      console.error(
        `[auth] idle database connection of ${config.externalUrl} failed: ${error.message}`,
      );
    }
  });
  const deps: AuthDeps = {
    config,
    pool,
    sendMail: createMailSender(config),
    limiter: new SignInLimiter(
      config.signInFailuresPerEmail,
      config.signInFailuresPerAddress,
      config.signInFailureWindowSeconds * 1000,
    ),
  };

  const handler: Handler = async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname.slice(AUTH_PREFIX.length) || "/";
    const method = req.method ?? "GET";
    const request: AuthRequest = {
      req,
      res,
      url,
      ip: clientAddress(req),
      userAgent: req.headers["user-agent"] ?? null,
    };
    try {
      if (method === "GET" && path === "/health") {
        sendJson(res, 200, {
          version: "local",
          name: "GoTrue",
          description: "Local Supabase Auth of the enerji-crm stack",
        });

        return;
      }

      // Tokens are signed with the shared HS256 secret, which is never
      // published, so the key set is empty as on a project without
      // asymmetric signing keys.
      if (method === "GET" && path === "/.well-known/jwks.json") {
        sendJson(res, 200, { keys: [] });

        return;
      }

      if (method === "GET" && path === "/settings") {
        sendJson(res, 200, settings(config));

        return;
      }

      const found = match(method, path);
      if (found === "method_not_allowed") {
        throw new AuthError(405, "validation_failed", `${method} not allowed`);
      }

      if (!found) {
        throw new AuthError(404, "not_found", `no auth endpoint ${path}`);
      }

      await found.route(deps, request, found.id);
    } catch (error) {
      if (error instanceof AuthError || error instanceof OAuthError) {
        sendError(req, res, error);

        return;
      }

      // Two requests that register one address at the same time both pass
      // the lookup; the unique index stops the second.
      const pgError = error as { code?: string; constraint?: string };
      if (
        pgError.code === "23505" &&
        pgError.constraint === "users_email_partial_key"
      ) {
        sendError(
          req,
          res,
          new AuthError(
            422,
            "email_exists",
            "A user with this email address has already been registered",
          ),
        );

        return;
      }

      console.error(`[auth] ${method} ${path} failed:`, error);
      sendError(
        req,
        res,
        new AuthError(
          500,
          "unexpected_failure",
          "Unexpected failure, please check server logs for more information",
        ),
      );
    }
  };

  return {
    config,
    handler,
    stop: async () => {
      stopping = true;
      await pool.end();
    },
  };
}

// Starts the auth service of a running stack and mounts it on the gateway.
// config.toml names the apps at their default local ports. A stack started
// with STACK_ADMIN_PORT or STACK_PORTAL_PORT serves them elsewhere, so links
// in e-mails and redirects are moved to the ports this stack really uses.
function onStackPorts(url: string, ports: StackConfig["ports"]): string {
  const moves: Array<[number, number]> = [
    [PORT_SETTINGS.admin[1], ports.admin],
    [PORT_SETTINGS.portal[1], ports.portal],
  ];
  let result = url;
  for (const [defaultPort, port] of moves) {
    result = result.replace(
      new RegExp(
        `^(https?://(?:127\\.0\\.0\\.1|localhost)):${defaultPort}(?=/|$)`,
      ),
      `$1:${port}`,
    );
  }

  return result;
}

export async function startAuth(context: StackContext): Promise<Stopper> {
  const config = await loadAuthConfig(context.config.rootDir, {
    externalUrl: `${context.status.API_URL}${AUTH_PREFIX}`,
    jwtSecret: context.secrets.jwtSecret,
    smtp: { host: context.status.SMTP_HOST, port: context.status.SMTP_PORT },
  });
  const localUrls = {
    siteUrl: onStackPorts(config.siteUrl, context.config.ports),
    additionalRedirectUrls: config.additionalRedirectUrls.map((url) =>
      onStackPorts(url, context.config.ports),
    ),
  };
  const service = createAuthService(
    { ...config, ...localUrls },
    authAdminDatabaseUrl(context.status.DB_URL, context.secrets.jwtSecret),
  );
  context.gateway.mount(AUTH_PREFIX, service.handler, authRequiresApiKey);

  return service.stop;
}
