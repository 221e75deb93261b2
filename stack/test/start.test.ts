import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { connect } from "../../test/db.ts";
import { freePort } from "../../test/free-port.ts";
import { configFromEnv, ROOT_DIR } from "../src/config.ts";
import { REAL_SERIES_METERING_POINTS } from "../src/simulators/metering-points.ts";
import { POSTGRES_LOG, startStack } from "../src/stack.ts";

const REAL_SERIES_SAMPLE = path.join(
  ROOT_DIR,
  "..",
  "shared",
  "market-data",
  "osos-hourly-sample-meram-edas-2025-2026.csv",
);

type Started = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
};

type PortEnv = {
  STACK_API_PORT: string;
  STACK_DB_PORT: string;
  STACK_SMTP_PORT: string;
  STACK_MAIL_PORT: string;
  STACK_ADMIN_PORT: string;
  STACK_PORTAL_PORT: string;
};

async function portEnv(): Promise<PortEnv> {
  return {
    STACK_API_PORT: String(await freePort()),
    STACK_DB_PORT: String(await freePort()),
    STACK_SMTP_PORT: String(await freePort()),
    STACK_MAIL_PORT: String(await freePort()),
    STACK_ADMIN_PORT: String(await freePort()),
    STACK_PORTAL_PORT: String(await freePort()),
  };
}

// Runs the CLI. With `ownGroup` it leads a process group of its own, as a
// command started in a terminal does, so that the test can send Ctrl-C to
// the whole group.
function runCli(
  args: string[],
  env: Record<string, string>,
  ownGroup = false,
): Started {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "stack/src/cli.ts", ...args],
    {
      cwd: ROOT_DIR,
      // The demo readings fetch runs only in the test that enables it.
      env: { ...process.env, STACK_DEMO_READINGS: "0", ...env },
      detached: ownGroup,
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => resolve(code)),
  );

  return { child, output: () => output, exited };
}

async function waitFor(predicate: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) {
      throw new Error("timed out");
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let dataDir: string;
const children: ChildProcess[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill("SIGKILL");
  }
  if (dataDir) {
    await rm(dataDir, { recursive: true, force: true });
  }
});

async function newDataDir(): Promise<string> {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "enerji-start-"));
  await chmod(dataDir, 0o755);

  return dataDir;
}

