// Structural rules every migration must keep: fixed search paths on
// security definer functions, no view that bypasses row-level security,
// RLS on every table, one policy per operation, a comment on every table.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ROOT_DIR } from "../../stack/src/config.ts";
import { connect } from "../db.ts";

const stack = inject("stack");
let db: pg.Client;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
});

afterAll(async () => {
  await db.end();
});

const PROJECT_SCHEMAS = ["public", "private"];

const DEFINER_WITHOUT_SEARCH_PATH = `
  select p.oid::regprocedure::text as name
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  where n.nspname = any($1::text[])
    and p.prosecdef
    and not exists (
      select from unnest(coalesce(p.proconfig, '{}')) as setting
      where setting like 'search_path=%'
    )
  order by 1`;

const VIEWS_WITHOUT_SECURITY_INVOKER = `
  select c.relname as name
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public'
    and c.relkind in ('v', 'm')
    and not coalesce(
      'security_invoker=true' = any(c.reloptions)
        or 'security_invoker=on' = any(c.reloptions),
      false
    )
  order by 1`;

describe("schema safety", () => {
  it("gives every security definer function a fixed search_path", async () => {
    const { rows } = await db.query(DEFINER_WITHOUT_SEARCH_PATH, [
      PROJECT_SCHEMAS,
    ]);
    expect(rows).toEqual([]);
  });

  it("detects a security definer function without search_path", async () => {
    await db.query("begin");
    try {
      await db.query(
        "create function private.unsafe_probe() returns int language sql security definer as 'select 1'",
      );
      const { rows } = await db.query(DEFINER_WITHOUT_SEARCH_PATH, [
        PROJECT_SCHEMAS,
      ]);
      expect(rows).toEqual([{ name: "private.unsafe_probe()" }]);
    } finally {
      await db.query("rollback");
    }
  });

  it("has no view in public without security_invoker", async () => {
    const { rows } = await db.query(VIEWS_WITHOUT_SECURITY_INVOKER);
    expect(rows).toEqual([]);
  });

  it("detects a view that would bypass row-level security", async () => {
    await db.query("begin");
    try {
      await db.query(
        "create view public.unsafe_probe as select id, name from public.parties",
      );
      await db.query(
        "create view public.safe_probe with (security_invoker = true) as select id from public.parties",
      );
      const { rows } = await db.query(VIEWS_WITHOUT_SECURITY_INVOKER);
      expect(rows).toEqual([{ name: "unsafe_probe" }]);
    } finally {
      await db.query("rollback");
    }
  });

  it("enables row-level security on every table of the project", async () => {
    const { rows } = await db.query(
      `select n.nspname || '.' || c.relname as name
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = any($1::text[])
         and c.relkind in ('r', 'p')
         and not c.relrowsecurity
       order by 1`,
      [PROJECT_SCHEMAS],
    );
    expect(rows).toEqual([]);
  });

  it("has no policy for all operations at once", async () => {
    const { rows } = await db.query(
      `select tablename, policyname from pg_policies
       where schemaname = any($1::text[]) and cmd = 'ALL'`,
      [PROJECT_SCHEMAS],
    );
    expect(rows).toEqual([]);
  });

  it("names every policy as a sentence with a verb", async () => {
    const { rows } = await db.query(
      `select tablename, policyname from pg_policies
       where schemaname = any($1::text[])
         and policyname !~ '^[A-Z][a-z-]+.* can (view|add|update|delete|record|remove) '`,
      [PROJECT_SCHEMAS],
    );
    expect(rows).toEqual([]);
  });

  it("keeps policy names within the 63 bytes Postgres stores", async () => {
    const dir = path.join(ROOT_DIR, "supabase", "migrations");
    const long: string[] = [];
    for (const file of await readdir(dir)) {
      const sql = await readFile(path.join(dir, file), "utf8");
      for (const match of sql.matchAll(/create policy "([^"]+)"/g)) {
        const name = match[1] as string;
        if (Buffer.byteLength(name) > 63) {
          long.push(`${file}: ${name}`);
        }
      }
    }
    expect(long).toEqual([]);
  });

  it("comments every table in public", async () => {
    const { rows } = await db.query(
      `select c.relname as name
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public'
         and c.relkind in ('r', 'p')
         and obj_description(c.oid, 'pg_class') is null`,
    );
    expect(rows).toEqual([]);
  });
});
