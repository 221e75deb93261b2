// The single-pass offer grouping and the array-based conversion to hourly
// must give the same results as the versions they replace, to the last
// digit and scale. Each case computes its result with the current functions,
// then loads the earlier versions from pricing-before-single-pass.sql in the
// same transaction, computes it again and rolls everything back.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../db.ts";

const stack = inject("stack");
let db: pg.Client;
let beforeSql: string;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  beforeSql = await readFile(
    path.join(import.meta.dirname, "pricing-before-single-pass.sql"),
    "utf8",
  );
});

afterAll(async () => {
  await db.end();
});

// Runs `query` with the current functions and with the earlier ones, after
// `setup`, and returns both result sets with every value as text.
async function currentAndBefore(
  query: string,
  params: unknown[],
  setup?: () => Promise<void>,
): Promise<{ current: unknown[]; before: unknown[] }> {
  await db.query("begin");
  try {
    await setup?.();
    const current = (await db.query(query, params)).rows;
    await db.query(beforeSql);
    const before = (await db.query(query, params)).rows;

    return { current, before };
  } finally {
    await db.query("rollback");
  }
}

// A commercial load shape over 2025 in kWh with three decimals, different
// from hour to hour so that every product and rounding is exercised.
function hourlyKwh(hours: number): number[] {
  return Array.from({ length: hours }, (_, hour) => {
    const local = hour % 24;
    let base = 30.25;
    if (local >= 8 && local < 19) {
      base = 42.5;
    } else if (local >= 23) {
      base = 12;
    }

    return Number((base + ((hour * 37) % 101) / 1000).toFixed(3));
  });
}

const OFFER_CASES: Array<{
  name: string;
  input: unknown;
  priceBases: string[];
}> = [
  {
    name: "8,760 hours of 2025, three-time, PTF-indexed",
    input: {
      distribution_region_code: "kayseri",
      subscriber_group_code: "ticarethane",
      voltage_level_code: "AG",
      tariff_type: "three_time",
      consumption: {
        hourly: { start: "2025-01-01T00:00:00+03:00", kwh: hourlyKwh(8760) },
      },
      offer: { kind: "ptf_indexed", margin_try_per_mwh: 150 },
    },
    priceBases: ["historical"],
  },
  {
    // Prices run out in May 2026, so May is partly and June wholly priced
    // from the forward expectations.
    name: "hours into forward months, single-time, discount",
    input: {
      distribution_region_code: "gediz",
      subscriber_group_code: "mesken",
      voltage_level_code: "AG",
      tariff_type: "single_time",
      consumption: {
        hourly: { start: "2026-04-01T00:00:00+03:00", kwh: hourlyKwh(2184) },
      },
      offer: { kind: "discount", discount_pct: 7.5 },
    },
    priceBases: ["historical", "mixed", "forward"],
  },
  {
    name: "months with T1/T2/T3, fixed price, coefficients",
    input: {
      distribution_region_code: "gediz",
      subscriber_group_code: "sanayi",
      voltage_level_code: "OG",
      tariff_type: "three_time",
      consumption: {
        monthly: [
          { month: "2025-12", t1_kwh: 180250.5, t2_kwh: 60125.25, t3_kwh: 9e4 },
          { month: "2026-03", t1_kwh: 210000, t2_kwh: 70500.125, t3_kwh: 1 },
          { month: "2026-06", t1_kwh: 0.5, t2_kwh: 0, t3_kwh: 123456.789 },
        ],
      },
      offer: { kind: "fixed_price", unit_price_try_per_kwh: 2.95 },
    },
    priceBases: ["historical", "forward"],
  },
];

// Coefficients of gediz, sanayi, OG, three-time for March 2026 with one T3
// hour missing, so that T1 and T2 follow the coefficients and T3 falls back
// to a flat shape.
async function insertCoefficients(): Promise<void> {
  await db.query(
    `select private.ensure_month_partitions('public.profile_coefficients',
       '2026-03-01T00:00+03:00', '2026-04-01T00:00+03:00')`,
  );
  await db.query(
    `insert into public.profile_coefficients (hour_start, period_month,
       distribution_region_code, subscriber_group_code, voltage_level_code,
       meter_reading_type, multiplier, source, is_demo)
     select h, '2026-03-01', 'gediz', 'sanayi', 'OG', 'three_time',
       0.5 + (extract(epoch from h)::bigint / 3600 * 7919 % 1000) / 997.0, 'test', true
     from generate_series('2026-03-01T00:00+03:00'::timestamptz,
       '2026-03-31T23:00+03:00', interval '1 hour') h
     where h <> '2026-03-02T02:00+03:00'`,
  );
}

