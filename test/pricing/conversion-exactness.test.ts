// Conversion to hourly computes most hours in 64-bit integers. Every hour
// must equal the numeric definition round(Z x C(h), 6) - round(Z x C(h-1), 6)
// on the cumulative shares C, to the last digit and with the same scale, and
// the integer conversion must give the same value in micro-kWh.
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

// Readings with 0 to 12 decimals, trailing zeros, zero, the smallest unit,
// values on both sides of the integer path's limit (9 x 10^8 units) and
// values that take the numeric path because of their size.
const READINGS_SQL = `
  select 'r' || g as row_key, zone, kwh
  from generate_series(1::bigint, 60) g
  cross join (values ('T1'), ('T2'), ('T3')) z (zone)
  cross join lateral (
    select case g % 8
      when 0 then (g * 7919 % 1000000)::numeric + 0.125
      when 1 then (g * 104729 % 1000000000)::numeric / 1000000
      when 2 then (g * 15485863)::numeric
      when 3 then (g * 32452843 % 100000000000)::numeric / 1000000000
      when 4 then (g * 49979687 % 100000000000000)::numeric / 1000000000000
      when 5 then (g * 86028121 % 1000000000)::numeric / 100
      when 6 then (g % 100)::numeric + 0.5
      else (g * 7 % 900)::numeric + 0.999999
    end as kwh
  ) v
  union all
  values
    ('limit below', 'T1', 899999.999::numeric),
    ('limit at', 'T1', 900000.000::numeric),
    ('limit above', 'T2', 900000.001::numeric),
    ('large', 'T3', 12345678901.25::numeric),
    ('zero', 'T1', 0::numeric),
    ('smallest', 'T2', 0.000001::numeric),
    ('trailing zeros', 'T3', 1234.500000::numeric)`;

async function compare(month: string, region: string, group: string) {
  const { rows } = await db.query(
    `with readings as (${READINGS_SQL}),
     spread as (
       select * from private.spread_zone_consumption((
         select array_agg(row(r.row_key, $2, $3, 'OG', 'three_time',
           $1::date, r.zone, r.kwh)::private.zone_consumption)
         from readings r))
     ),
     spread_micro as (
       select * from private.spread_zone_consumption_micro_kwh((
         select array_agg(row(r.row_key, $2, $3, 'OG', 'three_time',
           $1::date, r.zone, r.kwh)::private.zone_consumption)
         from readings r))
     ),
     shares as (
       select * from private.zone_shares($2, $3, 'OG', 'three_time', $1::date)
     ),
     expected as (
       select r.row_key, s.hour_start,
         round(r.kwh * s.cumulative_share, 6)
           - round(r.kwh * s.cumulative_share_before, 6) as kwh
       from readings r
       join shares s on s.zone_key = r.zone
     )
     select
       count(*)::integer as hours,
       count(*) filter (
         where sp.consumption_kwh::text is distinct from e.kwh::text
       )::integer as differing,
       count(*) filter (
         where mi.consumption_micro_kwh is distinct from e.kwh * 1000000
       )::integer as differing_micro
     from spread sp
     full join expected e using (row_key, hour_start)
     full join spread_micro mi using (row_key, hour_start)`,
    [month, region, group],
  );

  return rows[0];
}

// 60 readings per zone plus 7 single ones: T1 has 11 hours a day, T2 5
// and T3 8, so a 31-day month has 60 x 744 + 3 x 341 + 2 x 155 + 2 x 248
// = 46,469 hourly rows.
const HOURS_OF_31_DAYS = 46469;

describe("conversion arithmetic", () => {
  it("matches numeric rounding on coefficients", {
    timeout: 120_000,
  }, async () => {
    // Irregular multipliers give cumulative shares with 20 significant
    // decimals. They are rolled back with the transaction.
    await db.query("begin");
    try {
      await db.query(
        `select private.ensure_month_partitions('public.profile_coefficients',
           '2025-03-01T00:00:00+03:00', '2025-04-01T00:00:00+03:00')`,
      );
      await db.query(
        `insert into public.profile_coefficients (hour_start, period_month,
           distribution_region_code, subscriber_group_code, voltage_level_code,
           meter_reading_type, multiplier, source)
         select h, '2025-03-01', 'bogazici', 'mesken', 'OG', 'three_time',
           ((extract(epoch from h)::bigint / 3600) * 7919 % 997 + 3)::numeric / 1234567,
           'conversion test'
         from generate_series('2025-03-01T00:00:00+03:00'::timestamptz,
           '2025-03-31T23:00:00+03:00', interval '1 hour') h`,
      );
      const { rows } = await db.query(
        `select count(*)::integer as hours from private.zone_shares(
           'bogazici', 'mesken', 'OG', 'three_time', '2025-03-01')
         where shape_source = 'profile_coefficients'`,
      );
      expect(rows[0].hours).toBe(744);
      const result = await compare("2025-03-01", "bogazici", "mesken");
      expect(result.differing).toBe(0);
      expect(result.differing_micro).toBe(0);
      expect(result.hours).toBe(HOURS_OF_31_DAYS);
    } finally {
      await db.query("rollback");
    }
  });

  it("matches numeric rounding on flat shares", {
    timeout: 120_000,
  }, async () => {
    // January 2026 has no coefficients in Kayseri, so every zone is spread
    // evenly.
    const result = await compare("2026-01-01", "kayseri", "ticarethane");
    expect(result.differing).toBe(0);
    expect(result.differing_micro).toBe(0);
    expect(result.hours).toBe(HOURS_OF_31_DAYS);
  });
});
