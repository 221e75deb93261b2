// Demo figures for what no real source provides yet (energy charges,
// YEKDEM, forward prices, last-resort parameters, price rules) and demo
// hourly prices when no market-data folder exists. Every row is marked
// is_demo = true with a source saying it is generated. Figures are
// deterministic so demo bills and tests repeat.
import type pg from "pg";

const DEMO = "demo: generated, not a real figure";

// A repeatable pseudo-random number in [0, 1) from an integer.
function noise(seed: number): number {
  const x = Math.sin(seed * 12.9898 + 78.233) * 43758.5453;

  return x - Math.floor(x);
}

// Demo PTF and SMF per hour for [from, to): a seasonal level, a daily shape
// with a midday solar dip and an evening peak, cheaper weekends.
export function demoHourlyPrices(
  from: Date,
  to: Date,
): Array<{ hourStart: Date; ptf: string; smf: string }> {
  const rows: Array<{ hourStart: Date; ptf: string; smf: string }> = [];
  const hourMs = 3_600_000;
  for (let t = from.getTime(); t < to.getTime(); t += hourMs) {
    // Turkey's local hour since 2016 (UTC+3 all year).
    const local = new Date(t + 3 * hourMs);
    const hour = local.getUTCHours();
    const month = local.getUTCMonth();
    const weekend = [0, 6].includes(local.getUTCDay());
    const years = (t - Date.UTC(2024, 0, 1)) / (365 * 24 * hourMs);
    const level =
      2200 *
      (1 + 0.18 * years) *
      (1 + 0.12 * Math.cos(((month - 7) * Math.PI) / 6));
    const daily =
      1 -
      0.25 * Math.exp(-((hour - 13) ** 2) / 8) +
      0.22 * Math.exp(-((hour - 20) ** 2) / 4) -
      0.12 * Math.exp(-((hour - 4) ** 2) / 6);
    const ptf = Math.max(
      0,
      level * daily * (weekend ? 0.9 : 1) * (0.92 + 0.16 * noise(t / hourMs)),
    );
    const smf = ptf * (0.85 + 0.3 * noise(t / hourMs + 0.5));
    rows.push({
      hourStart: new Date(t),
      ptf: ptf.toFixed(2),
      smf: smf.toFixed(2),
    });
  }

  return rows;
}

export async function storeDemoHourlyPrices(
  client: pg.ClientBase,
  from: Date,
  to: Date,
): Promise<number> {
  const rows = demoHourlyPrices(from, to);
  for (const table of ["ptf_hourly_prices", "smf_hourly_prices"]) {
    await client.query(
      "select private.ensure_month_partitions($1::regclass, $2, $3)",
      [`public.${table}`, from, to],
    );
    await client.query(
      `insert into public.${table} (hour_start, price_try_per_mwh, source,
         is_demo)
       select v.hour_start, v.price, $3, true
       from unnest($1::timestamptz[], $2::numeric[]) as v (hour_start, price)
       on conflict (hour_start) do nothing`,
      [
        rows.map((row) => row.hourStart),
        rows.map((row) => (table === "ptf_hourly_prices" ? row.ptf : row.smf)),
        DEMO,
      ],
    );
  }

  return rows.length;
}

// Single-time, single-term, low-voltage energy charge in TL/kWh from
// 2024-07-01; other keys and periods are derived from it.
const ENERGY_BASE: Record<string, number> = {
  mesken: 2.1,
  ticarethane: 3.1,
  sanayi: 2.9,
  tarimsal_sulama: 2.7,
  aydinlatma: 3.0,
  kamu_diger: 3.1,
};
// From mid-2026, after the last published prices of the market-data folder,
// the charges rise 30 % a year, as the demo forward expectations do, so
// that offers for coming months can still beat the regulated bill.
const ENERGY_PERIODS: Array<[string, number]> = [
  ["2024-01-01", 0.72],
  ["2024-07-01", 1],
  ["2025-04-01", 1.2],
  ["2026-07-01", 1.56],
  ["2027-01-01", 2.03],
];
const ZONE_FACTORS: Record<string, number> = { T1: 1, T2: 1.45, T3: 0.68 };

