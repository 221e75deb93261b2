// Settings of the local edge runtime: `[edge_runtime]` of supabase/config.toml
// (`enabled`, and `policy`, where "oneshot" reloads functions on file change
// as the Supabase CLI does) and limits from environment variables, because
// the CLI's config has no keys for them.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { parse } from "smol-toml";

export type EdgeRuntimeSettings = {
  enabled: boolean;
  watch: boolean;
  wallClockLimitMs: number;
  maxBodyBytes: number;
};

// The Supabase CLI's local runtime stops a worker after 400 s of wall-clock
// time. Hosted projects allow 150 s on the free plan and 400 s on paid plans.
const DEFAULT_WALL_CLOCK_LIMIT_S = 400;

// NOTE: Supabase documents no request body limit for edge functions; 20 MiB
// is this stack's choice, so that oversized uploads fail early.
const DEFAULT_MAX_BODY_MB = 20;

function positiveNumber(
  env: NodeJS.ProcessEnv,
  variable: string,
  fallback: number,
): number {
  const text = env[variable];
  if (text === undefined || text === "") {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${variable}=${text} is invalid: expected a number > 0`);
  }

  return value;
}

export async function readEdgeRuntimeSettings(
  configPath: string,
  env: NodeJS.ProcessEnv,
): Promise<EdgeRuntimeSettings> {
  const toml = existsSync(configPath)
    ? parse(await readFile(configPath, "utf8"))
    : {};
  const section = (toml.edge_runtime ?? {}) as Record<string, unknown>;
  const policy = section.policy ?? "oneshot";

  return {
    enabled: section.enabled !== false,
    watch: policy === "oneshot",
    wallClockLimitMs:
      positiveNumber(
        env,
        "STACK_FUNCTIONS_WALL_CLOCK_LIMIT_S",
        DEFAULT_WALL_CLOCK_LIMIT_S,
      ) * 1000,
    maxBodyBytes:
      positiveNumber(env, "STACK_FUNCTIONS_MAX_BODY_MB", DEFAULT_MAX_BODY_MB) *
      1024 *
      1024,
  };
}
