// public.metering_point_consumption: readings summed per month, day or
// hour and time zone, with the estimated part apart, for charts.
import pg from "pg";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "../../stack/test/functions/harness.ts";
import { demoCodes, insertOsosPoints } from "./metering-points.ts";

const stack = inject("stack");
const CODE = demoCodes(1, 5_000_000_001)[0] as string;

let db: pg.Client;
let drop: () => Promise<void>;
let pointId: string;

type Row = {
  period_start: Date;
  time_zone_code: string;
  consumption_kwh: string;
  injection_kwh: string;
  estimated_consumption_kwh: string;
  hour_count: number;
};

async function consumption(
  from: string,
  to: string,
  granularity: string,
): Promise<Row[]> {
  const { rows } = await db.query<Row>(
    `select * from public.metering_point_consumption($1, $2, $3, $4)`,
    [pointId, from, to, granularity],
  );

  return rows;
}

beforeAll(async () => {
  const scratch = await createMigratedDatabase(stack);
  drop = scratch.drop;
  db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  const ids = await insertOsosPoints(db, [CODE]);
  pointId = ids.get(CODE) as string;
  // Two days of January 2026: 1 kWh consumption every hour, and 2 kWh
  // injection from 10:00 to 14:59 local. The hour 07:00 of the first day
  // is estimated at 3 kWh.
  const starts = Array.from(
    { length: 48 },
    (_, k) => new Date(Date.parse("2026-01-30T00:00:00+03:00") + k * 3_600_000),
  );
  const local = (date: Date) => (date.getUTCHours() + 3) % 24;
  const estimatedHour = Date.parse("2026-01-30T07:00:00+03:00");
  const quality = starts.map((date) =>
    date.getTime() === estimatedHour ? "estimated" : "measured",
  );
  await db.query(
    `select private.store_hourly_readings($1::uuid[], $2::timestamptz[],
       $3::numeric[], $4::numeric[], $5::text[], $6::text[], $7::text[],
       $8::numeric[], $9::numeric[], null)`,
    [
      starts.map(() => pointId),
      starts.map((date) => date.toISOString()),
      starts.map((date) => (date.getTime() === estimatedHour ? "3" : "1")),
      starts.map((date) => (local(date) >= 10 && local(date) < 15 ? "2" : "0")),
      quality,
      starts.map(() => "measured"),
      quality.map((q) => (q === "estimated" ? "linear_interpolation" : null)),
      starts.map(() => null),
      starts.map(() => null),
    ],
  );
});

afterAll(async () => {
  await db?.end();
  await drop?.();
});

it("sums a month per time zone", async () => {
  const rows = await consumption(
    "2026-01-01T00:00:00+03:00",
    "2026-02-01T00:00:00+03:00",
    "month",
  );

  // Per day T1 has 11 hours (06-17), T2 5 (17-22), T3 8; the estimated
  // 07:00 hour adds 2 kWh to T1.
  expect(
    rows.map((row) => [
      row.time_zone_code,
      Number(row.consumption_kwh),
      Number(row.injection_kwh),
      Number(row.estimated_consumption_kwh),
      row.hour_count,
    ]),
  ).toEqual([
    ["T1", 24, 20, 3, 22],
    ["T2", 10, 0, 0, 10],
    ["T3", 16, 0, 0, 16],
  ]);
  expect(rows[0]?.period_start.toISOString()).toBe("2025-12-31T21:00:00.000Z");
});

it("splits days and hours", async () => {
  const days = await consumption(
    "2026-01-30T00:00:00+03:00",
    "2026-02-01T00:00:00+03:00",
    "day",
  );

  expect(days).toHaveLength(6);
  expect(
    days
      .filter((row) => row.time_zone_code === "T1")
      .map((row) => Number(row.consumption_kwh)),
  ).toEqual([13, 11]);

  const hours = await consumption(
    "2026-01-30T06:00:00+03:00",
    "2026-01-30T09:00:00+03:00",
    "hour",
  );

  expect(hours.map((row) => Number(row.consumption_kwh))).toEqual([1, 3, 1]);
});

it("rejects an invalid granularity", async () => {
  await expect(
    consumption(
      "2026-01-01T00:00:00+03:00",
      "2026-02-01T00:00:00+03:00",
      "week",
    ),
  ).rejects.toMatchObject({ code: "22023" });
});
