// Starts the edge-function service of the local stack and mounts it on the
// gateway under /functions/v1.
import path from "node:path";
import type { StackContext, Stopper } from "../services.ts";
import { SIMULATOR_PASSWORD } from "../simulators/cas.ts";
import type { StackStatus } from "../stack.ts";
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
    defaultSecrets: simulatorSecrets(status),
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

// Points the integration functions at the stack's own simulators, so that
// the scheduled imports run without a functions/.env. The simulators keep
// faults and portfolios per user name; "local-stack" is this stack's.
function simulatorSecrets(status: StackStatus): Record<string, string> {
  const secrets: Record<string, string> = {
    EPIAS_USERNAME: "local-stack",
    EPIAS_PASSWORD: SIMULATOR_PASSWORD,
    OSOS_USERNAME: "local-stack",
    OSOS_PASSWORD: SIMULATOR_PASSWORD,
  };
  const urls = {
    EPIAS_CAS_URL: status.EPIAS_CAS_URL,
    EPIAS_TRANSPARENCY_URL: status.EPIAS_TRANSPARENCY_URL,
    EPIAS_REGISTRATION_URL: status.EPIAS_REGISTRATION_URL,
    OSOS_URL: status.OSOS_URL,
  };
  for (const [key, value] of Object.entries(urls)) {
    if (value) {
      secrets[key] = value;
    }
  }

  return secrets;
}
