// Starts the REST service of the local stack under /rest/v1, configured from
// supabase/config.toml's [api] section as Supabase configures PostgREST.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "smol-toml";
import type { StackContext, Stopper } from "../services.ts";
import type { RestConfig } from "./config.ts";
import { createRestServer } from "./server.ts";

type ApiSettings = {
  schemas?: string[];
  extra_search_path?: string[];
  max_rows?: number;
};

async function apiSettings(rootDir: string): Promise<ApiSettings> {
  const file = path.join(rootDir, "supabase", "config.toml");
  if (!existsSync(file)) {
    return {};
  }
  const parsed = parse(await readFile(file, "utf8")) as { api?: ApiSettings };

  return parsed.api ?? {};
}

export async function startRest(context: StackContext): Promise<Stopper> {
  const api = await apiSettings(context.config.rootDir);
  const config: RestConfig = {
    dbUri: context.status.AUTHENTICATOR_DB_URL,
    schemas: api.schemas ?? ["public"],
    anonRole: "anon",
    jwtSecret: context.status.JWT_SECRET,
    maxRows: api.max_rows,
    extraSearchPath: api.extra_search_path ?? ["public", "extensions"],
    prefix: "/rest/v1",
    poolSize: 10,
  };
  const server = await createRestServer(config);
  // Every REST request needs an API key, as on Supabase.
  context.gateway.mount("/rest/v1", server.handle, () => true);

  return () => server.stop();
}
