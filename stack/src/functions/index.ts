// Starts the edge-function service of the local stack and mounts it on the
// gateway under /functions/v1.
import path from "node:path";
import type { StackContext, Stopper } from "../services.ts";
import { FUNCTIONS_PREFIX, FunctionsService } from "./service.ts";
import { readEdgeRuntimeSettings } from "./settings.ts";

export async function startFunctions(
  context: StackContext,
): Promise<Stopper | undefined> {
  const { config, status } = context;
  const configPath = path.join(config.rootDir, "supabase", "config.toml");
  const settings = await readEdgeRuntimeSettings(configPath, process.env);
  if (!settings.enabled) {
    return undefined;
  }
  const functionsDir = path.join(config.rootDir, "functions");
  const service = new FunctionsService({
    functionsDir,
    configPath,
    envFile: path.join(functionsDir, ".env"),
    jwtSecret: status.JWT_SECRET,
    platformEnv: {
      SUPABASE_URL: status.API_URL,
      SUPABASE_ANON_KEY: status.ANON_KEY,
      SUPABASE_SERVICE_ROLE_KEY: status.SERVICE_ROLE_KEY,
      SUPABASE_DB_URL: status.DB_URL,
      // Production sets the SMTP secrets with `supabase secrets set`; here
      // the stack's mail catcher receives the functions' mail.
      SMTP_HOST: status.SMTP_HOST,
      SMTP_PORT: String(status.SMTP_PORT),
    },
    wallClockLimitMs: settings.wallClockLimitMs,
    maxBodyBytes: settings.maxBodyBytes,
    watch: settings.watch,
    log: (name, line) => process.stderr.write(`[functions:${name}] ${line}\n`),
  });
  context.gateway.mount(FUNCTIONS_PREFIX, service.handler);

  return () => service.stop();
}
