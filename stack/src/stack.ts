// Starts and stops the local stack: Postgres with the platform bootstrap and
// the project's migrations, the mail catcher and the API gateway.
import { createWriteStream } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import type http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import {
  type DemoLoginStatus,
  listDemoLogins,
  seedDatabase,
} from "../../seed/src/load.ts";
import { loadMarketDataIfEmpty } from "../../seed/src/market/load.ts";
import {
  fetchRealSeriesReadings,
  REAL_SERIES_PERIODS,
  seedRealSeriesPoints,
} from "../../seed/src/real-series.ts";
import { seedSalesData } from "../../seed/src/sales.ts";
import { type AppSettings, buildApp, serveApp } from "./apps.ts";
import { authAdminPassword } from "./auth/service.ts";
import { PORT_SETTINGS, type PortName, type StackConfig } from "./config.ts";
import { Gateway } from "./gateway.ts";
import { closeServer, PortInUseError } from "./http.ts";
import { MailCatcher } from "./mail.ts";
import { applyMigrations } from "./migrate.ts";
import { PostgresServer } from "./postgres.ts";
import { loadOrCreateSecrets, signApiKey } from "./secrets.ts";
import { startServices } from "./services.ts";

// The Postgres server's log, in the data folder.
export const POSTGRES_LOG = "postgres.log";

// The message of SQLSTATE 57P01, which Postgres logs as a FATAL for each
// connection that a fast shutdown ends.
const SHUTDOWN_MESSAGE = "terminating connection due to administrator command";

const BOOTSTRAP_SQL = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "sql",
  "bootstrap.sql",
);

export type StackStatus = {
  API_URL: string;
  REST_URL: string;
  DB_URL: string;
  MAILPIT_URL: string;
  SMTP_HOST: string;
  SMTP_PORT: number;
  ANON_KEY: string;
  SERVICE_ROLE_KEY: string;
  JWT_SECRET: string;
  AUTHENTICATOR_DB_URL: string;
  ADMIN_URL?: string;
  PORTAL_URL?: string;
  // Outside systems' simulators, set when the services start.
  EPIAS_CAS_URL?: string;
  EPIAS_TRANSPARENCY_URL?: string;
  EPIAS_REGISTRATION_URL?: string;
  OSOS_URL?: string;
  EPIAS_SIMULATOR_URL?: string;
  OSOS_SIMULATOR_URL?: string;
  // Demo logins present in the database (empty when it was not seeded).
  DEMO_LOGINS: DemoLoginStatus[];
};

export type RunningStack = {
  config: StackConfig;
  status: StackStatus;
  gateway: Gateway;
  stop: () => Promise<void>;
};

async function assertPortFree(name: PortName, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", () =>
      reject(new PortInUseError(port, PORT_SETTINGS[name][0])),
    );
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

// Runs the bootstrap and settings that Supabase's image applies before the
// project's migrations.
export async function bootstrapDatabase(
  client: pg.Client,
  authenticatorPassword: string,
): Promise<void> {
  await client.query(await readFile(BOOTSTRAP_SQL, "utf8"));
  await client.query(
    `alter role authenticator with password ${client.escapeLiteral(
      authenticatorPassword,
    )}`,
  );
  await client.query(
    `alter database postgres set search_path to "$user", public, extensions`,
  );
  await client.query('set search_path to "$user", public, extensions');
}

// Fetches the real-series readings in the background after a new demo
// database starts, and reports the outcome in one line.
function fetchDemoReadings(
  status: StackStatus,
  codes: string[],
  quiet: boolean,
): void {
  const log = (line: string) => {
    if (!quiet) {
      console.log(`[demo readings] ${line}`);
    }
  };
  log(
    `fetching the real OSOS series of ${codes.length} demo customer meters ` +
      "in the background (fetch-readings, June 2025 to August 2026)",
  );
  void fetchRealSeriesReadings(
    `${status.API_URL}/functions/v1`,
    status.SERVICE_ROLE_KEY,
    codes,
    log,
  ).then((succeeded) => {
    log(
      `${succeeded} of ${REAL_SERIES_PERIODS.length} quarterly fetches done; see the job runs in the admin`,
    );
  });
}

