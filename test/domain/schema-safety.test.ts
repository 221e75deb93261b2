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

const PARTITIONS = `
  select c.oid, c.relname as name
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relispartition`;

// Partitions where anon or authenticated has any table privilege, or where
// row-level security is off. Reads and writes go through the parent, whose
// policies apply, because a partition named directly would bypass them.
const OPEN_PARTITIONS = `
  select p.name,
    has_table_privilege('anon', p.oid,
      'select, insert, update, delete, truncate, references, trigger') as anon,
    has_table_privilege('authenticated', p.oid,
      'select, insert, update, delete, truncate, references, trigger') as authenticated
  from (${PARTITIONS}) p
  join pg_class c on c.oid = p.oid
  where has_table_privilege('anon', p.oid,
      'select, insert, update, delete, truncate, references, trigger')
    or has_table_privilege('authenticated', p.oid,
      'select, insert, update, delete, truncate, references, trigger')
    or not c.relrowsecurity
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
         and not c.relispartition
         and obj_description(c.oid, 'pg_class') is null`,
    );
    expect(rows).toEqual([]);
  });

  it("has monthly partitions to check", async () => {
    const { rows } = await db.query(PARTITIONS);
    expect(rows.length).toBeGreaterThan(0);
  });

  it("closes every partition in public to anon and authenticated", async () => {
    const { rows } = await db.query(OPEN_PARTITIONS);
    expect(rows).toEqual([]);
  });

  // A partition created without ensure_month_partitions keeps the default
  // privileges of the schema, which open it to both API roles.
  it("detects a partition that API roles could query by name", async () => {
    await db.query("begin");
    try {
      await db.query(
        `create table public.ptf_hourly_prices_probe
           partition of public.ptf_hourly_prices
           for values from ('2098-01-01T00:00:00+03:00') to ('2098-02-01T00:00:00+03:00')`,
      );
      const { rows } = await db.query(OPEN_PARTITIONS);
      expect(rows).toEqual([
        { name: "ptf_hourly_prices_probe", anon: true, authenticated: true },
      ]);
    } finally {
      await db.query("rollback");
    }
  });

  it("comments every partition that ensure_month_partitions creates", async () => {
    await db.query("begin");
    try {
      const { rows: created } = await db.query(
        `select private.ensure_month_partitions('public.smf_hourly_prices',
           '2098-03-01T00:00:00+03:00', '2098-05-01T00:00:00+03:00') as count`,
      );
      expect(created[0].count).toBe(2);
      const { rows } = await db.query(
        `select obj_description('public.smf_hourly_prices_y2098m04'::regclass,
           'pg_class') as comment`,
      );
      expect(rows[0].comment).toBe(
        "Partition of public.smf_hourly_prices for 2098-04 (Europe/Istanbul); read and write it through the parent table.",
      );
      const { rows: open } = await db.query(OPEN_PARTITIONS);
      expect(open).toEqual([]);
    } finally {
      await db.query("rollback");
    }
  });

  it("comments every partition in public", async () => {
    const { rows } = await db.query(
      `select c.relname as name from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p')
         and c.relispartition
         and obj_description(c.oid, 'pg_class') is null`,
    );
    expect(rows).toEqual([]);
  });
});
