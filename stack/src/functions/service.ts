// The edge-function service behind /functions/v1/<name>: verifies the
// caller's JWT unless the function opts out, enforces a body size limit and a
// wall-clock limit per request, and proxies to one Deno worker per function,
// started on the first request and restarted when a file changes.
import { existsSync, type FSWatcher, watch } from "node:fs";
import { readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { jwtVerify } from "jose";
import { type Handler, sendJson } from "../http.ts";
import { FunctionsConfig, parseEnvFile } from "./config.ts";
import { FunctionWorker, WorkerBootError } from "./worker.ts";

export const FUNCTIONS_PREFIX = "/functions/v1";

export type FunctionsServiceOptions = {
  // Folder with one subfolder per function and _shared/ for shared modules.
  functionsDir: string;
  // supabase/config.toml, for [functions.<name>] settings.
  configPath: string;
  // Folders besides functionsDir that functions may import from.
  extraReadableDirs?: string[];
  // Secrets given to every function, as `supabase functions serve
  // --env-file`; a missing file means no secrets.
  envFile: string;
  // Default environment values of the functions, used where the env file
  // sets none, such as the local simulators' URLs and credentials.
  defaultEnv?: Record<string, string>;
  jwtSecret: string;
  // SUPABASE_URL, SUPABASE_ANON_KEY, SUPABASE_SERVICE_ROLE_KEY and
  // SUPABASE_DB_URL as the workers see them.
  platformEnv: Record<string, string>;
  wallClockLimitMs: number;
  maxBodyBytes: number;
  watch: boolean;
  log: (name: string, line: string) => void;
};

// Error bodies in the shape Supabase's edge runtime uses: {msg} for JWT
// failures, {code, message} for runtime failures.
const WORKER_LIMIT_STATUS = 546;

// Headers that describe one hop of a connection and are not forwarded.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
]);

export class FunctionsService {
  private readonly workers = new Map<string, FunctionWorker>();
  private readonly secret: Uint8Array;
  private watcher?: FSWatcher;
  private restartTimer?: NodeJS.Timeout;

  constructor(private readonly options: FunctionsServiceOptions) {
    this.secret = new TextEncoder().encode(options.jwtSecret);
    if (options.watch && existsSync(options.functionsDir)) {
      this.watcher = watch(
        options.functionsDir,
        { recursive: true },
        (_event, file) => this.scheduleRestart(String(file ?? "")),
      );
    }
  }

  readonly handler: Handler = async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const rest = url.pathname.slice(FUNCTIONS_PREFIX.length);
    const name = rest.split("/")[1] ?? "";
    const config = await FunctionsConfig.load(
      this.options.configPath,
      this.options.functionsDir,
    );
    const settings = config.settingsFor(name);
    if (!settings) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("Function not found");

