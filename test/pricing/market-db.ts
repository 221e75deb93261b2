// A throwaway database with the platform bootstrap and every migration but
// no market data, for tests that import files and must not change the
// shared test database.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { ROOT_DIR } from "../../stack/src/config.ts";
import { applyMigrations } from "../../stack/src/migrate.ts";
import { connect, createScratchDatabase } from "../db.ts";

export const MARKET_DATA_DIR = path.resolve(
  ROOT_DIR,
  "..",
  "shared",
  "market-data",
);

export async function createMarketDatabase(
  url: string,
): Promise<{ client: pg.Client; drop: () => Promise<void> }> {
  const scratch = await createScratchDatabase(url);
  const client = await connect(scratch.url);
  await client.query(
    await readFile(
      path.join(ROOT_DIR, "stack", "sql", "bootstrap.sql"),
      "utf8",
    ),
  );
  await applyMigrations(client, path.join(ROOT_DIR, "supabase", "migrations"));

  return {
    client,
    drop: async () => {
      await client.end();
      await scratch.drop();
    },
  };
}
