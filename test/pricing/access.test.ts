// Who may read and write market data and call the pricing functions.
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";

const stack = inject("stack");
let db: pg.Client;

beforeEach(async () => {
  db = await connect(stack.DB_URL);
  await db.query("begin");
});

afterEach(async () => {
  await db.query("rollback");
  await db.end();
});

async function as(role: "anon" | "authenticated"): Promise<void> {
  await db.query(`set local role ${role}`);
}

describe("market data access", () => {
  it("lets signed-in users read prices", async () => {
    await as("authenticated");
    const { rows } = await db.query(
      `select count(*)::integer as hours from public.ptf_hourly_prices
       where hour_start >= '2025-01-01T00:00+03:00' and hour_start < '2026-01-01T00:00+03:00'`,
    );
    expect(rows[0].hours).toBe(8760);
  });

  it("keeps anonymous callers out", async () => {
    await as("anon");
    await expect(
      db.query("select 1 from public.ptf_hourly_prices limit 1"),
    ).rejects.toThrow(/permission denied for table ptf_hourly_prices/);
  });

  it("rejects writes by signed-in users", async () => {
    await as("authenticated");
    await expect(
      db.query(`update public.regulated_tariff_rates set rate_try_per_kwh = 0`),
    ).rejects.toThrow(/permission denied for table regulated_tariff_rates/);
  });

  it("keeps partitions closed when named directly", async () => {
    await as("authenticated");
    await expect(
      db.query("select 1 from public.ptf_hourly_prices_y2025m01 limit 1"),
    ).rejects.toThrow(/permission denied for table ptf_hourly_prices_y2025m01/);
  });

  it("lets staff price but not anonymous callers", async () => {
    // Pricing is open to staff and dealer users, so the call runs with the
    // JWT claims of the demo manager.
    const { rows: managers } = await db.query(
      `select a.user_id from public.app_users a
       join public.staff s on s.id = a.staff_id
       where s.role = 'manager' and s.is_active and a.is_active
       limit 1`,
    );
    await db.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ sub: managers[0].user_id, role: "authenticated" }),
    ]);
    const input = JSON.stringify({
      distribution_region_code: "kayseri",
      subscriber_group_code: "mesken",
      voltage_level_code: "AG",
      tariff_type: "single_time",
      consumption: { monthly: [{ month: "2025-05", kwh: 250 }] },
      offer: { kind: "discount", discount_pct: 5 },
    });
    await as("authenticated");
    const { rows } = await db.query(
      "select public.price_offer($1::jsonb) -> 'totals' ->> 'consumption_kwh' as kwh",
      [input],
    );
    expect(rows[0].kwh).toBe("250.000000");
    await db.query("reset role");
    await as("anon");
    await expect(
      db.query("select public.price_offer($1::jsonb)", [input]),
    ).rejects.toThrow(/permission denied for function price_offer/);
  });

  it("sets an empty search path on every function", async () => {
    const { rows } = await db.query(
      `select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname in ('public', 'private') and p.prokind = 'f'
         and not coalesce(p.proconfig @> array['search_path=""'], false)
         and p.proname in ('price_offer', 'regulated_bill', 'profile_cost',
           'check_offer_rules', 'convert_consumption_to_hourly', 'priced_groups',
           'month_prices', 'ensure_month_partitions')`,
    );
    expect(rows).toEqual([]);
  });

  // The conversion, in kWh and in integer micro-kWh, has no search_path
  // setting, so Postgres can inline it. It runs with its caller's rights and
  // names every object by schema.
  it("inlines the conversion into callers", async () => {
    const { rows } = await db.query(
      `select p.proname, p.proconfig, p.prosecdef, l.lanname
       from pg_proc p join pg_language l on l.oid = p.prolang
       where p.oid in (
         'private.spread_zone_consumption(private.zone_consumption[])'::regprocedure,
         'private.spread_zone_consumption_micro_kwh(private.zone_consumption[])'::regprocedure)
       order by p.proname`,
    );
    expect(rows).toEqual([
      {
        proname: "spread_zone_consumption",
        proconfig: null,
        prosecdef: false,
        lanname: "sql",
      },
      {
        proname: "spread_zone_consumption_micro_kwh",
        proconfig: null,
        prosecdef: false,
        lanname: "sql",
      },
    ]);

    const reading = {
      row_key: "p1",
      distribution_region_code: "kayseri",
      subscriber_group_code: "mesken",
      voltage_level_code: "AG",
      tariff_type: "single_time",
      period_month: "2025-10-01",
      time_zone_code: null,
      consumption_kwh: 744,
    };
    const plan = await db.query(
      `explain (format json)
       select count(*) from private.spread_zone_consumption(
         array[jsonb_populate_record(null::private.zone_consumption, $1::jsonb)])`,
      [JSON.stringify(reading)],
    );
    const text = JSON.stringify(plan.rows[0]);
    expect(text).not.toContain('"Function Name":"spread_zone_consumption"');
    expect(text).not.toContain(
      '"Function Name":"spread_zone_consumption_micro_kwh"',
    );
    expect(text).toContain('"Function Name":"zone_shares"');

    // Inlined, it still spreads the reading over the 744 hours of October.
    const { rows: sums } = await db.query(
      `select count(*)::integer as hours, sum(consumption_kwh)::text as kwh
       from private.spread_zone_consumption(
         array[jsonb_populate_record(null::private.zone_consumption, $1::jsonb)])`,
      [JSON.stringify(reading)],
    );
    expect(sums).toEqual([{ hours: 744, kwh: "744.000000" }]);
  });
});

