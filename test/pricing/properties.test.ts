// Properties of conversion and offer pricing over generated inputs.
import fc from "fast-check";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";
import { dec, sum } from "./decimal.ts";

const stack = inject("stack");
let db: pg.Client;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
});

afterAll(async () => {
  await db.end();
});

async function rpc(name: string, input: unknown): Promise<any> {
  const { rows } = await db.query(
    `select public.${name}($1::jsonb) as result`,
    [JSON.stringify(input)],
  );

  return rows[0].result;
}

// kWh with up to 3 decimals, as a decimal string and as a JSON number.
const kwh = fc
  .integer({ min: 0, max: 5_000_000_000 })
  .map((milli) => (milli / 1000).toFixed(3));

const month = fc.record({
  year: fc.integer({ min: 2015, max: 2026 }),
  month: fc.integer({ min: 1, max: 12 }),
});

describe("conversion to hourly", () => {
  it("sums back to every zone exactly", async () => {
    await fc.assert(
      fc.asyncProperty(
        month,
        kwh,
        kwh,
        kwh,
        fc.constantFrom("kayseri", "meram", "bogazici"),
        async (period, t1, t2, t3, region) => {
          const label = `${period.year}-${String(period.month).padStart(2, "0")}`;
          const { rows } = await db.query(
            `select time_zone_code, consumption_kwh::text as kwh
             from public.convert_consumption_to_hourly($1::jsonb)`,
            [
              JSON.stringify({
                rows: [
                  {
                    distribution_region_code: region,
                    subscriber_group_code: "ticarethane",
                    voltage_level_code: "OG",
                    tariff_type: "three_time",
                    month: label,
                    t1_kwh: Number(t1),
                    t2_kwh: Number(t2),
                    t3_kwh: Number(t3),
                  },
                ],
              }),
            ],
          );
          const zoneSum = (zone: string) =>
            sum(
              rows
                .filter((row) => row.time_zone_code === zone)
                .map((row) => dec(row.kwh)),
            ).toFixed(3);
          expect(zoneSum("T1")).toBe(t1);
          expect(zoneSum("T2")).toBe(t2);
          expect(zoneSum("T3")).toBe(t3);
          expect(rows.every((row) => !row.kwh.startsWith("-"))).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});

const tariff = {
  distribution_region_code: "kayseri",
  voltage_level_code: "AG",
  term_type: "single_term",
  tariff_type: "three_time",
};

const offerInput = fc.record({
  group: fc.constantFrom("mesken", "ticarethane", "sanayi"),
  month: fc
    .integer({ min: 1, max: 12 })
    .map((m) => `2025-${String(m).padStart(2, "0")}`),
  t1: fc.integer({ min: 1, max: 2_000_000 }),
  t2: fc.integer({ min: 0, max: 1_000_000 }),
  t3: fc.integer({ min: 0, max: 1_000_000 }),
  discount: fc.integer({ min: 0, max: 3000 }).map((basis) => basis / 100),
});

describe("offer pricing", () => {
  it("saves the regulated bill minus the offer bill", async () => {
    await fc.assert(
      fc.asyncProperty(offerInput, async (input) => {
        const result = await rpc("price_offer", {
          ...tariff,
          subscriber_group_code: input.group,
          consumption: {
            monthly: [
              {
                month: input.month,
                t1_kwh: input.t1 / 10,
                t2_kwh: input.t2 / 10,
                t3_kwh: input.t3 / 10,
              },
            ],
          },
          offer: { kind: "discount", discount_pct: input.discount },
        });
        const m = result.months[0];
        expect(
          dec(String(m.regulated_bill.total_try))
            .minus(dec(String(m.offer_bill.total_try)))
            .toFixed(2),
        ).toBe(dec(String(m.savings_try)).toFixed(2));
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it("earns nothing at the break-even discount", async () => {
    await fc.assert(
      fc.asyncProperty(offerInput, async (input) => {
        const base = {
          ...tariff,
          subscriber_group_code: input.group,
          consumption: {
            monthly: [
              {
                month: input.month,
                t1_kwh: input.t1,
                t2_kwh: input.t2,
                t3_kwh: input.t3,
              },
            ],
          },
        };
        const first = await rpc("price_offer", {
          ...base,
          offer: { kind: "discount", discount_pct: input.discount },
        });
        const breakEven = first.months[0].break_even_discount_pct as number;
        // A supply cost above the regulated energy charge needs a negative
        // discount, which no offer can carry.
        fc.pre(breakEven >= 0 && breakEven <= 100);
        const second = await rpc("price_offer", {
          ...base,
          offer: { kind: "discount", discount_pct: breakEven },
        });
        // Each of the three energy lines is rounded to kuruş and the
        // discount to 10 decimals: the profit is zero within 0.02 TL.
        const profit = dec(String(second.months[0].gross_profit_try)).abs();
        expect(profit.compare(dec("0.02"))).toBeLessThanOrEqual(0);
      }),
      { numRuns: 15 },
    );
  }, 180_000);
});
