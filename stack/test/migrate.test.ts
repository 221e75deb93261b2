import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { connect, createScratchDatabase } from "../../test/db.ts";
import { applyMigrations } from "../src/migrate.ts";

const stack = inject("stack");
let dir: string;
let scratch: { url: string; drop: () => Promise<void> };
let db: pg.Client;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
  scratch = await createScratchDatabase(stack.DB_URL);
  db = await connect(scratch.url);
});

afterEach(async () => {
  await db.end();
  await scratch.drop();
  await rm(dir, { recursive: true, force: true });
});

describe("migration runner", () => {
  it("applies files in file-name order", async () => {
    await writeFile(
      path.join(dir, "20260102000000_add_rows.sql"),
      "insert into steps values ('second');",
    );
    await writeFile(
      path.join(dir, "20260101000000_create_steps.sql"),
      "create table steps (name text);",
    );
    const result = await applyMigrations(db, dir);
    expect(result.applied).toEqual([
      "20260101000000_create_steps.sql",
      "20260102000000_add_rows.sql",
    ]);
    const { rows } = await db.query(
      "select version, name from supabase_migrations.schema_migrations order by version",
    );
    expect(rows).toEqual([
      { version: "20260101000000", name: "create_steps" },
      { version: "20260102000000", name: "add_rows" },
    ]);
  });

  it("applies nothing on a second run", async () => {
    await writeFile(
      path.join(dir, "20260101000000_create_steps.sql"),
      "create table steps (name text); insert into steps values ('one');",
    );
    await applyMigrations(db, dir);
    const again = await applyMigrations(db, dir);
    expect(again.applied).toEqual([]);
    expect(again.skipped).toEqual(["20260101000000_create_steps.sql"]);
    const { rows } = await db.query("select count(*)::int as n from steps");
    expect(rows[0].n).toBe(1);
  });

  it("rejects a changed file that was applied", async () => {
    const file = path.join(dir, "20260101000000_create_steps.sql");
    await writeFile(file, "create table steps (name text);");
    await applyMigrations(db, dir);
    await writeFile(file, "create table steps (name text, extra int);");
    await expect(applyMigrations(db, dir)).rejects.toThrow(
      /20260101000000_create_steps\.sql was changed after it was applied/,
    );
  });

  it("rolls back a failing file whole", async () => {
    await writeFile(
      path.join(dir, "20260101000000_half.sql"),
      "create table half (id int); select 1 / 0;",
    );
    await expect(applyMigrations(db, dir)).rejects.toThrow(
      /20260101000000_half\.sql failed: division by zero/,
    );
    const { rows } = await db.query("select to_regclass('half') as t");
    expect(rows[0].t).toBeNull();
  });

  it("rejects a file name without a version", async () => {
    await writeFile(path.join(dir, "create_steps.sql"), "select 1;");
    await expect(applyMigrations(db, dir)).rejects.toThrow(
      /create_steps\.sql is invalid/,
    );
  });
});
