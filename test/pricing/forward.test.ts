// Supply cost of months without published PTF: the forward expectation
// shaped hourly from history.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";

const stack = inject("stack");
let db: pg.Client;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
});

afterAll(async () => {
  await db.end();
});

async function supplyCost(month: string): Promise<any> {
  const { rows } = await db.query(
    "select public.price_offer($1::jsonb) -> 'months' -> 0 -> 'supply_cost' as cost",
    [
      JSON.stringify({
        distribution_region_code: "baskent",
        subscriber_group_code: "sanayi",
        voltage_level_code: "OG",
        tariff_type: "single_time",
        consumption: { monthly: [{ month, kwh: 50000 }] },
        offer: { kind: "discount", discount_pct: 4 },
      }),
    ],
  );

  return rows[0].cost;
}

async function expectation(month: string): Promise<number> {
  const { rows } = await db.query(
    `select expected_ptf_try_per_mwh::float8 as price
     from public.forward_price_expectations where period_month = ($1 || '-01')::date`,
    [month],
  );

  return rows[0].price;
}

describe("forward-priced months", () => {
  it("averages the hourly shape to the expectation", async () => {
    const cost = await supplyCost("2026-09");
    expect(cost.price_basis).toBe("forward");
    // Hourly prices are rounded to kuruş, so the simple average of 720
    // hours is the expectation within 0.01 TL/MWh.
    expect(
      Math.abs(
        cost.simple_average_price_try_per_mwh - (await expectation("2026-09")),
      ),
    ).toBeLessThanOrEqual(0.01);
  });

  it("shapes the month like its reference month", async () => {
    const { rows } = await db.query(
      `select
         (select avg(price_try_per_mwh) from private.month_prices('2026-09-01')
          where extract(hour from hour_start at time zone 'Europe/Istanbul') = 13)
         < (select avg(price_try_per_mwh) from private.month_prices('2026-09-01')
          where extract(hour from hour_start at time zone 'Europe/Istanbul') = 20)
         as evening_above_noon,
         (select count(distinct price_try_per_mwh) from private.month_prices('2026-09-01'))
         > 24 as varies_by_hour`,
    );
    // September 2025: solar lowers noon prices below the evening peak.
    expect(rows[0]).toEqual({ evening_above_noon: true, varies_by_hour: true });
  });

  it("mixes published hours with the forward shape", async () => {
    // PTF is published up to 2026-05-03, SMF up to 2026-05-02.
    const cost = await supplyCost("2026-05");
    expect(cost.price_basis).toBe("mixed");
  });

  it("names a month without PTF or expectation", async () => {
    const error = await supplyCost("2029-01").catch((e) => e);
    expect(error.code).toBe("22023");
    expect(error.message).toBe(
      "No published PTF and no forward price expectation for 2029-01: choose months with published PTF, or have an admin or manager enter a forward price expectation for them",
    );
  });
});