// Inserts demo regulated energy charges (and distribution charges for keys
// and periods without a real one). Real rows win: existing keys are kept.
export async function storeDemoTariffs(client: pg.ClientBase): Promise<void> {
  const rows: Array<(string | null)[]> = [];
  for (const [group, base] of Object.entries(ENERGY_BASE)) {
    for (const voltage of ["AG", "OG"]) {
      for (const term of ["single_term", "two_term"]) {
        for (const [validFrom, factor] of ENERGY_PERIODS) {
          const single =
            base *
            factor *
            (voltage === "OG" ? 0.97 : 1) *
            (term === "two_term" ? 0.96 : 1);
          rows.push([
            group,
            voltage,
            term,
            "single_time",
            null,
            validFrom,
            single.toFixed(6),
          ]);
          for (const [zone, zoneFactor] of Object.entries(ZONE_FACTORS)) {
            rows.push([
              group,
              voltage,
              term,
              "three_time",
              zone,
              validFrom,
              (single * zoneFactor).toFixed(6),
            ]);
          }
        }
      }
    }
  }
  const column = (i: number) => rows.map((row) => row[i]);
  await client.query(
    `insert into public.regulated_tariff_rates (component,
       subscriber_group_code, voltage_level_code, term_type, tariff_type,
       time_zone_code, valid_from, rate_try_per_kwh, source, is_demo)
     select 'energy', v.*, $8, true
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
       $6::date[], $7::numeric[]) as v
     on conflict do nothing`,
    [...[0, 1, 2, 3, 4, 5, 6].map(column), DEMO],
  );

  // Distribution before the first real table: the real February 2026 rate
  // of the key (else of ticarethane, else of single-term at the same
  // voltage) scaled back; keys with no real rate get a demo 2026 rate too.
  await client.query(
    `with keys as (
       select g.code as grp, v.code as voltage, t.term
       from public.subscriber_groups g
       cross join public.voltage_levels v
       cross join (values ('single_term'), ('two_term')) t (term)
     ),
     reference as (
       select k.*, coalesce(
         (select r.rate_try_per_kwh from public.regulated_tariff_rates r
          where r.component = 'distribution' and r.subscriber_group_code = k.grp
            and r.voltage_level_code = k.voltage and r.term_type = k.term
            and not r.is_demo order by r.valid_from limit 1),
         (select r.rate_try_per_kwh from public.regulated_tariff_rates r
          where r.component = 'distribution' and r.subscriber_group_code = 'ticarethane'
            and r.voltage_level_code = k.voltage and r.term_type = k.term
            and not r.is_demo order by r.valid_from limit 1),
         (select r.rate_try_per_kwh * 0.9 from public.regulated_tariff_rates r
          where r.component = 'distribution' and r.subscriber_group_code = k.grp
            and r.voltage_level_code = k.voltage and r.term_type = 'single_term'
            and not r.is_demo order by r.valid_from limit 1),
         1.5) as rate_2026,
         exists (select 1 from public.regulated_tariff_rates r
           where r.component = 'distribution' and r.subscriber_group_code = k.grp
             and r.voltage_level_code = k.voltage and r.term_type = k.term
             and not r.is_demo) as has_real
       from keys k
     )
     insert into public.regulated_tariff_rates (component,
       subscriber_group_code, voltage_level_code, term_type, tariff_type,
       time_zone_code, valid_from, rate_try_per_kwh, source, is_demo)
     select 'distribution', r.grp, r.voltage, r.term, null, null, p.valid_from,
       round(r.rate_2026 * p.factor, 6), $1, true
     from reference r
     cross join (values ('2024-01-01'::date, 0.55), ('2025-01-01'::date, 0.75),
       ('2026-02-01'::date, 1.0)) p (valid_from, factor)
     where p.valid_from < '2026-02-01' or not r.has_real
     on conflict do nothing`,
    [DEMO],
  );
}