describe("profile cost and price rules", () => {
  it("weighs PTF by consumption", async () => {
    // Two hours of 2025-01-01: 00:00 at 2494.00 and 01:00 at 1799.98 TL/MWh.
    // Weighted: (1 x 2494 + 3 x 1799.98) / 4 = 1973.485; simple 2146.99.
    const { rows } = await db.query(
      "select public.profile_cost($1::jsonb) as result",
      [
        JSON.stringify({
          consumption: {
            hourly: { start: "2025-01-01T00:00:00+03:00", kwh: [1000, 3000] },
          },
        }),
      ],
    );
    const result = rows[0].result;
    expect(result.weighted_average_ptf_try_per_mwh).toBe(1973.485);
    expect(result.simple_average_ptf_try_per_mwh).toBe(2146.99);
    // (1973.485 - 2146.99) x 4 MWh = -694.02
    expect(result.profile_cost_try).toBe(-694.02);
  });

  it("lists each broken rule with its limit and value", async () => {
    await db.query("delete from public.price_rules");
    await db.query(
      `insert into public.price_rules (rule_kind, subscriber_group_code,
         min_night_share_pct, limit_value, valid_from, note)
       values ('minimum_discount', 'ticarethane', null, 10, '2024-01-01', 'test'),
              ('minimum_discount', 'mesken', null, 50, '2024-01-01', 'test'),
              ('minimum_discount_night_share', null, 30, 12, '2024-01-01', 'test'),
              ('maximum_discount_without_approval', null, null, 10, '2024-01-01', 'test'),
              ('minimum_unit_price', null, null, 0.5, '2024-01-01', 'test')`,
    );
    // Night share 6000 / 20000 = 30 %, so the night-share rule applies.
    const { rows } = await db.query(
      "select public.check_offer_rules($1::jsonb) as result",
      [
        JSON.stringify({
          distribution_region_code: "kayseri",
          subscriber_group_code: "ticarethane",
          voltage_level_code: "AG",
          tariff_type: "three_time",
          consumption: {
            monthly: [
              { month: "2025-02", t1_kwh: 10000, t2_kwh: 4000, t3_kwh: 6000 },
            ],
          },
          offer: { kind: "discount", discount_pct: 11 },
          offer_date: "2025-01-15",
        }),
      ],
    );
    const result = rows[0].result;
    expect(result.metrics.night_share_pct).toBe(30);
    expect(result.metrics.discount_pct).toBe(11);
    expect(
      result.broken_rules.map((rule: Record<string, unknown>) => [
        rule.rule_kind,
        rule.limit_value,
        rule.actual_value,
        rule.consequence,
      ]),
    ).toEqual([
      ["minimum_discount_night_share", 12, 11, "rejected"],
      ["maximum_discount_without_approval", 10, 11, "approval_required"],
    ]);
    expect(result.is_allowed).toBe(false);
    expect(result.requires_approval).toBe(true);
  });
});
