// The demo data set. The test stack seeds its new database as `npm start`
// does, so these tests read that data. One test seeds a scratch database to
// time the seed on its own.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_LOGINS, DEMO_PASSWORD } from "../../seed/src/demo-logins.ts";
import {
  generateDataSet,
  type ReferenceData,
} from "../../seed/src/generate.ts";
import { seedDatabase } from "../../seed/src/load.ts";
import { configFromEnv } from "../../stack/src/config.ts";
import { applyMigrations } from "../../stack/src/migrate.ts";
import { bootstrapDatabase } from "../../stack/src/stack.ts";
import { connect, createScratchDatabase } from "../db.ts";

const stack = inject("stack");
let db: pg.Client;
let api: pg.Client;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  api = await connect(stack.AUTHENTICATOR_DB_URL);
});

afterAll(async () => {
  await api.end();
  await db.end();
});

async function count(sql: string): Promise<number> {
  const { rows } = await db.query(sql);

  return Number(rows[0].count);
}

async function reference(): Promise<ReferenceData> {
  const provinces = await db.query(
    "select plate_code, name, distribution_region_code from public.provinces order by plate_code",
  );
  const districts = await db.query(
    "select id, province_plate_code, name, distribution_region_code from public.districts order by id",
  );

  return { provinces: provinces.rows, districts: districts.rows };
}

