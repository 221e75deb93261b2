// Test harness of the integration functions. An edge runtime on a free
// port serves the project's functions folder against a scratch database
// with all migrations. Its secrets point at the test stack's simulators
// under a user name of the test file's own, so that faults set for one
// test file do not reach another.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ROOT_DIR } from "../../stack/src/config.ts";
import {
  FUNCTIONS_PREFIX,
  FunctionsService,
} from "../../stack/src/functions/service.ts";
import { Gateway } from "../../stack/src/gateway.ts";
import type { StackStatus } from "../../stack/src/stack.ts";
import { createMigratedDatabase } from "../../stack/test/functions/harness.ts";
import { freePort } from "../free-port.ts";

export const SIMULATOR_PASSWORD = "simulator-password";

export type IntegrationRuntime = {
  functionsUrl: string;
  db: pg.Client;
  databaseUrl: string;
  simulatorUser: string;
  logs: string[];
  call: (name: string, body?: unknown) => Promise<Response>;
  stop: () => Promise<void>;
};

export type IntegrationRuntimeOptions = {
  simulatorUser: string;
  wallClockLimitMs?: number;
  // Extra secrets, such as retry settings.
  env?: Record<string, string>;
};

export async function startIntegrationRuntime(
  stack: StackStatus,
  options: IntegrationRuntimeOptions,
): Promise<IntegrationRuntime> {
  const scratch = await createMigratedDatabase(stack);
  const secretsDir = await mkdtemp(path.join(os.tmpdir(), "integrations-"));
  const envFile = path.join(secretsDir, ".env");
  const secrets: Record<string, string> = {
    EPIAS_CAS_URL: stack.EPIAS_CAS_URL ?? "",
    EPIAS_TRANSPARENCY_URL: stack.EPIAS_TRANSPARENCY_URL ?? "",
    EPIAS_USERNAME: options.simulatorUser,
    EPIAS_PASSWORD: SIMULATOR_PASSWORD,
    OSOS_URL: stack.OSOS_URL ?? "",
    OSOS_USERNAME: options.simulatorUser,
    OSOS_PASSWORD: SIMULATOR_PASSWORD,
    INTEGRATION_RETRY_BASE_MS: "50",
    INTEGRATION_REQUEST_TIMEOUT_MS: "5000",
    ...options.env,
  };
  await writeFile(
    envFile,
    Object.entries(secrets)
      .map(([key, value]) => `${key}=${value}\n`)
      .join(""),
  );
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  const service = new FunctionsService({
    functionsDir: path.join(ROOT_DIR, "functions"),
    configPath: path.join(ROOT_DIR, "supabase", "config.toml"),
    envFile,
    jwtSecret: stack.JWT_SECRET,
    platformEnv: {
      SUPABASE_URL: apiUrl,
      SUPABASE_ANON_KEY: stack.ANON_KEY,
      SUPABASE_SERVICE_ROLE_KEY: stack.SERVICE_ROLE_KEY,
      SUPABASE_DB_URL: scratch.url,
    },
    wallClockLimitMs: options.wallClockLimitMs ?? 110_000,
    maxBodyBytes: 1024 * 1024,
    watch: false,
    log: (name, line) => logs.push(`[functions:${name}] ${line}`),
  });
  const gateway = new Gateway();
  gateway.mount(FUNCTIONS_PREFIX, service.handler);
  const server: http.Server = await gateway.listen(port);
  const db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  const functionsUrl = `${apiUrl}${FUNCTIONS_PREFIX}`;

  return {
    functionsUrl,
    db,
    databaseUrl: scratch.url,
    simulatorUser: options.simulatorUser,
    logs,
    call: (name, body = {}) =>
      fetch(`${functionsUrl}/${name}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(body),
      }),
    stop: async () => {
      await db.end();
      await service.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await scratch.drop();
      await rm(secretsDir, { recursive: true, force: true });
    },
  };
}

// Sets a fault of the EPİAŞ simulators for one user.
export async function setEpiasFault(
  stack: StackStatus,
  fault: Record<string, unknown>,
): Promise<void> {
  const response = await fetch(`${stack.EPIAS_SIMULATOR_URL}/_control/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  if (!response.ok) {
    throw new Error(`setting fault failed: ${await response.text()}`);
  }
}

export async function clearEpiasFaults(
  stack: StackStatus,
  scope: string,
): Promise<void> {
  await fetch(`${stack.EPIAS_SIMULATOR_URL}/_control/faults`, {
    method: "DELETE",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ scope }),
  });
}

// Sets a fault of the OSOS simulator for one user.
export async function setOsosFault(
  stack: StackStatus,
  fault: Record<string, unknown>,
): Promise<void> {
  const response = await fetch(`${stack.OSOS_SIMULATOR_URL}/_control/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  if (!response.ok) {
    throw new Error(`setting fault failed: ${await response.text()}`);
  }
}

export async function clearOsosFaults(
  stack: StackStatus,
  scope: string,
): Promise<void> {
  await fetch(`${stack.OSOS_SIMULATOR_URL}/_control/faults`, {
    method: "DELETE",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ scope }),
  });
}
