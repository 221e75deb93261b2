// Applies supabase/migrations/*.sql in file-name order, one transaction per
// file, and records each applied version with a checksum of its text.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";

export type Migration = {
  version: string;
  name: string;
  file: string;
  sql: string;
  checksum: string;
};

export class MigrationError extends Error {}

const FILE_PATTERN = /^(\d+)_([\w.-]+)\.sql$/;

export async function readMigrations(dir: string): Promise<Migration[]> {
  if (!existsSync(dir)) {
    return [];
  }
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (!match) {
      throw new MigrationError(
        `Migration file name ${file} is invalid: expected <version>_<name>.sql`,
      );
    }
    const sql = await readFile(path.join(dir, file), "utf8");
    migrations.push({
      version: match[1] as string,
      name: match[2] as string,
      file,
      sql,
      checksum: createHash("sha256").update(sql).digest("hex"),
    });
  }

  return migrations;
}

// The table has the shape the Supabase CLI uses, plus a checksum column that
// only the local runner fills.
const LEDGER_SQL = `
  create schema if not exists supabase_migrations;
  create table if not exists supabase_migrations.schema_migrations (
    version text primary key,
    statements text[],
    name text
  );
  alter table supabase_migrations.schema_migrations
    add column if not exists checksum text;
`;

export type MigrationResult = { applied: string[]; skipped: string[] };

export async function applyMigrations(
  client: pg.Client,
  dir: string,
): Promise<MigrationResult> {
  const migrations = await readMigrations(dir);
  await client.query(LEDGER_SQL);
  const { rows } = await client.query<{ version: string; checksum: string }>(
    "select version, checksum from supabase_migrations.schema_migrations",
  );
  const recorded = new Map(rows.map((row) => [row.version, row.checksum]));
  const result: MigrationResult = { applied: [], skipped: [] };

  for (const migration of migrations) {
    const checksum = recorded.get(migration.version);
    if (checksum !== undefined) {
      if (checksum !== null && checksum !== migration.checksum) {
        throw new MigrationError(
          `Migration ${migration.file} was changed after it was applied. ` +
            "Add a new migration instead, or run `npm run db:reset` to " +
            "rebuild a local database.",
        );
      }
      result.skipped.push(migration.file);
      continue;
    }
    try {
      await client.query("begin");
      await client.query(migration.sql);
      await client.query(
        `insert into supabase_migrations.schema_migrations
           (version, name, statements, checksum)
         values ($1, $2, array[$3], $4)`,
        [migration.version, migration.name, migration.sql, migration.checksum],
      );
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      throw new MigrationError(
        `Migration ${migration.file} failed: ${(error as Error).message}`,
      );
    }
    result.applied.push(migration.file);
  }
  if (result.applied.length > 0) {
    await client.query("notify pgrst, 'reload schema'");
  }

  return result;
}
