// The OpenAPI document at the root lists only the tables, views and
// functions that the requesting role has a privilege on, as PostgREST
// does by default.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../../../test/db.ts";
import { reloadSchema, signUser, uniquePrefix } from "./helpers.ts";

const stack = inject("stack");
const prefix = uniquePrefix();
const open = `${prefix}_tariffs`;
const staffOnly = `${prefix}_margins`;
const staffView = `${prefix}_margin_totals`;
const columnOnly = `${prefix}_meters`;
const openFunction = `${prefix}_tariff_count`;
const staffFunction = `${prefix}_margin_total`;
let db: pg.Client;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  await db.query(`
    create table public.${open} (id int primary key, name text);
    comment on table public.${open} is 'Tariffs of an OpenAPI test run.';
    create table public.${staffOnly} (id int primary key, margin_try numeric);
    comment on table public.${staffOnly} is 'Margins of an OpenAPI test run.';
    revoke all on public.${staffOnly} from anon;
    create view public.${staffView} with (security_invoker) as
      select sum(margin_try) as margin_try from public.${staffOnly};
    revoke all on public.${staffView} from anon;
    create table public.${columnOnly} (id int primary key, serial text);
    comment on table public.${columnOnly} is 'Meters of an OpenAPI test run.';
    revoke all on public.${columnOnly} from anon;
    grant select (id) on public.${columnOnly} to anon;
    create function public.${openFunction}() returns bigint
      language sql stable as 'select count(*) from public.${open}';
    create function public.${staffFunction}() returns numeric
      language sql stable as 'select sum(margin_try) from public.${staffOnly}';
    revoke execute on function public.${staffFunction}() from public, anon;
  `);
  await reloadSchema(db, stack.REST_URL, stack.ANON_KEY, open);
});

afterAll(async () => {
  await db.query(`
    drop function if exists public.${openFunction}();
    drop function if exists public.${staffFunction}();
    drop view if exists public.${staffView};
    drop table if exists public.${staffOnly}, public.${open}, public.${columnOnly};
  `);
  await db.end();
});

async function pathsFor(token: string): Promise<string[]> {
  const response = await fetch(`${stack.REST_URL}/`, {
    headers: { apikey: stack.ANON_KEY, Authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  const doc = (await response.json()) as {
    paths: Record<string, unknown>;
    definitions: Record<string, unknown>;
  };

  return Object.keys(doc.paths).filter((path) => path.includes(prefix));
}

describe("OpenAPI document", () => {
  it("lists only anon's objects to anon", async () => {
    const paths = await pathsFor(stack.ANON_KEY);

    expect(paths).toContain(`/${open}`);
    expect(paths).toContain(`/${columnOnly}`);
    expect(paths).toContain(`/rpc/${openFunction}`);
    expect(paths).not.toContain(`/${staffOnly}`);
    expect(paths).not.toContain(`/${staffView}`);
    expect(paths).not.toContain(`/rpc/${staffFunction}`);
  });

  it("lists everything to a signed-in user", async () => {
    const user = await signUser(stack.JWT_SECRET);
    const paths = await pathsFor(user.token);

    expect(paths.sort()).toEqual(
      [
        `/${columnOnly}`,
        `/${open}`,
        `/${staffOnly}`,
        `/${staffView}`,
        `/rpc/${openFunction}`,
        `/rpc/${staffFunction}`,
      ].sort(),
    );
  });

  it("leaves a revoked table out of definitions", async () => {
    const response = await fetch(`${stack.REST_URL}/`, {
      headers: { apikey: stack.ANON_KEY },
    });
    const doc = (await response.json()) as {
      definitions: Record<string, unknown>;
    };

    expect(Object.keys(doc.definitions)).toContain(open);
    expect(Object.keys(doc.definitions)).not.toContain(staffOnly);
  });
});