describe("npm start", () => {
  it("prints the status block, serves /health and stops on SIGTERM", async () => {
    const env = { ...(await portEnv()), STACK_DATA_DIR: await newDataDir() };
    const run = runCli(["start"], env);
    children.push(run.child);
    await waitFor(() => run.output().includes("service_role key:"), 150_000);

    const health = await fetch(`http://127.0.0.1:${env.STACK_API_PORT}/health`);
    expect(health.status).toBe(200);
    expect(run.output()).toMatch(/API URL: http:\/\/127\.0\.0\.1:\d+/);
    expect(run.output()).toMatch(/anon key: eyJ/);

    const status = runCli(["status", "--json"], env);
    expect(await status.exited).toBe(0);
    const json = JSON.parse(status.output());
    expect(json.API_URL).toBe(`http://127.0.0.1:${env.STACK_API_PORT}`);
    expect(json.ANON_KEY).toMatch(/^eyJ/);

    // A statement that Postgres rejects goes to its log file, not to the
    // terminal.
    const rejected = await fetch(
      `http://127.0.0.1:${env.STACK_API_PORT}/rest/v1/parties?id=eq.not-a-uuid`,
      { headers: { apikey: json.ANON_KEY } },
    );
    expect(rejected.status).toBe(400);

    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain("Stopped.");
    expect(run.output()).not.toContain("ERROR:");
    expect(run.output()).not.toContain("idle database connection failed");
    const postgresLog = await readFile(
      path.join(env.STACK_DATA_DIR, POSTGRES_LOG),
      "utf8",
    );
    expect(postgresLog).toContain(
      'ERROR:  invalid input syntax for type uuid: "not-a-uuid"',
    );
    await expect(
      fetch(`http://127.0.0.1:${env.STACK_API_PORT}/health`),
    ).rejects.toThrow();
  }, 180_000);

  it.skipIf(!existsSync(REAL_SERIES_SAMPLE))(
    "fetches the real series of the demo customer's meters",
    async () => {
      const env = {
        ...(await portEnv()),
        STACK_DATA_DIR: await newDataDir(),
        STACK_DEMO_READINGS: "1",
        STACK_NO_APPS: "1",
      };
      const run = runCli(["start"], env);
      children.push(run.child);
      await waitFor(
        () => run.output().includes("quarterly fetches done"),
        240_000,
      );
      expect(run.output()).toContain(
        "[demo readings] 5 of 5 quarterly fetches done",
      );

      const status = JSON.parse(
        await readFile(path.join(env.STACK_DATA_DIR, "status.json"), "utf8"),
      ) as { DB_URL: string };
      const client = new pg.Client({ connectionString: status.DB_URL });
      await client.connect();
      try {
        // Each meter's readings start at the first hour of its site in the
        // sample file, whose time stamps are Istanbul time (+03:00).
        const sample = await readFile(REAL_SERIES_SAMPLE, "utf8");
        const expected = Object.entries(REAL_SERIES_METERING_POINTS)
          .map(([site, code]) => {
            const row = sample
              .split("\n")
              .find((line) => line.includes(`,${site},`));

            return { code, first: (row ?? "").slice(0, 16).replace("T", " ") };
          })
          .sort((a, b) => a.code.localeCompare(b.code));
        const stored = await client.query<{ code: string; first: string }>(
          `select m.code, to_char(min(h.hour_start) at time zone 'Europe/Istanbul',
           'YYYY-MM-DD HH24:MI') as first
         from public.metering_points m
         join public.app_users a on a.party_id = m.party_id
         join auth.users u on u.id = a.user_id
         join public.hourly_readings h on h.metering_point_id = m.id
         where u.email = 'customer@demo.enerji.test'
         group by m.code order by m.code`,
        );
        expect(stored.rows).toEqual(expected);
      } finally {
        await client.end();
      }

      run.child.kill("SIGTERM");
      expect(await run.exited).toBe(0);
    },
    300_000,
  );

  it("stops quietly on Ctrl-C to its process group", async () => {
    const env = { ...(await portEnv()), STACK_DATA_DIR: await newDataDir() };
    const run = runCli(["start"], env, true);
    children.push(run.child);
    await waitFor(() => run.output().includes("Press Ctrl-C"), 150_000);

    process.kill(-(run.child.pid as number), "SIGINT");

    expect(await run.exited).toBe(0);
    const stopOutput = run.output().split("Press Ctrl-C to stop.")[1] ?? "";
    expect(stopOutput.trim().split("\n")).toEqual([
      "SIGINT received, stopping ...",
      "Stopped.",
    ]);
  }, 180_000);

  it("names the port and its setting when the port is in use", async () => {
    const env = { ...(await portEnv()), STACK_DATA_DIR: await newDataDir() };
    const blocker = net.createServer();
    await new Promise<void>((resolve) =>
      blocker.listen(Number(env.STACK_API_PORT), "127.0.0.1", resolve),
    );
    const run = runCli(["start"], env);
    children.push(run.child);
    const code = await run.exited;
    blocker.close();
    expect(code).toBe(1);
    expect(run.output().trim().split("\n").at(-1)).toBe(
      `Port ${env.STACK_API_PORT} is in use. Set STACK_API_PORT to another port.`,
    );
  }, 30_000);

  it("serves only the apps when SUPABASE_URL is set", async () => {
    const env = {
      ...(await portEnv()),
      STACK_DATA_DIR: await newDataDir(),
      SUPABASE_URL: "http://127.0.0.1:9",
      SUPABASE_ANON_KEY: "remote-anon-key",
    };
    const run = runCli(["start"], env);
    children.push(run.child);
    await waitFor(() => run.output().includes("Portal URL:"), 60_000);

    const config = await fetch(
      `http://127.0.0.1:${env.STACK_ADMIN_PORT}/config.js`,
    ).then((r) => r.text());
    expect(config).toContain('"SUPABASE_URL":"http://127.0.0.1:9"');
    expect(config).toContain('"SUPABASE_ANON_KEY":"remote-anon-key"');
    await expect(
      fetch(`http://127.0.0.1:${env.STACK_API_PORT}/health`),
    ).rejects.toThrow();

    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  }, 90_000);
});

describe("npm run db:reset", () => {
  it("rebuilds the database from the migrations", async () => {
    const env = { ...(await portEnv()), STACK_DATA_DIR: await newDataDir() };
    const config = {
      ...configFromEnv({ ...env, STACK_QUIET: "1", STACK_NO_APPS: "1" }),
    };
    const before = await startStack(config);
    const client = await connect(before.status.DB_URL);
    await client.query("create table public.left_over (id int)");
    await client.end();
    await before.stop();

    const reset = runCli(["db-reset"], { ...env, STACK_NO_APPS: "1" });
    children.push(reset.child);
    expect(await reset.exited).toBe(0);
    expect(reset.output()).toContain("Database rebuilt");

    const after = await startStack(config);
    const check = await connect(after.status.DB_URL);
    const { rows } = await check.query(
      `select to_regclass('public.left_over') as left_over,
              to_regclass('public.distribution_regions') as regions`,
    );
    await check.end();
    await after.stop();
    expect(rows[0].left_over).toBeNull();
    expect(rows[0].regions).toBe("distribution_regions");
  }, 90_000);
});
