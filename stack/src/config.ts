// Settings of the local stack, each from an environment variable with a
// default that matches the Supabase CLI's local ports.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
);

export type PortName = "api" | "db" | "smtp" | "mail" | "admin" | "portal";

export const PORT_SETTINGS: Record<PortName, [string, number]> = {
  api: ["STACK_API_PORT", 54321],
  db: ["STACK_DB_PORT", 54322],
  mail: ["STACK_MAIL_PORT", 54324],
  smtp: ["STACK_SMTP_PORT", 54325],
  admin: ["STACK_ADMIN_PORT", 54330],
  portal: ["STACK_PORTAL_PORT", 54331],
};

export type StackConfig = {
  rootDir: string;
  dataDir: string;
  migrationsDir: string;
  ports: Record<PortName, number>;
  quiet: boolean;
  // Build and serve the admin and portal apps beside the APIs.
  serveApps: boolean;
  // Seed value of the demo data set loaded into a new database; null to
  // leave a new database empty (STACK_SEED=none).
  seed: number | null;
  // Give a new demo database the real OSOS series' metering points and
  // fetch their readings after start (STACK_DEMO_READINGS=0 skips it).
  demoReadings: boolean;
};

function portFromEnv(env: NodeJS.ProcessEnv, name: PortName): number {
  const [variable, fallback] = PORT_SETTINGS[name];
  const text = env[variable];
  if (text === undefined || text === "") {
    return fallback;
  }
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${variable}=${text} is not a valid port number`);
  }

  return port;
}

function seedFromEnv(env: NodeJS.ProcessEnv): number | null {
  const text = env.STACK_SEED;
  if (text === undefined || text === "") {
    return 1;
  }
  if (text === "none") {
    return null;
  }
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    throw new Error(
      `STACK_SEED=${text} is not valid: use an integer from 0 to 4294967295, or none`,
    );
  }

  return seed;
}

export function configFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): StackConfig {
  const names = Object.keys(PORT_SETTINGS) as PortName[];

  return {
    rootDir: ROOT_DIR,
    dataDir: path.resolve(ROOT_DIR, env.STACK_DATA_DIR ?? ".stack"),
    migrationsDir: path.join(ROOT_DIR, "supabase", "migrations"),
    ports: Object.fromEntries(
      names.map((name) => [name, portFromEnv(env, name)]),
    ) as Record<PortName, number>,
    quiet: env.STACK_QUIET === "1",
    serveApps: env.STACK_NO_APPS !== "1",
    seed: seedFromEnv(env),
    demoReadings: env.STACK_DEMO_READINGS !== "0",
  };
}
