// Malformed URLs, headers and bodies get a 4xx with PostgREST's error shape,
// never a 500, and a rejected write stores nothing.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../../../test/db.ts";
import { reloadSchema, uniquePrefix } from "./helpers.ts";

const stack = inject("stack");
const table = `${uniquePrefix()}_readings`;
let db: pg.Client;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  await db.query(`
    create table public.${table} (
      id bigint generated always as identity primary key,
      energy_kwh numeric(12,3) not null,
      peak_kw numeric
    );
    create function public.${table}_doubled(p_value numeric) returns numeric
      language sql immutable as 'select 2 * p_value';
    comment on table public.${table} is 'Meter readings of a malformed-request test run.';
    alter table public.${table} enable row level security;
    create policy "Anyone can view readings" on public.${table} for select to anon using (true);
    insert into public.${table} (energy_kwh) values (1.5), (2.25);
  `);
  await reloadSchema(db, stack.REST_URL, stack.ANON_KEY, table);
});

afterAll(async () => {
  await db.query(`drop table if exists public.${table}`);
  await db.query(`drop function if exists public.${table}_doubled`);
  await db.end();
});

type Attempt = {
  name: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  code?: string;
};

const attempts: Attempt[] = [
  {
    name: "unclosed embed in select",
    path: "?select=id,(",
    status: 400,
    code: "PGRST100",
  },
  {
    name: "filter without operator",
    path: "?id=5",
    status: 400,
    code: "PGRST100",
  },
  {
    name: "unknown operator",
    path: "?id=near.5",
    status: 400,
    code: "PGRST100",
  },
  {
    name: "unknown order modifier",
    path: "?order=id.sideways",
    status: 400,
    code: "PGRST100",
  },
  {
    name: "non-numeric limit",
    path: "?limit=ten",
    status: 400,
    code: "PGRST100",
  },
  {
    name: "unclosed logic tree",
    path: "?or=(id.eq.1",
    status: 400,
    code: "PGRST100",
  },
  {
    name: "value of the wrong type",
    path: "?id=eq.abc",
    status: 400,
    code: "22P02",
  },
  { name: "unknown column", path: "?select=nope", status: 400, code: "42703" },
  {
    name: "unknown cast type",
    path: "?select=id::nosuchtype",
    status: 400,
    code: "42704",
  },
  {
    name: "unknown embed",
    path: "?select=id,nothing(*)",
    status: 400,
    code: "PGRST200",
  },
  { name: "bad percent-encoding", path: "/%zz", status: 404, code: "PGRST125" },
  { name: "nested path", path: "/a/b", status: 404, code: "PGRST125" },
  {
    name: "unacceptable media type",
    path: "",
    headers: { Accept: "text/nothing" },
    status: 406,
    code: "PGRST107",
  },
  {
    name: "unknown profile",
    path: "",
    headers: { "Accept-Profile": "nope" },
    status: 406,
    code: "PGRST106",
  },
  {
    name: "token with two parts",
    path: "",
    headers: { Authorization: "Bearer a.b" },
    status: 401,
    code: "PGRST301",
  },
  {
    name: "token with a wrong signature",
    path: "",
    headers: { Authorization: "Bearer e30.e30.c2ln" },
    status: 401,
    code: "PGRST301",
  },
  {
    name: "invalid JSON body",
    path: "",
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "{not json",
    status: 400,
    code: "PGRST102",
  },
  {
    name: "JSON scalar body",
    path: "",
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "3",
    status: 400,
    code: "PGRST102",
  },
  {
    name: "invalid JSON to a function",
    path: "/rpc/nothing_here",
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "[",
    status: 400,
    code: "PGRST102",
  },
];

describe("malformed requests", () => {
  for (const attempt of attempts) {
    it(`rejects ${attempt.name}`, async () => {
      const path = attempt.path.startsWith("/")
        ? attempt.path
        : `/${table}${attempt.path}`;
      const response = await fetch(`${stack.REST_URL}${path}`, {
        method: attempt.method ?? "GET",
        headers: { apikey: stack.ANON_KEY, ...attempt.headers },
        body: attempt.body,
      });
      const body = (await response.json()) as Record<string, unknown>;
      expect(response.status).toBe(attempt.status);
      expect(body.code).toBe(attempt.code);
      expect(Object.keys(body).sort()).toEqual([
        "code",
        "details",
        "hint",
        "message",
      ]);
    });
  }

  it("ignores an unreadable Range header and an unknown preference", async () => {
    const response = await fetch(
      `${stack.REST_URL}/${table}?select=energy_kwh&order=id`,
      {
        headers: {
          apikey: stack.ANON_KEY,
          Range: "lots",
          Prefer: "count=bogus",
        },
      },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      { energy_kwh: 1.5 },
      { energy_kwh: 2.25 },
    ]);
  });
});

