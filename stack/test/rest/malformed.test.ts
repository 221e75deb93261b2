// Malformed URLs, headers and bodies get a 4xx with PostgREST's error shape,
// never a 500.
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
      energy_kwh numeric(12,3) not null
    );
    comment on table public.${table} is 'Meter readings of a malformed-request test run.';
    alter table public.${table} enable row level security;
    create policy "Anyone can view readings" on public.${table} for select to anon using (true);
    insert into public.${table} (energy_kwh) values (1.5), (2.25);
  `);
  await reloadSchema(db, stack.REST_URL, stack.ANON_KEY, table);
});

afterAll(async () => {
  await db.query(`drop table if exists public.${table}`);
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
