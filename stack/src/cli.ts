// Command line of the local stack: `start`, `status [--json]` and `db-reset`.
import { rm } from "node:fs/promises";
import path from "node:path";
import { configFromEnv, type StackConfig } from "./config.ts";
import { PortInUseError } from "./http.ts";
import { DataFolderInUseError } from "./postgres.ts";
import {
  readStatus,
  type StackStatus,
  startApps,
  startStack,
} from "./stack.ts";

function formatStatus(status: StackStatus): string {
  const rows: Array<[string, string]> = [
    ["Admin URL", status.ADMIN_URL ?? "(not served)"],
    ["Portal URL", status.PORTAL_URL ?? "(not served)"],
    ["API URL", status.API_URL],
    ["REST URL", status.REST_URL],
    ["DB URL", status.DB_URL],
    ["Mail catcher URL", status.MAILPIT_URL],
    ["SMTP", `${status.SMTP_HOST}:${status.SMTP_PORT}`],
    ["JWT secret", status.JWT_SECRET],
    ["anon key", status.ANON_KEY],
    ["service_role key", status.SERVICE_ROLE_KEY],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(
    ([label, value]) => `${label.padStart(width)}: ${value}`,
  );
  const logins = status.DEMO_LOGINS ?? [];
  if (logins.length > 0) {
    const emailWidth = Math.max(...logins.map((login) => login.email.length));
    lines.push(
      "",
      `Demo logins (password for all: ${logins[0]?.password}):`,
      ...logins.map(
        (login) => `  ${login.email.padEnd(emailWidth)}  ${login.description}`,
      ),
    );
  }

  return lines.join("\n");
}

// Stops cleanly on Ctrl-C or SIGTERM, once.
function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.log(`\n${signal} received, stopping ...`);
    stop()
      .then(() => {
        console.log("Stopped.");
        process.exit(0);
      })
      .catch((error: Error) => {
        console.error(`Stop failed: ${error.message}`);
        process.exit(1);
      });
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

async function start(config: StackConfig): Promise<void> {
  const remoteUrl = process.env.SUPABASE_URL;
  const remoteAnonKey = process.env.SUPABASE_ANON_KEY;
  if (remoteUrl && remoteAnonKey) {
    console.log(`SUPABASE_URL is set: serving the apps against ${remoteUrl}.`);
    const apps = await startApps(config, {
      supabaseUrl: remoteUrl,
      anonKey: remoteAnonKey,
    });
    console.log(`\n Admin URL: ${apps.urls.ADMIN_URL}`);
    console.log(`Portal URL: ${apps.urls.PORTAL_URL}\n`);
    console.log("Press Ctrl-C to stop.");
    stopOnSignal(apps.stop);

    return;
  }
  const started = Date.now();
  console.log(`Starting the local stack in ${config.dataDir} ...`);
  const stack = await startStack(config);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\nStarted in ${seconds} s.\n\n${formatStatus(stack.status)}\n`);
  console.log("Press Ctrl-C to stop.");

  stopOnSignal(stack.stop);
}

async function status(config: StackConfig, json: boolean): Promise<number> {
  const current = await readStatus(config.dataDir);
  const healthy = current
    ? await fetch(`${current.API_URL}/health`)
        .then((response) => response.ok)
        .catch(() => false)
    : false;
  if (!current || !healthy) {
    console.error("The local stack is not running. Start it with `npm start`.");

    return 1;
  }
  console.log(json ? JSON.stringify(current, null, 2) : formatStatus(current));

  return 0;
}

async function dbReset(config: StackConfig): Promise<void> {
  const current = await readStatus(config.dataDir);
  if (current) {
    throw new Error(
      "Stop the running stack (Ctrl-C) before `npm run db:reset`.",
    );
  }
  await rm(path.join(config.dataDir, "db"), { recursive: true, force: true });
  const stack = await startStack({ ...config });
  await stack.stop();
  console.log("Database rebuilt from migrations and seed.");
}

async function main(): Promise<number> {
  const [command = "start", ...args] = process.argv.slice(2);
  const config = configFromEnv();
  switch (command) {
    case "start":
      await start(config);

      return 0;
    case "status":
      return status(config, args.includes("--json"));
    case "db-reset":
      await dbReset(config);

      return 0;
    default:
      console.error(
        `Unknown command ${command}: use start, status or db-reset.`,
      );

      return 2;
  }
}

main()
  .then((code) => {
    if (code !== 0) {
      process.exit(code);
    }
  })
  .catch((error: Error) => {
    if (
      error instanceof PortInUseError ||
      error instanceof DataFolderInUseError
    ) {
      console.error(error.message);
    } else {
      console.error(error.stack ?? error.message);
    }
    process.exit(1);
  });
