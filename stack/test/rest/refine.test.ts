// Drives /rest/v1 with the @refinedev/supabase data provider the admin uses,
// as two signed-in users against tables with row-level security.
import { dataProvider } from "@refinedev/supabase";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../../../test/db.ts";
import {
  clientFor,
  reloadSchema,
  signUser,
  type TestUser,
  uniquePrefix,
} from "./helpers.ts";

const stack = inject("stack");
const p = uniquePrefix();
const meters = `${p}_meters`;
let db: pg.Client;
let alice: TestUser;
let bora: TestUser;
let providerA: ReturnType<typeof dataProvider>;
let providerB: ReturnType<typeof dataProvider>;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  alice = await signUser(stack.JWT_SECRET);
  bora = await signUser(stack.JWT_SECRET);
  await db.query(`
    create table public.${meters} (
      id bigint generated always as identity primary key,
      serial_no text not null unique,
      consumption_kwh numeric(14,3) not null,
      region text not null,
      owner_id uuid not null default auth.uid()
    );
    comment on table public.${meters} is 'Meters of a data provider test run.';
    alter table public.${meters} enable row level security;
    create policy "Owners can view their meters" on public.${meters}
      for select to authenticated using (owner_id = auth.uid());
    create policy "Owners can add meters" on public.${meters}
      for insert to authenticated with check (owner_id = auth.uid());
    create policy "Owners can change their meters" on public.${meters}
      for update to authenticated using (owner_id = auth.uid()) with check (owner_id = auth.uid());
    create policy "Owners can remove their meters" on public.${meters}
      for delete to authenticated using (owner_id = auth.uid());
  `);
  const rows: Array<[string, string, string, TestUser]> = [
    ["M-01", "120.500", "Marmara", alice],
    ["M-02", "80.000", "Ege", alice],
    ["M-03", "300.250", "Marmara", alice],
    ["M-04", "45.000", "Akdeniz", alice],
    ["M-05", "999.000", "Marmara", bora],
  ];
  for (const [serial, kwh, region, owner] of rows) {
    await db.query(
      `insert into public.${meters} (serial_no, consumption_kwh, region, owner_id) values ($1, $2, $3, $4)`,
      [serial, kwh, region, owner.id],
    );
  }
  await reloadSchema(db, stack.REST_URL, stack.ANON_KEY, meters);
  providerA = dataProvider(
    clientFor(stack.API_URL, stack.ANON_KEY, alice.token),
  );
  providerB = dataProvider(
    clientFor(stack.API_URL, stack.ANON_KEY, bora.token),
  );
});

afterAll(async () => {
  await db.query(`drop table if exists public.${meters}`);
  await db.query("notify pgrst, 'reload schema'");
  await db.end();
});

const idOf = async (serial: string) =>
  (
    await db.query(`select id from public.${meters} where serial_no = $1`, [
      serial,
    ])
  ).rows[0].id as string;

describe("the Refine data provider", () => {
  it("lists with filters, sorters and pages, counting all matches", async () => {
    const page1 = await providerA.getList({
      resource: meters,
      filters: [
        { field: "region", operator: "eq", value: "Marmara" },
        { field: "consumption_kwh", operator: "gte", value: 100 },
      ],
      sorters: [{ field: "consumption_kwh", order: "desc" }],
      pagination: { currentPage: 1, pageSize: 1 },
    });
    expect(page1.total).toBe(2);
    expect(page1.data.map((row) => row.serial_no)).toEqual(["M-03"]);
    const page2 = await providerA.getList({
      resource: meters,
      filters: [
        { field: "region", operator: "eq", value: "Marmara" },
        { field: "consumption_kwh", operator: "gte", value: 100 },
      ],
      sorters: [{ field: "consumption_kwh", order: "desc" }],
      pagination: { currentPage: 2, pageSize: 1 },
    });
    expect(page2.data.map((row) => row.serial_no)).toEqual(["M-01"]);
  });

  it("lists with or, contains and in filters", async () => {
    const result = await providerA.getList({
      resource: meters,
      filters: [
        {
          operator: "or",
          value: [
            { field: "region", operator: "eq", value: "Ege" },
            { field: "serial_no", operator: "contains", value: "04" },
          ],
        },
      ],
      sorters: [{ field: "serial_no", order: "asc" }],
    });
    expect(result.data.map((row) => row.serial_no)).toEqual(["M-02", "M-04"]);
    const listed = await providerA.getList({
      resource: meters,
      filters: [
        { field: "serial_no", operator: "in", value: ["M-01", "M-04", "M-05"] },
      ],
      sorters: [{ field: "serial_no", order: "asc" }],
    });
    expect(listed.data.map((row) => row.serial_no)).toEqual(["M-01", "M-04"]);
  });

  it("gets one record and many records by id", async () => {
    const one = await providerA.getOne({
      resource: meters,
      id: await idOf("M-02"),
    });
    expect(one.data).toMatchObject({
      serial_no: "M-02",
      consumption_kwh: 80,
      region: "Ege",
    });
    const many = await providerA.getMany({
      resource: meters,
      ids: [await idOf("M-01"), await idOf("M-03"), await idOf("M-05")],
    });
    expect(many.data.map((row) => row.serial_no).sort()).toEqual([
      "M-01",
      "M-03",
    ]);
  });

  it("creates, updates and deletes a record", async () => {
    const created = await providerA.create({
      resource: meters,
      variables: { serial_no: "M-10", consumption_kwh: 12.5, region: "Ege" },
    });
    expect(created.data).toMatchObject({
      serial_no: "M-10",
      consumption_kwh: 12.5,
      owner_id: alice.id,
    });
    const id = created.data.id as string;
    const updated = await providerA.update({
      resource: meters,
      id,
      variables: { consumption_kwh: 13 },
    });
    expect(updated.data).toMatchObject({
      serial_no: "M-10",
      consumption_kwh: 13,
    });
    const { rows } = await db.query(
      `select consumption_kwh from public.${meters} where id = $1`,
      [id],
    );
    expect(rows[0].consumption_kwh).toBe("13.000");
    // deleteOne requests no representation, so PostgREST returns 204
    const removed = await providerA.deleteOne({ resource: meters, id });
    expect(removed.data).toBeUndefined();
    const { rows: left } = await db.query(
      `select 1 from public.${meters} where id = $1`,
      [id],
    );
    expect(left).toHaveLength(0);
  });

  it("shows the second user only their own records", async () => {
    const list = await providerB.getList({ resource: meters });
    expect(list.total).toBe(1);
    expect(list.data.map((row) => row.serial_no)).toEqual(["M-05"]);
    const hidden = await providerB.getOne({
      resource: meters,
      id: await idOf("M-01"),
    });
    expect(hidden.data).toBeUndefined();
    await providerB.update({
      resource: meters,
      id: await idOf("M-01"),
      variables: { region: "Ege" },
    });
    const { rows } = await db.query(
      `select region from public.${meters} where serial_no = 'M-01'`,
    );
    expect(rows[0].region).toBe("Marmara");
  });
});