describe("single-pass pricing against the earlier functions", () => {
  for (const { name, input, priceBases } of OFFER_CASES) {
    it(`prices the same offer: ${name}`, async () => {
      const { current, before } = await currentAndBefore(
        "select private.price_offer($1::jsonb)::text as result",
        [JSON.stringify(input)],
        insertCoefficients,
      );
      const months = JSON.parse((current[0] as any).result).months;
      const bases = [
        ...new Set(months.map((m: any) => m.supply_cost.price_basis)),
      ];

      expect(bases).toEqual(priceBases);
      expect(current).toEqual(before);
    });
  }

  // Rates and taxes that start or end inside a month split the hours into
  // spans of constant rates. The earlier functions split them by day.
  it("prices mid-month rate changes alike", async () => {
    const { current, before } = await currentAndBefore(
      "select private.price_offer($1::jsonb)::text as result",
      [JSON.stringify(OFFER_CASES[0]?.input)],
      async () => {
        await db.query(
          `insert into public.regulated_tariff_rates (component,
             subscriber_group_code, voltage_level_code, term_type, tariff_type,
             time_zone_code, valid_from, rate_try_per_kwh, source, is_demo)
           values
             ('energy', 'ticarethane', 'AG', 'single_term', 'three_time', 'T2',
               '2025-03-12', 3.125, 'test', true),
             ('distribution', 'ticarethane', 'AG', 'single_term', null, null,
               '2025-08-19', 1.234567, 'test', true)`,
        );
        await db.query(
          `insert into public.tax_rates (tax_code, subscriber_group_code, rate,
             unit, valid_from, valid_to, description, source, is_demo)
           values ('kdv', 'ticarethane', 18, 'percent', '2025-05-07',
             '2025-10-22', 'test', 'test', true)`,
        );
      },
    );
    const months = JSON.parse((current[0] as any).result).months;
    const march = months.find((m: any) => m.month === "2025-03");
    const t2 = march.regulated_bill.lines.filter(
      (line: any) => line.time_zone_code === "T2",
    );

    // March's T2 hours are billed on two lines: at the rate in force on the
    // 1st to the 11th, and at the new rate from the 12th.
    expect(t2).toHaveLength(2);
    expect(t2[1].valid_from).toBe("2025-03-12");
    expect(t2[1].unit_price_try_per_kwh).toBe(3.125);
    expect(current).toEqual(before);
  });

  it("bills the same regulated tariff", async () => {
    const input = OFFER_CASES[2]?.input as Record<string, unknown>;
    const { current, before } = await currentAndBefore(
      "select private.regulated_bill($1::jsonb)::text as result",
      [JSON.stringify({ ...input, offer: undefined })],
      insertCoefficients,
    );

    expect(current).toHaveLength(1);
    expect(current).toEqual(before);
  });

  it("computes the same profile cost", async () => {
    const { current, before } = await currentAndBefore(
      "select private.profile_cost($1::jsonb)::text as result",
      [JSON.stringify(OFFER_CASES[0]?.input)],
    );

    expect(current).toHaveLength(1);
    expect(current).toEqual(before);
  });
});

// Readings on both sides of the integer path's limit, with 0 to 12 decimals,
// zero and a negative reading, for three-time meters with coefficients and
// a flat T3, and for single-time meters without coefficients.
const CONVERSION_SQL = `
  with readings as (
    select 'r' || g as row_key, zone, case g % 8
        when 0 then (g * 7919 % 1000000)::numeric + 0.125
        when 1 then (g * 104729 % 1000000000)::numeric / 1000000
        when 2 then (g * 15485863)::numeric
        when 3 then (g * 32452843 % 100000000000)::numeric / 1000000000
        when 4 then (g * 49979687 % 100000000000000)::numeric / 1000000000000
        when 5 then (g * 86028121 % 1000000000)::numeric / 100
        when 6 then (g % 100)::numeric + 0.5
        else (g * 7 % 900)::numeric + 0.999999
      end as kwh
    from generate_series(1::bigint, 40) g
    cross join (values ('T1'), ('T2'), ('T3')) z (zone)
    union all
    values
      ('limit below', 'T1', 899999.999::numeric),
      ('limit above', 'T2', 900000.001::numeric),
      ('large', 'T3', 12345678901.25::numeric),
      ('zero', 'T1', 0::numeric),
      ('negative', 'T2', -5.5::numeric)
  ),

  rows as (
    select array_agg(row(r.row_key, 'gediz', 'sanayi', 'OG', 'three_time',
        '2026-03-01'::date, r.zone, r.kwh)::private.zone_consumption)
      || array_agg(row(r.row_key || ' single', 'kayseri', 'mesken', 'AG',
        'single_time', '2025-10-01'::date, null, r.kwh)::private.zone_consumption)
      as readings
    from readings r
  )

  select s.row_key, s.hour_start::text, s.time_zone_code,
    s.consumption_kwh::text, s.shape_source
  from private.spread_zone_consumption((select readings from rows)) s
  order by s.row_key, s.hour_start`;

describe("array-based conversion against the earlier function", () => {
  it("spreads every reading to the same hours", async () => {
    const { current, before } = await currentAndBefore(
      CONVERSION_SQL,
      [],
      insertCoefficients,
    );
    const sources = new Set(current.map((row: any) => row.shape_source));

    // Both months have 31 days of 24 hours (Turkey has kept UTC+3 all year since 2016).
    // A three-time reading spreads over its zone's hours of the month: T1
    // 11 x 31, T2 5 x 31, T3 8 x 31. There are 42 T1, 42 T2 and 41 T3
    // readings, and 125 single-time readings of 744 hours each.
    expect(current).toHaveLength(42 * 341 + 42 * 155 + 41 * 248 + 125 * 744);
    expect(sources).toEqual(
      new Set(["profile_coefficients", "flat_within_zone"]),
    );
    expect(current).toEqual(before);
  });
});
