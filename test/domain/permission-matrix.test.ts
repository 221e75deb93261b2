// Runs the permission matrix at SQL level: connected as authenticator, each
// attempt switches to the actor's role and JWT claims inside a transaction
// that is rolled back, as the REST layer does per request.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";
import { ACTORS, type Actor, createFixture, type Fixture } from "./fixture.ts";
import {
  OPERATIONS,
  type Operation,
  PERMISSION_MATRIX,
  type TableExpectation,
} from "./permission-matrix.ts";

const stack = inject("stack");
let superuser: pg.Client;
let api: pg.Client;
let fixture: Fixture;

beforeAll(async () => {
  superuser = await connect(stack.DB_URL);
  api = await connect(stack.AUTHENTICATOR_DB_URL);
  fixture = await createFixture(superuser);
});

afterAll(async () => {
  await api?.end();
  await superuser?.end();
});

type Outcome = "allowed" | "refused";

async function actAs(actor: Actor): Promise<void> {
  if (actor === "anon") {
    await api.query(
      `select set_config('request.jwt.claims', '{"role":"anon"}', true)`,
    );
    await api.query("set local role anon");

    return;
  }
  const claims = { sub: fixture.userIds[actor], role: "authenticated" };
  await api.query("select set_config('request.jwt.claims', $1, true)", [
    JSON.stringify(claims),
  ]);
  await api.query("set local role authenticated");
}

function statement(
  table: string,
  spec: TableExpectation,
  operation: Operation,
): { text: string; values: unknown[] } {
  const target = `public.${api.escapeIdentifier(table)}`;
  const key = api.escapeIdentifier(spec.key);
  const match = `${key}::text = $1`;
  switch (operation) {
    case "select":
      return {
        text: `select ${key} from ${target} where ${match}`,
        values: [spec.target(fixture)],
      };
    case "insert": {
      const row = spec.insertRow(fixture);
      const list = Object.keys(row)
        .map((column) => api.escapeIdentifier(column))
        .join(", ");

      return {
        text: `insert into ${target} (${list})
               select ${list} from jsonb_populate_record(null::${target}, $1::jsonb)
               returning ${key}`,
        values: [JSON.stringify(row)],
      };
    }
    case "update": {
      const patch = spec.updatePatch(fixture);
      const assignments = Object.keys(patch)
        .map((column, index) => {
          const name = api.escapeIdentifier(column);

          return `${name} = (jsonb_populate_record(null::${target}, $${index + 2}::jsonb)).${name}`;
        })
        .join(", ");

      return {
        text: `update ${target} set ${assignments} where ${match} returning ${key}`,
        values: [
          spec.target(fixture),
          ...Object.entries(patch).map(([column, value]) =>
            JSON.stringify({ [column]: value }),
          ),
        ],
      };
    }
    case "delete":
      return {
        text: `delete from ${target} where ${match} returning ${key}`,
        values: [(spec.deleteTarget ?? spec.target)(fixture)],
      };
  }
}

// Runs one attempt and classifies it. A returned row means allowed. No row,
// or SQLSTATE 42501 (row-level security or privilege), means refused. Any
// other error means the matrix row itself is broken, so it is thrown.
async function attempt(
  table: string,
  spec: TableExpectation,
  actor: Actor,
  operation: Operation,
): Promise<Outcome> {
  const { text, values } = statement(table, spec, operation);
  await api.query("begin");
  try {
    await actAs(actor);
    const result = await api.query(text, values);

    return (result.rowCount ?? 0) > 0 ? "allowed" : "refused";
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "42501") {
      return "refused";
    }
    throw new Error(
      `${actor} ${operation} on ${table} failed with ${code}: ${(error as Error).message}`,
    );
  } finally {
    await api.query("rollback");
  }
}

describe("permission matrix", () => {
  // Partitions store the rows of their parent table, which has the matrix
  // row. The schema safety tests check that API roles cannot reach them.
  it("has a row for every table in the public schema", async () => {
    const { rows } = await superuser.query<{ name: string }>(
      `select c.relname as name from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
         and not c.relispartition
       order by 1`,
    );
    expect(rows.map((row) => row.name)).toEqual(
      Object.keys(PERMISSION_MATRIX).sort(),
    );
  });

  it("finds every target row as superuser", async () => {
    for (const [table, spec] of Object.entries(PERMISSION_MATRIX)) {
      const targets = [spec.target(fixture), spec.deleteTarget?.(fixture)];
      for (const target of targets.filter(Boolean)) {
        const { rowCount } = await superuser.query(
          `select 1 from public.${superuser.escapeIdentifier(table)}
           where ${superuser.escapeIdentifier(spec.key)}::text = $1`,
          [target],
        );
        expect(rowCount, `${table} ${target}`).toBe(1);
      }
    }
  });

  // Admins may update scheduled jobs, but only the schedule, because the
  // function a job calls and its body ship with the code.
  it("lets admins change the schedule of a job but not what it calls", async () => {
    const name = fixture.scheduledJobName;
    const change = async (column: string, value: unknown) => {
      await api.query("begin");
      try {
        await actAs("admin");
        const quoted = api.escapeIdentifier(column);
        const result = await api.query(
          `update public.scheduled_jobs set ${quoted} = $2
           where name = $1 returning name`,
          [name, value],
        );

        return result.rowCount;
      } catch (error) {
        return (error as { code?: string }).code;
      } finally {
        await api.query("rollback");
      }
    };
    expect(await change("enabled", false)).toBe(1);
    expect(await change("cron_expression", "15 2 * * *")).toBe(1);
    expect(await change("function_name", "another-function")).toBe("42501");
    expect(await change("body", { all: true })).toBe("42501");
  });

  const cases = Object.entries(PERMISSION_MATRIX).flatMap(([table, spec]) =>
    ACTORS.map((actor) => ({ table, spec, actor })),
  );

  it.each(cases)("$table as $actor", async ({ table, spec, actor }) => {
    const expected: Record<string, Outcome> = {};
    const actual: Record<string, Outcome> = {};
    for (const operation of OPERATIONS) {
      expected[operation] = spec.allowed[operation].includes(actor)
        ? "allowed"
        : "refused";
      actual[operation] = await attempt(table, spec, actor, operation);
    }
    expect(actual).toEqual(expected);
  });
});
