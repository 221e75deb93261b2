// Small helpers shared by the stack's HTTP servers.
import http from "node:http";

export type Handler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => void | Promise<void>;

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly setting: string,
  ) {
    super(`Port ${port} is in use. Set ${setting} to another port.`);
  }
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    ...headers,
  });
  res.end(JSON.stringify(body));
}

// Starts a server on 127.0.0.1. A handler that throws returns 500 with the
// error's message instead of leaving the request hanging.
export async function listen(
  port: number,
  handler: Handler,
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((error: Error) => {
      console.error(`[http] ${req.method} ${req.url} failed:`, error);
      if (!res.headersSent) {
        sendJson(res, 500, { message: error.message });
      } else {
        res.end();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });

  return server;
}

// Stops a server: it accepts no new connections and drops open keep-alive
// ones, so the returned promise settles without waiting for idle clients.
export async function closeServer(server: http.Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function readBody(
  req: http.IncomingMessage,
  limitBytes: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) {
      throw new Error(`request body exceeds ${limitBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks);
}
