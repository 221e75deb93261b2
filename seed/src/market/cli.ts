// `npm run import:market -- <folder or file> ...`: imports market data files
// into the database at DATABASE_URL, or the running local stack's database.
import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { ROOT_DIR } from "../../../stack/src/config.ts";
import { ImportError, importMarketPath } from "./import.ts";

async function databaseUrl(): Promise<string> {
  if (process.env.DATABASE_URL) {
    return process.env.DATABASE_URL;
  }
  const dataDir = path.resolve(
    ROOT_DIR,
    process.env.STACK_DATA_DIR ?? ".stack",
  );
  try {
    const status = JSON.parse(
      await readFile(path.join(dataDir, "status.json"), "utf8"),
    ) as { DB_URL: string };

    return status.DB_URL;
  } catch {
    throw new Error(
      "Set DATABASE_URL or start the local stack with `npm start` first.",
    );
  }
}

async function main(targets: string[]): Promise<number> {
  if (targets.length === 0) {
    console.error("Usage: npm run import:market -- <folder or file> ...");

    return 2;
  }
  const client = new pg.Client({ connectionString: await databaseUrl() });
  await client.connect();
  try {
    for (const target of targets) {
      await importMarketPath(client, path.resolve(target), (line) =>
        console.log(line),
      );
    }
  } catch (error) {
    if (error instanceof ImportError) {
      console.error(
        `Import failed, nothing of the file was stored: ${error.message}`,
      );

      return 1;
    }
    throw error;
  } finally {
    await client.end();
  }

  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