export async function startStack(config: StackConfig): Promise<RunningStack> {
  const { ports, dataDir } = config;
  const used: PortName[] = ["db", "api", "smtp", "mail"];
  if (config.serveApps) {
    used.push("admin", "portal");
  }
  for (const name of used) {
    await assertPortFree(name, ports[name]);
  }
  const secrets = await loadOrCreateSecrets(dataDir);
  // Postgres writes everything, including an ERROR for each statement it
  // rejected, to postgres.log in the data folder. The terminal gets only its
  // FATAL and PANIC lines, which mean the server itself failed. A stopping
  // stack also leaves out the FATAL for each connection that Postgres ends.
  const postgresLog = createWriteStream(path.join(dataDir, POSTGRES_LOG), {
    flags: "a",
  });
  let stopping = false;
  const isTerminalLine = (line: string) =>
    /\b(FATAL|PANIC):/.test(line) &&
    !(stopping && line.includes(SHUTDOWN_MESSAGE));
  const postgres = new PostgresServer({
    dataDir: path.join(dataDir, "db"),
    port: ports.db,
    password: secrets.dbPassword,
    log: (text) => {
      postgresLog.write(text);
      if (config.quiet) {
        return;
      }

      for (const line of text.split("\n")) {
        if (isTerminalLine(line)) {
          process.stderr.write(`[postgres] ${line}\n`);
        }
      }
    },
  });
  const stoppers: Array<() => Promise<void>> = [
    () => new Promise<void>((resolve) => postgresLog.end(resolve)),
  ];
  // Only the run that wrote status.json removes it, so a second start that
  // fails on the same data folder leaves the running stack's status alone.
  let wroteStatus = false;
  let realSeriesCodes: string[] = [];
  const stop = async () => {
    stopping = true;
    for (const stopper of stoppers.reverse()) {
      await stopper().catch((error: Error) =>
        console.error(`[stack] stop failed: ${error.message}`),
      );
    }
    stoppers.length = 0;
    if (wroteStatus) {
      await rm(path.join(dataDir, "status.json"), { force: true });
    }
  };

  try {
    const created = await postgres.initialise();
    await postgres.start();
    stoppers.push(() => postgres.stop());

    const client = new pg.Client({
      connectionString: postgres.connectionString,
    });
    await client.connect();
    let demoLogins: DemoLoginStatus[];
    try {
      await bootstrapDatabase(client, secrets.authenticatorPassword);
      // The auth service connects as supabase_auth_admin, as Supabase Auth does.
      await client.query(
        `alter role supabase_auth_admin with password ${client.escapeLiteral(
          authAdminPassword(secrets.jwtSecret),
        )}`,
      );
      await applyMigrations(client, config.migrationsDir);
      // Only a new database gets the demo data, so a developer's own rows
      // survive restarts; `npm run db:reset` starts from a new one.
      if (created && config.seed !== null) {
        const result = await seedDatabase(client, config.seed);
        // The demo organisation's e-mails link to this stack's portal.
        if (config.serveApps) {
          await client.query(
            `update public.organisation_settings set portal_url = $1
             where portal_url is null`,
            [`http://127.0.0.1:${ports.portal}`],
          );
        }
        if (!config.quiet) {
          console.log(
            `Seeded demo data (seed ${config.seed}) in ` +
              `${(result.milliseconds.total / 1000).toFixed(1)} s.`,
          );
        }
      }
      demoLogins = await listDemoLogins(client);
      await loadMarketDataIfEmpty(
        client,
        path.resolve(config.rootDir, "..", "shared", "market-data"),
        (line) => {
          if (!config.quiet) {
            console.log(`[market data] ${line}`);
          }
        },
      );
      // Demo offers are priced, so they follow the market data.
      if (created && config.seed !== null) {
        const sales = await seedSalesData(client, config.seed);
        if (!config.quiet && sales.seeded) {
          console.log(
            `Seeded ${sales.offers} demo offers and ${sales.contracts} ` +
              `contracts in ${(sales.milliseconds / 1000).toFixed(1)} s.`,
          );
        }
      }
      if (created && config.seed !== null && config.demoReadings) {
        realSeriesCodes = await seedRealSeriesPoints(client);
      }
    } finally {
      await client.end();
    }

    const mail = new MailCatcher(path.join(dataDir, "mail"));
    await mail.start(ports.smtp, ports.mail);
    stoppers.push(() => mail.stop());

    const status: StackStatus = {
      API_URL: `http://127.0.0.1:${ports.api}`,
      REST_URL: `http://127.0.0.1:${ports.api}/rest/v1`,
      DB_URL: postgres.connectionString,
      AUTHENTICATOR_DB_URL: `postgresql://authenticator:${secrets.authenticatorPassword}@127.0.0.1:${ports.db}/postgres`,
      MAILPIT_URL: `http://127.0.0.1:${ports.mail}`,
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: ports.smtp,
      ANON_KEY: await signApiKey(secrets.jwtSecret, "anon"),
      SERVICE_ROLE_KEY: await signApiKey(secrets.jwtSecret, "service_role"),
      JWT_SECRET: secrets.jwtSecret,
      DEMO_LOGINS: demoLogins,
    };
    const gateway = new Gateway({ jwtSecret: secrets.jwtSecret });
    const services = await startServices({ config, secrets, status, gateway });
    stoppers.push(...services);
    const server: http.Server = await gateway.listen(ports.api);
    stoppers.push(() => closeServer(server));
    if (config.serveApps) {
      const apps = await startApps(config, {
        supabaseUrl: status.API_URL,
        anonKey: status.ANON_KEY,
      });
      stoppers.push(apps.stop);
      Object.assign(status, apps.urls);
    }
    await writeFile(
      path.join(dataDir, "status.json"),
      JSON.stringify(status, null, 2),
      { mode: 0o600 },
    );
    wroteStatus = true;
    if (realSeriesCodes.length > 0) {
      fetchDemoReadings(status, realSeriesCodes, config.quiet);
    }

    return { config, status, gateway, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export type RunningApps = {
  urls: { ADMIN_URL: string; PORTAL_URL: string };
  stop: () => Promise<void>;
};

// Builds the admin and portal when their sources changed and serves them
// against the given Supabase project.
export async function startApps(
  config: StackConfig,
  settings: AppSettings,
): Promise<RunningApps> {
  const servers: http.Server[] = [];
  const stop = async () => {
    for (const server of servers) {
      await closeServer(server);
    }
  };
  const urls = {
    ADMIN_URL: `http://127.0.0.1:${config.ports.admin}`,
    PORTAL_URL: `http://127.0.0.1:${config.ports.portal}`,
  };
  try {
    for (const app of ["admin", "portal"] as const) {
      const appDir = path.join(config.rootDir, app);
      await buildApp(appDir, (line) => {
        if (!config.quiet) {
          console.log(line);
        }
      });
      servers.push(
        await serveApp(appDir, config.ports[app], {
          ...settings,
          portalUrl: urls.PORTAL_URL,
        }),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return { urls, stop };
}

export async function readStatus(
  dataDir: string,
): Promise<StackStatus | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, "status.json"), "utf8");
  } catch (error) {
    // No status file means no stack is running on this data folder.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      return undefined;
    }
    throw error;
  }

  return JSON.parse(text) as StackStatus;
}
