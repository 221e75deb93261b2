// Test harness: an edge runtime serving the fixture functions through its
// own gateway on a free port, against a scratch database that has the
// platform bootstrap and all project migrations.

import type http from "node:http";
import path from "node:path";
import pg from "pg";
import { createScratchDatabase } from "../../../test/db.ts";
import { freePort } from "../../../test/free-port.ts";
import { ROOT_DIR } from "../../src/config.ts";
import {
  FUNCTIONS_PREFIX,
  FunctionsService,
} from "../../src/functions/service.ts";
import { Gateway } from "../../src/gateway.ts";
import { applyMigrations } from "../../src/migrate.ts";
import { bootstrapDatabase, type StackStatus } from "../../src/stack.ts";

export const FIXTURES_DIR = path.join(ROOT_DIR, "stack", "test", "fixtures");

export type FixtureRuntime = {
  apiUrl: string;
  functionsUrl: string;
  databaseUrl: string;
  logs: string[];
  stop: () => Promise<void>;
};

export type FixtureRuntimeOptions = {
  wallClockLimitMs?: number;
  maxBodyBytes?: number;
  envFile?: string;
};

// Creates a scratch database with the platform bootstrap and all project
// migrations, and returns its URL and a function that drops it.
export async function createMigratedDatabase(
  stack: StackStatus,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const scratch = await createScratchDatabase(stack.DB_URL);
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  try {
    const authenticator = new URL(stack.AUTHENTICATOR_DB_URL);
    await bootstrapDatabase(client, decodeURIComponent(authenticator.password));
    await applyMigrations(
      client,
      path.join(ROOT_DIR, "supabase", "migrations"),
    );
  } finally {
    await client.end();
  }

  return scratch;
}

export async function startFixtureRuntime(
  stack: StackStatus,
  options: FixtureRuntimeOptions = {},
): Promise<FixtureRuntime> {
  const scratch = await createMigratedDatabase(stack);

  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  const service = new FunctionsService({
    functionsDir: path.join(FIXTURES_DIR, "functions"),
    configPath: path.join(FIXTURES_DIR, "supabase", "config.toml"),
    extraReadableDirs: [path.join(ROOT_DIR, "functions")],
    envFile: options.envFile ?? path.join(FIXTURES_DIR, "functions", ".env"),
    jwtSecret: stack.JWT_SECRET,
    platformEnv: {
      SUPABASE_URL: apiUrl,
      SUPABASE_ANON_KEY: stack.ANON_KEY,
      SUPABASE_SERVICE_ROLE_KEY: stack.SERVICE_ROLE_KEY,
      SUPABASE_DB_URL: scratch.url,
    },
    wallClockLimitMs: options.wallClockLimitMs ?? 5000,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    watch: false,
    log: (name, line) => logs.push(`[functions:${name}] ${line}`),
  });
  const gateway = new Gateway();
  gateway.mount(FUNCTIONS_PREFIX, service.handler);
  const server: http.Server = await gateway.listen(port);

  return {
    apiUrl,
    functionsUrl: `${apiUrl}${FUNCTIONS_PREFIX}`,
    databaseUrl: scratch.url,
    logs,
    stop: async () => {
      await service.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await scratch.drop();
    },
  };
}