// Demo YEKDEM for 2024-2027, demo forward expectations for months after the
// last published PTF (the same month a year earlier plus 30 %), demo
// last-resort parameters and price rules; real rows are kept.
export async function storeDemoParameters(
  client: pg.ClientBase,
): Promise<void> {
  await client.query(
    `insert into public.yekdem_unit_costs (period_month, unit_cost_try_per_mwh,
       source, is_demo)
     select m::date,
       round((300 + 120 * cos(2 * pi() * (extract(month from m) - 4) / 12))::numeric
         + 8 * (extract(year from m) - 2024) * 12 + 8 * extract(month from m), 2),
       $1, true
     from generate_series('2024-01-01'::date, '2027-12-01'::date, interval '1 month') m
     on conflict do nothing`,
    [DEMO],
  );
  await client.query(
    `with last_published as (
       select date_trunc('month', max(hour_start) at time zone 'Europe/Istanbul')::date
         as month
       from public.ptf_hourly_prices
     )
     insert into public.forward_price_expectations (period_month,
       expected_ptf_try_per_mwh, note, source, is_demo)
     select m::date,
       round(coalesce(
         (select avg(p.price_try_per_mwh) from public.ptf_hourly_prices p
          where p.hour_start >= private.month_start((m - interval '1 year')::date)
            and p.hour_start < private.month_start((m - interval '11 months')::date)),
         (select avg(p.price_try_per_mwh) from public.ptf_hourly_prices p)
       ) * 1.3, 2),
       'same month a year earlier plus 30 %', $1, true
     from last_published l
     cross join generate_series(l.month, '2027-12-01'::date, interval '1 month') m
     where l.month is not null
     on conflict do nothing`,
    [DEMO],
  );
  // Tax rates only when none are stored: the real ones come from the
  // market-data folder.
  await client.query(
    `insert into public.tax_rates (tax_code, subscriber_group_code, rate, unit,
       valid_from, description, source, is_demo)
     select v.*, $1, true
     from (values
       ('kdv', null, 20, 'percent', '2023-07-10'::date, 'KDV (VAT)'),
       ('kdv', 'tarimsal_sulama', 10, 'percent', null, 'KDV (VAT), agricultural irrigation'),
       ('btv', null, 5, 'percent', null, 'BTV, percent of the energy charge'),
       ('btv', 'sanayi', 1, 'percent', null, 'BTV for industry, percent of the energy charge')
     ) v
     where not exists (select 1 from public.tax_rates t where t.tax_code in ('kdv', 'btv'))`,
    [DEMO],
  );
  await client.query(
    `insert into public.last_resort_tariff_parameters (valid_from,
       coefficient, threshold_kwh_per_year, source, is_demo)
     values ('2024-01-01', 1.0938, 15000000, $1, true)
     on conflict do nothing`,
    [DEMO],
  );
  const { rows } = await client.query(
    "select 1 from public.price_rules limit 1",
  );
  if (rows.length === 0) {
    await client.query(
      `insert into public.price_rules (rule_kind, subscriber_group_code,
         min_night_share_pct, limit_value, valid_from, note, is_demo)
       values
         ('minimum_unit_price', null, null, 1.5, '2024-01-01', $1, true),
         ('minimum_discount', 'mesken', null, 2, '2024-01-01', $1, true),
         ('minimum_discount', 'ticarethane', null, 3, '2024-01-01', $1, true),
         ('minimum_discount_night_share', null, 40, 5, '2024-01-01', $1, true),
         ('maximum_discount_without_approval', null, null, 15, '2024-01-01', $1, true),
         ('minimum_margin', null, null, 3, '2024-01-01', $1, true)`,
      [DEMO],
    );
  }
}
