// Workers restart when a file under the functions folder changes, so edits
// and new secrets apply on the next request without restarting the stack.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { freePort } from "../../../test/free-port.ts";
import {
  FUNCTIONS_PREFIX,
  FunctionsService,
} from "../../src/functions/service.ts";
import { Gateway } from "../../src/gateway.ts";

const stack = inject("stack");
let functionsDir: string;
let service: FunctionsService;
let server: http.Server;
let url: string;

function source(version: string): string {
  return `Deno.serve(() => Response.json({
  version: "${version}",
  secret: Deno.env.get("RELOAD_SECRET") ?? null,
}));
`;
}

beforeAll(async () => {
  functionsDir = await mkdtemp(path.join(os.tmpdir(), "functions-reload-"));
  await mkdir(path.join(functionsDir, "hello"));
  await writeFile(path.join(functionsDir, "hello", "index.ts"), source("v1"));
  service = new FunctionsService({
    functionsDir,
    configPath: path.join(functionsDir, "missing-config.toml"),
    envFile: path.join(functionsDir, ".env"),
    jwtSecret: stack.JWT_SECRET,
    platformEnv: { SUPABASE_URL: stack.API_URL },
    wallClockLimitMs: 5000,
    maxBodyBytes: 1024,
    watch: true,
    log: () => undefined,
  });
  const gateway = new Gateway();
  gateway.mount(FUNCTIONS_PREFIX, service.handler);
  const port = await freePort();
  server = await gateway.listen(port);
  url = `http://127.0.0.1:${port}${FUNCTIONS_PREFIX}/hello`;
});

afterAll(async () => {
  await service?.stop();
  server?.close();
  server?.closeAllConnections();
  await rm(functionsDir, { recursive: true, force: true });
});

async function call(): Promise<{ version: string; secret: string | null }> {
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${stack.ANON_KEY}` },
  });

  return response.json();
}

async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + 10_000;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }

  return value;
}

it("reloads a function after its file changes", async () => {
  expect((await call()).version).toBe("v1");

  await writeFile(path.join(functionsDir, "hello", "index.ts"), source("v2"));
  const after = await eventually(call, (body) => body.version === "v2");

  expect(after.version).toBe("v2");
});

it("picks up a new secret from the env file", async () => {
  expect((await call()).secret).toBeNull();

  await writeFile(path.join(functionsDir, ".env"), "RELOAD_SECRET=fresh\n");
  const after = await eventually(call, (body) => body.secret === "fresh");

  expect(after.secret).toBe("fresh");
});

it("answers 503 BOOT_ERROR for a function that fails to load", async () => {
  await writeFile(
    path.join(functionsDir, "hello", "index.ts"),
    "Deno.serve(() => {\n",
  );
  const broken = await eventually(
    () =>
      fetch(url, {
        headers: { authorization: `Bearer ${stack.ANON_KEY}` },
      }).then(async (response) => ({
        status: response.status,
        body: await response.json(),
      })),
    (result) => result.status === 503,
  );

  expect(broken.status).toBe(503);
  expect(broken.body.code).toBe("BOOT_ERROR");

  await writeFile(path.join(functionsDir, "hello", "index.ts"), source("v3"));
  const fixed = await eventually(call, (body) => body.version === "v3");

  expect(fixed.version).toBe("v3");
});