describe("demo data", () => {
  it("has the documented volumes", async () => {
    // The test stack seeds with the default seed value 1.
    const data = generateDataSet(1, await reference());
    const stored = async (table: string, ids: unknown[]) => {
      const { rows } = await db.query(
        `select count(*)::int as n from public.${table} where id = any($1::uuid[])`,
        [ids],
      );

      return rows[0].n;
    };
    const ids = (rows: Array<Record<string, unknown>>) => rows.map((r) => r.id);
    expect(await stored("parties", ids(data.parties))).toBe(2000);
    expect(await stored("metering_points", ids(data.meteringPoints))).toBe(
      5000,
    );
    expect(await stored("staff", ids(data.staff))).toBe(25);
    const { rows } = await db.query(
      `select level, count(*)::int as n from public.dealers
       where id = any($1::uuid[]) group by level order by level`,
      [ids(data.dealers)],
    );
    expect(rows).toEqual([
      { level: "distributor", n: 3 },
      { level: "main_dealer", n: 9 },
      { level: "sub_dealer", n: 27 },
    ]);
    expect(data.meetings.length).toBe(3000);
    expect(data.actions.length).toBeGreaterThan(1000);
  });

  it("spreads metering points across regions and groups", async () => {
    expect(
      await count(
        "select count(distinct distribution_region_code) from public.metering_points where code like '40Z000%'",
      ),
    ).toBeGreaterThanOrEqual(18);
    expect(
      await count(
        "select count(distinct subscriber_group_code) from public.metering_points where code like '40Z000%'",
      ),
    ).toBe(4);
  });

  it("keeps valid check digits throughout", async () => {
    expect(
      await count(
        `select count(*) from public.parties
         where not coalesce(private.is_valid_vkn(vkn), false)
           and not coalesce(private.is_valid_tckn(tckn), false)`,
      ),
    ).toBe(0);
    expect(
      await count(
        "select count(*) from public.dealers where iban is not null and not private.is_valid_iban(iban)",
      ),
    ).toBe(0);
  });

  it("lists every demo login in the stack status", () => {
    expect(stack.DEMO_LOGINS.map((login) => login.email)).toEqual(
      DEMO_LOGINS.map((login) => login.email),
    );
    expect(new Set(stack.DEMO_LOGINS.map((login) => login.password))).toEqual(
      new Set([DEMO_PASSWORD]),
    );
  });

  it.each(DEMO_LOGINS)("lets $email sign in as $role", async (login) => {
    const { rows } = await db.query(
      `select id, email_confirmed_at is not null as confirmed,
         encrypted_password = extensions.crypt($2, encrypted_password) as password_ok
       from auth.users where email = $1`,
      [login.email, DEMO_PASSWORD],
    );
    expect(rows[0]).toMatchObject({ confirmed: true, password_ok: true });
    await api.query("begin");
    try {
      await api.query("select set_config('request.jwt.claims', $1, true)", [
        JSON.stringify({ sub: rows[0].id, role: "authenticated" }),
      ]);
      await api.query("set local role authenticated");
      const role = await api.query("select private.app_role() as role");
      expect(role.rows[0].role).toBe(login.role);
    } finally {
      await api.query("rollback");
    }
  });

  it("puts the demo sub-dealer below the demo main dealer", async () => {
    const { rows } = await db.query(
      `select dealer.parent_dealer_id = (
         select a.dealer_id from public.app_users a
         join auth.users u on u.id = a.user_id
         where u.email = 'dealer.main@demo.enerji.test'
       ) as below
       from public.app_users account
       join auth.users u on u.id = account.user_id
       join public.dealers dealer on dealer.id = account.dealer_id
       where u.email = 'dealer.sub@demo.enerji.test'`,
    );
    expect(rows).toEqual([{ below: true }]);
  });

  it("spreads party creation over past months", async () => {
    // Seeded parties only: the tests add theirs after the reference day.
    const seeded = "p.created_at < '2026-12-01T00:00:00+03:00'";
    const { rows: months } = await db.query<{ month: string; n: number }>(
      `select to_char(p.created_at at time zone 'Europe/Istanbul', 'YYYY-MM')
         as month, count(*)::int as n
       from public.parties p where ${seeded}
       group by 1 order by 1`,
    );
    const total = months.reduce((sum, row) => sum + row.n, 0);
    expect(total).toBeGreaterThanOrEqual(2_000);
    expect(months.length).toBeGreaterThanOrEqual(20);
    for (const row of months) {
      expect(row.n / total, row.month).toBeLessThan(0.1);
    }
    const november = months.find((row) => row.month === "2026-11")?.n ?? 0;
    expect(november).toBeGreaterThan(0);

    // No party is entered after it became a customer or after a meeting.
    expect(
      await count(
        `select count(*) from public.parties p
         where ${seeded} and p.created_at > p.became_customer_at`,
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*) from public.meetings m
         join public.parties p on p.id = m.party_id
         where ${seeded} and m.starts_at < p.created_at`,
      ),
    ).toBe(0);

    // The dashboard's "added this month" counts parties created in the
    // month, whatever their lifecycle.
    const { rows } = await db.query(
      "select public.admin_dashboard('2026-11-15') -> 'conversions' as c",
    );
    expect(rows[0].c.new_parties).toBe(november);
  });

  it("generates the same data for the same seed", async () => {
    const data = await reference();
    const first = generateDataSet(7, data);
    const second = generateDataSet(7, data);
    const other = generateDataSet(8, data);
    expect(second).toEqual(first);
    expect(other.parties[0]?.id).not.toBe(first.parties[0]?.id);
  });

  it("seeds a new database within 20 seconds", async () => {
    const scratch = await createScratchDatabase(stack.DB_URL);
    const client = await connect(scratch.url);
    try {
      // The authenticator role is cluster-wide: keep its password.
      const password = decodeURIComponent(
        new URL(stack.AUTHENTICATOR_DB_URL).password,
      );
      await bootstrapDatabase(client, password);
      await applyMigrations(client, configFromEnv().migrationsDir);
      const result = await seedDatabase(client, 3);
      expect(result.seeded).toBe(true);
      expect(result.milliseconds.total).toBeLessThan(20_000);
      expect(result.counts.parties).toBe(2000);
      const again = await seedDatabase(client, 3);
      expect(again.seeded).toBe(false);
    } finally {
      await client.end();
      await scratch.drop();
    }
  }, 60_000);
});
