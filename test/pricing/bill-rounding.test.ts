// Rounding and proration of the regulated bill, on invented rates entered
// inside a transaction that is rolled back.
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";

const stack = inject("stack");
let db: pg.Client;

const TARIFF = {
  distribution_region_code: "kayseri",
  subscriber_group_code: "ticarethane",
  voltage_level_code: "AG",
  term_type: "single_term",
  tariff_type: "three_time",
};

beforeEach(async () => {
  db = await connect(stack.DB_URL);
  await db.query("begin");
  // Invented rates from 2030-01-01; BTV 5 % and KDV 20 % are the stored
  // rates for commercial meters.
  await db.query(
    `insert into public.regulated_tariff_rates (component, subscriber_group_code,
       voltage_level_code, term_type, tariff_type, time_zone_code, valid_from,
       rate_try_per_kwh, source, is_demo)
     values
       ('energy', 'ticarethane', 'AG', 'single_term', 'three_time', 'T1', '2030-01-01', 2.059, 'test', true),
       ('energy', 'ticarethane', 'AG', 'single_term', 'three_time', 'T2', '2030-01-01', 2.931, 'test', true),
       ('energy', 'ticarethane', 'AG', 'single_term', 'three_time', 'T3', '2030-01-01', 2.519, 'test', true),
       ('distribution', 'ticarethane', 'AG', 'single_term', null, null, '2030-01-01', 0.927, 'test', true)`,
  );
});

afterEach(async () => {
  await db.query("rollback");
  await db.end();
});

async function regulatedBill(input: unknown): Promise<any> {
  const { rows } = await db.query(
    "select public.regulated_bill($1::jsonb) as result",
    [JSON.stringify(input)],
  );

  return rows[0].result;
}

describe("regulated bill rounding", () => {
  it("rounds lines, then each tax once on the rounded bases", async () => {
    const result = await regulatedBill({
      ...TARIFF,
      consumption: {
        monthly: [
          { month: "2030-01", t1_kwh: 88.5, t2_kwh: 199.7, t3_kwh: 288.7 },
        ],
      },
    });
    const bill = result.months[0].bill;
    // 88.5 x 2.059 = 182.2215; 199.7 x 2.931 = 585.3207;
    // 288.7 x 2.519 = 727.2353; 576.9 x 0.927 = 534.7863.
    expect(
      bill.lines.map((line: { amount_try: number }) => line.amount_try),
    ).toEqual([182.22, 585.32, 727.24, 534.79]);
    expect(bill.subtotal_try).toBe(2029.57);
    // 5 % of 1494.78 = 74.739; 20 % of 2104.31 = 420.862.
    expect(bill.btv_try).toBe(74.74);
    expect(bill.kdv_try).toBe(420.86);
    expect(bill.total_try).toBe(2525.17);
  });

  it("splits lines by consumption when a rate starts mid-month", async () => {
    await db.query(
      `insert into public.regulated_tariff_rates (component, subscriber_group_code,
         voltage_level_code, term_type, tariff_type, time_zone_code, valid_from,
         rate_try_per_kwh, source, is_demo)
       values ('energy', 'ticarethane', 'AG', 'single_term', 'three_time', 'T1',
         '2030-01-21', 3.000, 'test', true)`,
    );
    // January 2030 has 31 days x 11 T1 hours = 341; a flat spread puts
    // 341 kWh at 1 kWh per hour: 20 days (220 kWh) at the old rate and
    // 11 days (121 kWh) at the new one.
    const result = await regulatedBill({
      ...TARIFF,
      consumption: {
        monthly: [{ month: "2030-01", t1_kwh: 341, t2_kwh: 0, t3_kwh: 0 }],
      },
    });
    const lines = result.months[0].bill.lines.filter(
      (line: { time_zone_code: string }) => line.time_zone_code === "T1",
    );
    expect(
      lines.map((line: Record<string, unknown>) => [
        line.valid_from,
        line.quantity_kwh,
        line.amount_try,
      ]),
    ).toEqual([
      ["2030-01-01", 220, 452.98], // 220 x 2.059 = 452.98
      ["2030-01-21", 121, 363], // 121 x 3.000
    ]);
    // One BTV on 452.98 + 363.00 (+ T2/T3 lines of 0): 40.799 -> 40.80.
    expect(result.months[0].bill.btv_try).toBe(40.8);
  });

  it("names the missing rate", async () => {
    const error = await regulatedBill({
      ...TARIFF,
      consumption: {
        monthly: [{ month: "2019-01", t1_kwh: 1, t2_kwh: 0, t3_kwh: 0 }],
      },
    }).catch((e) => e);
    expect(error.code).toBe("22023");
    expect(error.message).toBe(
      "No regulated energy rate for ticarethane AG single_term three_time T1 in 2019-01",
    );
  });
});

describe("input errors", () => {
  it.each([
    [{}, "Missing input field distribution_region_code"],
    [{ ...TARIFF, voltage_level_code: "YG" }, "Invalid voltage_level_code: YG"],
    [{ ...TARIFF }, "Missing input field consumption"],
    [
      { ...TARIFF, consumption: { monthly: [{ month: "2025-13" }] } },
      'Invalid month "2025-13" in item 1 of consumption.monthly: use YYYY-MM',
    ],
    [
      {
        ...TARIFF,
        consumption: {
          monthly: [{ month: "2025-01", t1_kwh: -1, t2_kwh: 0, t3_kwh: 0 }],
        },
      },
      "Invalid t1_kwh in month 2025-01 of consumption.monthly: -1 is negative",
    ],
    [
      {
        ...TARIFF,
        consumption: {
          hourly: { start: "2025-01-01T00:00:00+03:00", kwh: [1, "x"] },
        },
      },
      "consumption.hourly.kwh must hold numbers only",
    ],
  ])("rejects %j", async (input, message) => {
    const error = await regulatedBill(input).catch((e) => e);
    expect(error.code).toBe("22023");
    expect(error.message).toBe(message);
  });
});
