// The API gateway on one port, as Supabase's Kong routes /rest/v1, /auth/v1,
// /functions/v1 and /storage/v1 to their services.
import type http from "node:http";
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

export class Gateway {
  private readonly routes = new Map<string, Handler>();
  private server?: http.Server;

  // Routes every request whose path starts with `prefix` (such as
  // "/rest/v1") to `handler`, which receives the URL unchanged.
  mount(prefix: string, handler: Handler): void {
    this.routes.set(prefix, handler);
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
    for (const [prefix, handler] of this.routes) {
      if (pathname === prefix || pathname.startsWith(`${prefix}/`)) {
        await handler(req, res);

        return;
      }
    }
    sendJson(res, 404, { message: `no route for ${pathname}` });
  }
}