// Writes as the service role, which RLS does not limit, so that only the
// body can make them fail.
async function write(
  method: string,
  path: string,
  contentType: string,
  body: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${stack.REST_URL}${path}`, {
    method,
    headers: {
      apikey: stack.SERVICE_ROLE_KEY,
      Authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
      "Content-Type": contentType,
    },
    body,
  });
  const text = await response.text();

  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

async function countReadings(energyKwh: number): Promise<number> {
  const { rows } = await db.query(
    `select count(*)::int as count from public.${table} where energy_kwh = $1`,
    [energyKwh],
  );

  return rows[0].count;
}

describe("write bodies", () => {
  it("rejects a text/plain insert", async () => {
    const result = await write(
      "POST",
      `/${table}`,
      "text/plain",
      '{"energy_kwh": 3}',
    );

    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      code: "PGRST102",
      details: null,
      hint: null,
      message: "Content-Type not acceptable: text/plain",
    });
    expect(await countReadings(3)).toBe(0);
  });

  it("rejects a text/plain update", async () => {
    const result = await write(
      "PATCH",
      `/${table}?energy_kwh=eq.1.5`,
      "text/plain; charset=utf-8",
      '{"energy_kwh": 3}',
    );

    expect(result.status).toBe(400);
    expect(result.body.message).toBe("Content-Type not acceptable: text/plain");
    expect(await countReadings(1.5)).toBe(1);
  });

  it("stores the same body sent as JSON", async () => {
    const result = await write(
      "POST",
      `/${table}`,
      "application/json",
      '{"energy_kwh": 3.5, "peak_kw": 1e300}',
    );

    expect(result.status).toBe(201);
    const { rows } = await db.query(
      `select peak_kw::text as peak_kw from public.${table} where energy_kwh = 3.5`,
    );
    expect(rows).toEqual([{ peak_kw: `1${"0".repeat(300)}` }]);
  });

  it("rejects 1e400 in an object", async () => {
    const result = await write(
      "POST",
      `/${table}`,
      "application/json",
      '{"energy_kwh": 4, "peak_kw": 1e400}',
    );

    expect(result.status).toBe(400);
    expect(result.body.code).toBe("PGRST102");
    expect(result.body.message).toBe("JSON number out of range at peak_kw");
    expect(await countReadings(4)).toBe(0);
  });

  it("rejects -1e400 in an array of rows", async () => {
    const result = await write(
      "POST",
      `/${table}`,
      "application/json",
      '[{"energy_kwh": 5, "peak_kw": 1}, {"energy_kwh": 6, "peak_kw": -1e400}]',
    );

    expect(result.status).toBe(400);
    expect(result.body.message).toBe("JSON number out of range at [1].peak_kw");
    expect(await countReadings(5)).toBe(0);
  });

  it("rejects 1e400 in an update", async () => {
    const result = await write(
      "PATCH",
      `/${table}?energy_kwh=eq.2.25`,
      "application/json",
      '{"peak_kw": 1e400}',
    );

    expect(result.status).toBe(400);
    expect(result.body.message).toBe("JSON number out of range at peak_kw");
    const { rows } = await db.query(
      `select peak_kw from public.${table} where energy_kwh = 2.25`,
    );
    expect(rows).toEqual([{ peak_kw: null }]);
  });

  it("rejects 1e400 as a function argument", async () => {
    const result = await write(
      "POST",
      `/rpc/${table}_doubled`,
      "application/json",
      '{"p_value": 1e400}',
    );

    expect(result.status).toBe(400);
    expect(result.body.message).toBe("JSON number out of range at p_value");
  });

  it("rejects text/plain to a numeric function", async () => {
    const result = await write(
      "POST",
      `/rpc/${table}_doubled`,
      "text/plain",
      "21",
    );

    expect(result.status).toBe(404);
    expect(result.body).toEqual({
      code: "PGRST202",
      details:
        `Searched for the function public.${table}_doubled with a single ` +
        "unnamed text parameter, but no matches were found in the schema cache.",
      hint: null,
      message: `Could not find the function public.${table}_doubled in the schema cache`,
    });
  });

  it("rejects an unknown type to a function", async () => {
    const result = await write(
      "POST",
      `/rpc/${table}_doubled`,
      "application/x-custom",
      "21",
    );

    expect(result.status).toBe(400);
    expect(result.body.code).toBe("PGRST102");
    expect(result.body.message).toBe(
      "Content-Type not acceptable: application/x-custom",
    );
  });
});
