// The API gateway on one port, as Supabase's Kong routes /rest/v1, /auth/v1,
// /functions/v1 and /storage/v1 to their services. Services mounted with an
// API key rule get only requests with a valid `apikey`. The others
// (functions, simulators) check their callers themselves.
import type http from "node:http";
import { type ApiKeyRule, checkApiKey } from "./api-keys.ts";
import { type Handler, listen, sendJson } from "./http.ts";

// Headers that browser clients may read from responses: counts and pages
// of REST and admin lists, and the API version that supabase-js checks.
const EXPOSED_HEADERS = [
  "content-range",
  "content-location",
  "location",
  "link",
  "x-total-count",
  "x-supabase-api-version",
  "range-unit",
].join(", ");

// Allows browser clients on any origin, as Supabase's gateway does. Adds
// CORS headers to every response and sends the preflight response itself.
// Returns true when the request was a preflight that has been handled.
function applyCors(
  req: http.IncomingMessage,
  res: http.ServerResponse,
): boolean {
  if (!req.headers.origin) {
    return false;
  }
  res.setHeader("access-control-allow-origin", "*");
  res.setHeader("access-control-expose-headers", EXPOSED_HEADERS);
  const preflightMethod = req.headers["access-control-request-method"];
  if (req.method !== "OPTIONS" || !preflightMethod) {
    return false;
  }
  res.writeHead(204, {
    "access-control-allow-methods":
      "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
    "access-control-allow-headers":
      req.headers["access-control-request-headers"] ?? "*",
    "access-control-max-age": "3600",
    vary: "Origin, Access-Control-Request-Headers",
  });
  res.end();

  return true;
}

// Removes the `apikey` query parameter once it has been checked, so that
// the REST service does not read it as a column filter.
function withoutApiKeyParameter(url: string): string {
  const queryStart = url.indexOf("?");
  if (queryStart < 0) {
    return url;
  }
  const kept = url
    .slice(queryStart + 1)
    .split("&")
    .filter((pair) => pair !== "apikey" && !pair.startsWith("apikey="));

  return kept.length > 0
    ? `${url.slice(0, queryStart)}?${kept.join("&")}`
    : url.slice(0, queryStart);
}

type Mount = { handler: Handler; apiKeyRule?: ApiKeyRule };

export type GatewayOptions = {
  // The project's JWT secret, which signs the API keys. Required to mount a
  // service with an API key rule.
  jwtSecret?: string;
};

export class Gateway {
  private readonly routes = new Map<string, Mount>();
  private readonly secret?: Uint8Array;
  private server?: http.Server;

  constructor(options: GatewayOptions = {}) {
    if (options.jwtSecret) {
      this.secret = new TextEncoder().encode(options.jwtSecret);
    }
  }

  // Routes every request whose path starts with `prefix` (such as
  // "/rest/v1") to `handler`, which receives the URL unchanged. With
  // `apiKeyRule`, the requests that the rule names must carry a valid API
  // key, or get a 401 from the gateway.
  mount(prefix: string, handler: Handler, apiKeyRule?: ApiKeyRule): void {
    if (apiKeyRule && !this.secret) {
      throw new Error(
        `cannot check API keys for ${prefix}: the gateway has no JWT secret`,
      );
    }
    this.routes.set(prefix, { handler, apiKeyRule });
  }

  async listen(port: number): Promise<http.Server> {
    this.server = await listen(port, (req, res) => this.route(req, res));

    return this.server;
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse) {
    if (applyCors(req, res)) {
      return;
    }
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    if (pathname === "/health") {
      sendJson(res, 200, { status: "ok", services: [...this.routes.keys()] });

      return;
    }
    for (const [prefix, mount] of this.routes) {
      if (pathname === prefix || pathname.startsWith(`${prefix}/`)) {
        const path = pathname.slice(prefix.length);
        const method = req.method ?? "GET";
        if (this.secret && mount.apiKeyRule?.(method, path)) {
          const failure = await checkApiKey(req, this.secret);
          if (failure) {
            req.resume();
            sendJson(res, 401, failure);

            return;
          }

          req.url = withoutApiKeyParameter(req.url ?? "/");
        }

        await mount.handler(req, res);

        return;
      }
    }
    sendJson(res, 404, { message: `no route for ${pathname}` });
  }
}