      return;
    }

    // Preflight requests carry no credentials, so Supabase passes them to
    // the function without JWT verification, and the function sends the CORS
    // headers.
    if (req.method !== "OPTIONS" && settings.verifyJwt) {
      const failure = await this.verifyJwt(req.headers.authorization);
      if (failure) {
        sendJson(res, 401, { msg: failure });

        return;
      }
    }

    const declaredLength = Number(req.headers["content-length"] ?? 0);
    if (declaredLength > this.options.maxBodyBytes) {
      this.rejectTooLarge(req, res);

      return;
    }

    let port: number;
    let worker: FunctionWorker;
    try {
      worker = await this.workerFor(name, settings.entrypoint);
      port = await worker.ready;
    } catch (error) {
      this.workers.delete(name);
      if (!(error instanceof WorkerBootError)) {
        throw error;
      }
      this.options.log(name, `boot failed: ${error.message}`);
      sendJson(res, 503, {
        code: "BOOT_ERROR",
        message: `Function ${name} failed to start (see the stack's log)`,
      });

      return;
    }

    await this.proxy(req, res, name, worker, port, `${rest}${url.search}`);
  };

  private async verifyJwt(
    authorization: string | undefined,
  ): Promise<string | undefined> {
    if (!authorization) {
      return "Error: Missing authorization header";
    }
    const [scheme, token] = authorization.split(" ");
    if (scheme !== "Bearer" || !token) {
      return "Error: Auth header is not 'Bearer {token}'";
    }
    try {
      await jwtVerify(token, this.secret, { algorithms: ["HS256"] });
    } catch {
      return "Invalid JWT";
    }

    return undefined;
  }

  private rejectTooLarge(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): void {
    const limit = this.options.maxBodyBytes;
    sendJson(
      res,
      413,
      {
        code: "PAYLOAD_TOO_LARGE",
        message: `Request body exceeds the limit of ${limit} bytes`,
      },
      { connection: "close" },
    );
    req.resume();
  }

  private async workerFor(
    name: string,
    entrypoint: string,
  ): Promise<FunctionWorker> {
    const current = this.workers.get(name);
    if (current?.running) {
      return current;
    }
    const worker = new FunctionWorker({
      name,
      entrypoint,
      readableDirs: [
        this.options.functionsDir,
        path.dirname(entrypoint),
        ...(this.options.extraReadableDirs ?? []),
      ],
      env: await this.workerEnv(),
      log: this.options.log,
      startTimeoutMs: 60_000,
    });
    this.workers.set(name, worker);

    return worker;
  }

  private async workerEnv(): Promise<Record<string, string>> {
    const secrets = existsSync(this.options.envFile)
      ? parseEnvFile(await readFile(this.options.envFile, "utf8"))
      : {};
    // The Supabase CLI rejects secrets whose names start with SUPABASE_,
    // so the platform's values cannot be overridden.
    for (const key of Object.keys(secrets)) {
      if (key.startsWith("SUPABASE_")) {
        delete secrets[key];
      }
    }
    const inherited: Record<string, string> = {};
    // Workers fetch npm packages missing from Deno's cache, so they get the
    // machine's certificate and proxy settings too.
    for (const key of [
      "PATH",
      "HOME",
      "DENO_DIR",
      "TMPDIR",
      "TZ",
      "DENO_CERT",
      "DENO_TLS_CA_STORE",
      "SSL_CERT_FILE",
      "SSL_CERT_DIR",
      "HTTPS_PROXY",
      "HTTP_PROXY",
      "NO_PROXY",
      "https_proxy",
      "http_proxy",
      "no_proxy",
      "NPM_CONFIG_REGISTRY",
    ]) {
      const value = process.env[key];
      if (value !== undefined) {
        inherited[key] = value;
      }
    }

    // Deno checks certificates against its own list by default. The system
    // list also contains a proxy's or a company's certificate authority.
    if (inherited.DENO_CERT === undefined) {
      inherited.DENO_TLS_CA_STORE ??= "mozilla,system";
    }

    return {
      ...inherited,
      NO_COLOR: "1",
      ...this.options.defaultEnv,
      ...secrets,
      ...this.options.platformEnv,
    };
  }

  private proxy(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    name: string,
    worker: FunctionWorker,
    port: number,
    pathAndQuery: string,
  ): Promise<void> {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (!HOP_BY_HOP.has(key) && value !== undefined) {
        headers[key] = value;
      }
    }
    headers.host = `127.0.0.1:${port}`;
    const limitMs = this.options.wallClockLimitMs;

    return new Promise<void>((resolve) => {
      let finished = false;
      let timedOut = false;
      const finish = () => {
        finished = true;
        clearTimeout(timer);
        resolve();
      };
      const fail = (status: number, body: Record<string, string>) => {
        if (finished) {
          return;
        }
        if (!res.headersSent) {
          sendJson(res, status, body, { connection: "close" });
        } else {
          res.destroy();
        }
        finish();
      };
      // The wall-clock limit stops the worker, as Supabase's runtime ends a
      // worker that runs out of time; the next request starts a new one.
      const timer = setTimeout(() => {
        timedOut = true;
        this.options.log(
          name,
          `wall-clock limit of ${limitMs} ms reached; stopping the worker`,
        );
        worker.kill();
        fail(WORKER_LIMIT_STATUS, {
          code: "WORKER_LIMIT",
          message:
            `Function ${name} exceeded its wall-clock limit of ` +
            `${limitMs} ms and was stopped`,
        });
      }, limitMs);

      const upstream = http.request(
        {
          host: "127.0.0.1",
          port,
          method: req.method,
          path: pathAndQuery,
          headers,
        },
        (response) => {
          const responseHeaders = { ...response.headers };
          delete responseHeaders.connection;
          delete responseHeaders["keep-alive"];
          res.writeHead(response.statusCode ?? 502, responseHeaders);
          response.pipe(res);
          response.on("end", finish);
          response.on("error", () => fail(502, {}));
        },
      );
      upstream.on("error", (error) => {
        if (timedOut || finished) {
          return;
        }
        this.options.log(name, `request failed: ${error.message}`);
        fail(500, {
          code: "WORKER_ERROR",
          message: `Function ${name} exited due to an error (see the stack's log)`,
        });
      });
      res.on("close", () => {
        if (!finished) {
          upstream.destroy();
          finish();
        }
      });

      let received = 0;
      req.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > this.options.maxBodyBytes) {
          upstream.destroy();
          req.pause();
          if (!finished) {
            this.rejectTooLarge(req, res);
            finish();
          }

          return;
        }
        upstream.write(chunk);
      });
      req.on("end", () => upstream.end());
    });
  }

  // Stops every worker after a file under the functions folder changes, so
  // the next request loads the new code (and the new secrets of .env).
  private scheduleRestart(file: string): void {
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      for (const [name, worker] of this.workers) {
        if (worker.running) {
          this.options.log(name, `${file} changed; restarting the worker`);
        }
        worker.kill();
      }
      this.workers.clear();
    }, 100);
  }

  async stop(): Promise<void> {
    clearTimeout(this.restartTimer);
    this.watcher?.close();
    await Promise.all(
      [...this.workers.values()].map((worker) => worker.stop()),
    );
    this.workers.clear();
  }
}
