// The access helpers must run once per statement, not once per row: a
// policy that calls them per row makes every list request scale with the
// table size. Counted with Postgres's per-transaction function statistics.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";
import { type Actor, createFixture, type Fixture } from "./fixture.ts";

const stack = inject("stack");
let db: pg.Client;
let fixture: Fixture;

// Each policy, and each nested policy such as a child table's check on
// parties, has its own init plan. A statement therefore makes a few dozen
// calls at most, while a per-row call makes one per scanned row (over 1,000).
const MAX_CALLS = 50;

const HELPERS = [
  "private.app_role()",
  "private.staff_id()",
  "private.party_id()",
  "private.visible_dealer_ids()",
];

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  fixture = await createFixture(db);
});

afterAll(async () => {
  await db.end();
});

// Runs `sql` as the actor and returns how often each helper was called.
async function helperCalls(
  actor: Exclude<Actor, "anon">,
  sql: string,
): Promise<Record<string, number>> {
  await db.query("begin");
  try {
    await db.query("set local track_functions = 'all'");
    await db.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ sub: fixture.userIds[actor], role: "authenticated" }),
    ]);
    await db.query("set local role authenticated");
    await db.query(sql);
    await db.query("reset role");
    const calls: Record<string, number> = {};
    for (const helper of HELPERS) {
      const { rows } = await db.query(
        "select coalesce(pg_stat_get_xact_function_calls($1::regprocedure), 0)::int as n",
        [helper],
      );
      calls[helper] = rows[0].n;
    }

    return calls;
  } finally {
    await db.query("rollback");
  }
}

describe("policy cost", () => {
  it("scans enough rows for per-row calls to show", async () => {
    const { rows } = await db.query(
      "select (select count(*) from public.parties)::int as parties, (select count(*) from public.metering_points)::int as points",
    );
    expect(rows[0].parties).toBeGreaterThan(1000);
    expect(rows[0].points).toBeGreaterThan(1000);
  });

  it.each([
    ["dealer_above", "select count(*) from public.parties"],
    ["sales_consultant", "select count(*) from public.parties"],
    ["customer_own", "select count(*) from public.parties"],
    ["dealer_below", "select count(*) from public.metering_points"],
    ["sales_consultant", "select count(*) from public.meetings"],
    ["finance", "select count(*) from public.metering_points"],
  ] as Array<[Exclude<Actor, "anon">, string]>)(
    "calls helpers a few times for %s: %s",
    async (actor, sql) => {
      const calls = await helperCalls(actor, sql);
      for (const helper of HELPERS) {
        expect(calls[helper], helper).toBeLessThan(MAX_CALLS);
      }
    },
  );
});
