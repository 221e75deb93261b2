// The API gateway on one port, as Supabase's Kong routes /rest/v1, /auth/v1,
// /functions/v1 and /storage/v1 to their services.
import type http from "node:http";
import { type Handler, listen, sendJson } from "./http.ts";

export class Gateway {
  private readonly routes = new Map<string, Handler>();
  private server?: http.Server;

  // Routes every request whose path starts with `prefix` (such as
  // "/rest/v1") to `handler`, which sees the URL unchanged.
  mount(prefix: string, handler: Handler): void {
    this.routes.set(prefix, handler);
  }

  async listen(port: number): Promise<http.Server> {
    this.server = await listen(port, (req, res) => this.route(req, res));

    return this.server;
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse) {
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
