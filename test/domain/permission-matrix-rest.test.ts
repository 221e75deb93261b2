// Replays the permission matrix through /rest/v1 over HTTP, with a signed
// JWT per actor (the anon key for anon), and expects the same outcomes as
// the SQL runner. Writes over REST cannot be rolled back, so each table gets
// a fixture of its own. Every write that goes through is undone as superuser
// before the next attempt: an inserted row is deleted, an updated row gets
// its old values back and a deleted row is inserted again. Delete
// attempts come last, refused actors first, because a delete may cascade to
// rows that later attempts would need.
import { SignJWT } from "jose";
import type pg from "pg";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";
import { ACTORS, type Actor, createFixture, type Fixture } from "./fixture.ts";
import {
  OPERATIONS,
  type Operation,
  PERMISSION_MATRIX,
  type TableExpectation,
} from "./permission-matrix.ts";

const stack = inject("stack");
// Number of tables replayed at the same time, each with its own fixture.
const CONCURRENT_TABLES = 6;

type Outcome = "allowed" | "refused";
type Row = Record<string, unknown>;

const tokens = new Map<string, string>();

async function tokenFor(fixture: Fixture, actor: Actor): Promise<string> {
  if (actor === "anon") {
    return stack.ANON_KEY;
  }
  const sub = fixture.userIds[actor];
  const cached = tokens.get(sub);
  if (cached) {
    return cached;
  }
  const token = await new SignJWT({ sub, role: "authenticated" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setAudience("authenticated")
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(new TextEncoder().encode(stack.JWT_SECRET));
  tokens.set(sub, token);

  return token;
}

// Sends one attempt and classifies the response like the SQL runner. A
// returned row means allowed. An empty array, or 401/403 with SQLSTATE 42501,
// means refused. Any other response is thrown as an error.
async function send(
  fixture: Fixture,
  table: string,
  spec: TableExpectation,
  actor: Actor,
  operation: Operation,
): Promise<{ outcome: Outcome; rows: Row[] }> {
  const target =
    operation === "delete"
      ? (spec.deleteTarget ?? spec.target)(fixture)
      : spec.target(fixture);
  const filter = `${encodeURIComponent(spec.key)}=eq.${encodeURIComponent(target)}`;
  const base = `${stack.REST_URL}/${encodeURIComponent(table)}`;
  const request: { url: string; method: string; body?: string } = {
    get select() {
      return { url: `${base}?${filter}`, method: "GET" };
    },
    get insert() {
      return {
        url: base,
        method: "POST",
        body: JSON.stringify(spec.insertRow(fixture)),
      };
    },
    get update() {
      return {
        url: `${base}?${filter}`,
        method: "PATCH",
        body: JSON.stringify(spec.updatePatch(fixture)),
      };
    },
    get delete() {
      return { url: `${base}?${filter}`, method: "DELETE" };
    },
  }[operation];
  const response = await fetch(request.url, {
    method: request.method,
    headers: {
      apikey: stack.ANON_KEY,
      authorization: `Bearer ${await tokenFor(fixture, actor)}`,
      "content-type": "application/json",
      prefer: "return=representation",
    },
    body: request.body,
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : null;
  if (response.ok && Array.isArray(body)) {
    return {
      outcome: body.length > 0 ? "allowed" : "refused",
      rows: body as Row[],
    };
  }
  const code = (body as { code?: string } | null)?.code;
  if (
    (response.status === 401 || response.status === 403) &&
    code === "42501"
  ) {
    return { outcome: "refused", rows: [] };
  }
  throw new Error(
    `${actor} ${operation} on ${table} failed with status ${response.status}: ${text}`,
  );
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function snapshot(
  db: pg.Client,
  table: string,
  key: string,
  target: string,
): Promise<Row | undefined> {
  const { rows } = await db.query<{ row: Row }>(
    `select to_jsonb(t) as row from public.${quoted(table)} t
     where ${quoted(key)}::text = $1`,
    [target],
  );

  return rows[0]?.row;
}

// Returns the columns a plain insert may set (not generated, not dropped).
async function writableColumns(
  db: pg.Client,
  table: string,
): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select attname as name from pg_attribute
     where attrelid = $1::regclass and attnum > 0 and not attisdropped
       and attgenerated = ''
     order by attnum`,
    [`public.${quoted(table)}`],
  );

  return rows.map((row) => row.name);
}

async function restoreColumns(
  db: pg.Client,
  table: string,
  key: string,
  target: string,
  before: Row,
  columns: string[],
): Promise<void> {
  const list = columns.map(quoted).join(", ");
  await db.query(
    `update public.${quoted(table)} set (${list}) =
       (select ${list} from jsonb_populate_record(null::public.${quoted(table)}, $2::jsonb))
     where ${quoted(key)}::text = $1`,
    [target, JSON.stringify(before)],
  );
}

// Tables replay a few at a time, and each replay's fixture inserts the
// fixed market rows where they are missing, so another replay may have put
// the row back first.
async function putBack(
  db: pg.Client,
  table: string,
  before: Row,
): Promise<void> {
  const list = (await writableColumns(db, table)).map(quoted).join(", ");
  await db.query(
    `insert into public.${quoted(table)} (${list}) overriding system value
     select ${list} from jsonb_populate_record(null::public.${quoted(table)}, $1::jsonb)
     on conflict do nothing`,
    [JSON.stringify(before)],
  );
}

const expectedOutcome = (
  spec: TableExpectation,
  actor: Actor,
  operation: Operation,
): Outcome => (spec.allowed[operation].includes(actor) ? "allowed" : "refused");

// Replays every actor and operation on one table, with a superuser
// connection of its own, and returns the outcomes per actor.
async function replayTable(
  table: string,
  spec: TableExpectation,
): Promise<Record<string, Record<string, Outcome>>> {
  const db = await connect(stack.DB_URL);
  try {
    return await replayWith(db, table, spec);
  } finally {
    await db.end();
  }
}

async function replayWith(
  db: pg.Client,
  table: string,
  spec: TableExpectation,
): Promise<Record<string, Record<string, Outcome>>> {
  const fixture = await createFixture(db);
  const actual: Record<string, Record<string, Outcome>> = {};
  for (const actor of ACTORS) {
    actual[actor] = {};
  }
  const target = spec.target(fixture);
  const patchColumns = Object.keys(spec.updatePatch(fixture));

  for (const actor of ACTORS) {
    const outcomes = actual[actor] as Record<string, Outcome>;
    outcomes.select = (
      await send(fixture, table, spec, actor, "select")
    ).outcome;

    const inserted = await send(fixture, table, spec, actor, "insert");
    outcomes.insert = inserted.outcome;
    for (const row of inserted.rows) {
      await db.query(
        `delete from public.${quoted(table)} where ${quoted(spec.key)} = $1`,
        [row[spec.key]],
      );
    }

    const before = await snapshot(db, table, spec.key, target);
    const updated = await send(fixture, table, spec, actor, "update");
    outcomes.update = updated.outcome;
    if (updated.outcome === "allowed" && before) {
      await restoreColumns(db, table, spec.key, target, before, patchColumns);
    }
  }

  const deleteTarget = (spec.deleteTarget ?? spec.target)(fixture);
  const row = await snapshot(db, table, spec.key, deleteTarget);
  const deleteOrder = [...ACTORS].sort(
    (left, right) =>
      Number(expectedOutcome(spec, left, "delete") === "allowed") -
      Number(expectedOutcome(spec, right, "delete") === "allowed"),
  );
  for (const actor of deleteOrder) {
    if (row && !(await snapshot(db, table, spec.key, deleteTarget))) {
      await putBack(db, table, row);
    }
    const outcomes = actual[actor] as Record<string, Outcome>;
    outcomes.delete = (
      await send(fixture, table, spec, actor, "delete")
    ).outcome;
  }
  if (row && !(await snapshot(db, table, spec.key, deleteTarget))) {
    await putBack(db, table, row);
  }

  return actual;
}

const tables = Object.entries(PERMISSION_MATRIX);
type Outcomes = Record<string, Record<string, Outcome>>;
const results = new Map<string, Promise<Outcomes>>();

// Starts every table, a few at a time. Each test awaits its own table.
function startAll(): void {
  let running = 0;
  const waiting: Array<() => void> = [];
  const slot = async () => {
    if (running >= CONCURRENT_TABLES) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running += 1;
  };
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  for (const [table, spec] of tables) {
    const run = slot().then(() => replayTable(table, spec).finally(release));
    // The table's own test reports a failure.
    run.catch(() => undefined);
    results.set(table, run);
  }
}

describe("permission matrix over REST", () => {
  beforeAll(startAll);

  it.each(tables.map(([table, spec]) => ({ table, spec })))(
    "$table for every actor",
    async ({ table, spec }) => {
      const actual = await results.get(table);
      const expected = Object.fromEntries(
        ACTORS.map((actor) => [
          actor,
          Object.fromEntries(
            OPERATIONS.map((operation) => [
              operation,
              expectedOutcome(spec, actor, operation),
            ]),
          ),
        ]),
      );
      expect(actual).toEqual(expected);
    },
  );
});
