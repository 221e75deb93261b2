// Every column the database needs on insert (not null, without a default,
// not generated) is marked required in the admin's create forms, so that the
// form requires it instead of the database rejecting the row.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../../test/db.ts";
import { RESOURCES } from "../src/catalogue/resources.ts";

const stack = inject("stack");
let db: pg.Client;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
});

afterAll(async () => {
  await db?.end();
});

describe("required fields of create forms", () => {
  it("mark each column the database needs as required", async () => {
    const needed = await db.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name
         from information_schema.columns
        where table_schema = 'public'
          and is_nullable = 'NO'
          and column_default is null
          and is_generated = 'NEVER'
          and is_identity = 'NO'`,
    );
    const missing: string[] = [];
    for (const resource of RESOURCES) {
      if (!resource.access.create) {
        continue;
      }
      for (const row of needed.rows) {
        if (row.table_name !== resource.name) {
          continue;
        }
        const field = resource.fields.find(
          (candidate) => candidate.name === row.column_name,
        );
        // A column without a field is filled by a trigger or not entered
        // in the admin at all; the other create tests cover those tables.
        if (field && !field.readOnly && !field.required) {
          missing.push(`${resource.name}.${row.column_name}`);
        }
      }
    }

    expect(missing).toEqual([]);
  });
});
