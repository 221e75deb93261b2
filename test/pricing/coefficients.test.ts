// Conversion with published profile coefficients, on coefficients entered
// inside a transaction that is rolled back.
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";
import { type Decimal, dec, sum } from "./decimal.ts";
import { monthHours } from "./reference.ts";

const stack = inject("stack");
let db: pg.Client;

// February 2031: T1 and T2 get a multiplier for every hour, T3 misses one.
const MONTH = "2031-02";
const hours = monthHours(MONTH);
const multiplier = (index: number) => dec(`0.00${20 + (index % 7)}`);

beforeEach(async () => {
  db = await connect(stack.DB_URL);
  await db.query("begin");
  await db.query(
    `select private.ensure_month_partitions('public.profile_coefficients',
       '2031-02-01T00:00+03:00', '2031-03-01T00:00+03:00')`,
  );
  const rows = hours
    .map((hour, index) => ({ hour, index }))
    .filter(({ hour, index }) => hour.zone !== "T3" || index !== 2);
  await db.query(
    `insert into public.profile_coefficients (hour_start, period_month,
       distribution_region_code, subscriber_group_code, voltage_level_code,
       meter_reading_type, multiplier, source, is_demo)
     select v.hour_start, '2031-02-01', 'meram', 'sanayi', 'OG', 'three_time',
       v.multiplier, 'test', true
     from unnest($1::timestamptz[], $2::numeric[]) as v (hour_start, multiplier)`,
    [
      rows.map(({ hour }) => hour.start),
      rows.map(({ index }) => multiplier(index).toFixed(4)),
    ],
  );
});

afterEach(async () => {
  await db.query("rollback");
  await db.end();
});

describe("conversion with profile coefficients", () => {
  it("follows the coefficients and falls back where one is missing", async () => {
    const readings = {
      T1: dec("12345.678"),
      T2: dec("4321.5"),
      T3: dec("777"),
    };
    const { rows } = await db.query(
      `select hour_start, time_zone_code, consumption_kwh::text as kwh, shape_source
       from public.convert_consumption_to_hourly($1::jsonb)`,
      [
        JSON.stringify({
          rows: [
            {
              distribution_region_code: "meram",
              subscriber_group_code: "sanayi",
              voltage_level_code: "OG",
              tariff_type: "three_time",
              month: MONTH,
              t1_kwh: 12345.678,
              t2_kwh: 4321.5,
              t3_kwh: 777,
            },
          ],
        }),
      ],
    );
    expect(rows).toHaveLength(hours.length);

    // Zone kWh x (running multiplier sum / zone sum), cumulative shares
    // rounded to 20 decimals, hours rounded to 6 and taken as differences.
    for (const zone of ["T1", "T2"] as const) {
      const zoneHours = hours
        .map((hour, index) => ({ hour, weight: multiplier(index) }))
        .filter(({ hour }) => hour.zone === zone);
      const total = sum(zoneHours.map(({ weight }) => weight));
      let running: Decimal = dec(0n);
      let previous = dec(0n);
      const expected = zoneHours.map(({ weight }) => {
        running = running.plus(weight);
        const cumulative = readings[zone]
          .times(running.dividedBy(total, 20))
          .round(6);
        const kwh = cumulative.minus(previous);
        previous = cumulative;

        return kwh.toFixed(6);
      });
      const actual = rows.filter((row) => row.time_zone_code === zone);
      expect(actual.map((row) => row.kwh)).toEqual(expected);
      expect(
        actual.every((row) => row.shape_source === "profile_coefficients"),
      ).toBe(true);
    }

    const night = rows.filter((row) => row.time_zone_code === "T3");
    expect(night.every((row) => row.shape_source === "flat_within_zone")).toBe(
      true,
    );
    expect(sum(night.map((row) => dec(row.kwh))).toFixed(6)).toBe("777.000000");
  });
});
