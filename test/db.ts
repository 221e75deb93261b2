// Database helpers for tests: connections to the test stack's Postgres and
// throwaway databases.
import { randomBytes } from "node:crypto";
import pg from "pg";

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();

  return client;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;

  return parsed.toString();
}

// Creates an empty database and returns its URL and a function that drops it.
export async function createScratchDatabase(
  url: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `scratch_${randomBytes(6).toString("hex")}`;
  const admin = await connect(url);
  await admin.query(`create database ${name}`);
  await admin.end();

  return {
    url: withDatabase(url, name),
    drop: async () => {
      const client = await connect(url);
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
